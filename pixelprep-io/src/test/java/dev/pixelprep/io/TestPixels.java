package dev.pixelprep.io;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test-side readers of pixels, written independently of the code under test. */
final class TestPixels {
    private TestPixels() {
    }

    static byte[] resource(String path) {
        try (InputStream in = TestPixels.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every pixel of {@code p} as {@code [y][x] = 0xAARRGGBB} (alpha 0xFF when the format has none). */
    static int[][] argb(PixelBuffer p) {
        PixelFormat f = p.format();
        int[][] out = new int[p.height()][p.width()];
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                int at = p.offset() + y * p.rowStride() + x * f.pixelStride();
                int r;
                int g;
                int b;
                int a = 0xFF;
                if (f.isPackedInt()) {
                    int v = p.intArray()[at];
                    r = (v >>> f.redIndex()) & 0xFF;
                    g = (v >>> f.greenIndex()) & 0xFF;
                    b = (v >>> f.blueIndex()) & 0xFF;
                    if (f.hasAlpha()) {
                        a = v >>> 24;
                    }
                } else {
                    r = byteAt(p, at + f.redIndex());
                    g = byteAt(p, at + f.greenIndex());
                    b = byteAt(p, at + f.blueIndex());
                    if (f.hasAlpha()) {
                        a = byteAt(p, at + f.alphaIndex());
                    }
                }
                out[y][x] = (a << 24) | (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    private static int byteAt(PixelBuffer p, int i) {
        return (p.byteArray() != null ? p.byteArray()[i] : p.byteBuffer().get(i)) & 0xFF;
    }

    /** The raster samples of a PNG decoded by the JDK reader, as opaque {@code 0xFFRRGGBB} (grey replicated). */
    static int[][] pngSamples(byte[] png) {
        try {
            BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(png));
            Raster r = im.getRaster();
            int bands = r.getNumBands();
            int[][] out = new int[im.getHeight()][im.getWidth()];
            int[] px = new int[bands];
            for (int y = 0; y < im.getHeight(); y++) {
                for (int x = 0; x < im.getWidth(); x++) {
                    r.getPixel(x, y, px);
                    int cr;
                    int cg;
                    int cb;
                    if (im.getColorModel() instanceof IndexColorModel) {
                        IndexColorModel icm = (IndexColorModel) im.getColorModel();
                        cr = icm.getRed(px[0]);
                        cg = icm.getGreen(px[0]);
                        cb = icm.getBlue(px[0]);
                    } else if (bands < 3) {
                        cr = cg = cb = px[0];
                    } else {
                        cr = px[0];
                        cg = px[1];
                        cb = px[2];
                    }
                    out[y][x] = 0xFF000000 | (cr << 16) | (cg << 8) | cb;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** max |Δ|, mean |Δ| and share of differing channel values between two RGB grids of one size. */
    static double[] diffStats(int[][] a, int[][] b) {
        int max = 0;
        long sum = 0;
        long differing = 0;
        long n = 0;
        for (int y = 0; y < a.length; y++) {
            for (int x = 0; x < a[y].length; x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((a[y][x] >>> shift) & 0xFF) - ((b[y][x] >>> shift) & 0xFF));
                    max = Math.max(max, d);
                    sum += d;
                    differing += d != 0 ? 1 : 0;
                    n++;
                }
            }
        }
        return new double[] {max, (double) sum / n, (double) differing / n};
    }
}
