package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;

/**
 * The normalisation stage of a compiled spec: per channel, the affine map of an 8-bit level (inversion folded in) as
 * a 256-entry table, computed in double and rounded once to float, the mean image's scaled term, and the colour
 * staging every source reader shares (alpha policy, luma) for rows that cannot go straight through the tables.
 *
 * <p>Immutable and thread-safe; the staging methods work in the caller's {@link RowScratch}.
 */
final class Normaliser {
    private static final int PILLOW_R = 19595;
    private static final int PILLOW_G = 38470;
    private static final int PILLOW_B = 7471;
    private static final int OPENCV_R = 9798;
    private static final int OPENCV_G = 19235;
    private static final int OPENCV_B = 3735;

    final Spec spec;
    final int channels;
    final boolean invert;
    final float[][] lut;
    final double[][] lutExact;
    /** Per channel, {@code scale · mean image}, or {@code null} without a mean image. */
    final double[][] meanTerm;
    /** The spec's per-channel scale and bias, for the SIMD rows. */
    final double[] scale;
    final double[] bias;
    /** {@link #channelIndices} for every source format, by ordinal: computed once so a row allocates nothing. */
    private final int[][] directIndex;

    Normaliser(Spec spec) {
        this.spec = spec;
        this.channels = spec.channels();
        this.invert = spec.invert();
        this.scale = new double[channels];
        this.bias = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = spec.scale(c);
            bias[c] = spec.bias(c);
        }
        this.lut = new float[channels][256];
        this.lutExact = new double[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int x = 0; x < 256; x++) {
                int v = invert ? 255 - x : x;
                lutExact[c][x] = spec.apply(c, v);
                lut[c][x] = (float) lutExact[c][x];
            }
        }
        PixelFormat[] formats = PixelFormat.values();
        directIndex = new int[formats.length][];
        for (PixelFormat f : formats) {
            directIndex[f.ordinal()] = channelIndices(spec.color(), f);
        }
        MeanImage m = spec.meanImage();
        if (m == null) {
            meanTerm = null;
        } else {
            meanTerm = new double[channels][];
            float[] data = m.data();
            int plane = m.width() * m.height();
            for (int c = 0; c < channels; c++) {
                meanTerm[c] = new double[plane];
                for (int i = 0; i < plane; i++) {
                    meanTerm[c][i] = spec.scale(c) * data[c * plane + i];
                }
            }
        }
    }

    /** Byte index (or bit shift) in a pixel of format {@code f} of each output channel, for the direct kernels. */
    int[] directIndex(PixelFormat f) {
        return directIndex[f.ordinal()];
    }

    private static int[] channelIndices(ColorOrder color, PixelFormat f) {
        switch (color) {
            case RGB: return new int[] {f.redIndex(), f.greenIndex(), f.blueIndex()};
            case BGR: return new int[] {f.blueIndex(), f.greenIndex(), f.redIndex()};
            default: return new int[] {f.redIndex()};
        }
    }

    /** Whether the spec's alpha policy changes the colour channels of this source. */
    boolean alphaWork(PixelBuffer src) {
        AlphaPolicy.Kind ak = spec.alpha().kind();
        return src.format().hasAlpha() && (ak == AlphaPolicy.Kind.COMPOSITE
                || (ak == AlphaPolicy.Kind.UNPREMULTIPLY && src.alphaMode() == AlphaMode.PREMULTIPLIED));
    }

    /** Whether gray output is computed from colour (the spec's luma). */
    boolean lumaWork(PixelBuffer src) {
        return spec.color() == ColorOrder.GRAY && !src.format().isGray();
    }

    /** Whether this spec's 8-bit values of {@code src} differ from its colour bytes (alpha policy or luma). */
    boolean changesColours(PixelBuffer src) {
        return alphaWork(src) || lumaWork(src);
    }

    /** Whether rows of {@code src} go straight from its colour bytes through the tables (no staging). */
    boolean directRows(PixelBuffer src) {
        return !changesColours(src) && meanTerm == null;
    }

    /**
     * Staged pixels {@code 0 .. w-1} of row {@code y} (in {@code s.r/g/b/a}) through the alpha policy, luma, tables
     * and mean image: channel c of pixel x to {@code d[s.base[c] + x·ds]}.
     */
    void finishStaged(RowScratch s, int y, int w, float[] d, int ds, boolean luma, boolean alphaWork, AlphaMode mode) {
        if (alphaWork) {
            applyAlpha(s, w, mode);
        }
        int[][] planes;
        if (luma) {
            luma(s, w);
            planes = s.lumaPlanes;
        } else if (spec.color() == ColorOrder.BGR) {
            planes = s.bgrPlanes;
        } else {
            planes = s.rgbPlanes;
        }
        for (int c = 0; c < channels; c++) {
            int[] v = planes[c];
            int o = s.base[c];
            if (meanTerm == null) {
                float[] l = lut[c];
                for (int x = 0; x < w; x++) {
                    d[o + x * ds] = l[v[x]];
                }
            } else {
                double[] l = lutExact[c];
                double[] m = meanTerm[c];
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    d[o + x * ds] = (float) (l[v[x]] - m[row + x]);
                }
            }
        }
    }

    /** Alpha policy and luma on staged channels {@code 0 .. n-1}, then their bytes to the pixels {@code cols}. */
    void finishStaged8(PixelBuffer src, RowScratch s, int[] cols, int n, byte[] dst, int rowBase) {
        if (alphaWork(src)) {
            applyAlpha(s, n, src.alphaMode());
        }
        if (channels == 1) {
            luma(s, n);
            for (int i = 0; i < n; i++) {
                dst[rowBase + cols[i]] = (byte) s.l[i];
            }
            return;
        }
        int[][] planes = spec.color() == ColorOrder.BGR ? s.bgrPlanes : s.rgbPlanes;
        int[] c0 = planes[0];
        int[] c1 = planes[1];
        int[] c2 = planes[2];
        for (int i = 0; i < n; i++) {
            int o = rowBase + 3 * cols[i];
            dst[o] = (byte) c0[i];
            dst[o + 1] = (byte) c1[i];
            dst[o + 2] = (byte) c2[i];
        }
    }

    /** The spec's luma of staged pixels {@code 0 .. w-1} into {@code s.l}. */
    private void luma(RowScratch s, int w) {
        if (spec.luma() == Luma.PILLOW) {
            for (int x = 0; x < w; x++) {
                s.l[x] = (s.r[x] * PILLOW_R + s.g[x] * PILLOW_G + s.b[x] * PILLOW_B + 0x8000) >> 16;
            }
        } else {
            for (int x = 0; x < w; x++) {
                s.l[x] = (s.r[x] * OPENCV_R + s.g[x] * OPENCV_G + s.b[x] * OPENCV_B + 0x4000) >> 15;
            }
        }
    }

    private void applyAlpha(RowScratch s, int w, AlphaMode mode) {
        AlphaPolicy p = spec.alpha();
        if (p.kind() == AlphaPolicy.Kind.UNPREMULTIPLY) {
            for (int x = 0; x < w; x++) {
                int a = s.a[x];
                s.r[x] = unpremultiply(s.r[x], a);
                s.g[x] = unpremultiply(s.g[x], a);
                s.b[x] = unpremultiply(s.b[x], a);
            }
            return;
        }
        int[] bg = p.background();
        boolean pre = mode == AlphaMode.PREMULTIPLIED;
        for (int x = 0; x < w; x++) {
            int a = s.a[x];
            s.r[x] = over(s.r[x], a, bg[0], pre);
            s.g[x] = over(s.g[x], a, bg[1], pre);
            s.b[x] = over(s.b[x], a, bg[2], pre);
        }
    }

    static int unpremultiply(int c, int a) {
        if (a == 0) {
            return 0;
        }
        return Math.min(255, (c * 255 + a / 2) / a);
    }

    static int over(int c, int a, int bg, boolean premultiplied) {
        if (premultiplied) {
            return Math.min(255, c + (bg * (255 - a) + 127) / 255);
        }
        return (c * a + bg * (255 - a) + 127) / 255;
    }
}
