package dev.pixelprep.doctor;

import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.proto.Onnx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor model} on a model that leaves its input size open, as detectors and OCR models do: the candidates
 * are the open-size rules (Ultralytics' stride-padded letterbox, PaddleOCR's limit-side rules, DETR, PaddleDetection's
 * keep_ratio with PadStride, the image as it is), and the expected outputs pick the one they came from.
 *
 * <p>The model is the bundled MobileNet v2 with its input's height and width made symbolic (its global average pool
 * takes any size); the expected outputs are what that model gives with each rule's tensor, so the doctor has to find
 * the rule from the outputs alone.
 */
class OpenSizeDoctorTest {
    private static Path dir;
    private static OnnxModel model;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("open-size");
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(ModelDoctorTest.MOBILENET));
        Onnx.ModelProto.Builder b = m.toBuilder();
        Onnx.TensorShapeProto.Builder shape = b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        shape.setDim(2, Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("height"));
        shape.setDim(3, Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("width"));
        Path file = dir.resolve("mobilenet-open-size.onnx");
        Files.write(file, b.build().toByteArray());
        model = OnnxModel.open(file);
    }

    @AfterAll
    static void close() throws IOException {
        model.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static ModelDiagnosis diagnoseAgainst(Spec truth) {
        List<Sample> samples = List.of(sample("chelsea.png", truth), sample("rocket.jpg", truth));
        return new ModelDoctor(model, samples, List.of(), 3).diagnose(null, null);
    }

    private static Sample sample(String name, Spec truth) {
        var px = ModelDoctorTest.image(name);
        Tensor out = model.run(truth, List.of(px)).get("output");
        return new Sample(name, px, null, out);
    }

    @Test
    void theLimitSideRuleIsFoundFromTheOutputs() {
        Spec truth = Torchvision.imagenet().applyTo(Spec.builder()).geometry(Recipes.get("paddleocr-det").spec().geometry()).build();
        ModelDiagnosis d = diagnoseAgainst(truth);
        assertThat(d.mode()).isEqualTo("expected-output");
        assertThat(d.winner().candidate().geometry()).isEqualTo("longer side at most 960, sides to multiples of 32 (paddleocr-det)");
        assertThat(d.winner().candidate().normalization()).isEqualTo("ImageNet mean/std (torchvision)");
        assertThat(d.winner().candidate().color()).isEqualTo("RGB");
        assertThat(d.decision().verdict()).isNotEqualTo(Decision.Verdict.CANNOT_TELL);
        assertThat(d.decision().summary()).contains("expected outputs");
    }

    @Test
    void theStridePaddedLetterboxIsFoundFromTheOutputs() {
        // ImageNet's normalisation, which the model's first layer was trained on (with 0..1 its batch-norm evidence,
        // applied first, would rightly rule the outputs' own candidate out)
        Spec truth = Torchvision.imagenet().applyTo(Spec.builder()).geometry(Recipes.get("ultralytics-letterbox-auto").spec().geometry()).build();
        ModelDiagnosis d = diagnoseAgainst(truth);
        assertThat(d.winner().candidate().geometry()).isEqualTo("letterbox 640, padded to a multiple of 32 (ultralytics-letterbox-auto)");
        assertThat(d.winner().candidate().normalization()).isEqualTo("ImageNet mean/std (torchvision)");
        assertThat(d.decision().verdict()).isNotEqualTo(Decision.Verdict.CANNOT_TELL);
        // the other size rules are ruled out by the expected outputs, with their distances
        assertThat(d.decision().ruledOut().get("ImageNet mean/std (torchvision), RGB, longer side at most 960, sides to multiples of 32 (paddleocr-det)"))
                .startsWith("expected outputs: distance");
    }
}
