package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.lint.KnownSpecs;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The five real models of shared/assets/coreml; expected values are the MANIFEST's §3 table. */
class RealModelsTest {
    static CoreMlInspector.Report inspect(String name) {
        return CoreMlInspector.inspect(CoreMlFile.read(Resources.path("coreml/" + name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Image2Image.mlmodel", "NeuralMcNeuralNet.mlmodel", "TinyDrawingEmbedding.mlmodel", "mnistCNN.mlmodel",
            "ultraface_face_detector.mlmodel"})
    void unedited_models_reserialise_byte_for_byte(String name) throws Exception {
        Path p = Resources.path("coreml/" + name);
        byte[] original = Files.readAllBytes(p);
        assertThat(CoreMlFile.read(p).model().toByteArray()).isEqualTo(original);
    }

    @Test
    void ultraface_scale_two_over_255_and_bias_minus_one() {
        CoreMlInspector.Report r = inspect("ultraface_face_detector.mlmodel");
        assertThat(r.specificationVersion()).isEqualTo(4);
        assertThat(r.modelType()).isEqualTo("neuralNetwork");
        assertThat(r.imageInputs()).hasSize(1);
        ImageInput in = r.imageInputs().get(0);
        assertThat(in.name()).isEqualTo("input");
        assertThat(in.width()).isEqualTo(320);
        assertThat(in.height()).isEqualTo(240);
        assertThat(in.colorSpace()).isEqualTo("RGB");
        StoredPreprocessing p = in.preprocessing();
        assertThat(p.kind()).isEqualTo(StoredPreprocessing.Kind.SCALER);
        assertThat(p.scale()).isCloseTo(2 / 255.0, within(1e-9));
        assertThat(p.bias()).containsExactly(-1, -1, -1);
        Spec s = p.toSpec();
        double[][] range = s.outputRange();
        for (double[] c : range) {
            assertThat(c[0]).isCloseTo(-1, within(1e-6));
            assertThat(c[1]).isCloseTo(1, within(1e-6));
        }
        List<KnownSpecs.Match> m = KnownConventions.rank(s);
        assertThat(m.get(0).exact()).isTrue();
        assertThat(m.get(0).name()).startsWith("signed-unit");
        // the ONNX author's (x - 127)/128: at x = 0 it gives -127/128 instead of -1, at x = 255 exactly 1
        KnownSpecs.Match onnx = m.stream().filter(x -> x.name().equals("x-127-over-128")).findFirst().orElseThrow();
        assertThat(onnx.exact()).isFalse();
        assertThat(onnx.maxError()).isCloseTo(1 / 128.0, within(1e-6));
    }

    @Test
    void mnist_gray_scale_one_over_255_and_ten_labels() {
        CoreMlInspector.Report r = inspect("mnistCNN.mlmodel");
        assertThat(r.modelType()).isEqualTo("neuralNetworkClassifier");
        assertThat(r.classLabels()).isEqualTo(10);
        assertThat(r.metadata()).containsEntry("license", "MIT");
        ImageInput in = r.imageInputs().get(0);
        assertThat(in.name()).isEqualTo("image");
        assertThat(in.colorSpace()).isEqualTo("GRAYSCALE");
        assertThat(in.width()).isEqualTo(28);
        assertThat(in.preprocessing().scale()).isCloseTo(1 / 255.0, within(1e-9));
        assertThat(in.preprocessing().bias()).containsExactly(0);
        assertThat(in.preprocessing().order()).isEqualTo(ColorOrder.GRAY);
        assertThat(KnownConventions.rank(in.preprocessing().toSpec()).get(0).name()).isEqualTo("mnist");
    }

    @Test
    void tiny_drawing_has_no_preprocessing() {
        ImageInput in = inspect("TinyDrawingEmbedding.mlmodel").imageInputs().get(0);
        assertThat(in.name()).isEqualTo("drawing");
        assertThat(in.colorSpace()).isEqualTo("GRAYSCALE");
        assertThat(in.preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.NONE);
        assertThat(in.preprocessing().toSpec().outputRange()[0]).containsExactly(0, 255);
    }

    @Test
    void image2image_and_custom_layer_model_scale_one() {
        for (String n : List.of("Image2Image.mlmodel", "NeuralMcNeuralNet.mlmodel")) {
            ImageInput in = inspect(n).imageInputs().get(0);
            assertThat(in.name()).isEqualTo("image");
            assertThat(in.colorSpace()).isEqualTo("RGB");
            assertThat(in.width()).isEqualTo(256);
            assertThat(in.height()).isEqualTo(256);
            assertThat(in.preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.SCALER);
            assertThat(in.preprocessing().scale()).isEqualTo(1.0);
            assertThat(KnownConventions.rank(in.preprocessing().toSpec()).get(0).name()).isEqualTo("raw");
        }
    }
}
