package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;

/**
 * torch 1.13 {@code F.interpolate} on the float32 copy of a uint8 image, as torchvision 0.14's tensor
 * {@code Resize} runs it, followed by {@code round} (half to even) back to uint8; bicubic results are clamped to
 * [0, 255] first.
 * <ul>
 *   <li>NEAREST ('nearest'): {@code src = min(floor(d · scale), in-1)} with the float32 {@code scale = in/out}.</li>
 *   <li>BILINEAR, antialias false (align_corners=False): float32 {@code scale = in/out}; the source position
 *       {@code max(0, scale·(d+0.5) - 0.5)} is kept in double and its fraction stored as the float weight; each
 *       of the two rows is interpolated horizontally and the rows are then combined
 *       ({@code (x00·w0 + x01·w1)·h0 + (x10·w0 + x11·w1)·h1} in float). This order and the double source
 *       position were selected because they reproduce all golden torch bilinear cases bit for bit, where the
 *       float-rounded position of the four-term channels-last sum missed 0.004–0.03 % of values by one step.</li>
 *   <li>BICUBIC, antialias false: a = -0.75, taps clamped to the border, the position in double and the float
 *       fraction fed to the float cubic polynomials; each of the four rows is interpolated horizontally, then
 *       the rows are combined, all in float.</li>
 *   <li>BILINEAR / BICUBIC, antialias true: the separable antialias kernel (horizontal pass first, float
 *       intermediate) with PIL-style supports and float weights; its cubic filter uses a = -0.5, like Pillow.</li>
 * </ul>
 * Same size in and out is the identity (torchvision skips the call; the kernels reproduce the input exactly).
 *
 * <p>Stateless utility: static methods only; scratch memory is per thread, so calls from several threads do not meet.
 */
public final class TorchResampler {

    private TorchResampler() {
    }

    /**
     * Resizes {@code src} to {@code outW × outH} and writes the window {@code win} of the result to {@code dst}.
     *
     * @throws IllegalArgumentException for filters other than NEAREST, BILINEAR and BICUBIC, antialias with
     *                                  NEAREST, a window outside the output or a destination of the wrong size
     */
    public static void resize(Image8 src, int outW, int outH, Filter f, boolean antialias, Window win, Image8 dst) {
        Args.check("torch", src, outW, outH, f, win, dst);
        run(src, outW, outH, f, antialias, win, dst, null);
    }

    /**
     * The same interpolation without the final rounding to uint8 (nor the bicubic clamp): what torch computes on a
     * float tensor, as when a pipeline resizes after {@code ToTensor}/{@code Normalize}. {@code dst} receives the
     * window's values, interleaved like {@link Image8}, in 0..255 units.
     */
    public static void resizeFloat(Image8 src, int outW, int outH, Filter f, boolean antialias, Window win, float[] dst) {
        Args.checkGeometry("torch", src, outW, outH, f, win);
        if (dst.length < (long) win.width() * win.height() * src.channels) {
            throw new IllegalArgumentException("float destination holds " + dst.length + " values, the window needs "
                    + (long) win.width() * win.height() * src.channels);
        }
        run(src, outW, outH, f, antialias, win, null, dst);
    }

    private static void run(Image8 src, int outW, int outH, Filter f, boolean antialias, Window win, Image8 dst, float[] fdst) {
        if (f != Filter.NEAREST && f != Filter.BILINEAR && f != Filter.BICUBIC) {
            throw new IllegalArgumentException("torch interpolate supports NEAREST, BILINEAR and BICUBIC, not " + f);
        }
        if (f == Filter.NEAREST && antialias) {
            throw new IllegalArgumentException("torch: antialias is only supported for BILINEAR and BICUBIC");
        }
        if (outW == src.width && outH == src.height) {
            if (fdst == null) {
                Args.copyWindow(src, win, dst);
            } else {
                Workspace ws = Workspace.get();
                int[] xs = ws.ints(0, win.width());
                int[] ys = ws.ints(1, win.height());
                for (int i = 0; i < win.width(); i++) {
                    xs[i] = win.x() + i;
                }
                for (int j = 0; j < win.height(); j++) {
                    ys[j] = win.y() + j;
                }
                Args.gather(src, xs, win.width(), ys, win.height(), fdst);
            }
            return;
        }
        if (f == Filter.NEAREST) {
            Workspace ws = Workspace.get();
            int[] xs = nearestIndex(src.width, outW, win.x(), win.width(), ws.ints(0, win.width()));
            int[] ys = nearestIndex(src.height, outH, win.y(), win.height(), ws.ints(1, win.height()));
            if (fdst == null) {
                Args.gather(src, xs, win.width(), ys, win.height(), dst);
            } else {
                Args.gather(src, xs, win.width(), ys, win.height(), fdst);
            }
        } else if (antialias) {
            antialiased(src, outW, outH, f == Filter.BICUBIC, win, dst, fdst);
        } else if (f == Filter.BILINEAR) {
            bilinear(src, outW, outH, win, dst, fdst);
        } else {
            bicubic(src, outW, outH, win, dst, fdst);
        }
    }


