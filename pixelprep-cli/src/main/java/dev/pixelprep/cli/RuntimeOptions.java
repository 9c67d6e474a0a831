package dev.pixelprep.cli;

import dev.pixelprep.onnx.OnnxModel;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * ONNX Runtime options shared by the commands that run a model ({@code classify}, {@code detect}, {@code batch
 * --model}), and opening the model with them.
 *
 * <p>Confined: one command's parsed options.
 */
final class RuntimeOptions {
    static final int MAX_THREADS = 256;

    @Option(names = "--ort-threads", paramLabel = "N", description = "ONNX Runtime's intra-op threads (default: the machine's cores,"
            + " at most 4); with batch --jobs, how the cores are shared between preprocessing and inference.")
    Integer ortThreads;

    /** The intra-op threads asked for, checked; 0 when none were given. */
    int threads() {
        if (ortThreads == null) {
            return 0;
        }
        if (ortThreads < 1 || ortThreads > MAX_THREADS) {
            throw new UsageException("--ort-threads " + ortThreads + ": expected 1.." + MAX_THREADS);
        }
        return ortThreads;
    }

    /** Opens {@code model} with these options. */
    OnnxModel open(Path model) {
        return OnnxModel.open(model, threads());
    }
}
