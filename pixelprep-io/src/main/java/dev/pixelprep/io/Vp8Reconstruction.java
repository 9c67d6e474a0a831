package dev.pixelprep.io;

/**
 * The planes of a VP8 key frame and the reconstruction of each macroblock into them: intra prediction (RFC 6386
 * sections 12.2 and 12.3) from the unfiltered neighbours, then the inverse transforms of its residuals (section 14),
 * computed as libwebp computes them.
 *
 * <p>Edges, as libwebp fills them: the row above the frame reads 127 (its top-right and top-left corners too), the
 * column left of it 129, the corner above-left of a row's first macroblock 129 below the first row. A 4x4 block on
 * the right column of a macroblock predicts from the pixels above-right of the macroblock (the last macroblock of a
 * row repeats the pixel above its last column), not from the rows of its own macroblock.
 *
 * <p>Transforms: the full inverse DCT and the three-coefficient one are computed with 16-bit wrapping and
 * saturating arithmetic, as libwebp's SSE2 code (the one Pillow and dwebp run on x86-64) computes them, so that
 * even a corrupt stream whose coefficients overflow gives libwebp's pixels; within the range of real streams this
 * equals the RFC's arithmetic. The DC-only transform and the Walsh-Hadamard transform are libwebp's C code.
 *
 * <p>Confined to the decode that made it.
 */
final class Vp8Reconstruction {
    static final int DC = 0;
    static final int TM = 1;
    static final int VE = 2;
    static final int HE = 3;
    static final int RD = 4;
    static final int VR = 5;
    static final int LD = 6;
    static final int VL = 7;
    static final int HD = 8;
    static final int HU = 9;

    /** One macroblock's modes and residuals; reused from row to row. */
    static final class Macroblock {
        int segment;
        boolean skip;
        boolean i4x4;
        int ymode;
        final int[] bmodes = new int[16];
        int uvmode;
        /** 16 Y, 4 U, 4 V blocks of 16 dequantised coefficients in raster order. */
        final short[] coeffs = new short[384];
        /** Per block: 0 all zero, 1 DC only, 2 the first three in token order at most, 3 more (libwebp's codes). */
        final byte[] codes = new byte[24];
        /** No block has a non-zero coefficient (then the loop filter skips the inner edges of a 16x16 block). */
        boolean allZero;
    }

    /** Work area stride: a column left, 16 pixels, 4 above-right. */
    private static final int WS = 21;
    private static final int CS = 9;

    final int mbWidth;
    final int mbHeight;
    final byte[] y;
    final byte[] u;
    final byte[] v;
    final int yStride;
    final int uvStride;
    /** Per macroblock: segment << 2 | i4x4 << 1 | filter inner edges, for the loop filter. */
    final byte[] filterInfo;

    private final byte[] wy = new byte[WS * 17];
    private final byte[] wu = new byte[CS * 9];
    private final byte[] wv = new byte[CS * 9];
    private final int[] scratch = new int[16];

    Vp8Reconstruction(LossyWebp d) {
        mbWidth = d.mbWidth;
        mbHeight = d.mbHeight;
        yStride = 16 * mbWidth;
        uvStride = 8 * mbWidth;
        y = new byte[yStride * 16 * mbHeight];
        u = new byte[uvStride * 8 * mbHeight];
        v = new byte[uvStride * 8 * mbHeight];
        filterInfo = new byte[mbWidth * mbHeight];
    }

    void reconstruct(Macroblock mb, int mbX, int mbY) {
        filterInfo[mbY * mbWidth + mbX] = (byte) (mb.segment << 2 | (mb.i4x4 ? 2 : 0) | (mb.i4x4 || !mb.allZero ? 1 : 0));
        edges(wy, WS, 16, y, yStride, mbX, mbY);
        if (mb.i4x4) {
            // row -1, columns 16..19 of the work area (index 17): the above-right pixels, also right of rows 3, 7, 11
            for (int r = 4; r <= 12; r += 4) {
                System.arraycopy(wy, 17, wy, r * WS + 17, 4);
            }
            for (int n = 0; n < 16; n++) {
                int at = (1 + 4 * (n >> 2)) * WS + 1 + 4 * (n & 3);
                predict4(wy, at, mb.bmodes[n]);
                transform(mb.codes[n], mb.coeffs, 16 * n, wy, at, WS);
            }
        } else {
            predict(wy, WS + 1, WS, 16, dcVariant(mb.ymode, mbX, mbY));
            for (int n = 0; n < 16; n++) {
                int at = (1 + 4 * (n >> 2)) * WS + 1 + 4 * (n & 3);
                transform(mb.codes[n], mb.coeffs, 16 * n, wy, at, WS);
            }
        }
        int uvMode = dcVariant(mb.uvmode, mbX, mbY);
        edges(wu, CS, 8, u, uvStride, mbX, mbY);
        edges(wv, CS, 8, v, uvStride, mbX, mbY);
        predict(wu, CS + 1, CS, 8, uvMode);
        predict(wv, CS + 1, CS, 8, uvMode);
        chromaTransform(mb, 16, wu);
        chromaTransform(mb, 20, wv);
        store(wy, WS, 16, y, yStride, mbX, mbY);
        store(wu, CS, 8, u, uvStride, mbX, mbY);
        store(wv, CS, 8, v, uvStride, mbX, mbY);
    }

