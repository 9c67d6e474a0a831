package dev.pixelprep.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime session options every pixelprep session uses, so that a model answers the same on every
 * x86-64 CPU. Stateless utility; thread-safe.
 *
 * <p>{@code session.x64quantprecision=1}: on x86-64 CPUs with AVX2 or AVX-512 but without VNNI, ONNX Runtime's
 * default U8S8 integer matrix multiplication sums pairs of products in saturating 16-bit lanes, so quantised
 * models (the bundled MobileNet v2 int8) give different, wrong scores there (measured on an AMD EPYC with AVX2:
 * chelsea.png 0.658 instead of 0.597, coffee.png 0.539 instead of 0.998). The option selects the exact U8U8 kernels
 * on those CPUs and changes nothing elsewhere.
 */
final class OrtOptions {
    private OrtOptions() {
    }

    /** New options (the caller closes them) with the log level at errors, the quantisation precision fix, and the given intra-op threads (0 = ORT's default). */
    static OrtSession.SessionOptions create(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            if (intraOpThreads > 0) {
                opts.setIntraOpNumThreads(intraOpThreads);
            }
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            opts.addConfigEntry("session.x64quantprecision", "1");
            return opts;
        } catch (OrtException | RuntimeException e) {
            opts.close();
            throw e;
        }
    }
}
