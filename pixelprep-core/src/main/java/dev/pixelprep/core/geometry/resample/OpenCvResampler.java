package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;

/**
 * OpenCV 4.6 {@code cv::resize} on 8-bit images.
 *
 * <p>{@code invScaleX/Y} are cv::resize's {@code inv_scale}: normally {@code out/in} as a double; blobFromImage's
 * crop mode passes its float32 factor instead (with the output size rounded from it). Source coordinates are
 * mapped with {@code scale = 1/invScale}.
 * <ul>
 *   <li>NEAREST (INTER_NEAREST): {@code min(floor(d·scale), in-1)}, not centred.</li>
 *   <li>BILINEAR (INTER_LINEAR): {@code fx = (float)((d+0.5)·scale - 0.5)}, 11-bit weights rounded half to even;
 *       horizontal out-of-range coordinates get weights (2048, 0); vertically the weights are not clamped but the
 *       rows are; the vertical combine is OpenCV's approximate {@code ((S0>>4)·b0>>16) + ((S1>>4)·b1>>16) + 2 >> 2}.
 *       An exact halving in both directions (scale exactly 2) is done as INTER_AREA, as OpenCV does.</li>
 *   <li>AREA (INTER_AREA): integer factors use the fast block average (2×2 with {@code (a+b+c+d+2)>>2}, others
 *       {@code round_half_even(sum · (1f/area))}); other shrinks use the float-weighted area tables; when either
 *       direction enlarges, the linear kernel with area-style coefficients.</li>
 *   <li>BICUBIC (INTER_CUBIC, a = -0.75): 11-bit weights, replicated border; the vertical combine follows OpenCV's
 *       128-bit SIMD body (float) for the first {@code floor(outW·cn/8)·8} values of a row and the exact integer
 *       rounding for the rest.</li>
 * </ul>
 * Same size in and out copies unchanged, as cv::resize does whenever the destination size equals the source size.
 *
 * <p>Stateless utility: static methods only; scratch memory is per thread, so calls from several threads do not meet.
 */
public final class OpenCvResampler {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;
    /**
     * INTER_LINEAR's two passes and 3- or 4-channel INTER_AREA in SIMD lanes ({@link OpenCvLanes}): same bytes, when the
     * JVM has the Vector API.
     */
    private static final boolean LANES = dev.pixelprep.core.simd.Simd.ENABLED;

    private OpenCvResampler() {
    }

    /**
     * Resizes {@code src} to {@code outW × outH} and writes the window {@code win} of the result to {@code dst}.
     *
     * @throws IllegalArgumentException for BOX, HAMMING or LANCZOS, a non-positive scale, a window outside the
     *                                  output or a destination of the wrong size
     */
    public static void resize(Image8 src, int outW, int outH, double invScaleX, double invScaleY, Filter f,
                              Window win, Image8 dst) {
        Args.check("OpenCV", src, outW, outH, f, win, dst);
        if (!(invScaleX > 0) || !(invScaleY > 0) || Double.isInfinite(invScaleX) || Double.isInfinite(invScaleY)) {
            throw new IllegalArgumentException("OpenCV: inverse scales must be positive and finite, got " + invScaleX + ", " + invScaleY);
        }
        if (f != Filter.NEAREST && f != Filter.BILINEAR && f != Filter.AREA && f != Filter.BICUBIC) {
            throw new IllegalArgumentException("OpenCV resize supports NEAREST, BILINEAR, AREA and BICUBIC, not " + f);
        }
        if (outW == src.width && outH == src.height) {
            Args.copyWindow(src, win, dst);
            return;
        }
        double scaleX = 1.0 / invScaleX;
        double scaleY = 1.0 / invScaleY;
        if (f == Filter.NEAREST) {
            Workspace ws = Workspace.get();
            Args.gather(src, nearestIndex(src.width, scaleX, win.x(), win.width(), ws.ints(0, win.width())), win.width(),
                    nearestIndex(src.height, scaleY, win.y(), win.height(), ws.ints(1, win.height())), win.height(), dst);
            return;
        }
        long iscaleX = Math.round(scaleX);
        long iscaleY = Math.round(scaleY);
        boolean areaFast = Math.abs(scaleX - iscaleX) < Math.ulp(1.0) && Math.abs(scaleY - iscaleY) < Math.ulp(1.0);
        Filter g = f;
        if (g == Filter.BILINEAR && areaFast && iscaleX == 2 && iscaleY == 2) {
            g = Filter.AREA;
        }
        if (g == Filter.AREA && scaleX >= 1 && scaleY >= 1) {
            if (areaFast) {
                areaFast(src, (int) iscaleX, (int) iscaleY, outW, outH, win, dst);
            } else {
                area(src, outW, outH, scaleX, scaleY, win, dst);
            }
            return;
        }
        if (g == Filter.BICUBIC) {
            Workspace ws = Workspace.get();
            Axis ax = Axis.cubic(ws.axisX, scaleX, win.x(), win.width());
            Axis ay = Axis.cubic(ws.axisY, scaleY, win.y(), win.height());
            separable(src, ax, ay, outW, win, dst, true);
        } else {
            boolean areaMode = g == Filter.AREA;
            Workspace ws = Workspace.get();
            Axis ax = Axis.linear(ws.axisX, src.width, scaleX, invScaleX, win.x(), win.width(), true, areaMode);
            Axis ay = Axis.linear(ws.axisY, src.height, scaleY, invScaleY, win.y(), win.height(), false, areaMode);
            separable(src, ax, ay, outW, win, dst, false);
        }
    }

