package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Window;

import java.util.Objects;

/**
 * OpenCV 4.6 {@code cv::resize} INTER_LINEAR of an interleaved 8-bit source, fused with the per-channel map of each
 * resized 8-bit level to float and written straight into the planes of a float tensor: the letterbox and resize
 * route of a detector's input (Ultralytics, YOLOv5, PaddleDetection) without an 8-bit window, a canvas or a second
 * pass.
 *
 * <p>The same arithmetic as {@link OpenCvResampler}'s INTER_LINEAR, value for value: 11-bit weights from
 * {@code fx = (float)((d+0.5)·scale − 0.5)}, horizontal sums {@code s0·a0 + s1·a1} in int, the approximate vertical
 * combine {@code ((h0>>4)·b0>>16) + ((h1>>4)·b1>>16) + 2 >> 2}. Each output channel is resampled from its own byte
 * of the source pixel (the arithmetic is per channel), so reading R, G, B out of a BGRA pixel gives the bytes that
 * resizing the extracted RGB image gives. Two exact shortcuts: a source row whose vertical weight is 0 is never
 * resampled (its term is {@code 0} whatever its values), and when every horizontal second weight of the window is 0
 * (an odd integer shrink: 1920 → 640 samples columns 1, 4, 7, …) the second tap is not read. The level map is the
 * caller's table {@code lut[c][v]}, which must equal {@code (float)(a[c]·(v or 255−v) + b[c])} computed in double:
 * the SIMD lanes ({@link OpenCvLinearPlanesLanes}) compute it that way, the scalar loops look it up.
 *
 * <p>Not for the sizes where {@code cv::resize} does something else ({@link #handles}): the same size (a copy) and an
 * exact halving of both sides (INTER_AREA).
 *
 * <p>Stateless utility: static methods only; scratch memory is per thread, so calls from several threads do not meet.
 */
public final class OpenCvLinearPlanes {
    private static final boolean LANES = dev.pixelprep.core.simd.Simd.ENABLED;

    private OpenCvLinearPlanes() {
    }

    /**
     * Takes each finished window row when the planes are a staging row the caller empties (a buffer output): called
     * once per window row {@code j}, after all its channels are in {@code out}. Implementations are confined to the
     * calling thread.
     */
    public interface RowSink {
        void rowDone(int j);
    }

    /** Whether {@code cv::resize} runs INTER_LINEAR itself for this resize (not a copy, not the 2× INTER_AREA). */
    public static boolean handles(int srcW, int srcH, int outW, int outH, double invScaleX, double invScaleY) {
        if (outW == srcW && outH == srcH) {
            return false;
        }
        double scaleX = 1.0 / invScaleX;
        double scaleY = 1.0 / invScaleY;
        long iscaleX = Math.round(scaleX);
        long iscaleY = Math.round(scaleY);
        boolean areaFast = Math.abs(scaleX - iscaleX) < Math.ulp(1.0) && Math.abs(scaleY - iscaleY) < Math.ulp(1.0);
        return !(areaFast && iscaleX == 2 && iscaleY == 2);
    }

