package dev.pixelprep.core.geometry.resample;

/**
 * One thread's scratch memory for the resamplers, kept from call to call so that resizing the same sizes again
 * allocates nothing: coefficient tables, intermediate rows, accumulators.
 *
 * <p>An array handed out keeps whatever its previous user left in it and may be longer than asked for, so every
 * user writes what it reads (or fills it) and takes its length from its own arguments, never from
 * {@code array.length}. Slots are per kernel; calls on one thread never overlap, so kernels may share slots.
 */
final class Workspace {
    private static final int SLOTS = 8;
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private final int[][] ints = new int[SLOTS][0];
    private final float[][] floats = new float[SLOTS][0];
    private final double[][] doubles = new double[SLOTS][0];
    private final byte[][] bytes = new byte[SLOTS][0];
    final OpenCvResampler.Axis axisX = new OpenCvResampler.Axis();
    final OpenCvResampler.Axis axisY = new OpenCvResampler.Axis();
    final PillowResampler.Coeffs coeffsX = new PillowResampler.Coeffs();
    final PillowResampler.Coeffs coeffsY = new PillowResampler.Coeffs();
    final TorchResampler.AaAxis torchX = new TorchResampler.AaAxis();
    final TorchResampler.AaAxis torchY = new TorchResampler.AaAxis();

    private Workspace() {
    }

    /** This thread's workspace. */
    static Workspace get() {
        return CURRENT.get();
    }

    int[] ints(int slot, int n) {
        if (ints[slot].length < n) {
            ints[slot] = new int[n];
        }
        return ints[slot];
    }

    float[] floats(int slot, int n) {
        if (floats[slot].length < n) {
            floats[slot] = new float[n];
        }
        return floats[slot];
    }

    double[] doubles(int slot, int n) {
        if (doubles[slot].length < n) {
            doubles[slot] = new double[n];
        }
        return doubles[slot];
    }

    byte[] bytes(int slot, int n) {
        if (bytes[slot].length < n) {
            bytes[slot] = new byte[n];
        }
        return bytes[slot];
    }
}
