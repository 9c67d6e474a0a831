package dev.pixelprep.core.image;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrientationTest {

    /**
     * Where stored pixel (x, y) of a w×h image lands in the upright image, per the EXIF definitions (forward
     * mapping, the opposite direction of the implementation's lookup).
     */
    private static int[] destination(int k, int x, int y, int w, int h) {
        switch (k) {
            case 1: return new int[] {x, y};
            case 2: return new int[] {w - 1 - x, y};          // mirror left-right
            case 3: return new int[] {w - 1 - x, h - 1 - y};  // 180°
            case 4: return new int[] {x, h - 1 - y};          // mirror top-bottom
            case 5: return new int[] {y, x};                  // transpose
            case 6: return new int[] {h - 1 - y, x};          // 90° clockwise: top-left goes top-right
            case 7: return new int[] {h - 1 - y, w - 1 - x};  // transverse
            case 8: return new int[] {y, w - 1 - x};          // 90° counter-clockwise: top-left goes bottom-left
            default: throw new AssertionError(k);
        }
    }

    @Property(tries = 60)
    void everyOrientationMovesEveryPixelWhereExifSays(@ForAll @IntRange(min = 1, max = 8) int k,
                                                       @ForAll @IntRange(min = 1, max = 9) int w,
                                                       @ForAll @IntRange(min = 1, max = 7) int h,
                                                       @ForAll @IntRange(min = 0, max = 5) int pad,
                                                       @ForAll @IntRange(min = 0, max = 3) int storage,
                                                       @ForAll long seed) {
        PixelFormat f = storage == 3 ? PixelFormat.INT_ARGB : storage == 2 ? PixelFormat.GRAY8 : PixelFormat.BGRA8888;
        int ps = f.pixelStride();
        int stride = w * ps + pad;
        int offset = pad * 2 + 1;
        Random rnd = new Random(seed);
        int n = offset + stride * h;
        PixelBuffer src;
        byte[] bytes = new byte[n];
        int[] ints = new int[n];
        rnd.nextBytes(bytes);
        for (int i = 0; i < n; i++) {
            ints[i] = rnd.nextInt();
        }
        PixelBuffer.Builder b = PixelBuffer.builder().size(w, h).format(f).rowStride(stride).offset(offset);
        if (f.isPackedInt()) {
            src = b.data(ints).build();
        } else if (storage == 1) {
            ByteBuffer direct = ByteBuffer.allocateDirect(n);
            direct.put(bytes);
            src = b.data(direct).build();
        } else {
            src = b.data(bytes).build();
        }

        PixelBuffer out = Orientation.apply(src, k);

        boolean swap = k >= 5;
        assertThat(out.width()).isEqualTo(swap ? h : w);
        assertThat(out.height()).isEqualTo(swap ? w : h);
        assertThat(out.format()).isEqualTo(f);
        if (k == 1) {
            assertThat(out).isSameAs(src);
        } else {
            assertThat(out.rowStride()).as("tightly packed").isEqualTo(out.width() * ps);
            assertThat(out.offset()).isZero();
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] d = destination(k, x, y, w, h);
                for (int c = 0; c < ps; c++) {
                    int from = offset + y * stride + x * ps + c;
                    int to = out.offset() + d[1] * out.rowStride() + d[0] * ps + c;
                    if (f.isPackedInt()) {
                        assertThat(out.intArray()[to]).isEqualTo(ints[from]);
                    } else {
                        byte got = out.byteArray() != null ? out.byteArray()[to] : out.byteBuffer().get(to);
                        assertThat(got).isEqualTo(bytes[from]);
                    }
                }
            }
        }
    }

    @Test
    void orientationOneReturnsTheInputItself() {
        PixelBuffer p = PixelBuffer.of(new byte[12], 2, 2, PixelFormat.RGB888);
        assertThat(Orientation.apply(p, 1)).isSameAs(p);
    }

    @Test
    void rotationKeepsTheAlphaMode() {
        PixelBuffer p = PixelBuffer.builder().size(3, 2).format(PixelFormat.RGBA8888)
                .alphaMode(dev.pixelprep.core.pixels.AlphaMode.PREMULTIPLIED).data(new byte[24]).build();
        assertThat(Orientation.apply(p, 6).alphaMode()).isEqualTo(dev.pixelprep.core.pixels.AlphaMode.PREMULTIPLIED);
    }

    @Test
    void valuesOutsideOneToEightAreRejected() {
        PixelBuffer p = PixelBuffer.of(new byte[3], 1, 1, PixelFormat.RGB888);
        assertThatThrownBy(() -> Orientation.apply(p, 0)).isInstanceOf(InvalidPixelsException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> Orientation.apply(p, 9)).isInstanceOf(InvalidPixelsException.class).hasMessageContaining("got 9");
    }
}
