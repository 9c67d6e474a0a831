package example;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.onnx.OnnxTensors;

import java.util.Map;

/** A pixelprep tensor handed to an ONNX Runtime session the caller owns (options, execution providers, outputs). */
public class OnnxRuntimeByHand {
    public static float[] logits(OrtSession session, PixelBuffer photo) throws OrtException {
        Tensor tensor = Pipeline.compile(Presets.get("onnx-zoo-imagenet").toSpec()).tensor(photo);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // float32 goes in as a FloatBuffer with the tensor's shape; OnnxTensors picks the right call for every dtype
        try (OnnxTensor input = OnnxTensors.create(env, tensor);
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            return ((float[][]) result.get(0).getValue())[0];
        }
    }
}
