package dev.pixelprep.io;

import dev.pixelprep.core.pixels.AlphaMode;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static dev.pixelprep.io.TestPixels.argb;
import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files written in the test by the JDK's encoders from samples the test chose, so the expected pixels are known
 * exactly: 16-bit, palette, grey+alpha and RGBA PNGs, GIF, BMP and TIFF; plus a progressive JPEG.
 */
class GeneratedFormatsTest {
    private static final int W = 13;
    private static final int H = 7;

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("a " + format + " writer exists").isTrue();
        return out.toByteArray();
    }

    @Test
    void sixteenBitRgbPngKeepsTheHighByteLikeOpenCv() throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(W, H);
        Random rnd = new Random(16);
        int[][][] v = new int[H][W][3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    v[y][x][c] = rnd.nextInt(65536);
                    r.setSample(x, y, c, v[y][x][c]);
                }
            }
        }
        DecodedImage d = ImageDecoder.defaults().decode(encode(new BufferedImage(cm, r, false, null), "png"), "rgb16.png");

        assertThat(d.bitDepth()).hasValue(16);
        int[][] got = argb(d.pixels());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int expected = 0xFF000000 | (v[y][x][0] / 256) << 16 | (v[y][x][1] / 256) << 8 | v[y][x][2] / 256;
                assertThat(got[y][x]).isEqualTo(expected);
            }
        }
    }

    @Test
    void palettePngWithTransparencyGivesStraightRgbaFromThePalette() throws IOException {
        byte[] red = {10, (byte) 200, 30, (byte) 255};
        byte[] green = {20, 40, (byte) 250, 0};
        byte[] blue = {90, 60, 70, (byte) 128};
        byte[] alpha = {(byte) 255, 0, (byte) 128, 7};
        IndexColorModel icm = new IndexColorModel(8, 4, red, green, blue, alpha);
        BufferedImage im = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, icm);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                im.getRaster().setSample(x, y, 0, (x + 3 * y) % 4);
            }
        }
        DecodedImage d = ImageDecoder.defaults().decode(encode(im, "png"), "palette.png");

        assertThat(d.hasAlpha()).isTrue();
        assertThat(d.alphaMode()).isEqualTo(AlphaMode.STRAIGHT);
        int[][] got = argb(d.pixels());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = (x + 3 * y) % 4;
                int expected = (alpha[i] & 0xFF) << 24 | (red[i] & 0xFF) << 16 | (green[i] & 0xFF) << 8 | (blue[i] & 0xFF);
                assertThat(got[y][x]).as("(%d,%d)", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void greyAlphaAndRgbaPngsKeepStraightAlphaAndTheColourOfTransparentPixels() throws IOException {
        ComponentColorModel ga = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster gr = ga.createCompatibleWritableRaster(W, H);
        BufferedImage rgba = new BufferedImage(W, H, BufferedImage.TYPE_4BYTE_ABGR);
        Random rnd = new Random(4);
        int[][] grey = new int[H][W];
        int[][] alpha = new int[H][W];
        int[][] colour = new int[H][W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                grey[y][x] = rnd.nextInt(256);
                alpha[y][x] = x == 0 ? 0 : rnd.nextInt(256); // column 0 fully transparent
                colour[y][x] = rnd.nextInt(1 << 24);
                gr.setSample(x, y, 0, grey[y][x]);
                gr.setSample(x, y, 1, alpha[y][x]);
                WritableRaster rr = rgba.getRaster();
                rr.setPixel(x, y, new int[] {colour[y][x] >> 16, (colour[y][x] >> 8) & 0xFF, colour[y][x] & 0xFF, alpha[y][x]});
            }
        }
        DecodedImage g = ImageDecoder.defaults().decode(encode(new BufferedImage(ga, gr, false, null), "png"), "ga.png");
        DecodedImage c = ImageDecoder.defaults().decode(encode(rgba, "png"), "rgba.png");

        for (DecodedImage d : new DecodedImage[] {g, c}) {
            assertThat(d.hasAlpha()).isTrue();
            assertThat(d.alphaMode()).isEqualTo(AlphaMode.STRAIGHT);
        }
        int[][] gg = argb(g.pixels());
        int[][] cc = argb(c.pixels());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertThat(gg[y][x]).isEqualTo(alpha[y][x] << 24 | grey[y][x] * 0x010101);
                assertThat(cc[y][x]).isEqualTo(alpha[y][x] << 24 | colour[y][x]);
            }
        }
    }

    @Test
    void gifBmpAndTiffDecodeToTheSamplesWritten() throws IOException {
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        int[][] expected = new int[H][W];
        Random rnd = new Random(3);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = rnd.nextInt(1 << 24);
                expected[y][x] = 0xFF000000 | v;
                rgb.getRaster().setPixel(x, y, new int[] {v >> 16, (v >> 8) & 0xFF, v & 0xFF});
            }
        }
        for (String format : new String[] {"bmp", "tiff"}) {
            DecodedImage d = ImageDecoder.defaults().decode(encode(rgb, format), "x." + format);
            assertThat(d.format()).isEqualTo(format);
            assertThat(argb(d.pixels())).as(format).isDeepEqualTo(expected);
        }
        // GIF holds at most 256 colours: write an indexed image with its own palette.
        byte[] pr = new byte[256];
        byte[] pg = new byte[256];
        byte[] pb = new byte[256];
        rnd.nextBytes(pr);
        rnd.nextBytes(pg);
        rnd.nextBytes(pb);
        IndexColorModel icm = new IndexColorModel(8, 256, pr, pg, pb);
        BufferedImage indexed = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, icm);
        int[][] gifExpected = new int[H][W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = (x * 7 + y * 31) & 0xFF;
                indexed.getRaster().setSample(x, y, 0, i);
                gifExpected[y][x] = 0xFF000000 | (pr[i] & 0xFF) << 16 | (pg[i] & 0xFF) << 8 | (pb[i] & 0xFF);
            }
        }
        DecodedImage gif = ImageDecoder.defaults().decode(encode(indexed, "gif"), "x.gif");
        assertThat(gif.format()).isEqualTo("gif");
        assertThat(argb(gif.pixels())).isDeepEqualTo(gifExpected);
    }

    @Test
    void progressiveJpegDecodesLikeTheBaselineWithTheSameQuantisation() {
        DecodedImage base = ImageDecoder.defaults().decode(resource("images/chelsea-crop-baseline.jpg"), "b.jpg");
        DecodedImage prog = ImageDecoder.defaults().decode(resource("images/chelsea-crop-progressive.jpg"), "p.jpg");
        assertThat(argb(prog.pixels())).isDeepEqualTo(argb(base.pixels()));
        assertThat(prog.iccProfilePresent()).isFalse();
        assertThat(prog.iccDescription()).isEmpty();
    }
}
