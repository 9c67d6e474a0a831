package dev.pixelprep.core.pixels;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link PixelFormat}, with random size, row padding and offset, in every storage it accepts, must give
 * the same tensor as the same pixels in a tight RGB888 byte array (GRAY8: R = G = B). Pixels are written here
 * from the byte layouts documented for each format (Core Video / Android names, Java's packed ints), not from
 * {@code PixelFormat}'s index tables.
 */
class PixelFormatsProperties {
    private static final Pipeline IDENTITY = Pipeline.compile(Spec.builder().build());
    private static final Pipeline BGR_NHWC = Pipeline.compile(Spec.builder().color(ColorOrder.BGR).layout(Layout.NHWC).build());

    enum Storage { ARRAY, HEAP_BUFFER, DIRECT_BUFFER }

    /** Bytes of one pixel in memory for byte formats: 'R', 'G', 'B', 'A' or 'X' (padding) in address order. */
    private static String layout(PixelFormat f) {
        switch (f) {
            case RGBA8888: return "RGBA";
            case BGRA8888: return "BGRA";
            case ARGB8888: return "ARGB";
            case ABGR8888: return "ABGR";
            case RGBX8888: return "RGBX";
            case BGRX8888: return "BGRX";
            case RGB888: return "RGB";
            case BGR888: return "BGR";
            case GRAY8: return "L";
            default: return null;
        }
    }

    @Property(tries = 300)
    void everyFormatGivesTheTensorOfItsRgb888Twin(@ForAll PixelFormat format, @ForAll Storage storage,
                                                  @ForAll @IntRange(min = 1, max = 19) int w,
                                                  @ForAll @IntRange(min = 1, max = 9) int h,
                                                  @ForAll @IntRange(min = 0, max = 13) int pad,
                                                  @ForAll @IntRange(min = 0, max = 17) int offset,
                                                  @ForAll long seed) {
        // YUV formats have their own twin property (YuvReaderTest: every spec gives the tensor of the equivalent RGB image)
        net.jqwik.api.Assume.that(!format.isYuv());
        Random rnd = new Random(seed);
        byte[] rgb = new byte[w * h * 3];
        PixelBuffer src;
        if (format.isPackedInt()) {
            int stride = w + pad;
            int[] ints = new int[offset + stride * h + rnd.nextInt(3)];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = rnd.nextInt(); // padding and unused top bytes hold junk
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = ints[offset + y * stride + x];
                    int r;
                    int g;
                    int b;
                    if (format == PixelFormat.INT_BGR) { // 0x00BBGGRR
                        r = v & 0xFF;
                        g = (v >> 8) & 0xFF;
                        b = (v >> 16) & 0xFF;
                    } else { // 0xAARRGGBB / 0x00RRGGBB
                        r = (v >> 16) & 0xFF;
                        g = (v >> 8) & 0xFF;
                        b = v & 0xFF;
                    }
                    int p = (y * w + x) * 3;
                    rgb[p] = (byte) r;
                    rgb[p + 1] = (byte) g;
                    rgb[p + 2] = (byte) b;
                }
            }
            src = PixelBuffer.builder().size(w, h).format(format).rowStride(stride).offset(offset).data(ints).build();
        } else {
            String order = layout(format);
            int bpp = order.length();
            int stride = w * bpp + pad;
            byte[] bytes = new byte[offset + stride * h + rnd.nextInt(3)];
            rnd.nextBytes(bytes);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = offset + y * stride + x * bpp;
                    int p = (y * w + x) * 3;
                    for (int i = 0; i < bpp; i++) {
                        char c = order.charAt(i);
                        if (c == 'R' || c == 'L') {
                            rgb[p] = bytes[at + i];
                        }
                        if (c == 'G' || c == 'L') {
                            rgb[p + 1] = bytes[at + i];
                        }
                        if (c == 'B' || c == 'L') {
                            rgb[p + 2] = bytes[at + i];
                        }
                    }
                }
            }
            PixelBuffer.Builder b = PixelBuffer.builder().size(w, h).format(format).rowStride(stride).offset(offset);
            switch (storage) {
                case HEAP_BUFFER:
                    b.data(ByteBuffer.wrap(bytes));
                    break;
                case DIRECT_BUFFER:
                    ByteBuffer d = ByteBuffer.allocateDirect(bytes.length);
                    d.put(bytes).position(bytes.length / 2); // position and limit must not matter
                    b.data(d);
                    break;
                default:
                    b.data(bytes);
            }
            src = b.build();
        }
        PixelBuffer twin = PixelBuffer.of(rgb, w, h, PixelFormat.RGB888);

        assertThat(floats(IDENTITY.tensor(src))).containsExactly(floats(IDENTITY.tensor(twin)));
        assertThat(floats(BGR_NHWC.tensor(src))).containsExactly(floats(BGR_NHWC.tensor(twin)));
    }

    private static float[] floats(Tensor t) {
        float[] f = new float[(int) t.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.getFloat(i);
        }
        return f;
    }
}
