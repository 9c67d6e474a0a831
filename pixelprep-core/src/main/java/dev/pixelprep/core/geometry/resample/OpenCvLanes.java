package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.simd.Simd;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OpenCvResampler}'s INTER_LINEAR passes in eight int lanes (Vector API; used only when {@link Simd#ENABLED}). Integer arithmetic throughout, the same operations on the same
 * values as the scalar loops, so the bytes are the same.
 *
 * <p>Horizontal: the two taps of an output pixel are adjacent source pixels, {@code 2·cn ≤ 8} consecutive bytes;
 * one 8-byte load widened to ints, one multiply by {@code [a0 × cn, a1 × cn, …]}, and one lane rotation by
 * {@code cn} adds tap 1 onto tap 0. The store writes 8 ints of which the first {@code cn} are the pixel; the rest
 * land on the next pixels' places and are overwritten by them, so the last pixels of a row (and any whose taps
 * are clamped at the border) take the scalar route. Vertical: OpenCV's 16-bit fixed-point combine, 8 at a time.
 *
 * <p>INTER_AREA (non-integer shrink) on 3 or 4 channels: a pixel's channels are the low float lanes, so each
 * channel's running sum stays a chain of float multiply-then-add in OpenCV's entry order, as in the scalar loop;
 * two output columns are summed side by side for independent chains.
 */
final class OpenCvLanes {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    /** By cn (3 or 4): lanes at or past cn take weight a1. */
    private static final VectorMask<Integer>[] SECOND_TAP;
    /** By cn: lane c takes lane c + cn. */
    private static final VectorShuffle<Integer>[] ROTATE;

    static {
        @SuppressWarnings("unchecked")
        VectorMask<Integer>[] masks = new VectorMask[5];
        @SuppressWarnings("unchecked")
        VectorShuffle<Integer>[] shuffles = new VectorShuffle[5];
        for (int cn = 3; cn <= 4; cn++) {
            boolean[] second = new boolean[8];
            int[] from = new int[8];
            for (int lane = 0; lane < 8; lane++) {
                second[lane] = lane >= cn;
                from[lane] = (lane + cn) & 7;
            }
            masks[cn] = VectorMask.fromArray(I, second, 0);
            shuffles[cn] = VectorShuffle.fromArray(I, from, 0);
        }
        SECOND_TAP = masks;
        ROTATE = shuffles;
    }

    private OpenCvLanes() {
    }

    /**
     * The outputs {@code [from, to)} of a row of {@code winW} whose two taps are adjacent source pixels and whose
     * 8-int store stays inside the row, packed as {@code from << 32 | to}; the rest (taps clamped at the image's
     * border, the row's last pixels) take the scalar route. Computed once per resize, shared by every row.
     */
    static long range(int[] tap, int cn, int winW) {
        int last = winW - (8 + cn - 1) / cn; // pixels past this would store beyond the row
        int from = 0;
        while (from < winW && tap[2 * from + 1] != tap[2 * from] + cn) {
            from++;
        }
        int to = from;
        while (to <= last && tap[2 * to + 1] == tap[2 * to] + cn) {
            to++;
        }
        return to <= from ? 0 : ((long) from << 32) | to;
    }

    /**
     * INTER_LINEAR's horizontal pass for 3 or 4 channels: {@code out[o + i·cn + c] = s[p0 + c]·a0 + s[p1 + c]·a1},
     * {@code p0 = sRow + tap[2i]}, {@code p1 = sRow + tap[2i + 1]}; the pixels of {@code range} in lanes.
     */
    static void horizontal2(byte[] s, int sRow, int cn, int[] tap, short[] aw, int winW, int[] out, int o, long range) {
        int from = (int) (range >>> 32);
        int to = (int) range;
        if (to > from && sRow + tap[2 * (to - 1)] + 8 > s.length) {
            to = from; // the image's last row: an 8-byte load could run past the array
        }
        scalar(s, sRow, cn, tap, aw, 0, from, out, o);
        VectorMask<Integer> second = SECOND_TAP[cn];
        VectorShuffle<Integer> rotate = ROTATE[cn];
        for (int i = from; i < to; i++) {
            IntVector v = ((IntVector) ByteVector.fromArray(B, s, sRow + tap[2 * i]).convertShape(VectorOperators.B2I, I, 0))
                    .and(0xFF);
            IntVector m = v.mul(IntVector.broadcast(I, aw[2 * i]).blend(aw[2 * i + 1], second));
            m.add(m.rearrange(rotate)).intoArray(out, o + i * cn);
        }
        scalar(s, sRow, cn, tap, aw, Math.max(from, to), winW, out, o);
    }

