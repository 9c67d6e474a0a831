package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.simd.Simd;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PillowResampler}'s two passes in eight int lanes (Vector API; used only when {@link Simd#ENABLED} and the
 * platform has 256-bit int vectors). Pillow's arithmetic is integer: {@code 2^21 + Σ pixel·weight}, shifted by 22
 * and clipped. Integer sums do not depend on their order, so summing in lanes gives Pillow's bytes.
 *
 * <p>Horizontal, 4 channels: the taps of an output pixel are consecutive source pixels, so taps {@code t} and
 * {@code t + 1} are 8 consecutive bytes: one load, widened to ints, multiplied by {@code [w_t × 4, w_t+1 × 4]} (a
 * table built once per resize, a zero weight padding an odd count) and added; at the end the high half is folded
 * onto the low half. Vertical: 8 output values at a time, their sums held in a register across the taps.
 */
final class PillowLanes {
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final VectorShuffle<Integer> HIGH_HALF = VectorShuffle.fromArray(I, new int[] {4, 5, 6, 7, 0, 1, 2, 3}, 0);
    private static final int BITS = PillowResampler.PRECISION_BITS;
    private static final int HALF = 1 << (BITS - 1);

    /** Whether the lanes are on: the Vector API loaded and 256-bit int vectors compiled to single instructions. */
    static final boolean ENABLED = Simd.ENABLED && IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    private PillowLanes() {
    }

    /**
     * The weight pairs of {@code cx} as 8-int vectors: pair {@code q} of output {@code i} starts at
     * {@code ((i · pairs) + q) · 8}, {@code pairs = (ksize + 1) / 2}; lanes 0–3 hold {@code w[2q]}, lanes 4–7
     * {@code w[2q + 1]} (0 past the output's tap count).
     */
    static int[] pairTable(PillowResampler.Coeffs cx, int[] into) {
        int pairs = (cx.ksize + 1) / 2;
        for (int i = 0; i < cx.count; i++) {
            int n = cx.n[i];
            for (int q = 0; q < pairs; q++) {
                int at = (i * pairs + q) * 8;
                int t = 2 * q;
                int w0 = t < n ? cx.k[i * cx.ksize + t] : 0;
                int w1 = t + 1 < n ? cx.k[i * cx.ksize + t + 1] : 0;
                for (int lane = 0; lane < 4; lane++) {
                    into[at + lane] = w0;
                    into[at + 4 + lane] = w1;
                }
            }
        }
        return into;
    }

    /**
     * One 4-channel source row through the horizontal taps into {@code out[o ..]} (4 bytes per output pixel).
     * Returns false, having done nothing, when a pair load of this row could run past the array (the image's last
     * row); the caller then runs the scalar loop.
     */
    static boolean horizontalRow4(byte[] s, int sRow, PillowResampler.Coeffs cx, int[] pairs, byte[] out, int o, int lastByte) {
        if (sRow + lastByte > s.length) {
            return false;
        }
        int[] xmin = cx.xmin;
        int[] taps = cx.n;
        int perOutput = (cx.ksize + 1) / 2;
        int last = cx.count - 1;
        for (int i = 0; i <= last; i++) {
            int p = sRow + xmin[i] * 4;
            int q = (taps[i] + 1) / 2;
            int at = i * perOutput * 8;
            IntVector acc = IntVector.zero(I);
            for (int t = 0; t < q; t++, p += 8, at += 8) {
                IntVector v = ((IntVector) ByteVector.fromArray(B, s, p).convertShape(VectorOperators.B2I, I, 0)).and(0xFF);
                acc = acc.add(v.mul(IntVector.fromArray(I, pairs, at)));
            }
            acc = acc.add(acc.rearrange(HIGH_HALF)).add(HALF).lanewise(VectorOperators.ASHR, BITS).max(0).min(255);
            if (i < last) {
                // lanes 0..3 are the pixel; the store writes 8 bytes, the next pixel's four overwrite the rest
                ((ByteVector) acc.convertShape(VectorOperators.I2B, B, 0)).intoArray(out, o + 4 * i);
            } else {
                int px = o + 4 * i;
                out[px] = (byte) acc.lane(0);
                out[px + 1] = (byte) acc.lane(1);
                out[px + 2] = (byte) acc.lane(2);
                out[px + 3] = (byte) acc.lane(3);
            }
        }
        return true;
    }

    /**
     * Bytes an output row needs past {@code sRow}: the end of the last pair load of any output pixel (a pair may
     * read one pixel past the taps, with weight 0).
     */
    static int lastByte(PillowResampler.Coeffs cx) {
        int end = 0;
        for (int i = 0; i < cx.count; i++) {
            end = Math.max(end, (cx.xmin[i] + 2 * ((cx.n[i] + 1) / 2)) * 4);
        }
        return end;
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