    /** torch's nearest source index of outputs {@code from .. from+count-1}, into {@code idx[0 .. count)}. */
    static int[] nearestIndex(int in, int out, int from, int count, int[] idx) {
        float scale = (float) in / (float) out;
        for (int i = 0; i < count; i++) {
            long s = (long) Math.floor((float) (from + i) * scale);
            idx[i] = (int) Math.min(s, in - 1);
        }
        return idx;
    }

    /** torch.round then the uint8 cast: half to even, clamped. */
    private static byte toByte(float v) {
        return (byte) Args.clampByte((int) Math.rint(Math.max(-1f, Math.min(256f, v))));
    }

    // ------------------------------------------------------------------ bilinear, no antialias

    private static void bilinear(Image8 src, int outW, int outH, Window win, Image8 dst, float[] fd) {
        int cn = src.channels;
        int winW = win.width();
        Workspace ws = Workspace.get();
        int[] x0 = ws.ints(0, winW);
        int[] x1 = ws.ints(1, winW);
        float[] wx0 = ws.floats(0, winW);
        float[] wx1 = ws.floats(1, winW);
        linearAxis(src.width, outW, win.x(), winW, x0, x1, wx0, wx1);
        int winH = win.height();
        int[] y0 = ws.ints(2, winH);
        int[] y1 = ws.ints(3, winH);
        float[] wy0 = ws.floats(2, winH);
        float[] wy1 = ws.floats(3, winH);
        linearAxis(src.height, outH, win.y(), winH, y0, y1, wy0, wy1);
        byte[] s = src.data;
        byte[] d = dst == null ? null : dst.data;
        int stride = src.width * cn;
        int o = 0;
        for (int j = 0; j < winH; j++) {
            int r0 = y0[j] * stride;
            int r1 = y1[j] * stride;
            float h0 = wy0[j];
            float h1 = wy1[j];
            for (int i = 0; i < winW; i++) {
                float a0 = wx0[i];
                float a1 = wx1[i];
                int c0 = x0[i] * cn;
                int c1 = x1[i] * cn;
                for (int c = 0; c < cn; c++) {
                    float top = (s[r0 + c0 + c] & 0xFF) * a0 + (s[r0 + c1 + c] & 0xFF) * a1;
                    float bottom = (s[r1 + c0 + c] & 0xFF) * a0 + (s[r1 + c1 + c] & 0xFF) * a1;
                    float v = top * h0 + bottom * h1;
                    if (fd != null) {
                        fd[o++] = v;
                    } else {
                        d[o++] = toByte(v);
                    }
                }
            }
        }
    }

    /** compute_source_index_and_lambda with align_corners=False. */
    private static void linearAxis(int in, int out, int from, int count, int[] i0, int[] i1, float[] l0, float[] l1) {
        float scale = (float) in / (float) out;
        for (int k = 0; k < count; k++) {
            int d = from + k;
            if (in == out) {
                i0[k] = d;
                i1[k] = d;
                l0[k] = 1f;
                l1[k] = 0f;
                continue;
            }
            double real = scale * (d + 0.5) - 0.5;
            if (real < 0) {
                real = 0;
            }
            int a = Math.min((int) real, in - 1);
            i0[k] = a;
            i1[k] = a < in - 1 ? a + 1 : a;
            float lambda1 = (float) (real - a);
            l1[k] = lambda1;
            l0[k] = (float) (1.0 - (real - a));
        }
    }

    // ------------------------------------------------------------------ bicubic, no antialias

