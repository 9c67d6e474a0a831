package dev.pixelprep.core.engine;

import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense tensor in C order with little-endian elements: what pixelprep hands to a runtime or writes to
 * {@code .npy}. The shape and the layout say which axis is which.
 *
 * <p>Immutable once made: its elements are only handed out through read-only views and copies. The constructor keeps
 * a view of the caller's buffer without copying it, so the caller must not write that buffer afterwards ({@link
 * #ofFloats} copies). Then it is safe to share between threads for reading.
 */
public final class Tensor {
    private final int[] shape;
    private final DType dtype;
    private final Layout layout;
    private final ByteBuffer data;

    /**
     * @param data little-endian bytes of exactly {@code product(shape) × dtype.size()}; the tensor keeps a
     *             read-only view of it from index 0
     */
    public Tensor(int[] shape, DType dtype, Layout layout, ByteBuffer data) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.layout = layout;
        long n = elementCount(shape) * dtype.size();
        if (data.capacity() != n) {
            throw new IllegalArgumentException("tensor " + Arrays.toString(shape) + " " + dtype.id() + " needs " + n
                    + " bytes, got " + data.capacity());
        }
        this.data = data.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Wraps float32 values. */
    public static Tensor ofFloats(int[] shape, Layout layout, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new Tensor(shape, DType.FLOAT32, layout, b);
    }

    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public int[] shape() {
        return shape.clone();
    }

    public DType dtype() {
        return dtype;
    }

    public Layout layout() {
        return layout;
    }

    public long size() {
        return elementCount(shape);
    }

    /** A read-only little-endian view of the elements. */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Element {@code i} (C order) as a float, whatever the dtype. */
    public float getFloat(int i) {
        switch (dtype) {
            case FLOAT32: return data.getFloat(i * 4);
            case FLOAT16: return Half.toFloat(data.getShort(i * 2));
            case UINT8: return data.get(i) & 0xFF;
            default: return data.get(i);
        }
    }

    /** All elements as floats, C order. */
    public float[] toFloatArray() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        if (dtype == DType.FLOAT32) {
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = getFloat(i);
        }
        return out;
    }

    /** The channel axis of this tensor's layout. */
    public int channelAxis() {
        switch (layout) {
            case NCHW: return 1;
            case CHW: return 0;
            case NHWC: return 3;
            default: return 2;
        }
    }

    /** Per-channel {min, max, mean} over every other axis. */
    public double[][] channelStats() {
        int axis = channelAxis();
        int channels = shape[axis];
        long inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        double[][] st = new double[channels][];
        double[] sum = new double[channels];
        long[] count = new long[channels];
        for (int c = 0; c < channels; c++) {
            st[c] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0};
        }
        int n = Math.toIntExact(size());
        for (int i = 0; i < n; i++) {
            int c = (int) ((i / inner) % channels);
            double v = getFloat(i);
            if (v < st[c][0]) {
                st[c][0] = v;
            }
            if (v > st[c][1]) {
                st[c][1] = v;
            }
            sum[c] += v;
            count[c]++;
        }
        for (int c = 0; c < channels; c++) {
            st[c][2] = sum[c] / count[c];
        }
        return st;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + " " + dtype.id() + " " + layout;
    }
}
