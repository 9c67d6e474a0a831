package dev.pixelprep.core.engine;

import dev.pixelprep.core.simd.Simd;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The planar row kernels of {@link Pipeline} in SIMD lanes, through the JDK's Vector API (incubator module
 * {@code jdk.incubator.vector}). Loaded only when {@link Simd#ENABLED} (the module loaded, on the CPUs the lanes were
 * verified on).
 *
 * <p>Bit-identical to the table kernels by construction: the tables hold {@code (float) (a·x + b)} computed in
 * double, multiply then add, each rounded once; here every lane does the same two double operations on the
 * same integer {@code x} (inversion is {@code x ^ 0xFF = 255 − x}, exact in int lanes) and narrows once to
 * float. IEEE arithmetic is the same in a lane as in a scalar register, so the outputs are the same bits.
 *
 * <p>The lane count {@code L} is the number of doubles in the platform's preferred vector (8 with AVX-512); bytes
 * arrive as {@code L} ints, results leave as {@code L} floats, so every
 * conversion keeps its lane count (the shapes C2 compiles to single instructions). A pixel of stride
 * {@code ps ≤ 4} with its channel at byte {@code k} sits in int {@code (ps·x + k) / 4} of an {@code L}-int load
 * starting at the group's first pixel, at bit {@code 8·((ps·x + k) mod 4)}: one lane shuffle and one variable
 * shift pick it out for strides 1 to 3; a 4-byte pixel needs only the shift {@code 8·k}.
 *
 * <p>Each method here has exactly one loop of vector operations, and no vector crosses a method boundary that
 * could stay a call. C2 turns a vector operation into an instruction only where it inlines it, and it may leave a
 * rarely-run call site out of line; a second vector loop in the same method that ran only a few times before
 * compilation (another pixel stride, say) could then box a vector object per operation for the rest of the run
 * (seen in a resize kernel: 2 MB per call). So the 4-byte and the shuffled paths are separate methods, each
 * compiled on its own when it is hot; the dispatch between them passes only ints and arrays.
 */
final class SimdRows {
    static final int LANES = DoubleVector.SPECIES_PREFERRED.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_64.withShape(VectorShape.forBitSize(32 * LANES));
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_64.withShape(VectorShape.forBitSize(32 * LANES));

    /** Shuffle and shift vectors of the pixel strides 1 to 3, by {@code (ps − 1) · 4 + k}. */
    private static final VectorShuffle<Integer>[] SHUFFLE;
    private static final IntVector[] SHIFT;

    static {
        @SuppressWarnings("unchecked")
        VectorShuffle<Integer>[] shuffles = new VectorShuffle[12];
        IntVector[] shifts = new IntVector[12];
        int[] index = new int[LANES];
        int[] bits = new int[LANES];
        for (int ps = 1; ps <= 3; ps++) {
            for (int k = 0; k < 4; k++) {
                for (int x = 0; x < LANES; x++) {
                    index[x] = (ps * x + k) >> 2;
                    bits[x] = 8 * ((ps * x + k) & 3);
                }
                shuffles[(ps - 1) * 4 + k] = VectorShuffle.fromArray(I, index, 0);
                shifts[(ps - 1) * 4 + k] = IntVector.fromArray(I, bits, 0);
            }
        }
        SHUFFLE = shuffles;
        SHIFT = shifts;
    }

    private SimdRows() {
    }

    /**
     * {@code d[o + x] = (float) (a · v + b)} for {@code x < w}, where {@code v} is byte {@code p + ps·x + k} of
     * {@code s} (as 0..255, then {@code 255 − v} when {@code invert}); {@code l} is the same map as a table, for
     * the pixels too close to the array's end for a full load.
     */
    static void planeRow(byte[] s, int p, int ps, int k, boolean invert, double a, double b, float[] l,
                         float[] d, int o, int w) {
        int flip = invert ? 0xFF : 0;
        int x = ps == 4 ? lanes4(s, p, k, flip, a, b, d, o, w) : lanesShuffled(s, p, ps, k, flip, a, b, d, o, w);
        for (p += ps * x; x < w; x++, p += ps) {
            d[o + x] = l[s[p + k] & 0xFF];
        }
    }

    /** The lanes of {@link #planeRow} for 4-byte pixels (one shift picks the channel); returns the pixels done. */
    private static int lanes4(byte[] s, int p, int k, int flip, double a, double b, float[] d, int o, int w) {
        int x = 0;
        int shift = 8 * k;
        for (; x <= w - LANES && p + 4 * LANES <= s.length; x += LANES, p += 4 * LANES) {
            affine(load(s, p).lanewise(VectorOperators.LSHR, shift).and(0xFF).lanewise(VectorOperators.XOR, flip), a, b)
                    .intoArray(d, o + x);
        }
        return x;
    }

    /** The lanes of {@link #planeRow} for 1-, 2- or 3-byte pixels (a lane shuffle and shifts); returns the pixels done. */
    private static int lanesShuffled(byte[] s, int p, int ps, int k, int flip, double a, double b, float[] d, int o, int w) {
        int x = 0;
        VectorShuffle<Integer> shuffle = SHUFFLE[(ps - 1) * 4 + k];
        IntVector shift = SHIFT[(ps - 1) * 4 + k];
        for (; x <= w - LANES && p + 4 * LANES <= s.length; x += LANES, p += ps * LANES) {
            affine(load(s, p).rearrange(shuffle).lanewise(VectorOperators.LSHR, shift).and(0xFF)
                    .lanewise(VectorOperators.XOR, flip), a, b).intoArray(d, o + x);
        }
        return x;
    }

