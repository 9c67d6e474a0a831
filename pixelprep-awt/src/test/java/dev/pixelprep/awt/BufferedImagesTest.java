package dev.pixelprep.awt;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every standard {@link BufferedImage} type, a few custom ones and sub-images must give the same tensor as the
 * same pixels handed over as an RGB888 byte buffer. Images are filled through their rasters (never setRGB,
 * which colour-converts grey), and the expected 8-bit RGB of each sample is computed here.
 */
class BufferedImagesTest {
    private static final int W = 23;
    private static final int H = 11;
    private static final Pipeline IDENTITY = Pipeline.compile(Spec.builder().build());
    private static final Pipeline BGR_NHWC = Pipeline.compile(Spec.builder().color(ColorOrder.BGR).layout(Layout.NHWC).build());

    /** An image plus the 8-bit RGB a model must see for each pixel, row-major R,G,B. */
    private record Filled(BufferedImage image, byte[] rgb) {
    }

    /** Fills an image pixel by pixel: {@code sampler} sets the raster samples and returns the expected 0xRRGGBB. */
    private interface Sampler {
        int fill(WritableRaster r, int x, int y, Random rnd);
    }

    private static Filled fill(BufferedImage image, Sampler s) {
        Random rnd = new Random(image.getType() * 7919L + image.getWidth());
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        WritableRaster r = image.getRaster();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = s.fill(r, x, y, rnd);
                int p = (y * image.getWidth() + x) * 3;
                rgb[p] = (byte) (v >> 16);
                rgb[p + 1] = (byte) (v >> 8);
                rgb[p + 2] = (byte) v;
            }
        }
        return new Filled(image, rgb);
    }

    /** RGB channels set through the raster's bands (R, G, B[, A] in colour-model order), alpha random. */
    private static Sampler rgbBands(boolean alpha) {
        return (r, x, y, rnd) -> {
            int red = rnd.nextInt(256);
            int green = rnd.nextInt(256);
            int blue = rnd.nextInt(256);
            if (alpha) {
                r.setPixel(x, y, new int[] {red, green, blue, rnd.nextInt(256)});
            } else {
                r.setPixel(x, y, new int[] {red, green, blue});
            }
            return red << 16 | green << 8 | blue;
        };
    }

    /** Premultiplied rasters: the stored samples must satisfy c <= a; the alpha policy DROP keeps them as stored. */
    private static Sampler premultipliedBands() {
        return (r, x, y, rnd) -> {
            int a = rnd.nextInt(256);
            int red = a == 0 ? 0 : rnd.nextInt(a + 1);
            int green = a == 0 ? 0 : rnd.nextInt(a + 1);
            int blue = a == 0 ? 0 : rnd.nextInt(a + 1);
            r.setPixel(x, y, new int[] {red, green, blue, a});
            return red << 16 | green << 8 | blue;
        };
    }

    private static int replicate(int v, int bits) {
        // n-bit value to 8 bits by repeating its bit pattern: 5 bits abcde -> abcdeabc, 6 bits abcdef -> abcdefab.
        int out = 0;
        for (int i = 7; i >= 0; i--) {
            int bit = (v >> (bits - 1 - ((7 - i) % bits))) & 1;
            out |= bit << i;
        }
        return out;
    }

    private static Sampler packed565(int rBits, int gBits, int bBits) {
        return (r, x, y, rnd) -> {
            int red = rnd.nextInt(1 << rBits);
            int green = rnd.nextInt(1 << gBits);
            int blue = rnd.nextInt(1 << bBits);
            r.setPixel(x, y, new int[] {red, green, blue});
            return replicate(red, rBits) << 16 | replicate(green, gBits) << 8 | replicate(blue, bBits);
        };
    }

    static Stream<Arguments> images() {
        IndexColorModel palette = (IndexColorModel) new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED).getColorModel();
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);

        // TYPE_CUSTOM 1: RGB bytes in R,G,B order (the layout PNG decoders produce).
        ComponentColorModel rgbCm = new ComponentColorModel(srgb, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster rgbRaster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, W, H, W * 3, 3, new int[] {0, 1, 2}, null);
        // TYPE_CUSTOM 2: 16-bit RGB, reduced to the high byte.
        ComponentColorModel rgb16Cm = new ComponentColorModel(srgb, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        // TYPE_CUSTOM 3: planar (banded) RGB bytes, three banks.
        WritableRaster banded = Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_BYTE, W, H, 3), new Point(0, 0));
        // TYPE_CUSTOM 4: RGBA bytes in R,G,B,A order with padded rows.
        ComponentColorModel rgbaCm = new ComponentColorModel(srgb, true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster rgbaPadded = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, W, H, 4, W * 4 + 12, new int[] {0, 1, 2, 3}),
                new DataBufferByte(H * (W * 4 + 12)), new Point(0, 0));
        // TYPE_CUSTOM 5: grey + alpha bytes.
        ComponentColorModel greyAlphaCm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        // TYPE_CUSTOM 6: RGB bytes tagged with a non-sRGB RGB space (linear RGB): samples must pass unconverted.
        ComponentColorModel linearCm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

        Sampler grey = (r, x, y, rnd) -> {
            int g = rnd.nextInt(256);
            r.setSample(x, y, 0, g);
            return g * 0x010101;
        };
        Sampler grey16 = (r, x, y, rnd) -> {
            int g = rnd.nextInt(65536);
            r.setSample(x, y, 0, g);
            return (g >> 8) * 0x010101;
        };
        Sampler binary = (r, x, y, rnd) -> {
            int bit = rnd.nextInt(2);
            r.setSample(x, y, 0, bit);
            return bit == 1 ? 0xFFFFFF : 0;
        };
        Sampler indexed = (r, x, y, rnd) -> {
            int i = rnd.nextInt(palette.getMapSize());
            r.setSample(x, y, 0, i);
            return palette.getRed(i) << 16 | palette.getGreen(i) << 8 | palette.getBlue(i);
        };
        Sampler rgb16 = (r, x, y, rnd) -> {
            int[] v = {rnd.nextInt(65536), rnd.nextInt(65536), rnd.nextInt(65536)};
            r.setPixel(x, y, v);
            return (v[0] >> 8) << 16 | (v[1] >> 8) << 8 | (v[2] >> 8);
        };
        Sampler greyAlpha = (r, x, y, rnd) -> {
            int g = rnd.nextInt(256);
            r.setPixel(x, y, new int[] {g, rnd.nextInt(256)});
            return g * 0x010101;
        };

        return Stream.of(
                Arguments.of("TYPE_INT_RGB", fill(new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB), rgbBands(false))),
                Arguments.of("TYPE_INT_ARGB", fill(new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB), rgbBands(true))),
                Arguments.of("TYPE_INT_ARGB_PRE", fill(new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB_PRE), premultipliedBands())),
                Arguments.of("TYPE_INT_BGR", fill(new BufferedImage(W, H, BufferedImage.TYPE_INT_BGR), rgbBands(false))),
                Arguments.of("TYPE_3BYTE_BGR", fill(new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR), rgbBands(false))),
                Arguments.of("TYPE_4BYTE_ABGR", fill(new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR), rgbBands(true))),
                Arguments.of("TYPE_4BYTE_ABGR_PRE", fill(new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR_PRE), premultipliedBands())),
                Arguments.of("TYPE_USHORT_565_RGB", fill(new BufferedImage(W, H, BufferedImage.TYPE_USHORT_565_RGB), packed565(5, 6, 5))),
                Arguments.of("TYPE_USHORT_555_RGB", fill(new BufferedImage(W, H, BufferedImage.TYPE_USHORT_555_RGB), packed565(5, 5, 5))),
                Arguments.of("TYPE_BYTE_GRAY", fill(new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY), grey)),
                Arguments.of("TYPE_USHORT_GRAY", fill(new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY), grey16)),
                Arguments.of("TYPE_BYTE_BINARY", fill(new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY), binary)),
                Arguments.of("TYPE_BYTE_INDEXED", fill(new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED), indexed)),
                Arguments.of("custom RGB bytes", fill(new BufferedImage(rgbCm, rgbRaster, false, null), rgbBands(false))),
                Arguments.of("custom 16-bit RGB", fill(new BufferedImage(rgb16Cm, rgb16Cm.createCompatibleWritableRaster(W, H), false, null), rgb16)),
                Arguments.of("custom banded RGB", fill(new BufferedImage(rgbCm, banded, false, null), rgbBands(false))),
                Arguments.of("custom padded RGBA", fill(new BufferedImage(rgbaCm, rgbaPadded, false, null), rgbBands(true))),
                Arguments.of("custom grey+alpha", fill(new BufferedImage(greyAlphaCm, greyAlphaCm.createCompatibleWritableRaster(W, H), false, null), greyAlpha)),
                Arguments.of("custom linear-RGB bytes", fill(new BufferedImage(linearCm, linearCm.createCompatibleWritableRaster(W, H), false, null), rgbBands(false))));
    }

    private static PixelBuffer rgb888(byte[] rgb, int w, int h) {
        return PixelBuffer.of(rgb, w, h, PixelFormat.RGB888);
    }

    private static float[] floats(Tensor t) {
        float[] f = new float[(int) t.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.getFloat(i);
        }
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void imageGivesTheSameTensorAsItsPixelsInRgb888(String name, Filled f) {
        PixelBuffer p = BufferedImages.toPixelBuffer(f.image());
        PixelBuffer expected = rgb888(f.rgb(), W, H);

        assertThat(p.width()).isEqualTo(W);
        assertThat(p.height()).isEqualTo(H);
        assertThat(floats(IDENTITY.tensor(p))).as(name).containsExactly(floats(IDENTITY.tensor(expected)));
        assertThat(floats(BGR_NHWC.tensor(p))).as(name + " as BGR NHWC").containsExactly(floats(BGR_NHWC.tensor(expected)));
        AlphaMode mode = f.image().isAlphaPremultiplied() ? AlphaMode.PREMULTIPLIED : AlphaMode.STRAIGHT;
        assertThat(p.alphaMode()).isEqualTo(mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void subImageGivesTheTensorOfThatRectangle(String name, Filled f) {
        int x0 = 5;
        int y0 = 3;
        int w = 13;
        int h = 6;
        BufferedImage sub = f.image().getSubimage(x0, y0, w, h);
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(f.rgb(), ((y0 + y) * W + x0) * 3, rgb, y * w * 3, w * 3);
        }

        PixelBuffer p = BufferedImages.toPixelBuffer(sub);

        assertThat(floats(IDENTITY.tensor(p))).as(name).containsExactly(floats(IDENTITY.tensor(rgb888(rgb, w, h))));
        // A sub-image of a sub-image accumulates both offsets.
        BufferedImage subSub = sub.getSubimage(2, 1, 4, 3);
        byte[] rgb2 = new byte[4 * 3 * 3];
        for (int y = 0; y < 3; y++) {
            System.arraycopy(rgb, ((1 + y) * w + 2) * 3, rgb2, y * 4 * 3, 4 * 3);
        }
        assertThat(floats(IDENTITY.tensor(BufferedImages.toPixelBuffer(subSub)))).as(name + " nested")
                .containsExactly(floats(IDENTITY.tensor(rgb888(rgb2, 4, 3))));
    }

    @Test
    void interleavedByteAndIntImagesAreWrappedWithoutCopying() {
        BufferedImage bgr = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage argb = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        assertThat(BufferedImages.toPixelBuffer(bgr).byteArray())
                .isSameAs(((DataBufferByte) bgr.getRaster().getDataBuffer()).getData());
        assertThat(BufferedImages.toPixelBuffer(argb).intArray())
                .isSameAs(((java.awt.image.DataBufferInt) argb.getRaster().getDataBuffer()).getData());
    }

    @Test
    void greyImagesAreReadFromTheRasterNotThroughGetRgb() {
        BufferedImage g = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 100);
        // getRGB brightens the stored 100 (linear grey to sRGB); the tensor must hold 100.
        assertThat(g.getRGB(0, 0) & 0xFF).isNotEqualTo(100);
        assertThat(floats(IDENTITY.tensor(BufferedImages.toPixelBuffer(g)))).containsExactly(100f, 100f, 100f);
    }
}