    private static void bicubic(Image8 src, int outW, int outH, Window win, Image8 dst, float[] fd) {
        int cn = src.channels;
        int winW = win.width();
        int winH = win.height();
        Workspace ws = Workspace.get();
        float[] coeffs = ws.floats(4, 4);
        int[] xi = ws.ints(0, winW * 4);
        float[] xw = ws.floats(0, winW * 4);
        cubicAxis(src.width, outW, win.x(), winW, xi, xw, coeffs);
        int[] yi = ws.ints(1, winH * 4);
        float[] yw = ws.floats(1, winH * 4);
        cubicAxis(src.height, outH, win.y(), winH, yi, yw, coeffs);
        byte[] s = src.data;
        byte[] d = dst == null ? null : dst.data;
        int stride = src.width * cn;
        int o = 0;
        for (int j = 0; j < winH; j++) {
            for (int i = 0; i < winW; i++) {
                for (int c = 0; c < cn; c++) {
                    float out = 0f;
                    for (int ky = 0; ky < 4; ky++) {
                        int row = yi[4 * j + ky] * stride + c;
                        float t = (s[row + xi[4 * i] * cn] & 0xFF) * xw[4 * i];
                        for (int kx = 1; kx < 4; kx++) {
                            t += (s[row + xi[4 * i + kx] * cn] & 0xFF) * xw[4 * i + kx];
                        }
                        out = ky == 0 ? t * yw[4 * j] : out + t * yw[4 * j + ky];
                    }
                    if (fd != null) {
                        fd[o++] = out;
                    } else {
                        d[o++] = toByte(out);
                    }
                }
            }
        }
    }

    private static void cubicAxis(int in, int out, int from, int count, int[] idx, float[] w, float[] c) {
        float scale = (float) in / (float) out;
        for (int k = 0; k < count; k++) {
            int d = from + k;
            // the source index is evaluated in double and only the fraction is stored as float
            double real = scale * (d + 0.5) - 0.5;
            int i0 = (int) Math.floor(real);
            cubicCoeffs((float) (real - i0), c);
            for (int j = 0; j < 4; j++) {
                idx[4 * k + j] = Math.max(Math.min(i0 - 1 + j, in - 1), 0);
                w[4 * k + j] = c[j];
            }
        }
    }

    /** get_cubic_upsample_coefficients with A = -0.75, float arithmetic. */
    static void cubicCoeffs(float t, float[] c) {
        final float a = -0.75f;
        float x1 = t;
        c[0] = conv2(x1 + 1.0f, a);
        c[1] = conv1(x1, a);
        float x2 = 1.0f - t;
        c[2] = conv1(x2, a);
        c[3] = conv2(x2 + 1.0f, a);
    }

    private static float conv1(float x, float a) {
        // ((A + 2) * x - (A + 3)) * x * x + 1
        return ((a + 2) * x - (a + 3)) * x * x + 1;
    }

    private static float conv2(float x, float a) {
        // ((A * x - 5A) * x + 8A) * x - 4A
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    }

    // ------------------------------------------------------------------ antialias (separable)

    /**
     * PIL-style bounds and normalised float weights of the window's outputs along one axis. Refilled in place for
     * each resize (one per axis in the thread's {@link Workspace}); the arrays may be longer than needed.
     */
    static final class AaAxis {
        int ksize;
        int[] xmin = new int[0];
        int[] n = new int[0];
        float[] w = new float[0];

        AaAxis fill(int in, int out, boolean cubic, int from, int count) {
            int interp = cubic ? 4 : 2;
            float scale = (float) in / (float) out;
            float support = scale >= 1.0f ? (float) (interp * 0.5 * scale) : (float) (interp * 0.5);
            ksize = (int) Math.ceil(support) * 2 + 1;
            if (xmin.length < count) {
                xmin = new int[count];
                n = new int[count];
            }
            if (w.length < count * ksize) {
                w = new float[count * ksize];
            }
            float invscale = scale >= 1.0f ? (float) (1.0 / scale) : 1.0f;
            for (int k = 0; k < count; k++) {
                int i = from + k;
                float center = (float) (scale * (i + 0.5));
                int lo = Math.max((int) (long) ((center - support) + 0.5), 0);
                int size = (int) Math.min((long) ((center + support) + 0.5), in) - lo;
                float total = 0f;
                int base = k * ksize;
                for (int j = 0; j < size; j++) {
                    float x = (float) (((float) (j + lo) - center + 0.5) * invscale);
                    float v = cubic ? aaCubic(x) : aaLinear(x);
                    w[base + j] = v;
                    total += v;
                }
                for (int j = 0; j < size; j++) {
                    if (total != 0f) {
                        w[base + j] /= total;
                    }
                }
                xmin[k] = lo;
                n[k] = size;
            }
            return this;
        }
    }

