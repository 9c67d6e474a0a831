package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;

/**
 * Pillow 9.4 {@code Image.resize} on 8-bit images, bit for bit.
 *
 * <p>BOX, BILINEAR, HAMMING, BICUBIC (a = -0.5) and LANCZOS (a = 3) are always antialiased: the filter support
 * is stretched by {@code max(1, in/out)}. Weights are computed in double, normalised per output pixel and turned
 * into 22-bit fixed point with {@code (int)(w * 2^22 ± 0.5)}. The horizontal pass runs first (only when the width
 * changes) and its result is rounded and clipped to uint8; the vertical pass (only when the height changes) runs on
 * that. Each output is {@code clip((2^21 + Σ pixel·weight) >> 22)}.
 *
 * <p>NEAREST follows Pillow's affine scaler: the source index is {@code (int) xo} where {@code xo} starts at
 * {@code 0.5·in/out} and has {@code in/out} added, in double, once per output pixel.
 *
 * <p>Channels are resampled independently. Pillow itself premultiplies RGBA by alpha before a filtered resize;
 * that is the caller's business (pass premultiplied data), not this kernel's. AREA is an OpenCV filter and is
 * rejected.
 *
 * <p>Stateless utility: static methods only; scratch memory is per thread, so calls from several threads do not meet.
 */
public final class PillowResampler {
    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    /** Both passes in SIMD lanes ({@link PillowLanes}): same bytes, when the JVM has the Vector API. */
    private static final boolean LANES = dev.pixelprep.core.simd.Simd.ENABLED;
    /** Largest horizontal-pass intermediate kept at once; wider windows are resampled in column strips. */
    static final long MID_BYTES = 8L << 20;

    private PillowResampler() {
    }

    /**
     * Whether a 4-byte pixel is resized (all four channels, each on its own) at least as fast as the same image
     * with three channels extracted first: NEAREST always (a copy per output pixel), the filters when both passes
     * run in SIMD lanes.
     */
    public static boolean prefersFourChannels(Filter f) {
        return f == Filter.NEAREST || (LANES && f != Filter.AREA);
    }

    /**
     * Resizes {@code src} to {@code outW × outH} and writes the window {@code win} of the result to {@code dst}.
     *
     * @throws IllegalArgumentException for AREA, a window outside the output or a destination of the wrong size
     */
    public static void resize(Image8 src, int outW, int outH, Filter f, Window win, Image8 dst) {
        Args.check("Pillow", src, outW, outH, f, win, dst);
        if (f == Filter.AREA) {
            throw new IllegalArgumentException("Pillow has no AREA filter (INTER_AREA is OpenCV's); use BOX for Pillow's box average");
        }
        if (outW == src.width && outH == src.height) {
            Args.copyWindow(src, win, dst);
            return;
        }
        if (f == Filter.NEAREST) {
            Workspace ws = Workspace.get();
            Args.gather(src, nearestIndex(src.width, outW, win.x(), win.width(), ws.ints(0, win.width())), win.width(),
                    nearestIndex(src.height, outH, win.y(), win.height(), ws.ints(1, win.height())), win.height(), dst);
            return;
        }
        resample(src, outW, outH, f, win, dst);
    }

    /** Pillow's accumulated-double nearest index for outputs {@code from .. from+count-1}, into {@code idx[0 .. count)}. */
    static int[] nearestIndex(int in, int out, int from, int count, int[] idx) {
        double a = (double) in / out;
        double xo = a * 0.5;
        for (int x = 0; x < from + count; x++) {
            if (x >= from) {
                idx[x - from] = Math.min((int) xo, in - 1);
            }
            xo += a;
        }
        return idx;
    }

