package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.simd.Simd;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteOrder;

/**
 * {@link OpenCvLinearPlanes} in SIMD lanes (Vector API; used only when {@link Simd#ENABLED}): the same integer
 * operations on the same values, and the level map as the two double operations the table was built with, so the
 * floats are the same bits.
 *
 * <p>Horizontal: a source row as one int per pixel (a packed-int source as it is, a 4-byte source's row read as
 * little-endian ints first); {@code L} window columns at a time, the pixels of their two taps gathered by index, each
 * channel picked by a shift and weighed, written to the channel's plane of the ring. Vertical: OpenCV's fixed-point
 * combine of {@code L} values, then {@code (float)(a·v + b)} in double lanes into the tensor's plane.
 *
 * <p>{@code L} is the number of doubles in the preferred vector (8 with AVX-512); ints and floats travel in vectors
 * of the same lane count, the shapes C2 compiles to single instructions. Each method has one loop of vector
 * operations (see {@code SimdRows} on why).
 */
final class OpenCvLinearPlanesLanes {
    private static final int L = DoubleVector.SPECIES_PREFERRED.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_64.withShape(VectorShape.forBitSize(32 * L));
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_64.withShape(VectorShape.forBitSize(32 * L));

    private OpenCvLinearPlanesLanes() {
    }

    /** Pixels {@code 0 .. n} of a 4-byte row starting at byte {@code p} as little-endian ints into {@code row}. */
    static void bytesToInts(byte[] s, int p, int n, int[] row) {
        int x = 0;
        for (; x <= n - L && p + 4 * (x + L) <= s.length; x += L) {
            IntVector.fromByteArray(I, s, p + 4 * x, ByteOrder.LITTLE_ENDIAN).intoArray(row, x);
        }
        for (; x < n; x++) {
            int q = p + 4 * x;
            row[x] = (s[q] & 0xFF) | (s[q + 1] & 0xFF) << 8 | (s[q + 2] & 0xFF) << 16 | (s[q + 3] & 0xFF) << 24;
        }
    }

    /** Three channels (at bit shifts {@code s0, s1, s2}), two taps: {@code ring[o + c·n + i]}. */
    static void gather3(int[] row, int base, int s0, int s1, int s2, int[] t0, int[] t1, int[] w0, int[] w1,
                        int[] ring, int o, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            IntVector p = IntVector.fromArray(I, row, base, t0, i);
            IntVector q = IntVector.fromArray(I, row, base, t1, i);
            IntVector a0 = IntVector.fromArray(I, w0, i);
            IntVector a1 = IntVector.fromArray(I, w1, i);
            p.lanewise(VectorOperators.LSHR, s0).and(0xFF).mul(a0)
                    .add(q.lanewise(VectorOperators.LSHR, s0).and(0xFF).mul(a1)).intoArray(ring, o + i);
            p.lanewise(VectorOperators.LSHR, s1).and(0xFF).mul(a0)
                    .add(q.lanewise(VectorOperators.LSHR, s1).and(0xFF).mul(a1)).intoArray(ring, o + n + i);
            p.lanewise(VectorOperators.LSHR, s2).and(0xFF).mul(a0)
                    .add(q.lanewise(VectorOperators.LSHR, s2).and(0xFF).mul(a1)).intoArray(ring, o + 2 * n + i);
        }
        for (; i < n; i++) {
            int p = row[base + t0[i]];
            int q = row[base + t1[i]];
            ring[o + i] = ((p >>> s0) & 0xFF) * w0[i] + ((q >>> s0) & 0xFF) * w1[i];
            ring[o + n + i] = ((p >>> s1) & 0xFF) * w0[i] + ((q >>> s1) & 0xFF) * w1[i];
            ring[o + 2 * n + i] = ((p >>> s2) & 0xFF) * w0[i] + ((q >>> s2) & 0xFF) * w1[i];
        }
    }

    /** {@link #gather3} when every second weight is 0: the second tap is not read. */
    static void gather3One(int[] row, int base, int s0, int s1, int s2, int[] t0, int[] w0, int[] ring, int o, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            IntVector p = IntVector.fromArray(I, row, base, t0, i);
            IntVector a0 = IntVector.fromArray(I, w0, i);
            p.lanewise(VectorOperators.LSHR, s0).and(0xFF).mul(a0).intoArray(ring, o + i);
            p.lanewise(VectorOperators.LSHR, s1).and(0xFF).mul(a0).intoArray(ring, o + n + i);
            p.lanewise(VectorOperators.LSHR, s2).and(0xFF).mul(a0).intoArray(ring, o + 2 * n + i);
        }
        for (; i < n; i++) {
            int p = row[base + t0[i]];
            ring[o + i] = ((p >>> s0) & 0xFF) * w0[i];
            ring[o + n + i] = ((p >>> s1) & 0xFF) * w0[i];
            ring[o + 2 * n + i] = ((p >>> s2) & 0xFF) * w0[i];
        }
    }

    /**
     * OpenCV's vertical INTER_LINEAR combine of {@code h[p0 ..]} and {@code h[p1 ..]}, then each level {@code v}
     * (or {@code 255 − v}) as {@code (float)(a·v + b)} into {@code out[o ..]}; {@code lut} for the last values.
     */
    static void vertical(int[] h, int p0, int p1, int b0, int b1, double a, double b, boolean invert, float[] lut,
                         float[] out, int o, int n) {
        int flip = invert ? 0xFF : 0;
        int i = 0;
        for (; i <= n - L; i += L) {
            IntVector x0 = IntVector.fromArray(I, h, p0 + i).lanewise(VectorOperators.ASHR, 4).mul(b0)
                    .lanewise(VectorOperators.ASHR, 16);
            IntVector x1 = IntVector.fromArray(I, h, p1 + i).lanewise(VectorOperators.ASHR, 4).mul(b1)
                    .lanewise(VectorOperators.ASHR, 16);
            IntVector v = x0.add(x1).add(2).lanewise(VectorOperators.ASHR, 2).max(0).min(255)
                    .lanewise(VectorOperators.XOR, flip);
            DoubleVector y = ((DoubleVector) v.convertShape(VectorOperators.I2D, D, 0)).mul(a).add(b);
            ((FloatVector) y.convertShape(VectorOperators.D2F, F, 0)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            int v = ((((h[p0 + i] >> 4) * b0) >> 16) + (((h[p1 + i] >> 4) * b1) >> 16) + 2) >> 2;
            out[o + i] = lut[v < 0 ? 0 : Math.min(v, 255)];
        }
    }
}