    /**
     * Whether this kernel resizes a 4-byte pixel (all four channels, channel-independent arithmetic) at least as
     * fast as it resizes the same image with 3 channels extracted first: INTER_LINEAR and INTER_NEAREST always (they
     * read one or two source pixels per output), INTER_AREA when its 4-channel sums run in SIMD lanes.
     */
    public static boolean prefersFourChannels(Filter f) {
        return f == Filter.BILINEAR || f == Filter.NEAREST || (f == Filter.AREA && LANES);
    }

    /** OpenCV's nearest source index of outputs {@code from .. from+count-1}, into {@code idx[0 .. count)}. */
    static int[] nearestIndex(int in, double scale, int from, int count, int[] idx) {
        for (int i = 0; i < count; i++) {
            int sx = (int) Math.floor((from + i) * scale);
            idx[i] = Math.min(sx, in - 1);
        }
        return idx;
    }

    /** cvRound / saturate_cast&lt;short&gt;(float): round half to even. */
    private static short toShort(float v) {
        double r = Math.rint(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /**
     * Source offsets (first tap, in pixels, unclamped) and 11-bit weights of the window's outputs along one axis.
     * Refilled in place for each resize (one per axis in the thread's {@link Workspace}); the arrays may be longer
     * than the window.
     */
    static final class Axis {
        int ksize;
        int[] ofs = new int[0];
        short[] w = new short[0];
        final float[] cubic = new float[4];

        private Axis reset(int ksize, int count) {
            this.ksize = ksize;
            if (ofs.length < count) {
                ofs = new int[count];
            }
            if (w.length < count * ksize) {
                w = new short[count * ksize];
            }
            return this;
        }

        static Axis linear(Axis into, int in, double scale, double invScale, int from, int count, boolean clampWeights, boolean areaMode) {
            Axis a = into.reset(2, count);
            for (int i = 0; i < count; i++) {
                int d = from + i;
                int s;
                float fx;
                if (!areaMode) {
                    fx = (float) ((d + 0.5) * scale - 0.5);
                    s = (int) Math.floor(fx);
                    fx -= s;
                } else {
                    s = (int) Math.floor(d * scale);
                    fx = (float) ((d + 1) - (s + 1) * invScale);
                    fx = fx <= 0 ? 0.f : fx - (float) Math.floor(fx);
                }
                if (clampWeights) {
                    if (s < 0) {
                        fx = 0;
                        s = 0;
                    }
                    if (s >= in - 1) {
                        fx = 0;
                        s = in - 1;
                    }
                }
                a.ofs[i] = s;
                a.w[2 * i] = toShort((1.f - fx) * COEF_SCALE);
                a.w[2 * i + 1] = toShort(fx * COEF_SCALE);
            }
            return a;
        }

        static Axis cubic(Axis into, double scale, int from, int count) {
            Axis a = into.reset(4, count);
            float[] cb = a.cubic;
            for (int i = 0; i < count; i++) {
                int d = from + i;
                float fx = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(fx);
                fx -= s;
                cubicCoeffs(fx, cb);
                a.ofs[i] = s - 1;
                for (int k = 0; k < 4; k++) {
                    a.w[4 * i + k] = toShort(cb[k] * COEF_SCALE);
                }
            }
            return a;
        }
    }

    /** OpenCV's interpolateCubic, float arithmetic in its order. */
    static void cubicCoeffs(float x, float[] c) {
        final float a = -0.75f;
        c[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
        c[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
        c[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1.f - c[0] - c[1] - c[2];
    }

    /**
     * Horizontal pass to int rows (only the window's columns), then the vertical combine of INTER_LINEAR
     * (approximate) or INTER_CUBIC, one output row at a time as OpenCV's resizeGeneric does.
     *
     * <p>Output row {@code j} needs the horizontally resampled source rows {@code clamp(ofs[j] + k)},
     * {@code k < ksize}. Those rows never decrease with {@code j}, and the {@code ksize} rows of one output are
     * consecutive (or repeated at the border), so they fall in distinct slots of a ring of {@code ksize} rows
     * indexed by {@code row mod ksize}: each source row is resampled once, and only a few rows are kept.
     */
    private static void separable(Image8 src, Axis ax, Axis ay, int outW, Window win, Image8 dst, boolean cubic) {
        int cn = src.channels;
        int w = src.width;
        int h = src.height;
        int winW = win.width();
        int winH = win.height();
        int rowLen = winW * cn;
        int ks = ay.ksize;
        int kx = ax.ksize;
        // clamped source offset (in bytes within a row) of every horizontal tap
        Workspace ws = Workspace.get();
        int[] tap = ws.ints(0, winW * kx);
        for (int i = 0; i < winW; i++) {
            for (int k = 0; k < kx; k++) {
                tap[i * kx + k] = Args.clamp(ax.ofs[i] + k, 0, w - 1) * cn;
            }
        }
        long laneRange = kx == 2 && (cn == 3 || cn == 4) && LANES ? OpenCvLanes.range(tap, cn, winW) : 0;
        // slot k of the ring is ring[k·rowLen ..]; rows[k] is where output row j's k-th source row starts
        int[] ring = ws.ints(1, ks * rowLen);
        int[] ringRow = ws.ints(2, ks);
        java.util.Arrays.fill(ringRow, 0, ks, -1);
        int[] rows = ws.ints(3, ks);

        byte[] d = dst.data;
        // index (within the full output row of outW*cn values) where OpenCV's SIMD body ends and the scalar tail starts
        int vecEnd = (outW * cn / 8) * 8;
        int e0 = win.x() * cn;
        float inv = 1.f / (COEF_SCALE * COEF_SCALE);
        for (int j = 0; j < winH; j++) {
            for (int k = 0; k < ks; k++) {
                int r = Args.clamp(ay.ofs[j] + k, 0, h - 1);
                int slot = r % ks;
                if (ringRow[slot] != r) {
                    horizontal(src.data, r * w * cn, cn, tap, ax.w, kx, winW, ring, slot * rowLen, laneRange);
                    ringRow[slot] = r;
                }
                rows[k] = slot * rowLen;
            }
            int o = j * rowLen;
            if (!cubic && LANES) {
                OpenCvLanes.verticalLinear(ring, rows[0], rows[1], ay.w[2 * j], ay.w[2 * j + 1], d, o, rowLen);
            } else if (!cubic) {
                verticalLinear(ring, rows[0], rows[1], ay.w[2 * j], ay.w[2 * j + 1], d, o, rowLen);
            } else {
                int h0 = rows[0];
                int h1 = rows[1];
                int h2 = rows[2];
                int h3 = rows[3];
                int b0 = ay.w[4 * j];
                int b1 = ay.w[4 * j + 1];
                int b2 = ay.w[4 * j + 2];
                int b3 = ay.w[4 * j + 3];
                float f0 = b0 * inv;
                float f1 = b1 * inv;
                float f2 = b2 * inv;
                float f3 = b3 * inv;
                for (int e = 0; e < rowLen; e++) {
                    int s0 = ring[h0 + e];
                    int s1 = ring[h1 + e];
                    int s2 = ring[h2 + e];
                    int s3 = ring[h3 + e];
                    int v;
                    if (e0 + e < vecEnd) {
                        float t = s3 * f3;
                        t = s2 * f2 + t;
                        t = s1 * f1 + t;
                        t = s0 * f0 + t;
                        v = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.rint(t)));
                    } else {
                        v = (s0 * b0 + s1 * b1 + s2 * b2 + s3 * b3 + (1 << (2 * COEF_BITS - 1))) >> (2 * COEF_BITS);
                    }
                    d[o + e] = (byte) Args.clampByte(v);
                }
            }
        }
    }

    /**
     * One source row (starting at byte {@code sRow}) through the horizontal taps, into {@code out[o .. o + winW·cn)};
     * {@code laneRange} is {@link OpenCvLanes#range}'s non-empty range when the lanes take the row, else 0.
     */
    private static void horizontal(byte[] s, int sRow, int cn, int[] tap, short[] aw, int kx, int winW, int[] out, int o,
                                   long laneRange) {
        if (laneRange != 0) {
            OpenCvLanes.horizontal2(s, sRow, cn, tap, aw, winW, out, o, laneRange);
        } else if (kx == 2 && cn == 3) {
            // the INTER_LINEAR shape, unrolled over the three channels
            for (int i = 0; i < winW; i++, o += 3) {
                int p0 = sRow + tap[2 * i];
                int p1 = sRow + tap[2 * i + 1];
                int a0 = aw[2 * i];
                int a1 = aw[2 * i + 1];
                out[o] = (s[p0] & 0xFF) * a0 + (s[p1] & 0xFF) * a1;
                out[o + 1] = (s[p0 + 1] & 0xFF) * a0 + (s[p1 + 1] & 0xFF) * a1;
                out[o + 2] = (s[p0 + 2] & 0xFF) * a0 + (s[p1 + 2] & 0xFF) * a1;
            }
        } else if (kx == 2 && cn == 4) {
            // the same for four channels (a 4-byte source resized as it is, see GeometryStage)
            for (int i = 0; i < winW; i++, o += 4) {
                int p0 = sRow + tap[2 * i];
                int p1 = sRow + tap[2 * i + 1];
                int a0 = aw[2 * i];
                int a1 = aw[2 * i + 1];
                out[o] = (s[p0] & 0xFF) * a0 + (s[p1] & 0xFF) * a1;
                out[o + 1] = (s[p0 + 1] & 0xFF) * a0 + (s[p1 + 1] & 0xFF) * a1;
                out[o + 2] = (s[p0 + 2] & 0xFF) * a0 + (s[p1 + 2] & 0xFF) * a1;
                out[o + 3] = (s[p0 + 3] & 0xFF) * a0 + (s[p1 + 3] & 0xFF) * a1;
            }
        } else if (kx == 2) {
            for (int i = 0; i < winW; i++) {
                int p0 = sRow + tap[2 * i];
                int p1 = sRow + tap[2 * i + 1];
                int a0 = aw[2 * i];
                int a1 = aw[2 * i + 1];
                for (int c = 0; c < cn; c++) {
                    out[o++] = (s[p0 + c] & 0xFF) * a0 + (s[p1 + c] & 0xFF) * a1;
                }
            }
        } else {
            for (int i = 0; i < winW; i++) {
                int b = 4 * i;
                int p0 = sRow + tap[b];
                int p1 = sRow + tap[b + 1];
                int p2 = sRow + tap[b + 2];
                int p3 = sRow + tap[b + 3];
                int a0 = aw[b];
                int a1 = aw[b + 1];
                int a2 = aw[b + 2];
                int a3 = aw[b + 3];
                for (int c = 0; c < cn; c++) {
                    out[o++] = (s[p0 + c] & 0xFF) * a0 + (s[p1 + c] & 0xFF) * a1
                            + (s[p2 + c] & 0xFF) * a2 + (s[p3 + c] & 0xFF) * a3;
                }
            }
        }
    }

    /**
     * INTER_LINEAR's vertical combine, OpenCV's approximate fixed point: {@code ((h0>>4)·b0>>16) + ((h1>>4)·b1>>16)},
     * then {@code +2 >> 2}, saturated to a byte. The row lengths are checked up front so that C2 can drop the
     * per-element checks of this hot loop.
     */
    private static void verticalLinear(int[] h, int h0, int h1, int b0, int b1, byte[] d, int o, int n) {
        java.util.Objects.checkFromIndexSize(h0, n, h.length);
        java.util.Objects.checkFromIndexSize(h1, n, h.length);
        java.util.Objects.checkFromIndexSize(o, n, d.length);
        for (int e = 0; e < n; e++) {
            int v = ((((h[h0 + e] >> 4) * b0) >> 16) + (((h[h1 + e] >> 4) * b1) >> 16) + 2) >> 2;
            d[o + e] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }

    /** resizeAreaFast: integer factors sx × sy. */
    private static void areaFast(Image8 src, int sx, int sy, int outW, int outH, Window win, Image8 dst) {
        int cn = src.channels;
        int w = src.width;
        int h = src.height;
        int area = sx * sy;
        float scale = 1.f / area;
        boolean twoByTwo = sx == 2 && sy == 2;
        int fullW = w / sx; // outputs whose block lies inside the source horizontally
        byte[] s = src.data;
        byte[] d = dst.data;
        int o = 0;
        for (int j = 0; j < win.height(); j++) {
            int dy = win.y() + j;
            int y0 = dy * sy;
            boolean fullRow = y0 + sy <= h;
            for (int i = 0; i < win.width(); i++) {
                int dx = win.x() + i;
                int x0 = dx * sx;
                for (int c = 0; c < cn; c++) {
                    int v;
                    if (y0 >= h) {
                        v = 0;
                    } else if (fullRow && dx < fullW) {
                        int sum = 0;
                        for (int yy = 0; yy < sy; yy++) {
                            int p = ((y0 + yy) * w + x0) * cn + c;
                            for (int xx = 0; xx < sx; xx++, p += cn) {
                                sum += s[p] & 0xFF;
                            }
                        }
                        v = twoByTwo ? (sum + 2) >> 2 : (int) Math.rint(sum * scale);
                    } else {
                        // partial block at the right or bottom edge: mean of the pixels that exist
                        int sum = 0;
                        int count = 0;
                        for (int yy = 0; yy < sy && y0 + yy < h; yy++) {
                            for (int xx = 0; xx < sx && x0 + xx < w; xx++) {
                                sum += s[((y0 + yy) * w + x0 + xx) * cn + c] & 0xFF;
                                count++;
                            }
                        }
                        v = count == 0 ? 0 : (int) Math.rint((float) sum / count);
                    }
                    d[o++] = (byte) Args.clampByte(v);
                }
            }
        }
    }

    /** computeResizeAreaTab: entries of (destination index, source index, weight) in OpenCV's order; returns the count. */
    private static int areaTab(int ssize, int dsize, double scale, int[] di, int[] si, float[] alpha) {
        int k = 0;
        for (int dx = 0; dx < dsize; dx++) {
            double fsx1 = dx * scale;
            double fsx2 = fsx1 + scale;
            double cellWidth = Math.min(scale, ssize - fsx1);
            int sx1 = (int) Math.ceil(fsx1);
            int sx2 = (int) Math.floor(fsx2);
            sx2 = Math.min(sx2, ssize - 1);
            sx1 = Math.min(sx1, sx2);
            if (sx1 - fsx1 > 1e-3) {
                di[k] = dx;
                si[k] = sx1 - 1;
                alpha[k++] = (float) ((sx1 - fsx1) / cellWidth);
            }
            for (int x = sx1; x < sx2; x++) {
                di[k] = dx;
                si[k] = x;
                alpha[k++] = (float) (1.0 / cellWidth);
            }
            if (fsx2 - sx2 > 1e-3) {
                di[k] = dx;
                si[k] = sx2;
                alpha[k++] = (float) (Math.min(Math.min(fsx2 - sx2, 1.), cellWidth) / cellWidth);
            }
        }
        return k;
    }

    /**
     * One source row's horizontal area sums for the window's columns: {@code buf[i·3 + c]} is the float sum, in
     * entry order, of {@code pixel · weight} over column i's entries, which is what ResizeArea_Invoker's running
     * {@code buf[dx] += src[sx] · alpha} leaves there (its buffer starts at zero, and {@code 0 + v} is {@code v}).
     *
     * <p>Each sum is a chain of dependent float additions whose order is fixed (another order rounds
     * differently), so one column's three chains leave the CPU waiting on the adder's latency. Two columns are
     * summed side by side, six independent chains, each still in its own entry order: their common number of
     * entries together, then the longer one's rest.
     */
    private static void areaRow3(byte[] s, int sRow, int[] run, int[] xofs, float[] xw, float[] buf, int winW) {
        int i = 0;
        for (; i + 1 < winW; i += 2) {
            int k0 = run[i];
            int k1 = run[i + 1];
            int end0 = k1;
            int end1 = run[i + 2];
            int common = Math.min(end0 - k0, end1 - k1);
            float r0 = 0f;
            float g0 = 0f;
            float b0 = 0f;
            float r1 = 0f;
            float g1 = 0f;
            float b1 = 0f;
            for (int t = 0; t < common; t++, k0++, k1++) {
                int p = sRow + xofs[k0];
                int q = sRow + xofs[k1];
                float a = xw[k0];
                float c = xw[k1];
                r0 = r0 + (s[p] & 0xFF) * a;
                g0 = g0 + (s[p + 1] & 0xFF) * a;
                b0 = b0 + (s[p + 2] & 0xFF) * a;
                r1 = r1 + (s[q] & 0xFF) * c;
                g1 = g1 + (s[q + 1] & 0xFF) * c;
                b1 = b1 + (s[q + 2] & 0xFF) * c;
            }
            for (; k0 < end0; k0++) {
                int p = sRow + xofs[k0];
                float a = xw[k0];
                r0 = r0 + (s[p] & 0xFF) * a;
                g0 = g0 + (s[p + 1] & 0xFF) * a;
                b0 = b0 + (s[p + 2] & 0xFF) * a;
            }
            for (; k1 < end1; k1++) {
                int q = sRow + xofs[k1];
                float c = xw[k1];
                r1 = r1 + (s[q] & 0xFF) * c;
                g1 = g1 + (s[q + 1] & 0xFF) * c;
                b1 = b1 + (s[q + 2] & 0xFF) * c;
            }
            buf[3 * i] = r0;
            buf[3 * i + 1] = g0;
            buf[3 * i + 2] = b0;
            buf[3 * i + 3] = r1;
            buf[3 * i + 4] = g1;
            buf[3 * i + 5] = b1;
        }
        if (i < winW) {
            float r = 0f;
            float g = 0f;
            float b = 0f;
            for (int k = run[i]; k < run[i + 1]; k++) {
                int p = sRow + xofs[k];
                float a = xw[k];
                r = r + (s[p] & 0xFF) * a;
                g = g + (s[p + 1] & 0xFF) * a;
                b = b + (s[p + 2] & 0xFF) * a;
            }
            buf[3 * i] = r;
            buf[3 * i + 1] = g;
            buf[3 * i + 2] = b;
        }
    }

    /** {@link #areaRow3} for any channel count. */
    private static void areaRow(byte[] s, int sRow, int cn, int[] run, int[] xofs, float[] xw, float[] buf, int winW) {
        for (int i = 0; i < winW; i++) {
            for (int c = 0; c < cn; c++) {
                float acc = 0f;
                for (int k = run[i]; k < run[i + 1]; k++) {
                    acc = acc + (s[sRow + xofs[k] + c] & 0xFF) * xw[k];
                }
                buf[i * cn + c] = acc;
            }
        }
    }

    /** ResizeArea_Invoker: float-weighted pixel areas for non-integer shrinking. */
    private static void area(Image8 src, int outW, int outH, double scaleX, double scaleY, Window win, Image8 dst) {
        int cn = src.channels;
        int w = src.width;
        int cap = 2 * (w + src.height) + 4;
        Workspace ws = Workspace.get();
        int[] xdi = ws.ints(0, cap);
        int[] xsi = ws.ints(1, cap);
        float[] xa = ws.floats(0, cap);
        int xn = areaTab(w, outW, scaleX, xdi, xsi, xa);
        int[] ydi = ws.ints(2, cap);
        int[] ysi = ws.ints(3, cap);
        float[] ya = ws.floats(1, cap);
        int yn = areaTab(src.height, outH, scaleY, ydi, ysi, ya);

        // the x entries that feed the window's columns, keeping their order
        int x0 = win.x();
        int x1 = win.x() + win.width();
        int kFirst = 0;
        while (kFirst < xn && xdi[kFirst] < x0) {
            kFirst++;
        }
        int kEnd = kFirst;
        while (kEnd < xn && xdi[kEnd] < x1) {
            kEnd++;
        }
        int winW = win.width();
        int rowLen = winW * cn;
        // The entries of one output column are consecutive: column i of the window uses entries
        // run[i] .. run[i+1]-1, whose source offsets are pre-multiplied by the channel count.
        int entries = kEnd - kFirst;
        int[] run = ws.ints(4, winW + 1);
        int[] xofs = ws.ints(5, entries);
        for (int i = 0, k = 0; i <= winW; i++) {
            while (k < entries && xdi[kFirst + k] - x0 < i) {
                k++;
            }
            run[i] = k;
        }
        for (int k = 0; k < entries; k++) {
            xofs[k] = xsi[kFirst + k] * cn;
        }
        float[] xw = ws.floats(2, entries);
        System.arraycopy(xa, kFirst, xw, 0, entries);
        float[] buf = ws.floats(3, rowLen + 8);
        boolean lanes = (cn == 3 || cn == 4) && LANES && entries > 0;
        for (int i = 0; lanes && i < winW; i++) {
            lanes = run[i + 1] > run[i]; // the lanes need an entry in every column
        }
        int pairs = 0;
        int[] pairStart = null;
        int[] pairOfs = null;
        float[] pairW = null;
        if (lanes) {
            int n = OpenCvLanes.areaPairEntries(winW, entries);
            pairStart = ws.ints(6, winW / 2 + 2);
            pairOfs = ws.ints(7, 2 * n);
            pairW = ws.floats(5, 2 * n);
            pairs = OpenCvLanes.areaPairs(run, xofs, xw, winW, pairStart, pairOfs, pairW);
        }
        int lastOfs = entries > 0 ? xofs[entries - 1] : 0;
        float[] sum = ws.floats(4, rowLen);
        byte[] s = src.data;
        byte[] d = dst.data;
        int y0 = win.y();
        int y1 = win.y() + win.height();
        int j = 0;
        while (j < yn && ydi[j] < y0) {
            j++;
        }
        int bufRow = -1; // the source row whose sums buf holds
        while (j < yn && ydi[j] < y1) {
            int dy = ydi[j];
            java.util.Arrays.fill(sum, 0, rowLen, 0f);
            for (; j < yn && ydi[j] == dy; j++) {
                float beta = ya[j];
                // A row split between two output rows ends one group and starts the next: its sums are in buf
                // already (the same computation would give the same floats).
                if (ysi[j] != bufRow) {
                    bufRow = ysi[j];
                    int sRow = bufRow * w * cn;
                    if (lanes && OpenCvLanes.areaRow(s, sRow, cn, pairs, pairStart, pairOfs, pairW, buf, winW, lastOfs)) {
                        // summed in lanes
                    } else if (cn == 3) {
                        areaRow3(s, sRow, run, xofs, xw, buf, winW);
                    } else {
                        areaRow(s, sRow, cn, run, xofs, xw, buf, winW);
                    }
                }
                for (int e = 0; e < rowLen; e++) {
                    sum[e] = sum[e] + beta * buf[e];
                }
            }
            int o = (dy - y0) * rowLen;
            for (int e = 0; e < rowLen; e++) {
                d[o + e] = (byte) Args.clampByte((int) Math.rint(sum[e]));
            }
        }
    }
}
