package dev.pixelprep.doctor;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance on the bundled models: with the authors' expected outputs, a deliberately wrong spec (each classic
 * mistake, made from the model's own stored spec) is ruled out by the evidence, the right preprocessing is kept
 * first, and the mistake is named. Expected ids come from how each wrong spec was built. Without such evidence the
 * doctor abstains (see {@link DoctorBatteryTest} for the batteries over every model, photo and mistake).
 */
class ModelDoctorTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path MOBILENET = EXAMPLES.resolve("models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx");
    static final Path ULTRAFACE = EXAMPLES.resolve("models/ultraface/version-RFB-320.onnx");
    static final double[] MEAN = {0.485, 0.456, 0.406};
    static final double[] STD = {0.229, 0.224, 0.225};

    static OnnxModel mobilenet;
    static OnnxModel ultraface;
    static ModelDoctor mobilenetDoctor;
    static ModelDoctor ultrafaceDoctor;
    static Spec mobilenetSpec;
    static Spec ultrafaceSpec;

    static PixelBuffer image(String name) {
        return ImageDecoder.defaults().decode(EXAMPLES.resolve(name)).pixels();
    }

    static Tensor reference(String name) {
        try (InputStream in = ModelDoctorTest.class.getResourceAsStream("/reference/" + name)) {
            return Npy.read(in, name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void open() {
        mobilenet = OnnxModel.open(MOBILENET);
        ultraface = OnnxModel.open(ULTRAFACE);
        mobilenetSpec = SpecJson.read(Path.of(MOBILENET + ".pixelprep.json"));
        ultrafaceSpec = SpecJson.read(Path.of(ULTRAFACE + ".pixelprep.json"));
        List<String> synset = Classification.readLabels(MOBILENET.resolveSibling("synset.txt"));
        mobilenetDoctor = new ModelDoctor(mobilenet, List.of(
                new Sample("chelsea.png", image("chelsea.png"), null, reference("mobilenetv2-12-int8.chelsea.output-logits.npy")),
                new Sample("rocket.jpg", image("rocket.jpg"), null, reference("mobilenetv2-12-int8.rocket.output-logits.npy"))), synset, 5);
        ultrafaceDoctor = new ModelDoctor(ultraface, List.of(
                new Sample("astronaut.png", image("astronaut.png"), null, reference("ultraface-rfb320.astronaut.output-scores.npy"))),
                Classification.readLabels(ULTRAFACE.resolveSibling("voc-model-labels.txt")), 3);
    }

    @AfterAll
    static void close() {
        mobilenet.close();
        ultraface.close();
    }

    static double[] tvScale() {
        double[] a = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = 1 / (255 * STD[c]);
        }
        return a;
    }

    static Stream<Arguments> mobilenetMistakes() {
        Spec r = SpecJson.read(Path.of(MOBILENET + ".pixelprep.json"));
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("BGR fed to the RGB model", r.toBuilder().color(ColorOrder.BGR).build(), List.of(Finding.CHANNEL_SWAP)));
        out.add(Arguments.of("raw 0..255", r.toBuilder().scale(1).bias(0).build(), List.of(Finding.SCALE_255, Finding.NORMALIZATION_MISSING)));
        out.add(Arguments.of("x/255 without mean/std", r.toBuilder().scale(1 / 255.0).bias(0).build(), List.of(Finding.NORMALIZATION_MISSING)));
        double[] a255 = tvScale();
        for (int c = 0; c < 3; c++) {
            a255[c] *= 255;
        }
        out.add(Arguments.of("Normalize without ToTensor's /255", r.toBuilder().scale(a255).build(), List.of(Finding.SCALE_255)));
        double avg = 1 / (255 * 0.226);
        out.add(Arguments.of("Core ML one scale (std 0.226)", r.toBuilder().scale(avg).build(), List.of(Finding.STD_AVERAGED)));
        out.add(Arguments.of("Core ML bias = -mean, not scaled", r.toBuilder().scale(avg).bias(-123.675, -116.28, -103.53).build(),
                List.of(Finding.STD_AVERAGED, Finding.BIAS_NOT_SCALED)));
        double[] a = tvScale();
        out.add(Arguments.of("OpenCV mean given in 0..1 units", r.toBuilder().bias(-a[0] * MEAN[0], -a[1] * MEAN[1], -a[2] * MEAN[2]).build(),
                List.of(Finding.MEAN_UNITS)));
        double[] a2 = r.scale();
        double[] b2 = r.bias();
        for (int c = 0; c < 3; c++) {
            a2[c] /= STD[c];
            b2[c] = (b2[c] - MEAN[c]) / STD[c];
        }
        out.add(Arguments.of("normalised twice", r.toBuilder().scale(a2).bias(b2).build(), List.of(Finding.DOUBLE_NORMALIZATION)));
        out.add(Arguments.of("stretched instead of resize + crop", r.toBuilder().geometry(
                new Geometry(Resize.exact(224, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build(), List.of(Finding.RESIZE_MISMATCH)));
        out.add(Arguments.of("NHWC for an NCHW model", r.toBuilder().layout(Layout.NHWC).build(), List.of(Finding.LAYOUT_NHWC_NCHW)));
        return out.stream();
    }

    @ParameterizedTest(name = "MobileNet v2: {0}")
    @MethodSource("mobilenetMistakes")
    void mobileNetRanksTheRightPreprocessingFirstAndNamesTheMistake(String what, Spec wrong, List<String> ids) {
        ModelDiagnosis d = mobilenetDoctor.diagnose(wrong, "test");
        assertThat(d.mode()).isEqualTo("expected-output");
        assertRightWins(d, mobilenetSpec);
        assertThat(d.ids()).as(d.findings().toString()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(d.currentStatus()).as("the wrong spec is ruled out").startsWith("ruled out by ");
        assertThat(d.graphSteps()).isEmpty();
    }

    static void assertRightWins(ModelDiagnosis d, Spec right) {
        Spec w = d.winner().candidate().spec();
        assertThat(w.color()).isEqualTo(right.color());
        assertThat(w.geometry()).isEqualTo(right.geometry());
        for (int c = 0; c < 3; c++) {
            assertThat(w.scale(c)).isCloseTo(right.scale(c), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(w.bias(c)).isCloseTo(right.bias(c), org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(d.decision().verdict()).isNotEqualTo(Decision.Verdict.CANNOT_TELL);
        assertThat(d.kept(d.winner())).isTrue();
        assertThat(d.decision().summary()).contains("expected outputs");
    }

    @Test
    void theRightSpecIsRankedFirstWithNoFinding() {
        ModelDiagnosis d = mobilenetDoctor.diagnose(mobilenetSpec, "sidecar");
        assertThat(d.currentStatus()).startsWith("consistent with the evidence");
        assertThat(d.findings()).isEmpty();
        assertThat(d.comparison()).isNull();
        assertThat(d.winner().samples().get(0).summary()).startsWith("Egyptian cat 0.596");
    }

    static Stream<Arguments> ultrafaceMistakes() {
        Spec r = SpecJson.read(Path.of(ULTRAFACE + ".pixelprep.json"));
        return Stream.of(
                Arguments.of("BGR from cv2.imread fed as is", r.toBuilder().color(ColorOrder.BGR).build(), List.of(Finding.CHANNEL_SWAP)),
                Arguments.of("raw 0..255", r.toBuilder().scale(1).bias(0).build(), List.of(Finding.SCALE_127_5)),
                Arguments.of("0..1 instead of -1..1", r.toBuilder().scale(1 / 255.0).bias(0).build(), List.of(Finding.SCALE_2)),
                Arguments.of("letterbox instead of stretch", r.toBuilder().geometry(new Geometry(new Resize(dev.pixelprep.core.geometry.ResizeMode.FIT,
                        320, 240, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true), null)).build(), List.of(Finding.RESIZE_MISMATCH)));
    }

    @ParameterizedTest(name = "UltraFace: {0}")
    @MethodSource("ultrafaceMistakes")
    void ultraFaceRanksTheRightPreprocessingFirstAndNamesTheMistake(String what, Spec wrong, List<String> ids) {
        ModelDiagnosis d = ultrafaceDoctor.diagnose(wrong, "test");
        assertRightWins(d, ultrafaceSpec);
        assertThat(d.ids()).as(d.findings().toString()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(d.currentStatus()).startsWith("ruled out by ");
    }

    @Test
    void withoutAStoredSpecTheEvidenceAloneFindsTheNormalisation(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("model.onnx");
        Files.copy(MOBILENET, copy);
        Spec wrong = mobilenetSpec.toBuilder().color(ColorOrder.BGR).scale(1 / 255.0).bias(0).build();
        try (OnnxModel m = OnnxModel.open(copy)) {
            ModelDoctor doctor = new ModelDoctor(m, List.of(new Sample("chelsea.png", image("chelsea.png"), null,
                    reference("mobilenetv2-12-int8.chelsea.output-logits.npy"))), List.of(), 3);
            ModelDiagnosis d = doctor.diagnose(wrong, "test");
            assertThat(d.winner().candidate().normalization()).isEqualTo("ImageNet mean/std (torchvision)");
            assertThat(d.winner().candidate().color()).isEqualTo("RGB");
            assertThat(d.ids()).containsExactlyInAnyOrder(Finding.CHANNEL_SWAP, Finding.NORMALIZATION_MISSING);
        }
    }

    @Test
    void withoutOutputEvidenceOnlyTheFirstLayerRulesOutAndNothingIsCalledWrong() {
        ModelDoctor doctor = new ModelDoctor(ultraface, List.of(new Sample("astronaut.png", image("astronaut.png"), null, null)),
                Classification.readLabels(ULTRAFACE.resolveSibling("voc-model-labels.txt")), 3);
        // 0..1 instead of -1..1 still finds the face with probability 1.0: confidence cannot tell them apart
        ModelDiagnosis d = doctor.diagnose(ultrafaceSpec.toBuilder().scale(1 / 255.0).bias(0).build(), "test");
        assertThat(d.mode()).isEqualTo("confidence");
        // the first layer's batch normalisation rules out the 0..255 inputs and nothing finer: 0..1 and -1..1 stay
        assertThat(d.decision().verdict()).isEqualTo(Decision.Verdict.PROBABLY);
        assertThat(d.decision().ruledOut()).isNotEmpty().allSatisfy((name, why) -> {
            assertThat(why).startsWith("first-layer statistics: ");
            assertThat(d.ranked().stream().filter(e -> e.candidate().name().equals(name)).findFirst().orElseThrow().candidate().spec().scale(0))
                    .as(name).isGreaterThan(0.5);
        });
        assertThat(d.decision().kept()).allSatisfy(name -> assertThat(name).doesNotContain("0..255"));
        // the stored spec is shown first: prior knowledge orders what the evidence cannot separate
        Spec w = d.winner().candidate().spec();
        assertThat(w.color()).isEqualTo(ultrafaceSpec.color());
        assertThat(w.geometry()).isEqualTo(ultrafaceSpec.geometry());
        assertThat(w.bias(0)).isCloseTo(ultrafaceSpec.bias(0), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.findings()).isEmpty();
        assertThat(d.comparison()).isNull();
        assertThat(d.currentStatus()).startsWith("consistent with the evidence (one of the ");
        assertThat(d.decision().summary()).contains("ruled out by first-layer statistics").contains("give --label or --expect-file");
    }

    @Test
    void labelsRuleOutWhatMakesThemFarLessLikely() {
        List<String> synset = Classification.readLabels(MOBILENET.resolveSibling("synset.txt"));
        ModelDoctor doctor = new ModelDoctor(mobilenet, List.of(new Sample("chelsea.png", image("chelsea.png"), "Egyptian cat", null),
                new Sample("rocket.jpg", image("rocket.jpg"), "missile", null)), synset, 3);
        ModelDiagnosis d = doctor.diagnose(mobilenetSpec.toBuilder().scale(1).bias(0).build(), "test");
        assertThat(d.mode()).isEqualTo("labels");
        assertThat(d.winner().samples().get(0).top1()).isEqualTo(285);
        assertThat(d.winner().samples().get(1).top1()).isEqualTo(657);
        // raw 0..255 gets neither label: ruled out (by the input quantisation already, and by the labels)
        assertThat(d.currentStatus()).startsWith("ruled out by ");
        assertThat(d.decision().ruledOut().values()).anyMatch(r -> r.startsWith("labels: the labels are"));
        assertThat(d.ids()).contains(Finding.SCALE_255).doesNotContain(Finding.CHANNEL_SWAP);
    }

    @Test
    void aModelThatNormalisesInsideItsGraphIsWarnedAbout(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("normalising.onnx");
        Files.write(file, TinyOnnx.normalizingModel(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f}));
        List<GraphNormalization.Step> steps = GraphNormalization.read(file, "input");
        assertThat(steps).extracting(GraphNormalization.Step::op).containsExactly("Sub", "Div");
        assertThat(steps.get(0).constant()).containsExactly(123.675f, 116.28f, 103.53f);
        try (OnnxModel m = OnnxModel.open(file)) {
            ModelDoctor doctor = new ModelDoctor(m, List.of(new Sample("chelsea.png", image("chelsea.png"), null, null)), List.of(), 3);
            Spec normalised = mobilenetSpec.toBuilder().geometry(new Geometry(Resize.exact(8, 8, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build();
            ModelDiagnosis d = doctor.diagnose(normalised, "test");
            assertThat(d.ids()).contains(Finding.DOUBLE_NORMALIZATION);
            assertThat(d.warnings()).anyMatch(w -> w.contains("normalises inside its graph (Sub [123.675, 116.280, 103.530] -> Div"));
            ModelDiagnosis raw = doctor.diagnose(normalised.toBuilder().scale(1).bias(0).build(), "test");
            assertThat(raw.ids()).doesNotContain(Finding.DOUBLE_NORMALIZATION);
        }
        assertThat(GraphNormalization.read(MOBILENET, "input")).isEmpty();
        assertThat(GraphNormalization.read(ULTRAFACE, "input")).isEmpty();
    }
}
