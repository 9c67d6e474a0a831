package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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

    /** Largest tensor a Java array or buffer holds, in bytes: the hard ceiling of {@link #maxBytes()}. */
    public static final long ARRAY_LIMIT_BYTES = Integer.MAX_VALUE - 8;
    /** System property that lowers the largest tensor pixelprep builds, in bytes (suffixes k, m, g allowed). */
    public static final String MAX_BYTES_PROPERTY = "pixelprep.maxTensorBytes";

    /** Number of elements of a shape, saturating at {@link Long#MAX_VALUE} instead of overflowing. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d == 0) {
                return 0;
            }
            n = n > Long.MAX_VALUE / Math.abs((long) d) ? Long.MAX_VALUE : n * d;
        }
        return n;
    }

    /** Bytes a tensor of this shape and dtype needs, saturating at {@link Long#MAX_VALUE}. */
    public static long byteCount(int[] shape, DType dtype) {
        long n = elementCount(shape);
        return n > Long.MAX_VALUE / dtype.size() ? Long.MAX_VALUE : n * dtype.size();
    }

    /**
     * The largest tensor pixelprep allocates, in bytes: {@value #MAX_BYTES_PROPERTY} when set (e.g. {@code 512m}),
     * never more than {@link #ARRAY_LIMIT_BYTES} (just under 2 GiB, what one Java array holds), which is the default.
     */
    public static long maxBytes() {
        String v = System.getProperty(MAX_BYTES_PROPERTY);
        if (v == null || v.isBlank()) {
            return ARRAY_LIMIT_BYTES;
        }
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit = t.endsWith("k") ? 1L << 10 : t.endsWith("m") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n <= 0 || n > ARRAY_LIMIT_BYTES / unit + 1) {
            throw new InvalidSpecException("-D" + MAX_BYTES_PROPERTY + "=" + v + ": expected a positive number of bytes up to "
                    + ARRAY_LIMIT_BYTES + " (suffix k, m or g allowed)");
        }
        return Math.min(n * unit, ARRAY_LIMIT_BYTES);
    }

    /**
     * Checks, before anything is allocated, that a tensor of this shape and dtype fits under {@link #maxBytes()}.
     *
     * @return its size in bytes (at most {@link #ARRAY_LIMIT_BYTES})
     * @throws InvalidSpecException e.g. {@code tensor float32 [1,3,32768,32768] needs 12.0 GiB, more than the 2.0 GiB a
     *                              Java array holds; resize or crop to a smaller size}
     */
    public static long checkSize(int[] shape, DType dtype) {
        long bytes = byteCount(shape, dtype);
        long max = maxBytes();
        if (bytes > max) {
            String limit = max == ARRAY_LIMIT_BYTES ? "the " + gib(max) + " a Java array holds"
                    : "the limit of " + max + " bytes set by -D" + MAX_BYTES_PROPERTY;
            throw new InvalidSpecException("tensor " + dtype.id() + " " + Arrays.toString(shape).replace(" ", "") + " needs "
                    + (bytes == Long.MAX_VALUE ? "more than 8 EiB" : gib(bytes)) + ", more than " + limit + "; resize or crop to a smaller size");
        }
        return bytes;
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
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

    /**
     * The float32 elements as a read-only {@link FloatBuffer} view in C order, without a copy: what ONNX Runtime's
     * {@code OnnxTensor.createTensor(env, FloatBuffer, long[])} takes. Refuses other dtypes (their bytes are not
     * floats; use {@link #data()}).
     */
    public FloatBuffer asFloatBuffer() {
        if (dtype != DType.FLOAT32) {
            throw new InvalidPixelsException("asFloatBuffer needs a float32 tensor, this one is " + dtype.id() + "; use data()");
        }
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** The shape as {@code long}s, as ONNX Runtime and DJL take it. */
    public long[] longShape() {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
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

    /**
     * How far two tensors of one shape lie apart, element by element in C order: the largest absolute difference and
     * how many elements differ by more than a tolerance. Immutable.
     *
     * @param max  the largest {@code |a − b|} (0 for empty tensors; NaN if either holds a NaN where the other does not)
     * @param over how many elements differ by more than the tolerance asked for
     */
    public record Difference(double max, long over) {
    }

    /**
     * Compares this tensor with another of the same shape, whatever the two dtypes: what a golden test or a user
     * checking pixelprep against their framework's tensor needs.
     *
     * @throws InvalidPixelsException if the shapes differ
     */
    public Difference difference(Tensor other, double tolerance) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new InvalidPixelsException("cannot compare tensor " + Arrays.toString(shape) + " with "
                    + Arrays.toString(other.shape) + ": the shapes differ");
        }
        int n = Math.toIntExact(size());
        double max = 0;
        long over = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs((double) getFloat(i) - other.getFloat(i));
            if (Double.isNaN(d) || d > max) {
                max = d;
            }
            if (!(d <= tolerance)) {
                over++;
            }
        }
        return new Difference(max, over);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + " " + dtype.id() + " " + layout;
    }
}
