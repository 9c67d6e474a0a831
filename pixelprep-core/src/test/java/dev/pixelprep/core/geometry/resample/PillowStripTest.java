package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pillow's two-pass resample keeps its horizontal-pass intermediate under {@link PillowResampler#MID_BYTES} by
 * cutting the window into column strips: the strips give the bytes of the unstripped passes (checked on windows
 * small enough to run unstripped), and a 1x40000 line stretched to 40000x1 (a fuzz finding: a 4.8 GB intermediate
 * before) resizes within a small heap.
 */
class PillowStripTest {
    @Test
    void stripsGiveTheBytesOfTheWholePasses() {
        SplittableRandom rnd = new SplittableRandom(20261204);
        int inW = 1200;
        int inH = 3000;
        int cn = 3;
        Image8 src = Image8.allocate(inW, inH, cn);
        rnd.nextBytes(src.data);
        int outW = 1000;
        int outH = 2;
        // every output row reads about 1,500 source rows: 1000 columns need a 9 MB intermediate, 500 need 4.5 MB
        assertThat(3000L * outW * cn).isGreaterThan(PillowResampler.MID_BYTES);
        assertThat(3000L * (outW / 2) * cn).isLessThan(PillowResampler.MID_BYTES);
        for (Filter f : new Filter[] {Filter.BILINEAR, Filter.BICUBIC, Filter.LANCZOS, Filter.BOX}) {
            Image8 whole = Image8.allocate(outW, outH, cn);
            PillowResampler.resize(src, outW, outH, f, Window.full(outW, outH), whole);
            for (int half = 0; half < 2; half++) {
                Window w = new Window(half * outW / 2, 0, outW / 2, outH);
                Image8 part = Image8.allocate(w.width(), w.height(), cn);
                PillowResampler.resize(src, outW, outH, f, w, part);
                for (int y = 0; y < outH; y++) {
                    for (int i = 0; i < w.width() * cn; i++) {
                        assertThat(part.data[y * w.width() * cn + i]).as("%s half %d row %d byte %d", f, half, y, i)
                                .isEqualTo(whole.data[y * outW * cn + w.x() * cn + i]);
                    }
                }
            }
        }
    }

    @Test
    void aTallLineStretchedWideNeedsNoHugeIntermediate() {
        Image8 src = Image8.allocate(1, 40000, 3);
        new SplittableRandom(7).nextBytes(src.data);
        Image8 out = Image8.allocate(40000, 1, 3);
        long before = usedHeap();
        PillowResampler.resize(src, 40000, 1, Filter.BILINEAR, Window.full(40000, 1), out);
        // one output pixel row: every column is the average of the whole line, so all columns agree
        for (int x = 1; x < 40000; x++) {
            for (int c = 0; c < 3; c++) {
                assertThat(out.data[x * 3 + c]).isEqualTo(out.data[c]);
            }
        }
        assertThat(usedHeap() - before).as("heap growth").isLessThan(256L << 20);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