    private static void scalar(byte[] s, int sRow, int cn, int[] tap, short[] aw, int from, int to, int[] out, int o) {
        for (int i = from; i < to; i++) {
            int p0 = sRow + tap[2 * i];
            int p1 = sRow + tap[2 * i + 1];
            int a0 = aw[2 * i];
            int a1 = aw[2 * i + 1];
            for (int c = 0; c < cn; c++) {
                out[o + i * cn + c] = (s[p0 + c] & 0xFF) * a0 + (s[p1 + c] & 0xFF) * a1;
            }
        }
    }

    /** {@link OpenCvResampler}'s vertical INTER_LINEAR combine, eight values at a time. */
    static void verticalLinear(int[] h, int h0, int h1, int b0, int b1, byte[] d, int o, int n) {
        int e = 0;
        for (; e <= n - 8; e += 8) {
            IntVector x0 = IntVector.fromArray(I, h, h0 + e).lanewise(VectorOperators.ASHR, 4).mul(b0)
                    .lanewise(VectorOperators.ASHR, 16);
            IntVector x1 = IntVector.fromArray(I, h, h1 + e).lanewise(VectorOperators.ASHR, 4).mul(b1)
                    .lanewise(VectorOperators.ASHR, 16);
            IntVector v = x0.add(x1).add(2).lanewise(VectorOperators.ASHR, 2).max(0).min(255);
            ((ByteVector) v.convertShape(VectorOperators.I2B, B, 0)).intoArray(d, o + e);
        }
        for (; e < n; e++) {
            int v = ((((h[h0 + e] >> 4) * b0) >> 16) + (((h[h1 + e] >> 4) * b1) >> 16) + 2) >> 2;
            d[o + e] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }

    /**
     * INTER_AREA's column entries laid out for {@link #areaRow}: columns {@code 2q} and {@code 2q + 1} (the last
     * column twice when their count is odd) side by side, entry {@code t} of the pair at {@code [2t, 2t + 1]} of
     * {@code ofs} and {@code w}, pair q's entries from {@code start[q]} to {@code start[q + 1]}. The shorter column
     * of a pair is padded with its last entry at weight 0, which adds +0.0 to a non-negative sum: the same float.
     * Every column must have at least one entry. Returns the number of pairs.
     */
    static int areaPairs(int[] run, int[] xofs, float[] xw, int winW, int[] start, int[] ofs, float[] w) {
        int pairs = (winW + 1) / 2;
        int t = 0;
        for (int q = 0; q < pairs; q++) {
            start[q] = t;
            int i = 2 * q;
            int i1 = Math.min(i + 1, winW - 1);
            int len0 = run[i + 1] - run[i];
            int len1 = run[i1 + 1] - run[i1];
            for (int e = 0; e < Math.max(len0, len1); e++, t++) {
                int e0 = run[i] + Math.min(e, len0 - 1);
                int e1 = run[i1] + Math.min(e, len1 - 1);
                ofs[2 * t] = xofs[e0];
                ofs[2 * t + 1] = xofs[e1];
                w[2 * t] = e < len0 ? xw[e0] : 0f;
                w[2 * t + 1] = e < len1 ? xw[e1] : 0f;
            }
        }
        start[pairs] = t;
        return pairs;
    }

    /** Entries {@link #areaPairs} lays out for a window of {@code winW} columns with {@code entries} in all, at most. */
    static int areaPairEntries(int winW, int entries) {
        return entries + winW + 1;
    }

    /**
     * INTER_AREA's horizontal sums for a 3- or 4-channel row: {@code buf[cn·i + c]} is the float sum, in entry
     * order, of {@code pixel · weight} over column i's entries, from the layout of {@link #areaPairs}. Each
     * column's 8-lane store spills past its {@code cn} values onto the next column's place, which that column's
     * store then overwrites, so {@code buf} needs 8 floats of room past the row. One loop does all the vector work
     * (see {@code SimdRows} on why). Returns false, having done nothing, when an 8-byte load of this row could run
     * past the array (the image's last pixel); the caller then sums the row in scalar.
     */
    static boolean areaRow(byte[] s, int sRow, int cn, int pairs, int[] start, int[] ofs, float[] w, float[] buf,
                           int winW, int lastOfs) {
        if (sRow + lastOfs + 8 > s.length) {
            return false;
        }
        for (int q = 0; q < pairs; q++) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (int t = start[q]; t < start[q + 1]; t++) {
                acc0 = acc0.add(pixel(s, sRow + ofs[2 * t]).mul(w[2 * t]));
                acc1 = acc1.add(pixel(s, sRow + ofs[2 * t + 1]).mul(w[2 * t + 1]));
            }
            acc0.intoArray(buf, cn * 2 * q);
            acc1.intoArray(buf, cn * Math.min(2 * q + 1, winW - 1));
        }
        return true;
    }

    /** The 8 bytes at {@code p} as floats 0..255: the pixel's channels in the low lanes, the next bytes above. */
    private static FloatVector pixel(byte[] s, int p) {
        IntVector v = ((IntVector) ByteVector.fromArray(B, s, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF);
        return (FloatVector) v.convertShape(VectorOperators.I2F, F, 0);
    }
}
