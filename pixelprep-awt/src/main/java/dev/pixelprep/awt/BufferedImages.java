package dev.pixelprep.awt;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Views a {@link BufferedImage} as a {@link PixelBuffer} by reading its raster, never {@code getRGB}.
 *
 * <p>{@code getRGB} is slow (one colour-model call per pixel) and wrong for model input: it converts gray
 * images from Java's linear gray space to sRGB, brightening them by up to 73 levels, whereas Pillow and OpenCV
 * hand the stored samples to the model. The samples are what pixelprep reads:
 * <ul>
 *   <li>8-bit interleaved rasters ({@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR[_PRE]}, {@code TYPE_BYTE_GRAY},
 *       custom RGB/RGBA byte rasters) and packed int rasters ({@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB[_PRE]},
 *       {@code TYPE_INT_BGR}) are wrapped without copying, sub-images included (offset and scanline stride
 *       are taken from the raster).</li>
 *   <li>Indexed images ({@code TYPE_BYTE_INDEXED}, {@code TYPE_BYTE_BINARY}) are expanded through the palette.</li>
 *   <li>16-bit samples ({@code TYPE_USHORT_GRAY}, 16-bit RGB PNGs) are reduced to 8 bits by keeping the high
 *       byte ({@code v >> 8}), as OpenCV's {@code imread} does.</li>
 *   <li>{@code TYPE_USHORT_565/555_RGB} are expanded with bit replication.</li>
 *   <li>Anything else whose colour space is not RGB or gray (CMYK, for instance) goes through the colour model
 *       to sRGB, the only meaningful reading of it.</li>
 * </ul>
 * Colour spaces are never converted for RGB and gray images: an embedded ICC profile is data about the
 * samples, not a reason to change them (see the I/O module for applying profiles on request).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class BufferedImages {
    private BufferedImages() {
    }

    /** The pixels of {@code image}; wraps the raster's memory where its layout allows, else copies once. */
    public static PixelBuffer toPixelBuffer(BufferedImage image) {
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        int w = image.getWidth();
        int h = image.getHeight();
        int tx = -raster.getSampleModelTranslateX();
        int ty = -raster.getSampleModelTranslateY();
        AlphaMode alphaMode = cm.isAlphaPremultiplied() ? AlphaMode.PREMULTIPLIED : AlphaMode.STRAIGHT;

        if (cm instanceof ComponentColorModel && db instanceof DataBufferByte && db.getNumBanks() == 1
                && sm instanceof ComponentSampleModel && isRgbOrGray(cm) && eightBit(sm)) {
            ComponentSampleModel csm = (ComponentSampleModel) sm;
            PixelFormat f = byteFormat(csm, cm);
            if (f != null) {
                int[] bo = csm.getBandOffsets();
                int minBand = Integer.MAX_VALUE;
                for (int o : bo) {
                    minBand = Math.min(minBand, o);
                }
                int offset = db.getOffset() + ty * csm.getScanlineStride()
                        + tx * csm.getPixelStride() + minBand;
                return PixelBuffer.builder().size(w, h).format(f).alphaMode(alphaMode)
                        .rowStride(csm.getScanlineStride()).offset(offset)
                        .data(((DataBufferByte) db).getData()).build();
            }
        }
        if (cm instanceof DirectColorModel && db instanceof DataBufferInt && sm instanceof SinglePixelPackedSampleModel
                && cm.getColorSpace().isCS_sRGB()) {
            SinglePixelPackedSampleModel sp = (SinglePixelPackedSampleModel) sm;
            PixelFormat f = intFormat(sp.getBitMasks());
            if (f != null) {
                int offset = db.getOffset() + ty * sp.getScanlineStride() + tx;
                return PixelBuffer.builder().size(w, h).format(f).alphaMode(alphaMode)
                        .rowStride(sp.getScanlineStride()).offset(offset)
                        .data(((DataBufferInt) db).getData()).build();
            }
        }
        if (cm instanceof IndexColorModel) {
            return expandIndexed(raster, (IndexColorModel) cm, w, h);
        }
        if (isRgbOrGray(cm) && !(cm instanceof IndexColorModel)) {
            return copySamples(raster, cm, w, h, alphaMode);
        }
        return throughColorModel(image, w, h);
    }

    private static boolean isRgbOrGray(ColorModel cm) {
        int t = cm.getColorSpace().getType();
        return t == ColorSpace.TYPE_RGB || t == ColorSpace.TYPE_GRAY;
    }

    private static boolean eightBit(SampleModel sm) {
        for (int s : sm.getSampleSize()) {
            if (s != 8) {
                return false;
            }
        }
        return true;
    }

    private static PixelFormat byteFormat(ComponentSampleModel csm, ColorModel cm) {
        int[] bo = csm.getBandOffsets();
        int ps = csm.getPixelStride();
        int bands = bo.length;
        if (bands == 1 && cm.getNumComponents() == 1) {
            return ps == 1 ? PixelFormat.GRAY8 : null;
        }
        int min = Integer.MAX_VALUE;
        for (int o : bo) {
            min = Math.min(min, o);
        }
        int[] rel = new int[bands];
        for (int i = 0; i < bands; i++) {
            rel[i] = bo[i] - min;
        }
        if (bands == 3 && ps == 3 && !cm.hasAlpha()) {
            for (PixelFormat f : new PixelFormat[] {PixelFormat.RGB888, PixelFormat.BGR888}) {
                if (rel[0] == f.redIndex() && rel[1] == f.greenIndex() && rel[2] == f.blueIndex()) {
                    return f;
                }
            }
        }
        if (bands == 4 && ps == 4 && cm.hasAlpha()) {
            for (PixelFormat f : new PixelFormat[] {PixelFormat.RGBA8888, PixelFormat.BGRA8888, PixelFormat.ARGB8888, PixelFormat.ABGR8888}) {
                if (rel[0] == f.redIndex() && rel[1] == f.greenIndex() && rel[2] == f.blueIndex() && rel[3] == f.alphaIndex()) {
                    return f;
                }
            }
        }
        return null;
    }

    private static PixelFormat intFormat(int[] masks) {
        if (masks.length == 4 && masks[0] == 0xFF0000 && masks[1] == 0xFF00 && masks[2] == 0xFF && masks[3] == 0xFF000000) {
            return PixelFormat.INT_ARGB;
        }
        if (masks.length == 3 && masks[0] == 0xFF0000 && masks[1] == 0xFF00 && masks[2] == 0xFF) {
            return PixelFormat.INT_RGB;
        }
        if (masks.length == 3 && masks[0] == 0xFF && masks[1] == 0xFF00 && masks[2] == 0xFF0000) {
            return PixelFormat.INT_BGR;
        }
        return null;
    }

    private static PixelBuffer expandIndexed(Raster raster, IndexColorModel icm, int w, int h) {
        int n = icm.getMapSize();
        byte[] reds = new byte[n];
        byte[] greens = new byte[n];
        byte[] blues = new byte[n];
        byte[] alphas = new byte[n];
        icm.getReds(reds);
        icm.getGreens(greens);
        icm.getBlues(blues);
        icm.getAlphas(alphas);
        boolean alpha = icm.hasAlpha();
        int ps = alpha ? 4 : 3;
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), ps)];
        int[] row = new int[w];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        for (int y = 0; y < h; y++) {
            raster.getSamples(minX, minY + y, w, 1, 0, row);
            int p = y * w * ps;
            for (int x = 0; x < w; x++, p += ps) {
                int i = row[x];
                if (i >= n) {
                    throw new InvalidPixelsException("palette index " + i + " at (" + x + "," + y + ") is outside the palette of " + n + " colours");
                }
                out[p] = reds[i];
                out[p + 1] = greens[i];
                out[p + 2] = blues[i];
                if (alpha) {
                    out[p + 3] = alphas[i];
                }
            }
        }
        return PixelBuffer.of(out, w, h, alpha ? PixelFormat.RGBA8888 : PixelFormat.RGB888);
    }

    /** RGB or gray samples of any depth and sample model, reduced to 8 bits by keeping the high bits. */
    private static PixelBuffer copySamples(Raster raster, ColorModel cm, int w, int h, AlphaMode alphaMode) {
        int bands = raster.getNumBands();
        int colour = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha() && bands == colour + 1;
        int[] sizes = raster.getSampleModel().getSampleSize();
        PixelFormat f = colour == 1 ? (alpha ? PixelFormat.RGBA8888 : PixelFormat.GRAY8)
                : (alpha ? PixelFormat.RGBA8888 : PixelFormat.RGB888);
        int ps = f.pixelStride();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), ps)];
        int[] row = new int[w * bands];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        for (int y = 0; y < h; y++) {
            raster.getPixels(minX, minY + y, w, 1, row);
            int p = y * w * ps;
            for (int x = 0; x < w; x++, p += ps) {
                int q = x * bands;
                if (colour == 1) {
                    int g = to8(row[q], sizes[0]);
                    if (alpha) {
                        out[p] = out[p + 1] = out[p + 2] = (byte) g;
                        out[p + 3] = (byte) to8(row[q + 1], sizes[1]);
                    } else {
                        out[p] = (byte) g;
                    }
                } else {
                    out[p] = (byte) to8(row[q], sizes[0]);
                    out[p + 1] = (byte) to8(row[q + 1], sizes[1]);
                    out[p + 2] = (byte) to8(row[q + 2], sizes[2]);
                    if (alpha) {
                        out[p + 3] = (byte) to8(row[q + 3], sizes[3]);
                    }
                }
            }
        }
        return PixelBuffer.builder().size(w, h).format(f).alphaMode(alphaMode).data(out).build();
    }

    /** An n-bit sample as 8 bits: high byte for deeper samples, bit replication for shallower ones. */
    static int to8(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits > 8) {
            return v >>> (bits - 8);
        }
        int r = 0;
        int shift = 8;
        while (shift > 0) {
            shift -= bits;
            r |= shift >= 0 ? v << shift : v >>> -shift;
        }
        return r & 0xFF;
    }

    /** Last resort for non-RGB colour spaces (CMYK and the like): the colour model's own sRGB conversion. */
    private static PixelBuffer throughColorModel(BufferedImage image, int w, int h) {
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        boolean alpha = cm.hasAlpha();
        int ps = alpha ? 4 : 3;
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), ps)];
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            int p = y * w * ps;
            for (int x = 0; x < w; x++, p += ps) {
                pixel = raster.getDataElements(raster.getMinX() + x, raster.getMinY() + y, pixel);
                out[p] = (byte) cm.getRed(pixel);
                out[p + 1] = (byte) cm.getGreen(pixel);
                out[p + 2] = (byte) cm.getBlue(pixel);
                if (alpha) {
                    out[p + 3] = (byte) cm.getAlpha(pixel);
                }
            }
        }
        return PixelBuffer.of(out, w, h, alpha ? PixelFormat.RGBA8888 : PixelFormat.RGB888);
    }
}