    private static void resample(Image8 src, int outW, int outH, Filter f, Window win, Image8 dst) {
        int cn = src.channels;
        boolean horizontal = outW != src.width;
        boolean vertical = outH != src.height;
        int winW = win.width();
        int winH = win.height();
        Workspace ws = Workspace.get();
        Coeffs cy = vertical ? Coeffs.compute(ws.coeffsY, src.height, outH, f, win.y(), winH) : null;

        // rows of the (horizontally resampled) image that the window needs
        int rowStart;
        int rowEnd;
        if (vertical) {
            rowStart = Integer.MAX_VALUE;
            rowEnd = 0;
            for (int j = 0; j < winH; j++) {
                rowStart = Math.min(rowStart, cy.xmin[j]);
                rowEnd = Math.max(rowEnd, cy.xmin[j] + cy.n[j]);
            }
        } else {
            rowStart = win.y();
            rowEnd = win.y() + winH;
        }

        if (horizontal && vertical) {
            // Pillow's order (horizontal pass into a uint8 image, then vertical) decides the bytes, so it is kept; the
            // intermediate holds every row the window's outputs read (a whole tall source for a strong vertical
            // shrink), so the window is cut into column strips whose intermediate stays under MID_BYTES: each output
            // column depends only on its own weights, and a strip gives the same bytes as the whole
            long rows = rowEnd - rowStart;
            int strip = (int) Math.max(1, Math.min(winW, MID_BYTES / Math.max(1, rows * cn)));
            for (int x0 = 0; x0 < winW; x0 += strip) {
                int bw = Math.min(strip, winW - x0);
                Coeffs cx = Coeffs.compute(ws.coeffsX, src.width, outW, f, win.x() + x0, bw);
                byte[] mid = ws.bytes(0, Math.toIntExact(rows * bw * cn));
                horizontalPass(src, cx, rowStart, rowEnd, mid, bw * cn);
                verticalPass(mid, bw * cn, 0, rowStart, cy, bw * cn, dst.data, winW * cn, x0 * cn, ws.ints(0, bw * cn));
            }
        } else if (horizontal) {
            Coeffs cx = Coeffs.compute(ws.coeffsX, src.width, outW, f, win.x(), winW);
            horizontalPass(src, cx, rowStart, rowEnd, dst.data, winW * cn);
        } else {
            verticalPass(src.data, src.width * cn, win.x() * cn, 0, cy, winW * cn, dst.data, winW * cn, 0, ws.ints(0, winW * cn));
        }
    }

    private static void horizontalPass(Image8 src, Coeffs cx, int rowStart, int rowEnd, byte[] out, int outStride) {
        int cn = src.channels;
        byte[] s = src.data;
        int[] kk = cx.k;
        int ks = cx.ksize;
        int winW = cx.count;
        boolean lanes = (cn == 3 || cn == 4) && LANES && winW > 0;
        int[] table = lanes ? PillowLanes.groupTable(cx, cn, Workspace.get().ints(6, PillowLanes.groupTableSize(cx))) : null;
        int lastByte = lanes ? PillowLanes.lastByte(cx, cn) : 0;
        byte[] spare = lanes ? Workspace.get().bytes(6, PillowLanes.spareBytes()) : null;
        for (int r = rowStart; r < rowEnd; r++) {
            int sRow = r * src.width * cn;
            int o = (r - rowStart) * outStride;
            if (lanes && PillowLanes.horizontalRow(s, sRow, cn, cx, table, out, o, lastByte, spare)) {
                continue;
            }
            if (cn == 3) {
                horizontalRow3(s, sRow, cx, out, o);
                continue;
            }
            for (int i = 0; i < winW; i++) {
                int n = cx.n[i];
                int k0 = i * ks;
                int p0 = sRow + cx.xmin[i] * cn;
                for (int c = 0; c < cn; c++) {
                    int acc = HALF;
                    int p = p0 + c;
                    for (int t = 0; t < n; t++, p += cn) {
                        acc += (s[p] & 0xFF) * kk[k0 + t];
                    }
                    out[o++] = (byte) Args.clampByte(acc >> PRECISION_BITS);
                }
            }
        }
    }

    /**
     * {@link #horizontalPass} of one 3-channel row, the channels summed side by side in one pass over the taps.
     * The sums are integers, so their order does not matter.
     */
    private static void horizontalRow3(byte[] s, int sRow, Coeffs cx, byte[] out, int o) {
        int[] kk = cx.k;
        int ks = cx.ksize;
        int[] xmin = cx.xmin;
        int[] taps = cx.n;
        for (int i = 0; i < cx.count; i++) {
            int n = taps[i];
            int k0 = i * ks;
            int p = sRow + xmin[i] * 3;
            int r = HALF;
            int g = HALF;
            int b = HALF;
            for (int t = 0; t < n; t++, p += 3) {
                int w = kk[k0 + t];
                r += (s[p] & 0xFF) * w;
                g += (s[p + 1] & 0xFF) * w;
                b += (s[p + 2] & 0xFF) * w;
            }
            out[o++] = (byte) Args.clampByte(r >> PRECISION_BITS);
            out[o++] = (byte) Args.clampByte(g >> PRECISION_BITS);
            out[o++] = (byte) Args.clampByte(b >> PRECISION_BITS);
        }
    }