    /**
     * Resizes the source to {@code outW × outH} and writes window {@code win} of the result, channel {@code c} mapped
     * through {@code lut[c]}, to {@code out[planeStart[c] + j·outRowStride + i]} for window pixel {@code (i, j)}.
     *
     * @param bytes     the source as bytes (pixel {@code x} of row {@code y} at {@code offset + y·rowStride + x·ps}),
     *                  or {@code null} when {@code ints} holds it
     * @param ints      the source as packed ints (pixel at {@code offset + y·rowStride + x}), or {@code null}
     * @param ps        bytes per pixel of a byte source (1, 3 or 4); ignored for ints
     * @param at        per output channel, its byte within the pixel (bytes) or its bit shift (ints); 1 or 3 channels
     * @param invert    whether the map reads {@code 255 − v} (for the lanes' arithmetic; the table already does)
     * @param outRowStride elements from one window row to the next in each plane; 0 to write every row to the same
     *                  place, which {@code sink} then empties
     * @param sink      told when each row is done, or {@code null}
     * @throws IllegalArgumentException for a window outside the output, a size this class does not handle or arrays
     *                                  too short for what the arguments describe
     */
    public static void resize(byte[] bytes, int[] ints, int offset, int rowStride, int ps, int[] at, int srcW, int srcH,
                              int outW, int outH, double invScaleX, double invScaleY, Window win,
                              float[][] lut, double[] a, double[] b, boolean invert,
                              float[] out, int[] planeStart, int outRowStride, RowSink sink) {
        check(bytes, ints, offset, rowStride, ps, at, srcW, srcH, outW, outH, invScaleX, invScaleY, win, out, planeStart, outRowStride);
        int cn = at.length;
        int winW = win.width();
        int winH = win.height();
        Workspace ws = Workspace.get();
        OpenCvResampler.Axis ax = OpenCvResampler.Axis.linear(ws.axisX, srcW, 1.0 / invScaleX, invScaleX, win.x(), winW, true, false);
        OpenCvResampler.Axis ay = OpenCvResampler.Axis.linear(ws.axisY, srcH, 1.0 / invScaleY, invScaleY, win.y(), winH, false, false);
        // per window column: the two taps as pixel indices, clamped, and their weights
        int[] t0 = ws.ints(0, winW);
        int[] t1 = ws.ints(1, winW);
        int[] w0 = ws.ints(2, winW);
        int[] w1 = ws.ints(3, winW);
        boolean oneTap = true;
        for (int i = 0; i < winW; i++) {
            t0[i] = Args.clamp(ax.ofs[i], 0, srcW - 1);
            t1[i] = Args.clamp(ax.ofs[i] + 1, 0, srcW - 1);
            w0[i] = ax.w[2 * i];
            w1[i] = ax.w[2 * i + 1];
            oneTap &= w1[i] == 0;
        }
        // the lanes gather whole pixels as ints: a packed-int source, or a 4-byte one read as little-endian ints
        boolean lanes = LANES && cn == 3 && (ints != null || ps == 4);
        int[] rowInts = lanes && ints == null ? ws.ints(4, srcW) : null;
        int rowLen = cn * winW;
        int[] ring = ws.ints(5, 2 * rowLen);
        int ringRow0 = -1;
        int ringRow1 = -1;
        for (int j = 0; j < winH; j++) {
            int b0 = ay.w[2 * j];
            int b1 = ay.w[2 * j + 1];
            int r0 = Args.clamp(ay.ofs[j], 0, srcH - 1);
            int r1 = Args.clamp(ay.ofs[j] + 1, 0, srcH - 1);
            // rows never decrease with j, and r0, r1 are equal or consecutive: slot r mod 2 keeps each one resampled once
            int h0 = (r0 & 1) * rowLen;
            int h1 = (r1 & 1) * rowLen;
            if (((r0 & 1) == 0 ? ringRow0 : ringRow1) != r0) {
                horizontal(bytes, ints, rowInts, offset + r0 * rowStride, ps, at, srcW, t0, t1, w0, w1, oneTap, lanes, ring, h0, winW);
                if ((r0 & 1) == 0) {
                    ringRow0 = r0;
                } else {
                    ringRow1 = r0;
                }
            }
            if (b1 != 0 && ((r1 & 1) == 0 ? ringRow0 : ringRow1) != r1) {
                horizontal(bytes, ints, rowInts, offset + r1 * rowStride, ps, at, srcW, t0, t1, w0, w1, oneTap, lanes, ring, h1, winW);
                if ((r1 & 1) == 0) {
                    ringRow0 = r1;
                } else {
                    ringRow1 = r1;
                }
            }
            for (int c = 0; c < cn; c++) {
                int o = planeStart[c] + j * outRowStride;
                int p0 = h0 + c * winW;
                // with b1 = 0 the second row's term is 0: any slot will do, its values are never weighed in
                int p1 = b1 == 0 ? p0 : h1 + c * winW;
                if (LANES) {
                    OpenCvLinearPlanesLanes.vertical(ring, p0, p1, b0, b1, a[c], b[c], invert, lut[c], out, o, winW);
                } else {
                    vertical(ring, p0, p1, b0, b1, lut[c], out, o, winW);
                }
            }
            if (sink != null) {
                sink.rowDone(j);
            }
        }
    }

    private static void check(byte[] bytes, int[] ints, int offset, int rowStride, int ps, int[] at, int srcW, int srcH,
                              int outW, int outH, double invScaleX, double invScaleY, Window win,
                              float[] out, int[] planeStart, int outRowStride) {
        Objects.requireNonNull(win, "window");
        Objects.requireNonNull(out, "out");
        if ((bytes == null) == (ints == null)) {
            throw new IllegalArgumentException("OpenCV linear planes: give the source as bytes or as ints, exactly one");
        }
        if (at.length != 1 && at.length != 3 || planeStart.length < at.length) {
            throw new IllegalArgumentException("OpenCV linear planes: 1 or 3 channels with a plane each, got " + at.length);
        }
        if (bytes != null && ps != 1 && ps != 3 && ps != 4) {
            throw new IllegalArgumentException("OpenCV linear planes: pixel stride must be 1, 3 or 4 bytes, got " + ps);
        }
        if (srcW <= 0 || srcH <= 0 || outW <= 0 || outH <= 0 || !handles(srcW, srcH, outW, outH, invScaleX, invScaleY)) {
            throw new IllegalArgumentException("OpenCV linear planes: not an INTER_LINEAR resize, " + srcW + "x" + srcH + " -> " + outW + "x" + outH);
        }
        if ((long) win.x() + win.width() > outW || (long) win.y() + win.height() > outH) {
            throw new IllegalArgumentException("OpenCV linear planes: window " + win + " outside the " + outW + "x" + outH + " output");
        }
        int unit = bytes != null ? ps : 1;
        long lastSource = offset + (long) (srcH - 1) * rowStride + (long) srcW * unit;
        if (offset < 0 || rowStride < (long) srcW * unit || lastSource > (bytes != null ? bytes.length : ints.length)) {
            throw new IllegalArgumentException("OpenCV linear planes: the source array is too short for " + srcW + "x" + srcH);
        }
        for (int c = 0; c < at.length; c++) {
            long last = planeStart[c] + (long) (win.height() - 1) * outRowStride + win.width();
            if (planeStart[c] < 0 || (outRowStride != 0 && outRowStride < win.width()) || last > out.length) {
                throw new IllegalArgumentException("OpenCV linear planes: plane " + c + " does not fit the output array");
            }
        }
    }

