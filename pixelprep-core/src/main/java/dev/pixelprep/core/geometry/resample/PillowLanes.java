package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.simd.Simd;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PillowResampler}'s two passes in int lanes (Vector API; used only when {@link Simd#ENABLED}). Pillow's arithmetic is integer: {@code 2^21 + Σ pixel·weight}, shifted by 22
 * and clipped. Integer sums do not depend on their order, so summing in lanes gives Pillow's bytes.
 *
 * <p>Horizontal, 3 or 4 channels: the taps of an output pixel are consecutive source pixels, so a group of
 * {@code G = 2} taps lies in {@code L = 8} consecutive bytes: one load, widened to ints, multiplied by
 * {@code [w_t × cn, w_t+1 × cn, 0 …]} (a table built once per resize, zero weights padding the last group) and
 * added. At the end the second tap's lanes are folded onto lanes {@code 0 .. cn−1} by a rotation of {@code cn}.
 * Vertical: 8 output values at a time, their sums held in a register across the taps.
 */
final class PillowLanes {
    /**
     * Ints per horizontal vector. (Sixteen, four taps per 512-bit vector, measured 7–25% slower than eight on an
     * AVX-512 machine, so it is eight everywhere.)
     */
    private static final int L = 8;
    /** Taps per horizontal vector. */
    private static final int G = L / 4;
    /** Both passes work in 8 int lanes, fed by 8 bytes. */
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    /** Lane c takes lane c + cn: tap t + 1's products onto tap t's. */
    private static final VectorShuffle<Integer> FOLD_4 = VectorShuffle.fromArray(I, new int[] {4, 5, 6, 7, 0, 1, 2, 3}, 0);
    private static final VectorShuffle<Integer> FOLD_3 = VectorShuffle.fromArray(I, new int[] {3, 4, 5, 6, 7, 0, 1, 2}, 0);
    private static final int BITS = PillowResampler.PRECISION_BITS;
    private static final int HALF = 1 << (BITS - 1);

    private PillowLanes() {
    }

    /** Ints the tap-group table of {@code cx} takes (see {@link #groupTable}). */
    static int groupTableSize(PillowResampler.Coeffs cx) {
        return cx.count * groups(cx.ksize) * L;
    }

    private static int groups(int taps) {
        return (taps + G - 1) / G;
    }

    /**
     * The weights of {@code cx} for {@code cn} (3 or 4) channels as {@code L}-int vectors: group {@code q} of output
     * {@code i} starts at {@code ((i · groups(ksize)) + q) · L}; lanes {@code [g·cn, (g+1)·cn)} hold
     * {@code w[G·q + g]} (0 past the output's tap count), the lanes past {@code G·cn} 0.
     */
    static int[] groupTable(PillowResampler.Coeffs cx, int cn, int[] into) {
        int perOutput = groups(cx.ksize);
        for (int i = 0; i < cx.count; i++) {
            int n = cx.n[i];
            for (int q = 0; q < perOutput; q++) {
                int at = (i * perOutput + q) * L;
                for (int lane = 0; lane < L; lane++) {
                    int g = lane / cn;
                    int t = G * q + g;
                    into[at + lane] = g < G && t < n ? cx.k[i * cx.ksize + t] : 0;
                }
            }
        }
        return into;
    }

    /**
     * Bytes past a row's start that the group loads of {@link #horizontalRow} read: the last group may read pixels
     * past the taps (weight 0), and each load takes {@code L} bytes.
     */
    static int lastByte(PillowResampler.Coeffs cx, int cn) {
        int end = 0;
        for (int i = 0; i < cx.count; i++) {
            end = Math.max(end, (cx.xmin[i] + G * (groups(cx.n[i]) - 1)) * cn + L);
        }
        return end;
    }

    /** Bytes of scratch {@link #horizontalRow} needs for a row's last pixels. */
    static int spareBytes() {
        return L;
    }

    /**
     * One 3- or 4-channel source row through the horizontal taps into {@code out[o ..]} ({@code cn} bytes per
     * output pixel); {@code spare} is {@link #spareBytes} of scratch. Returns false, having done nothing, when a
     * group load of this row could run past the array (the image's last row); the caller then runs the scalar loop.
     */
    static boolean horizontalRow(byte[] s, int sRow, int cn, PillowResampler.Coeffs cx, int[] table, byte[] out, int o,
                                 int lastByte, byte[] spare) {
        if (sRow + lastByte > s.length) {
            return false;
        }
        VectorShuffle<Integer> fold = cn == 4 ? FOLD_4 : FOLD_3;
        int[] xmin = cx.xmin;
        int[] taps = cx.n;
        int perOutput = groups(cx.ksize);
        int rowEnd = o + cn * cx.count;
        for (int i = 0; i < cx.count; i++) {
            int p = sRow + xmin[i] * cn;
            int q = groups(taps[i]);
            int at = i * perOutput * L;
            IntVector acc = IntVector.zero(I);
            for (int t = 0; t < q; t++, p += G * cn, at += L) {
                IntVector v = ((IntVector) ByteVector.fromArray(B, s, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF);
                acc = acc.add(v.mul(IntVector.fromArray(I, table, at)));
            }
            acc = acc.add(acc.rearrange(fold)).add(HALF).lanewise(VectorOperators.ASHR, BITS).max(0).min(255);
            // lanes 0..cn-1 are the pixel; the store writes L bytes, the next pixels overwrite the rest. The row's
            // last pixels, whose L bytes would pass its end, go through the spare bytes and are copied from there:
            // one store site either way (see SimdRows on why)
            int px = o + cn * i;
            boolean inRow = px + L <= rowEnd;
            ((ByteVector) acc.convertShape(VectorOperators.I2B, B, 0)).intoArray(inRow ? out : spare, inRow ? px : 0);
            if (!inRow) {
                System.arraycopy(spare, 0, out, px, cn);
            }
        }
        return true;
    }

    /** The vertical pass: output row j of {@code rowLen} values, 8 at a time, the rest in scalar. */
    static void verticalRow(byte[] in, int inStride, int inCol, int inRow0, PillowResampler.Coeffs cy, int j, int rowLen,
                            byte[] out, int o) {
        int[] kk = cy.k;
        int ks = cy.ksize;
        int n = cy.n[j];
        int first = (cy.xmin[j] - inRow0) * inStride + inCol;
        int e = 0;
        for (; e <= rowLen - 8; e += 8) {
            IntVector acc = IntVector.broadcast(I, HALF);
            int p = first + e;
            for (int t = 0; t < n; t++, p += inStride) {
                IntVector v = ((IntVector) ByteVector.fromArray(B, in, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF);
                acc = acc.add(v.mul(kk[j * ks + t]));
            }
            acc = acc.lanewise(VectorOperators.ASHR, BITS).max(0).min(255);
            ((ByteVector) acc.convertShape(VectorOperators.I2B, B, 0)).intoArray(out, o + e);
        }
        for (; e < rowLen; e++) {
            int acc = HALF;
            int p = first + e;
            for (int t = 0; t < n; t++, p += inStride) {
                acc += (in[p] & 0xFF) * kk[j * ks + t];
            }
            out[o + e] = (byte) Args.clampByte(acc >> BITS);
        }
    }
}