    /** DC prediction without the missing neighbours on the frame's edges (libwebp's {@code CheckMode}). */
    private static final int DC_NO_TOP = 10;
    private static final int DC_NO_LEFT = 11;
    private static final int DC_NO_TOP_LEFT = 12;

    private static int dcVariant(int mode, int mbX, int mbY) {
        if (mode != DC) {
            return mode;
        }
        if (mbX == 0) {
            return mbY == 0 ? DC_NO_TOP_LEFT : DC_NO_LEFT;
        }
        return mbY == 0 ? DC_NO_TOP : DC;
    }

    /** Fills row -1 and column -1 of a work area of size {@code n} (and the above-right of luma) from the plane. */
    private static void edges(byte[] w, int ws, int n, byte[] plane, int stride, int mbX, int mbY) {
        int px = mbX * n;
        int py = mbY * n;
        int extra = ws - 1 - n; // 4 above-right pixels for luma, none for chroma
        if (mbY == 0) {
            java.util.Arrays.fill(w, 0, ws, (byte) 127);
        } else {
            int above = (py - 1) * stride + px;
            w[0] = mbX == 0 ? (byte) 129 : plane[above - 1];
            System.arraycopy(plane, above, w, 1, n);
            if (extra > 0) {
                if (px + n < stride) {
                    System.arraycopy(plane, above + n, w, 1 + n, extra);
                } else {
                    java.util.Arrays.fill(w, 1 + n, 1 + n + extra, plane[above + n - 1]);
                }
            }
        }
        for (int r = 0; r < n; r++) {
            w[(r + 1) * ws] = mbX == 0 ? (byte) 129 : plane[(py + r) * stride + px - 1];
        }
    }

