package dev.pixelprep.onnx;

import ai.onnxruntime.OnnxJavaType;

import java.util.Arrays;
import java.util.Locale;

/**
 * One input of a model as ONNX Runtime reports it (initializers listed as inputs by old exporters are not
 * reported).
 *
 * <p>Immutable: the shape and names are copied in and out; equal by content; safe to share between threads.
 *
 * @param shape    dimensions; -1 where the model leaves a dimension free
 * @param dimNames the symbolic name of each free dimension ({@code batch_size}), or "" where fixed or unnamed
 */
public record ModelInput(String name, long[] shape, String[] dimNames, OnnxJavaType type) {
    /** Copies the arrays, so the caller's later changes do not reach this value. */
    public ModelInput {
        shape = shape.clone();
        dimNames = dimNames.clone();
    }

    /** A copy: changing it does not change this input. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A copy: changing it does not change this input. */
    @Override
    public String[] dimNames() {
        return dimNames.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Whether this looks like an image input: rank 4 (or 3) with 1 or 3 channels on axis 1 or the last axis. */
    public boolean isImageLike() {
        return (rank() == 4 || rank() == 3) && (channelsFirst() || channelsLast());
    }

    /** Channels on axis 1 (NCHW) / axis 0 (CHW). */
    public boolean channelsFirst() {
        long c = shape[rank() - 3];
        return c == 1 || c == 3;
    }

    public boolean channelsLast() {
        long c = shape[rank() - 1];
        return c == 1 || c == 3;
    }

    /** Type name as ONNX writes it: float32, uint8, ... */
    public String typeName() {
        switch (type) {
            case FLOAT: return "float32";
            case FLOAT16: return "float16";
            case UINT8: return "uint8";
            case INT8: return "int8";
            case DOUBLE: return "float64";
            default: return type.name().toLowerCase(Locale.ROOT);
        }
    }

    /** e.g. {@code float32 [batch_size,3,224,224]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(typeName()).append(" [");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(shape[i] >= 0 ? Long.toString(shape[i]) : dimNames[i].isEmpty() ? "?" : dimNames[i]);
        }
        return sb.append(']').toString();
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInput && ((ModelInput) o).name.equals(name) && Arrays.equals(((ModelInput) o).shape, shape)
                && Arrays.equals(((ModelInput) o).dimNames, dimNames) && ((ModelInput) o).type == type;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(dimNames);
    }

    @Override
    public String toString() {
        return name + ": " + describe();
    }
}
