package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.YuvConversion;

/**
 * One {@link YuvConversion} compiled to per-sample tables. Every peer's 8-bit arithmetic has the form
 * {@code R = clamp((y[Y] + rv[V]) >> shift)}, {@code G = clamp((y[Y] + gu[U] + gv[V]) >> shift)},
 * {@code B = clamp((y[Y] + bu[U]) >> shift)} in 32-bit integers (the rounding constants folded into the chroma
 * tables), so a pixel costs five lookups, four additions and three shifts; the exact conversion keeps the same shape
 * in double, rounded half to even once.
 *
 * <ul>
 *   <li>OpenCV ({@code modules/imgproc/src/color_yuv.simd.hpp}, {@code ITUR_BT_601_*}, 20-bit fixed point):
 *       {@code y = max(0, Y − 16)·1220542}, {@code R = (y + 2^19 + 1673527·(V − 128)) >> 20},
 *       {@code G = (y + 2^19 − 852492·(V − 128) − 409993·(U − 128)) >> 20}, {@code B = (y + 2^19 + 2116026·(U − 128)) >> 20}.</li>
 *   <li>libyuv ({@code source/row_common.cc} {@code YuvPixel}, 6-bit fixed point), see {@link LibyuvConstants}.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; one instance per conversion, built on first use.
 */
final class YuvTables {
    private static final YuvConversion.Matrix[] MATRICES = YuvConversion.Matrix.values();
    private static final YuvConversion.Range[] RANGES = YuvConversion.Range.values();
    private static final YuvConversion.Arithmetic[] ARITHMETICS = YuvConversion.Arithmetic.values();
    private static final YuvTables[] CACHE = new YuvTables[MATRICES.length * RANGES.length * ARITHMETICS.length];

    final boolean exact;
    private final int shift;
    private final int[] y = new int[256];
    private final int[] rv = new int[256];
    private final int[] gu = new int[256];
    private final int[] gv = new int[256];
    private final int[] bu = new int[256];
    private final double[] dy = new double[256];
    private final double[] drv = new double[256];
    private final double[] dgu = new double[256];
    private final double[] dgv = new double[256];
    private final double[] dbu = new double[256];

    /** The tables of {@code c}, built once. */
    static YuvTables of(YuvConversion c) {
        int key = (c.arithmetic().ordinal() * RANGES.length + c.range().ordinal()) * MATRICES.length + c.matrix().ordinal();
        YuvTables t = CACHE[key];
        if (t == null) {
            // a race builds the same immutable tables twice; either copy is right
            t = new YuvTables(c);
            CACHE[key] = t;
        }
        return t;
    }

    private YuvTables(YuvConversion c) {
        switch (c.arithmetic()) {
            case OPENCV:
                exact = false;
                shift = 20;
                for (int i = 0; i < 256; i++) {
                    int d = i - 128;
                    y[i] = Math.max(0, i - 16) * 1220542;
                    rv[i] = (1 << 19) + 1673527 * d;
                    gu[i] = (1 << 19) - 409993 * d;
                    gv[i] = -852492 * d;
                    bu[i] = (1 << 19) + 2116026 * d;
                }
                break;
            case LIBYUV: {
                exact = false;
                shift = 6;
                int[] k = LibyuvConstants.of(c.matrix(), c.range());
                int ub = k[0];
                int ug = k[1];
                int vg = k[2];
                int vr = k[3];
                long yg = k[4];
                int yb = k[5];
                for (int i = 0; i < 256; i++) {
                    int d = i - 128;
                    y[i] = (int) ((i * 0x0101L * yg) >>> 16) + yb;
                    bu[i] = d * ub;
                    gu[i] = -d * ug;
                    gv[i] = -d * vg;
                    rv[i] = d * vr;
                }
                break;
            }
            default: {
                exact = true;
                shift = 0;
                double kr = c.matrix().kr();
                double kb = c.matrix().kb();
                double kg = 1 - kr - kb;
                boolean video = c.range() == YuvConversion.Range.VIDEO;
                double fr = 2 * (1 - kr);
                double fb = 2 * (1 - kb);
                double fgb = 2 * kb * (1 - kb) / kg;
                double fgr = 2 * kr * (1 - kr) / kg;
                for (int i = 0; i < 256; i++) {
                    double chroma = video ? (i - 128) * 255.0 / 224 : i - 128;
                    dy[i] = video ? (i - 16) * 255.0 / 219 : i;
                    drv[i] = fr * chroma;
                    dbu[i] = fb * chroma;
                    dgu[i] = fgb * chroma;
                    dgv[i] = fgr * chroma;
                }
            }
        }
    }

    /** {@link #convertExact} or {@link #convertFixed}, as this conversion computes. */
    void convertFixedOrExact(byte[] ya, int yb, int yps, byte[] ua, int ub, int ups, byte[] va, int vb, int vps, int x0, int x1,
            byte[] out, int o) {
        if (exact) {
            convertExact(ya, yb, yps, ua, ub, ups, va, vb, vps, x0, x1, out, o);
        } else {
            convertFixed(ya, yb, yps, ua, ub, ups, va, vb, vps, x0, x1, out, o);
        }
    }