    /** Vertical pass of {@code rowLen} bytes per row into {@code out} rows of {@code outStride} bytes, from byte {@code outCol}. */
    private static void verticalPass(byte[] in, int inStride, int inCol, int inRow0, Coeffs cy, int rowLen, byte[] out, int outStride, int outCol,
                                     int[] acc) {
        int[] kk = cy.k;
        int ks = cy.ksize;
        int winH = cy.count;
        for (int j = 0; j < winH; j++) {
            int o = j * outStride + outCol;
            if (LANES) {
                PillowLanes.verticalRow(in, inStride, inCol, inRow0, cy, j, rowLen, out, o);
                continue;
            }
            java.util.Arrays.fill(acc, 0, rowLen, HALF);
            int n = cy.n[j];
            for (int t = 0; t < n; t++) {
                int w = kk[j * ks + t];
                int p = (cy.xmin[j] + t - inRow0) * inStride + inCol;
                for (int e = 0; e < rowLen; e++) {
                    acc[e] += (in[p + e] & 0xFF) * w;
                }
            }
            for (int e = 0; e < rowLen; e++) {
                out[o + e] = (byte) Args.clampByte(acc[e] >> PRECISION_BITS);
            }
        }
    }

    /**
     * Fixed-point weights of outputs {@code from .. from+count-1} along one axis (Resample.c precompute_coeffs).
     * Refilled in place for each resize (one per axis in the thread's {@link Workspace}); the arrays may be longer
     * than {@code count}, and only the first {@code n[i]} weights of output {@code i} are meaningful.
     */
    static final class Coeffs {
        int ksize;
        int count;
        int[] xmin = new int[0];
        int[] n = new int[0];
        int[] k = new int[0];
        double[] w = new double[0];

        private Coeffs reset(int ksize, int count) {
            this.ksize = ksize;
            this.count = count;
            if (xmin.length < count) {
                xmin = new int[count];
                n = new int[count];
            }
            if (k.length < count * ksize) {
                k = new int[count * ksize];
            }
            if (w.length < ksize) {
                w = new double[ksize];
            }
            return this;
        }

        static Coeffs compute(Coeffs into, int inSize, int outSize, Filter f, int from, int count) {
            double support0 = support(f);
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = support0 * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            Coeffs c = into.reset(ksize, count);
            double ss = 1.0 / filterscale;
            double[] w = c.w;
            for (int i = 0; i < count; i++) {
                int xx = from + i;
                double center = (xx + 0.5) * scale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double v = filter(f, (x + xmin - center + 0.5) * ss);
                    w[x] = v;
                    ww += v;
                }
                for (int x = 0; x < xmax; x++) {
                    double v = ww != 0.0 ? w[x] / ww : w[x];
                    c.k[i * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                c.xmin[i] = xmin;
                c.n[i] = xmax;
            }
            return c;
        }
    }

    static double support(Filter f) {
        switch (f) {
            case BOX: return 0.5;
            case BILINEAR: case HAMMING: return 1.0;
            case BICUBIC: return 2.0;
            case LANCZOS: return 3.0;
            default: throw new IllegalArgumentException("Pillow has no filtered resize for " + f);
        }
    }

    static double filter(Filter f, double x) {
        switch (f) {
            case BOX:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR: {
                double a = x < 0.0 ? -x : x;
                return a < 1.0 ? 1.0 - a : 0.0;
            }
            case HAMMING: {
                double a = x < 0.0 ? -x : x;
                if (a == 0.0) {
                    return 1.0;
                }
                if (a >= 1.0) {
                    return 0.0;
                }
                a = a * Math.PI;
                // the C source writes 0.54f and 0.46f: float constants widened to double
                return StrictMath.sin(a) / a * ((double) 0.54f + (double) 0.46f * StrictMath.cos(a));
            }
            case BICUBIC: {
                final double a = -0.5;
                double v = x < 0.0 ? -x : x;
                if (v < 1.0) {
                    return ((a + 2.0) * v - (a + 3.0)) * v * v + 1;
                }
                if (v < 2.0) {
                    return (((v - 5) * v + 8) * v - 4) * a;
                }
                return 0.0;
            }
            case LANCZOS:
                return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
            default:
                throw new IllegalArgumentException("Pillow has no filtered resize for " + f);
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double v = x * Math.PI;
        return StrictMath.sin(v) / v;
    }
}