    /** One source row (starting at element {@code base}) through the taps, channel c into {@code ring[o + c·winW ..]}. */
    private static void horizontal(byte[] bytes, int[] ints, int[] rowInts, int base, int ps, int[] at, int srcW,
                                   int[] t0, int[] t1, int[] w0, int[] w1, boolean oneTap, boolean lanes,
                                   int[] ring, int o, int winW) {
        if (lanes) {
            int[] row = ints;
            int rowBase = base;
            if (ints == null) {
                OpenCvLinearPlanesLanes.bytesToInts(bytes, base, srcW, rowInts);
                row = rowInts;
                rowBase = 0;
            }
            // a byte source's int holds byte k at bit 8k (little-endian)
            int unit = ints == null ? 8 : 1;
            if (oneTap) {
                OpenCvLinearPlanesLanes.gather3One(row, rowBase, at[0] * unit, at[1] * unit, at[2] * unit, t0, w0, ring, o, winW);
            } else {
                OpenCvLinearPlanesLanes.gather3(row, rowBase, at[0] * unit, at[1] * unit, at[2] * unit, t0, t1, w0, w1, ring, o, winW);
            }
            return;
        }
        if (ints != null) {
            horizontalInts(ints, base, at, t0, t1, w0, w1, oneTap, ring, o, winW);
        } else if (at.length == 3) {
            horizontal3(bytes, base, ps, at[0], at[1], at[2], t0, t1, w0, w1, oneTap, ring, o, winW);
        } else {
            for (int i = 0; i < winW; i++) {
                ring[o + i] = (bytes[base + t0[i] * ps + at[0]] & 0xFF) * w0[i] + (bytes[base + t1[i] * ps + at[0]] & 0xFF) * w1[i];
            }
        }
    }

    private static void horizontal3(byte[] s, int base, int ps, int k0, int k1, int k2, int[] t0, int[] t1, int[] w0, int[] w1,
                                    boolean oneTap, int[] ring, int o, int winW) {
        int o1 = o + winW;
        int o2 = o1 + winW;
        if (oneTap) {
            for (int i = 0; i < winW; i++) {
                int p = base + t0[i] * ps;
                int a0 = w0[i];
                ring[o + i] = (s[p + k0] & 0xFF) * a0;
                ring[o1 + i] = (s[p + k1] & 0xFF) * a0;
                ring[o2 + i] = (s[p + k2] & 0xFF) * a0;
            }
            return;
        }
        for (int i = 0; i < winW; i++) {
            int p = base + t0[i] * ps;
            int q = base + t1[i] * ps;
            int a0 = w0[i];
            int a1 = w1[i];
            ring[o + i] = (s[p + k0] & 0xFF) * a0 + (s[q + k0] & 0xFF) * a1;
            ring[o1 + i] = (s[p + k1] & 0xFF) * a0 + (s[q + k1] & 0xFF) * a1;
            ring[o2 + i] = (s[p + k2] & 0xFF) * a0 + (s[q + k2] & 0xFF) * a1;
        }
    }

    private static void horizontalInts(int[] s, int base, int[] at, int[] t0, int[] t1, int[] w0, int[] w1, boolean oneTap,
                                       int[] ring, int o, int winW) {
        int cn = at.length;
        for (int c = 0; c < cn; c++) {
            int sh = at[c];
            int oc = o + c * winW;
            for (int i = 0; i < winW; i++) {
                int v0 = (s[base + t0[i]] >>> sh) & 0xFF;
                ring[oc + i] = oneTap ? v0 * w0[i] : v0 * w0[i] + ((s[base + t1[i]] >>> sh) & 0xFF) * w1[i];
            }
        }
    }

    /** The vertical combine of one channel's window row, each level through the table into {@code out[o ..]}. */
    private static void vertical(int[] h, int p0, int p1, int b0, int b1, float[] lut, float[] out, int o, int n) {
        Objects.checkFromIndexSize(p0, n, h.length);
        Objects.checkFromIndexSize(p1, n, h.length);
        Objects.checkFromIndexSize(o, n, out.length);
        for (int i = 0; i < n; i++) {
            int v = ((((h[p0 + i] >> 4) * b0) >> 16) + (((h[p1 + i] >> 4) * b1) >> 16) + 2) >> 2;
            out[o + i] = lut[v < 0 ? 0 : Math.min(v, 255)];
        }
    }
}
