package dev.pixelprep.spark;

import dev.pixelprep.onnx.OnnxModel;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime session per model file (and thread count) per executor JVM, opened by the first task that needs it and shared by
 * every later task on that executor (an {@link OnnxModel} is thread-safe), closed when the JVM exits.
 *
 * <p>Thread-safe: the map is concurrent and a model is opened once per path.
 */
final class ExecutorModels {
    private static final ConcurrentHashMap<String, OnnxModel> MODELS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(OnnxModel::close), "pixelprep-models-close"));
    }

    private ExecutorModels() {
    }

    /** The model at {@code path} with {@code ortThreads} intra-op threads (0: pixelprep's default), one session per pair. */
    static OnnxModel get(String path, int ortThreads) {
        return MODELS.computeIfAbsent(ortThreads + ":" + path, k -> OnnxModel.open(Path.of(path), ortThreads));
    }
}
