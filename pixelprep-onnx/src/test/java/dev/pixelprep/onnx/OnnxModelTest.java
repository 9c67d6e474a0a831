package dev.pixelprep.onnx;

import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The real bundled models, run on the reference input tensors, against the reference outputs. */
class OnnxModelTest {
    static final Path MOBILENET = Path.of("../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx");
    static final Path SYNSET = Path.of("../examples/models/mobilenetv2-12-int8/synset.txt");
    static final Path ULTRAFACE = Path.of("../examples/models/ultraface/version-RFB-320.onnx");
    static OnnxModel mobilenet;
    static OnnxModel ultraface;

    @BeforeAll
    static void open() {
        mobilenet = OnnxModel.open(MOBILENET);
        ultraface = OnnxModel.open(ULTRAFACE);
    }

    @AfterAll
    static void close() {
        mobilenet.close();
        ultraface.close();
    }

    static Tensor npy(String name) throws IOException {
        try (InputStream in = OnnxModelTest.class.getResourceAsStream("/reference/" + name)) {
            return Npy.read(in, name);
        }
    }

    @Test
    void readsInputsSkippingInitializersListedAsInputs() {
        assertThat(mobilenet.inputs()).hasSize(1);
        ModelInput in = mobilenet.imageInput();
        assertThat(in.name()).isEqualTo("input");
        assertThat(in.describe()).isEqualTo("float32 [batch_size,3,224,224]");
        // UltraFace's graph lists all its weights as inputs too (old exporter); only the image is a real input
        assertThat(ultraface.inputs()).hasSize(1);
        assertThat(ultraface.imageInput().describe()).isEqualTo("float32 [1,3,240,320]");
    }

    @Test
    void referenceInputGivesReferenceLogitsAndTop5() throws IOException {
        Map<String, Tensor> out = mobilenet.run(npy("mobilenetv2-12-int8.chelsea.input.npy"));
        float[] logits = out.get("output").toFloatArray();
        float[] want = npy("mobilenetv2-12-int8.chelsea.output-logits.npy").toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertThat((double) logits[i]).as("logit %d", i).isCloseTo(want[i], within(0.3));
        }
        List<Classification.Prediction> top = Classification.topK(out.get("output"), 0, 5, true, Classification.readLabels(SYNSET));
        assertThat(top.get(0).index()).isEqualTo(285);
        assertThat(top.get(0).label()).isEqualTo("n02124075 Egyptian cat");
        assertThat(top.get(0).probability()).isCloseTo(0.5967, within(0.02));
        assertThat(top).extracting(Classification.Prediction::index).containsExactly(285, 282, 281, 287, 728);
    }

    @Test
    void ultraFaceReferenceInputGivesReferenceScores() throws IOException {
        Map<String, Tensor> out = ultraface.run(npy("ultraface-rfb320.astronaut.input.npy"));
        float[] scores = out.get("scores").toFloatArray();
        float[] want = npy("ultraface-rfb320.astronaut.output-scores.npy").toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertThat((double) scores[i]).isCloseTo(want[i], within(1e-4));
        }
    }

    /**
     * A batch whose images make different sizes goes through the batch's own pipeline: a keep-ratio resize into 224
     * (chelsea 224x149, astronaut 224x224) padded to the batch's largest, so chelsea sits top-left in a 224x224 slot
     * with zeros below; the model sees exactly the tensor {@code Pipeline.tensor} makes.
     */
    @Test
    void aPaddedBatchRunsTheTensorItsPipelineMakes() {
        var keepRatio = dev.pixelprep.core.geometry.Resize.shorterSide(224, dev.pixelprep.core.geometry.Interpolation.BILINEAR,
                dev.pixelprep.core.geometry.ResizeFamily.OPENCV).withSideRounding(dev.pixelprep.core.geometry.SideRounding.SCALE).withMaxSize(224);
        Spec spec = Torchvision.imagenet().toSpec().toBuilder()
                .geometry(new dev.pixelprep.core.geometry.Geometry(keepRatio, null).withPadValue(0).withPadBatch(true)).build();
        List<PixelBuffer> images = List.of(
                dev.pixelprep.io.ImageDecoder.defaults().decode(Path.of("../examples/chelsea.png")).pixels(),
                dev.pixelprep.io.ImageDecoder.defaults().decode(Path.of("../examples/astronaut.png")).pixels());
        Tensor input = dev.pixelprep.core.engine.Pipeline.compile(spec.toBuilder().batch(2).build()).tensor(images);
        assertThat(input.shape()).containsExactly(2, 3, 224, 224);
        float[] want = mobilenet.run(input).get("output").toFloatArray();
        float[] got = mobilenet.run(spec, images).get("output").toFloatArray();
        assertThat(got).containsExactly(want);
    }

    @Test
    void mismatchedSpecsAreRefusedBeforeRunningWithBothShapesNamed() {
        Spec nhwc = Torchvision.imagenet().toSpec().toBuilder().layout(Layout.NHWC).build();
        assertThatThrownBy(() -> mobilenet.check(nhwc, 224, 224, 1)).isInstanceOf(InvalidModelException.class)
                .hasMessage("model input `input` wants float32 [batch_size,3,224,224] (NCHW); the spec produces NHWC float32 [1,224,224,3]: use layout NCHW");
        Spec plain = Torchvision.imagenet().toSpec();
        assertThatThrownBy(() -> mobilenet.check(plain, 451, 300, 1))
                .hasMessageContaining("the spec produces NCHW float32 [1,3,300,451]").hasMessageContaining("add a resize to 224x224");
        PixelBuffer px = PixelBuffer.of(new byte[10 * 10 * 3], 10, 10, PixelFormat.RGB888);
        assertThatThrownBy(() -> mobilenet.run(plain, List.of(px))).isInstanceOf(InvalidModelException.class);
    }

    @Test
    void corruptAndMissingModelsGiveOneLineErrors(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.onnx");
        byte[] real = Files.readAllBytes(ULTRAFACE);
        Files.write(bad, java.util.Arrays.copyOf(real, 5000));
        assertThatThrownBy(() -> OnnxModel.open(bad)).isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith(bad + ": ONNX Runtime cannot load it").hasMessageNotContaining("\n");
        Path jpeg = dir.resolve("photo.onnx");
        Files.copy(Path.of("../examples/rocket.jpg"), jpeg);
        assertThatThrownBy(() -> OnnxModel.open(jpeg)).isInstanceOf(InvalidModelException.class);
        assertThatThrownBy(() -> OnnxModel.open(dir.resolve("missing.onnx"))).hasMessageContaining("no such model file");
    }
}
