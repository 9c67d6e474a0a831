package dev.pixelprep.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.pixelprep.core.engine.Tensor;

import java.nio.ByteOrder;

/**
 * pixelprep {@link Tensor}s as ONNX Runtime {@link OnnxTensor}s, for callers who run their own {@code OrtSession}.
 *
 * <p>The trap this avoids: {@code OnnxTensor.createTensor(env, ByteBuffer, shape)} makes a {@code uint8} tensor of
 * the bytes, so a float32 tensor's {@code data()} passed that way is refused by a float model (or, with a matching
 * byte count, misread). Float32 goes in through a {@code FloatBuffer}; float16 as binary16 {@code short}s, uint8 and
 * int8 through the typed {@code ByteBuffer} call.
 *
 * <p>Stateless utility. The returned tensor is the caller's to close.
 */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /** A new ONNX Runtime tensor with {@code tensor}'s shape, dtype and elements (ONNX Runtime copies heap buffers). */
    public static OnnxTensor create(OrtEnvironment env, Tensor tensor) throws OrtException {
        long[] shape = tensor.longShape();
        switch (tensor.dtype()) {
            case FLOAT32:
                return OnnxTensor.createTensor(env, tensor.asFloatBuffer(), shape);
            case FLOAT16:
                // binary16 values as shorts: the little-endian view reads them right on any CPU, ONNX Runtime copies them
                return OnnxTensor.createTensor(env, tensor.data().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer(), shape, OnnxJavaType.FLOAT16);
            case UINT8:
                return OnnxTensor.createTensor(env, tensor.data(), shape, OnnxJavaType.UINT8);
            default:
                return OnnxTensor.createTensor(env, tensor.data(), shape, OnnxJavaType.INT8);
        }
    }
}