    /** Pixels {@code [x0, x1)}: luma sample x at {@code ya[yb + x·yps]}, chroma at {@code ua[ub + (x/2)·ups]}, …; RGB888 out. */
    void convertFixed(byte[] ya, int yb, int yps, byte[] ua, int ub, int ups, byte[] va, int vb, int vps, int x0, int x1,
            byte[] out, int o) {
        int[] ty = y;
        int[] trv = rv;
        int[] tgu = gu;
        int[] tgv = gv;
        int[] tbu = bu;
        int sh = shift;
        for (int x = x0; x < x1; x++, o += 3) {
            int yy = ty[ya[yb + x * yps] & 0xFF];
            int c = x >> 1;
            int u = ua[ub + c * ups] & 0xFF;
            int v = va[vb + c * vps] & 0xFF;
            out[o] = clamp((yy + trv[v]) >> sh);
            out[o + 1] = clamp((yy + tgu[u] + tgv[v]) >> sh);
            out[o + 2] = clamp((yy + tbu[u]) >> sh);
        }
    }

    /** {@link #convertFixed} in double, rounded half to even. */
    void convertExact(byte[] ya, int yb, int yps, byte[] ua, int ub, int ups, byte[] va, int vb, int vps, int x0, int x1,
            byte[] out, int o) {
        for (int x = x0; x < x1; x++, o += 3) {
            double yy = dy[ya[yb + x * yps] & 0xFF];
            int c = x >> 1;
            int u = ua[ub + c * ups] & 0xFF;
            int v = va[vb + c * vps] & 0xFF;
            out[o] = clamp(yy + drv[v]);
            out[o + 1] = clamp(yy - dgu[u] - dgv[v]);
            out[o + 2] = clamp(yy + dbu[u]);
        }
    }

    /**
     * {@link #convertFixed} fused with the normalisation tables: each pixel's R, G, B go through their channel's table
     * straight into the output ({@code dR[oR + x·ds] = lR[R]}, …), no byte row in between. The caller maps the
     * spec's channel order onto the three (table, offset) pairs.
     */
    void convertToFloats(byte[] ya, int yb, int yps, byte[] ua, int ub, int ups, byte[] va, int vb, int vps, int w,
            float[] lR, float[] lG, float[] lB, float[] d, int oR, int oG, int oB, int ds) {
        if (exact) {
            for (int x = 0; x < w; x++) {
                double yy = dy[ya[yb + x * yps] & 0xFF];
                int c = x >> 1;
                int u = ua[ub + c * ups] & 0xFF;
                int v = va[vb + c * vps] & 0xFF;
                int o = x * ds;
                d[oR + o] = lR[level(yy + drv[v])];
                d[oG + o] = lG[level(yy - dgu[u] - dgv[v])];
                d[oB + o] = lB[level(yy + dbu[u])];
            }
            return;
        }
        int[] ty = y;
        int[] trv = rv;
        int[] tgu = gu;
        int[] tgv = gv;
        int[] tbu = bu;
        int sh = shift;
        for (int x = 0; x < w; x++) {
            int yy = ty[ya[yb + x * yps] & 0xFF];
            int c = x >> 1;
            int u = ua[ub + c * ups] & 0xFF;
            int v = va[vb + c * vps] & 0xFF;
            int o = x * ds;
            d[oR + o] = lR[level((yy + trv[v]) >> sh)];
            d[oG + o] = lG[level((yy + tgu[u] + tgv[v]) >> sh)];
            d[oB + o] = lB[level((yy + tbu[u]) >> sh)];
        }
    }

    /** RGB888 of the pixels {@code cols[0 .. n-1]} of one row, pixel {@code cols[i]} to {@code out[rowBase + 3·cols[i]]}. */
    void convertColumns(byte[] ya, int yb, int yps, byte[] ua, int ub, int ups, byte[] va, int vb, int vps, int[] cols, int n,
            byte[] out, int rowBase) {
        if (exact) {
            for (int i = 0; i < n; i++) {
                int x = cols[i];
                int c = x >> 1;
                int o = rowBase + 3 * x;
                double yy = dy[ya[yb + x * yps] & 0xFF];
                int u = ua[ub + c * ups] & 0xFF;
                int v = va[vb + c * vps] & 0xFF;
                out[o] = clamp(yy + drv[v]);
                out[o + 1] = clamp(yy - dgu[u] - dgv[v]);
                out[o + 2] = clamp(yy + dbu[u]);
            }
            return;
        }
        int[] ty = y;
        int[] trv = rv;
        int[] tgu = gu;
        int[] tgv = gv;
        int[] tbu = bu;
        int sh = shift;
        int lastU = -1;
        int r = 0;
        int g = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            int x = cols[i];
            int c = x >> 1;
            if (c != lastU) {
                // the two pixels of a chroma pair share its three chroma terms
                int u = ua[ub + c * ups] & 0xFF;
                int v = va[vb + c * vps] & 0xFF;
                r = trv[v];
                g = tgu[u] + tgv[v];
                b = tbu[u];
                lastU = c;
            }
            int yy = ty[ya[yb + x * yps] & 0xFF];
            int o = rowBase + 3 * x;
            out[o] = (byte) level((yy + r) >> sh);
            out[o + 1] = (byte) level((yy + g) >> sh);
            out[o + 2] = (byte) level((yy + b) >> sh);
        }
    }

    /** Branch-free saturation (min/max compile to conditional moves; camera noise would mispredict a branch). */
    private static int level(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int level(double v) {
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }

    private static byte clamp(int v) {
        return (byte) level(v);
    }

    private static byte clamp(double v) {
        return (byte) level(v);
    }
}