    private static float aaLinear(float x) {
        float a = x < 0f ? -x : x;
        return a < 1.0f ? (float) (1.0 - a) : 0f;
    }

    /** torch's antialias cubic filter (taken from Pillow): a = -0.5, evaluated in double, stored as float. */
    private static float aaCubic(float xf) {
        final double a = -0.5;
        double x = xf < 0f ? -xf : xf;
        if (x < 1.0) {
            return (float) (((a + 2.0) * x - (a + 3.0)) * x * x + 1);
        }
        if (x < 2.0) {
            return (float) ((((x - 5) * x + 8) * x - 4) * a);
        }
        return 0f;
    }

    private static void antialiased(Image8 src, int outW, int outH, boolean cubic, Window win, Image8 dst, float[] fd) {
        int cn = src.channels;
        int winW = win.width();
        int winH = win.height();
        boolean horizontal = outW != src.width;
        boolean vertical = outH != src.height;
        Workspace ws = Workspace.get();
        AaAxis ay = vertical ? ws.torchY.fill(src.height, outH, cubic, win.y(), winH) : null;
        int rowStart;
        int rowEnd;
        if (vertical) {
            rowStart = Integer.MAX_VALUE;
            rowEnd = 0;
            for (int j = 0; j < winH; j++) {
                rowStart = Math.min(rowStart, ay.xmin[j]);
                rowEnd = Math.max(rowEnd, ay.xmin[j] + ay.n[j]);
            }
        } else {
            rowStart = win.y();
            rowEnd = win.y() + winH;
        }
        int rowLen = winW * cn;
        int midLen = (rowEnd - rowStart) * rowLen;
        float[] mid = ws.floats(0, midLen);
        byte[] s = src.data;
        if (horizontal) {
            AaAxis ax = ws.torchX.fill(src.width, outW, cubic, win.x(), winW);
            for (int r = rowStart; r < rowEnd; r++) {
                int sRow = r * src.width * cn;
                int o = (r - rowStart) * rowLen;
                for (int i = 0; i < winW; i++) {
                    int size = ax.n[i];
                    int wb = i * ax.ksize;
                    int p0 = sRow + ax.xmin[i] * cn;
                    for (int c = 0; c < cn; c++) {
                        int p = p0 + c;
                        float acc = (s[p] & 0xFF) * ax.w[wb];
                        for (int t = 1; t < size; t++) {
                            p += cn;
                            acc += (s[p] & 0xFF) * ax.w[wb + t];
                        }
                        mid[o++] = acc;
                    }
                }
            }
        } else {
            for (int r = rowStart; r < rowEnd; r++) {
                int p = (r * src.width + win.x()) * cn;
                int o = (r - rowStart) * rowLen;
                for (int e = 0; e < rowLen; e++) {
                    mid[o + e] = s[p + e] & 0xFF;
                }
            }
        }
        byte[] d = dst == null ? null : dst.data;
        if (!vertical) {
            for (int e = 0; e < midLen; e++) {
                if (fd != null) {
                    fd[e] = mid[e];
                } else {
                    d[e] = toByte(mid[e]);
                }
            }
            return;
        }
        float[] acc = ws.floats(1, rowLen);
        for (int j = 0; j < winH; j++) {
            int size = ay.n[j];
            int wb = j * ay.ksize;
            int r0 = (ay.xmin[j] - rowStart) * rowLen;
            float w0 = ay.w[wb];
            for (int e = 0; e < rowLen; e++) {
                acc[e] = mid[r0 + e] * w0;
            }
            for (int t = 1; t < size; t++) {
                int r = r0 + t * rowLen;
                float wt = ay.w[wb + t];
                for (int e = 0; e < rowLen; e++) {
                    acc[e] += mid[r + e] * wt;
                }
            }
            int o = j * rowLen;
            if (fd != null) {
                System.arraycopy(acc, 0, fd, o, rowLen);
            } else {
                for (int e = 0; e < rowLen; e++) {
                    d[o + e] = toByte(acc[e]);
                }
            }
        }
    }
}
