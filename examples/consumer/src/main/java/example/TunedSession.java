package example;

import dev.pixelprep.onnx.OnnxModel;

import java.nio.file.Path;

/** ONNX Runtime's session options through OnnxModel: threads here; execution providers (CUDA, ...) the same way. */
public class TunedSession {
    public static OnnxModel open(Path model) {
        // with onnxruntime_gpu on the class path instead of onnxruntime: options.addCUDA(0)
        return OnnxModel.open(model, options -> options.setIntraOpNumThreads(1));
    }
}
