package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.Window;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Footprint} against the kernels themselves: source pixels outside the footprint of a window are replaced
 * by other random values, and the window must resize to the same bytes. A footprint that leaves out a pixel some
 * kernel reads with a non-zero weight fails here (with random images, almost surely in the first few cases).
 */
class FootprintTest {
    private static final int CASES = 4000;

    @Test
    void pixelsOutsideTheFootprintDoNotChangeTheWindow() {
        SplittableRandom rnd = new SplittableRandom(20261125);
        ResampleProperties.Kernel[] kernels = ResampleProperties.kernels().toArray(new ResampleProperties.Kernel[0]);
        boolean[] seen = new boolean[200];
        int[] rows = new int[200];
        int[] cols = new int[200];
        long outside = 0;
        for (int i = 0; i < CASES; i++) {
            ResampleProperties.Kernel k = kernels[i % kernels.length];
            int inW = 1 + rnd.nextInt(60);
            int inH = 1 + rnd.nextInt(60);
            int outW = outSize(inW, rnd);
            int outH = outSize(inH, rnd);
            int cn = new int[] {1, 3, 4}[rnd.nextInt(3)];
            Window win = window(outW, outH, rnd);
            Image8 src = Image8.allocate(inW, inH, cn);
            rnd.nextBytes(src.data);
            Image8 want = Image8.allocate(win.width(), win.height(), cn);
            k.run(src, outW, outH, win, want);

            ResizeFamily family = family(k);
            double sx = 1 / ((double) outW / inW);
            double sy = 1 / ((double) outH / inH);
            boolean enlarges = sx < 1 || sy < 1;
            int nc = Footprint.axis(family, k.filter(), k.antialias(), enlarges, inW, sx, win.x(), win.width(), seen, cols);
            int nr = Footprint.axis(family, k.filter(), k.antialias(), enlarges, inH, sy, win.y(), win.height(), seen, rows);
            assertThat(seen).as("scratch left all false").containsOnly(false);
            assertThat(nc).isPositive();
            assertThat(nr).isPositive();

            boolean[] keepX = mask(cols, nc, inW);
            boolean[] keepY = mask(rows, nr, inH);
            Image8 poisoned = Image8.allocate(inW, inH, cn);
            System.arraycopy(src.data, 0, poisoned.data, 0, src.data.length);
            for (int y = 0; y < inH; y++) {
                for (int x = 0; x < inW; x++) {
                    if (!keepX[x] || !keepY[y]) {
                        outside++;
                        for (int c = 0; c < cn; c++) {
                            poisoned.data[(y * inW + x) * cn + c] = (byte) rnd.nextInt(256);
                        }
                    }
                }
            }
            Image8 got = Image8.allocate(win.width(), win.height(), cn);
            k.run(poisoned, outW, outH, win, got);
            assertThat(got.data).as("%s %dx%dx%d -> %dx%d, window %s, rows %s, cols %s", k, inW, inH, cn, outW, outH, win,
                    Arrays.toString(Arrays.copyOf(rows, nr)), Arrays.toString(Arrays.copyOf(cols, nc))).isEqualTo(want.data);
        }
        // the footprints do leave pixels out (else nothing was tested)
        assertThat(outside).isGreaterThan(CASES * 50L);
    }

    /** Shrinks and enlargements, with the exact halvings and integer factors that take OpenCV's special paths. */
    private static int outSize(int in, SplittableRandom rnd) {
        switch (rnd.nextInt(4)) {
            case 0: return Math.max(1, in / 2);
            case 1: return Math.max(1, in / (2 + rnd.nextInt(4)));
            default: return 1 + rnd.nextInt(90);
        }
    }

    private static Window window(int outW, int outH, SplittableRandom rnd) {
        int w = 1 + rnd.nextInt(outW);
        int h = 1 + rnd.nextInt(outH);
        return new Window(rnd.nextInt(outW - w + 1), rnd.nextInt(outH - h + 1), w, h);
    }

    private static boolean[] mask(int[] idx, int n, int size) {
        boolean[] m = new boolean[size];
        for (int i = 0; i < n; i++) {
            m[idx[i]] = true;
        }
        return m;
    }

    private static ResizeFamily family(ResampleProperties.Kernel k) {
        switch (k.family()) {
            case "pillow": return ResizeFamily.PILLOW;
            case "opencv": return ResizeFamily.OPENCV;
            default: return ResizeFamily.TORCHVISION_TENSOR;
        }
    }
}
