package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.formats.config.HfPreprocessorConfig;
import dev.pixelprep.formats.config.Imported;
import dev.pixelprep.formats.config.KerasApplications;
import dev.pixelprep.formats.config.PaddleDetectionConfig;
import dev.pixelprep.formats.config.TfLiteNormalization;
import dev.pixelprep.formats.config.TimmConfig;
import dev.pixelprep.formats.config.TorchvisionWeights;
import dev.pixelprep.io.spec.SpecJson;
import java.nio.charset.StandardCharsets;

/**
 * Framework configs imported as specs: Hugging Face {@code preprocessor_config.json}, timm pretrained configs, TFLite
 * normalization metadata, PaddleDetection's {@code infer_cfg.yml}, and the Keras-application / torchvision-weights names. What imports must be a spec the
 * JSON writer renders and the engine compiles.
 */
class ConfigFuzzTest {
    @FuzzTest
    void huggingFace(byte[] data) throws Exception {
        Expected.refusalOk(() -> use(HfPreprocessorConfig.parse(text(data), "preprocessor_config.json")));
    }

    @FuzzTest
    void timm(byte[] data) throws Exception {
        Expected.refusalOk(() -> use(TimmConfig.parse(text(data), "config.json")));
    }

    @FuzzTest
    void tflite(byte[] data) throws Exception {
        Expected.refusalOk(() -> use(TfLiteNormalization.parse(text(data), "metadata.json")));
    }

    /** PaddleDetection's infer_cfg.yml and PaddleOCR's inference.yml through the limited YAML reader; the spec must plan odd sizes and survive its JSON. */
    @FuzzTest
    void paddleDetection(byte[] data) throws Exception {
        Expected.refusalOk(() -> {
            Imported i = PaddleDetectionConfig.parse(text(data), "infer_cfg.yml");
            use(i);
            if (!i.spec().equals(SpecJson.parse(SpecJson.write(i.spec()), null))) {
                throw new AssertionError("spec JSON round trip changed " + i.spec());
            }
            if (i.spec().geometry() != null) {
                for (int[] wh : new int[][] {{1, 1}, {451, 300}, {4000, 3}, {3, 4000}}) {
                    i.spec().geometry().plan(wh[0], wh[1]);
                }
            }
        });
    }

    @FuzzTest
    void names(byte[] data) throws Exception {
        String name = text(data);
        Expected.refusalOk(() -> use(KerasApplications.of(name)));
        Expected.refusalOk(() -> use(TorchvisionWeights.of(name)));
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static void use(Imported imported) {
        SpecJson.write(imported.spec());
        Pipeline.compile(imported.spec());
    }
}
