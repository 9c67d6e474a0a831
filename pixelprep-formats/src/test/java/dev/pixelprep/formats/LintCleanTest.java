package dev.pixelprep.formats;

import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.lint.SpecLint;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.config.HfPreprocessorConfig;
import dev.pixelprep.formats.config.Imported;
import dev.pixelprep.formats.config.KerasApplications;
import dev.pixelprep.formats.config.TfLiteNormalization;
import dev.pixelprep.formats.config.TimmConfig;
import dev.pixelprep.formats.config.TorchvisionWeights;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.ImageInput;
import dev.pixelprep.io.spec.SpecJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No false alarms: the lint flags none of the real specs: the bundled sidecars, every HF / timm / TFLite config in
 * the test resources, every Keras application and torchvision weight this module knows, and the real Core ML models'
 * stored preprocessing.
 */
class LintCleanTest {
    static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(Resources.path(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    static void clean(Spec spec, String writtenIn, String what) {
        assertThat(SpecLint.lint(spec, LintContext.writtenIn(writtenIn))).as(what + ": " + spec.describe()).isEmpty();
        assertThat(spec.lint()).as(what).isEmpty();
    }

    @Test
    void bundledSidecarsLintClean() throws IOException {
        List<Path> sidecars;
        try (Stream<Path> s = Files.walk(Path.of("../examples/models"))) {
            sidecars = s.filter(p -> p.getFileName().toString().endsWith(".pixelprep.json")).sorted().collect(Collectors.toList());
        }
        assertThat(sidecars).hasSizeGreaterThanOrEqualTo(2);
        for (Path p : sidecars) {
            clean(SpecJson.read(p), null, p.toString());
        }
    }

    @Test
    void frameworkConfigsLintClean() throws IOException {
        int n = 0;
        for (Path p : files("hf", ".json")) {
            clean(HfPreprocessorConfig.read(p).spec(), "hf", p.toString());
            n++;
        }
        for (Path p : files("timm", ".json")) {
            clean(TimmConfig.read(p).spec(), "timm", p.toString());
            n++;
        }
        for (Path p : files("tflite", ".json")) {
            clean(TfLiteNormalization.read(p).spec(), "tflite", p.toString());
            n++;
        }
        assertThat(n).isEqualTo(11);
        for (String name : KerasApplications.names()) {
            Imported i = KerasApplications.of(name);
            if (i.spec() != null) {
                clean(i.spec(), "keras", name);
            }
        }
        for (String name : TorchvisionWeights.names()) {
            clean(TorchvisionWeights.of(name).spec(), "torchvision", name);
        }
    }

    @Test
    void realCoreMlModelsLintClean() throws IOException {
        int n = 0;
        for (Path p : files("coreml", ".mlmodel")) {
            for (ImageInput in : CoreMlInspector.inspect(CoreMlFile.read(p)).imageInputs()) {
                Spec s = in.preprocessing().toSpec();
                if (s != null) {
                    clean(s, "coreml", p.getFileName() + " " + in.name());
                    n++;
                }
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(4);
    }
}