    private static void store(byte[] w, int ws, int n, byte[] plane, int stride, int mbX, int mbY) {
        for (int r = 0; r < n; r++) {
            System.arraycopy(w, (r + 1) * ws + 1, plane, (mbY * n + r) * stride + mbX * n, n);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Prediction

    /** 16x16 luma or 8x8 chroma prediction at {@code at} (whose row above and column left are filled). */
    private static void predict(byte[] w, int at, int ws, int n, int mode) {
        int shift = n == 16 ? 5 : 4;
        switch (mode) {
            case DC: {
                int sum = n;
                for (int i = 0; i < n; i++) {
                    sum += (w[at - ws + i] & 0xFF) + (w[at + i * ws - 1] & 0xFF);
                }
                fill(w, at, ws, n, sum >> shift);
                break;
            }
            case DC_NO_TOP: // the left column's mean
                fill(w, at, ws, n, edgeMean(w, at - 1, ws, n, shift - 1));
                break;
            case DC_NO_LEFT: // the top row's mean
                fill(w, at, ws, n, edgeMean(w, at - ws, 1, n, shift - 1));
                break;
            case DC_NO_TOP_LEFT:
                fill(w, at, ws, n, 128);
                break;
            case VE:
                for (int r = 0; r < n; r++) {
                    System.arraycopy(w, at - ws, w, at + r * ws, n);
                }
                break;
            case HE:
                for (int r = 0; r < n; r++) {
                    java.util.Arrays.fill(w, at + r * ws, at + r * ws + n, w[at + r * ws - 1]);
                }
                break;
            case TM:
                trueMotion(w, at, ws, n);
                break;
            default:
                throw new IllegalStateException("16x16 mode " + mode);
        }
    }

    /** The rounded mean of {@code n} edge pixels from {@code at}, {@code step} apart ({@code n = 1 << shift}). */
    private static int edgeMean(byte[] w, int at, int step, int n, int shift) {
        int sum = n >> 1;
        for (int i = 0; i < n; i++) {
            sum += w[at + i * step] & 0xFF;
        }
        return sum >> shift;
    }

    private static void fill(byte[] w, int at, int ws, int n, int value) {
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(w, at + r * ws, at + r * ws + n, (byte) value);
        }
    }

    private static void trueMotion(byte[] w, int at, int ws, int n) {
        int corner = w[at - ws - 1] & 0xFF;
        for (int r = 0; r < n; r++) {
            int left = (w[at + r * ws - 1] & 0xFF) - corner;
            for (int c = 0; c < n; c++) {
                w[at + r * ws + c] = (byte) clip255((w[at - ws + c] & 0xFF) + left);
            }
        }
    }

    private static int clip255(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static int avg3(int a, int b, int c) {
        return (a + 2 * b + c + 2) >> 2;
    }

    private static int avg2(int a, int b) {
        return (a + b + 1) >> 1;
    }

    /** A 4x4 sub-block's prediction (RFC 6386 section 12.3, libwebp's formulas), at {@code at} in the luma area. */
    private static void predict4(byte[] w, int at, int mode) {
        int ws = WS;
        int t = at - ws;
        // above row: x (above-left), a..h (above and above-right); left column: i, j, k, l
        int x = w[t - 1] & 0xFF;
        int a = w[t] & 0xFF;
        int b = w[t + 1] & 0xFF;
        int c = w[t + 2] & 0xFF;
        int d = w[t + 3] & 0xFF;
        int e = w[t + 4] & 0xFF;
        int f = w[t + 5] & 0xFF;
        int g = w[t + 6] & 0xFF;
        int h = w[t + 7] & 0xFF;
        int i = w[at - 1] & 0xFF;
        int j = w[at + ws - 1] & 0xFF;
        int k = w[at + 2 * ws - 1] & 0xFF;
        int l = w[at + 3 * ws - 1] & 0xFF;
        switch (mode) {
            case DC: {
                int dc = (a + b + c + d + i + j + k + l + 4) >> 3;
                for (int r = 0; r < 4; r++) {
                    java.util.Arrays.fill(w, at + r * ws, at + r * ws + 4, (byte) dc);
                }
                break;
            }
            case TM:
                trueMotion(w, at, ws, 4);
                break;
            case VE: {
                int v0 = avg3(x, a, b);
                int v1 = avg3(a, b, c);
                int v2 = avg3(b, c, d);
                int v3 = avg3(c, d, e);
                for (int r = 0; r < 4; r++) {
                    put(w, at + r * ws, v0, v1, v2, v3);
                }
                break;
            }
            case HE: {
                int r0 = avg3(x, i, j);
                int r1 = avg3(i, j, k);
                int r2 = avg3(j, k, l);
                int r3 = avg3(k, l, l);
                put(w, at, r0, r0, r0, r0);
                put(w, at + ws, r1, r1, r1, r1);
                put(w, at + 2 * ws, r2, r2, r2, r2);
                put(w, at + 3 * ws, r3, r3, r3, r3);
                break;
            }
            case RD:
                put(w, at, avg3(i, x, a), avg3(x, a, b), avg3(a, b, c), avg3(b, c, d));
                put(w, at + ws, avg3(j, i, x), avg3(i, x, a), avg3(x, a, b), avg3(a, b, c));
                put(w, at + 2 * ws, avg3(k, j, i), avg3(j, i, x), avg3(i, x, a), avg3(x, a, b));
                put(w, at + 3 * ws, avg3(l, k, j), avg3(k, j, i), avg3(j, i, x), avg3(i, x, a));
                break;
            case VR:
                put(w, at, avg2(x, a), avg2(a, b), avg2(b, c), avg2(c, d));
                put(w, at + ws, avg3(i, x, a), avg3(x, a, b), avg3(a, b, c), avg3(b, c, d));
                put(w, at + 2 * ws, avg3(j, i, x), avg2(x, a), avg2(a, b), avg2(b, c));
                put(w, at + 3 * ws, avg3(k, j, i), avg3(i, x, a), avg3(x, a, b), avg3(a, b, c));
                break;
            case LD:
                put(w, at, avg3(a, b, c), avg3(b, c, d), avg3(c, d, e), avg3(d, e, f));
                put(w, at + ws, avg3(b, c, d), avg3(c, d, e), avg3(d, e, f), avg3(e, f, g));
                put(w, at + 2 * ws, avg3(c, d, e), avg3(d, e, f), avg3(e, f, g), avg3(f, g, h));
                put(w, at + 3 * ws, avg3(d, e, f), avg3(e, f, g), avg3(f, g, h), avg3(g, h, h));
                break;
            case VL:
                put(w, at, avg2(a, b), avg2(b, c), avg2(c, d), avg2(d, e));
                put(w, at + ws, avg3(a, b, c), avg3(b, c, d), avg3(c, d, e), avg3(d, e, f));
                put(w, at + 2 * ws, avg2(b, c), avg2(c, d), avg2(d, e), avg3(e, f, g));
                put(w, at + 3 * ws, avg3(b, c, d), avg3(c, d, e), avg3(d, e, f), avg3(f, g, h));
                break;
            case HD:
                put(w, at, avg2(i, x), avg3(i, x, a), avg3(x, a, b), avg3(a, b, c));
                put(w, at + ws, avg2(j, i), avg3(j, i, x), avg2(i, x), avg3(i, x, a));
                put(w, at + 2 * ws, avg2(k, j), avg3(k, j, i), avg2(j, i), avg3(j, i, x));
                put(w, at + 3 * ws, avg2(l, k), avg3(l, k, j), avg2(k, j), avg3(k, j, i));
                break;
            case HU:
                put(w, at, avg2(i, j), avg3(i, j, k), avg2(j, k), avg3(j, k, l));
                put(w, at + ws, avg2(j, k), avg3(j, k, l), avg2(k, l), avg3(k, l, l));
                put(w, at + 2 * ws, avg2(k, l), avg3(k, l, l), l, l);
                put(w, at + 3 * ws, l, l, l, l);
                break;
            default:
                throw new IllegalStateException("4x4 mode " + mode);
        }
    }

    private static void put(byte[] w, int at, int p0, int p1, int p2, int p3) {
        w[at] = (byte) p0;
        w[at + 1] = (byte) p1;
        w[at + 2] = (byte) p2;
        w[at + 3] = (byte) p3;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inverse transforms

    private void chromaTransform(Macroblock mb, int firstBlock, byte[] w) {
        boolean any = false;
        boolean ac = false;
        for (int b = 0; b < 4; b++) {
            int code = mb.codes[firstBlock + b];
            any |= code != 0;
            ac |= code >= 2;
        }
        if (!any) {
            return;
        }
        for (int b = 0; b < 4; b++) {
            int at = (1 + 4 * (b >> 1)) * CS + 1 + 4 * (b & 1);
            int off = 16 * (firstBlock + b);
            if (ac) {
                full(mb.coeffs, off, w, at, CS);
            } else if (mb.coeffs[off] != 0) {
                dcOnly(mb.coeffs[off], w, at, CS);
            }
        }
    }

    private void transform(int code, short[] in, int off, byte[] w, int at, int ws) {
        switch (code) {
            case 3: full(in, off, w, at, ws); break;
            case 2: threeCoefficients(in, off, w, at, ws); break;
            case 1: dcOnly(in[off], w, at, ws); break;
            default: break;
        }
    }

    private static int mul1(int a) {
        return ((a * 20091) >> 16) + a;
    }

    private static int mul2(int a) {
        return (a * 35468) >> 16;
    }

    /** Signed 16x16-bit multiply, high half (SSE2 {@code pmulhw}). */
    private static int mulhi(int a, int k) {
        return (a * k) >> 16;
    }

    private static int sat16(int v) {
        return v < -32768 ? -32768 : Math.min(v, 32767);
    }

    /** The full inverse DCT, in the 16-bit arithmetic of libwebp's SSE2 {@code Transform}. */
    private void full(short[] in, int off, byte[] w, int at, int ws) {
        int[] t = scratch;
        for (int i = 0; i < 4; i++) { // vertical pass, one column per i
            int i0 = in[off + i];
            int i1 = in[off + 4 + i];
            int i2 = in[off + 8 + i];
            int i3 = in[off + 12 + i];
            short a = (short) (i0 + i2);
            short b = (short) (i0 - i2);
            short c = (short) ((short) (i1 - i3) + (short) (mulhi(i1, -30068) - mulhi(i3, 20091)));
            short d = (short) ((short) (i1 + i3) + (short) (mulhi(i1, 20091) + mulhi(i3, -30068)));
            t[4 * i] = (short) (a + d);
            t[4 * i + 1] = (short) (b + c);
            t[4 * i + 2] = (short) (b - c);
            t[4 * i + 3] = (short) (a - d);
        }
        for (int r = 0; r < 4; r++) { // horizontal pass, one output row per r from each column's r-th value
            int t0 = t[r];
            int t1 = t[4 + r];
            int t2 = t[8 + r];
            int t3 = t[12 + r];
            short dc = (short) (t0 + 4);
            short a = (short) (dc + t2);
            short b = (short) (dc - t2);
            short c = (short) ((short) (t1 - t3) + (short) (mulhi(t1, -30068) - mulhi(t3, 20091)));
            short d = (short) ((short) (t1 + t3) + (short) (mulhi(t1, 20091) + mulhi(t3, -30068)));
            int p = at + r * ws;
            w[p] = (byte) clip255((short) ((w[p] & 0xFF) + ((short) (a + d) >> 3)));
            w[p + 1] = (byte) clip255((short) ((w[p + 1] & 0xFF) + ((short) (b + c) >> 3)));
            w[p + 2] = (byte) clip255((short) ((w[p + 2] & 0xFF) + ((short) (b - c) >> 3)));
            w[p + 3] = (byte) clip255((short) ((w[p + 3] & 0xFF) + ((short) (a - d) >> 3)));
        }
    }

    /** Only the first three coefficients in token order (raster 0, 1, 4): libwebp's SSE2 {@code TransformAC3}. */
    private static void threeCoefficients(short[] in, int off, byte[] w, int at, int ws) {
        int a = (short) (in[off] + 4);
        int c4 = (short) mul2(in[off + 4]);
        int d4 = (short) mul1(in[off + 4]);
        int c1 = mul2(in[off + 1]);
        int d1 = mul1(in[off + 1]);
        // per column: a plus d1, c1, -c1, -d1 (each cut to 16 bits, then added with saturation)
        int b0 = sat16(a + (short) d1);
        int b1 = sat16(a + (short) c1);
        int b2 = sat16(a + (short) -c1);
        int b3 = sat16(a + (short) -d1);
        // per row: plus d4, plus c4, minus c4, minus d4 (saturating)
        for (int r = 0; r < 4; r++) {
            int p = at + r * ws;
            int row = r == 0 ? d4 : r == 1 ? c4 : r == 2 ? -c4 : -d4;
            add3(w, p, sat16(b0 + row));
            add3(w, p + 1, sat16(b1 + row));
            add3(w, p + 2, sat16(b2 + row));
            add3(w, p + 3, sat16(b3 + row));
        }
    }

    private static void add3(byte[] w, int p, int m) {
        w[p] = (byte) clip255(sat16((w[p] & 0xFF) + (m >> 3)));
    }

    /** A block with only its DC coefficient (libwebp's C {@code TransformDC}). */
    private static void dcOnly(int dc, byte[] w, int at, int ws) {
        int add = (dc + 4) >> 3;
        for (int r = 0; r < 4; r++) {
            int p = at + r * ws;
            for (int col = 0; col < 4; col++) {
                w[p + col] = (byte) clip255((w[p + col] & 0xFF) + add);
            }
        }
    }

    /** The inverse Walsh-Hadamard transform of the Y2 block into the DC of each luma block (stored in 16 bits). */
    void inverseWalshHadamard(short[] in, short[] out) {
        int[] t = scratch;
        for (int i = 0; i < 4; i++) {
            int a0 = in[i] + in[12 + i];
            int a1 = in[4 + i] + in[8 + i];
            int a2 = in[4 + i] - in[8 + i];
            int a3 = in[i] - in[12 + i];
            t[i] = a0 + a1;
            t[8 + i] = a0 - a1;
            t[4 + i] = a3 + a2;
            t[12 + i] = a3 - a2;
        }
        for (int i = 0; i < 4; i++) {
            int dc = t[4 * i] + 3;
            int a0 = dc + t[4 * i + 3];
            int a1 = t[4 * i + 1] + t[4 * i + 2];
            int a2 = t[4 * i + 1] - t[4 * i + 2];
            int a3 = dc - t[4 * i + 3];
            int o = 64 * i;
            out[o] = (short) ((a0 + a1) >> 3);
            out[o + 16] = (short) ((a3 + a2) >> 3);
            out[o + 32] = (short) ((a0 - a1) >> 3);
            out[o + 48] = (short) ((a3 - a2) >> 3);
        }
    }
}