    /**
     * {@link #planeRow(byte[], int, int, int, boolean, double, double, float[], float[], int, int)} into
     * {@code bb} as little-endian float32 at byte {@code o + 4·x} (whatever the buffer's own order, which is left
     * alone): straight into a direct buffer, no staging row.
     */
    static void planeRow(byte[] s, int p, int ps, int k, boolean invert, double a, double b, float[] l,
                         ByteBuffer bb, int o, int w) {
        int flip = invert ? 0xFF : 0;
        int x = ps == 4 ? lanes4(s, p, k, flip, a, b, bb, o, w) : lanesShuffled(s, p, ps, k, flip, a, b, bb, o, w);
        for (p += ps * x; x < w; x++, p += ps) {
            putFloatLE(bb, o + 4 * x, l[s[p + k] & 0xFF]);
        }
    }

    private static int lanes4(byte[] s, int p, int k, int flip, double a, double b, ByteBuffer bb, int o, int w) {
        int x = 0;
        int shift = 8 * k;
        for (; x <= w - LANES && p + 4 * LANES <= s.length; x += LANES, p += 4 * LANES) {
            affine(load(s, p).lanewise(VectorOperators.LSHR, shift).and(0xFF).lanewise(VectorOperators.XOR, flip), a, b)
                    .intoByteBuffer(bb, o + 4 * x, ByteOrder.LITTLE_ENDIAN);
        }
        return x;
    }

    private static int lanesShuffled(byte[] s, int p, int ps, int k, int flip, double a, double b, ByteBuffer bb, int o,
                                     int w) {
        int x = 0;
        VectorShuffle<Integer> shuffle = SHUFFLE[(ps - 1) * 4 + k];
        IntVector shift = SHIFT[(ps - 1) * 4 + k];
        for (; x <= w - LANES && p + 4 * LANES <= s.length; x += LANES, p += ps * LANES) {
            affine(load(s, p).rearrange(shuffle).lanewise(VectorOperators.LSHR, shift).and(0xFF)
                    .lanewise(VectorOperators.XOR, flip), a, b).intoByteBuffer(bb, o + 4 * x, ByteOrder.LITTLE_ENDIAN);
        }
        return x;
    }

    /** {@link #planeRow} for packed ints: {@code v = (s[p + x] >>> shift) & 0xFF}. */
    static void planeRowInt(int[] s, int p, int shift, boolean invert, double a, double b, float[] l,
                            float[] d, int o, int w) {
        int x = 0;
        int flip = invert ? 0xFF : 0;
        for (; x <= w - LANES; x += LANES) {
            affine(IntVector.fromArray(I, s, p + x).lanewise(VectorOperators.LSHR, shift).and(0xFF)
                    .lanewise(VectorOperators.XOR, flip), a, b).intoArray(d, o + x);
        }
        for (; x < w; x++) {
            d[o + x] = l[(s[p + x] >>> shift) & 0xFF];
        }
    }

    /** {@link #planeRowInt(int[], int, int, boolean, double, double, float[], float[], int, int)} into a buffer. */
    static void planeRowInt(int[] s, int p, int shift, boolean invert, double a, double b, float[] l,
                            ByteBuffer bb, int o, int w) {
        int x = 0;
        int flip = invert ? 0xFF : 0;
        for (; x <= w - LANES; x += LANES) {
            affine(IntVector.fromArray(I, s, p + x).lanewise(VectorOperators.LSHR, shift).and(0xFF)
                    .lanewise(VectorOperators.XOR, flip), a, b).intoByteBuffer(bb, o + 4 * x, ByteOrder.LITTLE_ENDIAN);
        }
        for (; x < w; x++) {
            putFloatLE(bb, o + 4 * x, l[(s[p + x] >>> shift) & 0xFF]);
        }
    }

    /** {@code src[from .. from+n)} as little-endian float32 into {@code bb} from byte {@code at}, whatever its own order. */
    static void putFloats(float[] src, int from, ByteBuffer bb, int at, int n) {
        int x = 0;
        for (; x <= n - LANES; x += LANES) {
            FloatVector.fromArray(F, src, from + x).intoByteBuffer(bb, at + 4 * x, ByteOrder.LITTLE_ENDIAN);
        }
        for (; x < n; x++) {
            putFloatLE(bb, at + 4 * x, src[from + x]);
        }
    }

    /** {@code n} copies of {@code v} as little-endian float32 into {@code bb} from byte {@code at}. */
    static void fillFloats(ByteBuffer bb, int at, int n, float v) {
        FloatVector b = FloatVector.broadcast(F, v);
        int x = 0;
        for (; x <= n - LANES; x += LANES) {
            b.intoByteBuffer(bb, at + 4 * x, ByteOrder.LITTLE_ENDIAN);
        }
        for (; x < n; x++) {
            putFloatLE(bb, at + 4 * x, v);
        }
    }

    /** {@code v} as little-endian float32 at byte {@code at}, whatever {@code bb}'s own order. */
    private static void putFloatLE(ByteBuffer bb, int at, float v) {
        int bits = Float.floatToRawIntBits(v);
        bb.putInt(at, bb.order() == ByteOrder.LITTLE_ENDIAN ? bits : Integer.reverseBytes(bits));
    }

    private static IntVector load(byte[] s, int p) {
        return IntVector.fromByteArray(I, s, p, ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code (float) (a·v + b)} per lane: double multiply, double add, one rounding to float. */
    private static FloatVector affine(IntVector v, double a, double b) {
        DoubleVector y = ((DoubleVector) v.convertShape(VectorOperators.I2D, D, 0)).mul(a).add(b);
        return (FloatVector) y.convertShape(VectorOperators.D2F, F, 0);
    }
}
