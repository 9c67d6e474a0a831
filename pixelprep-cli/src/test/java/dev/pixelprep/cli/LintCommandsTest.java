package dev.pixelprep.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 1: the seed's traps are warned by every command that takes a spec, with the corrected arguments in
 * the user's convention, and fix / attach / embed refuse to write them unless --force.
 */
class LintCommandsTest extends CommandLineTest {
    static final String CHELSEA = "../examples/chelsea.png";
    static final String MOBILENET = "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
    static final String ULTRAFACE_ONNX = "../examples/models/ultraface/version-RFB-320.onnx";
    static final String ULTRAFACE_COREML = "../pixelprep-formats/src/test/resources/coreml/ultraface_face_detector.mlmodel";
    /** ImageNet means written as Core ML biases without multiplying them by image_scale. */
    static final String[] TRAP = {"--convention", "coreml", "--image-scale", "0.00392156862745098", "--red-bias", "-123.68",
            "--green-bias", "-116.78", "--blue-bias", "-103.94"};
    static final String CORRECTED = "corrected (coreml): image_scale=0.00392156862745098, red_bias=-0.485019607843137, "
            + "green_bias=-0.457960784313726, blue_bias=-0.407607843137255, is_bgr=False";

    @TempDir
    Path dir;

    static String[] with(String[] head, String... tail) {
        List<String> a = new ArrayList<>(Arrays.asList(head));
        a.addAll(Arrays.asList(tail));
        return a.toArray(new String[0]);
    }

    void assertTrapWarned() {
        assertThat(err).contains("pixelprep: warning: bias-not-scaled: the biases [-123.68, -116.78, -103.94] are 0..255 means")
                .contains(CORRECTED);
        assertThat(err.lines().filter(l -> l.contains("warning: bias-not-scaled")).count()).isEqualTo(1);
    }

    @Test
    void convertOfTheIssueCommandWarnsWithTheScaledBiases() {
        assertThat(run("convert", "--from", "coreml", "--image-scale", "0.00392156862745098", "--red-bias", "-123.68", "--green-bias", "-116.78",
                "--blue-bias", "-103.94")).isZero();
        assertTrapWarned();
        assertThat(err.lines().count()).isEqualTo(1);
        // the output still says what the numbers mean
        assertThat(out).contains("values the network sees");
    }

    @Test
    void tensorAndSpecExplainWarn() {
        Path npy = dir.resolve("x.npy");
        assertThat(run(with(new String[] {"tensor", CHELSEA, "-o", npy.toString()}, TRAP))).isZero();
        assertTrapWarned();
        assertThat(npy).exists();
        assertThat(run(with(new String[] {"spec", "explain"}, TRAP))).isZero();
        assertTrapWarned();
        assertThat(run(with(new String[] {"spec", "explain", "--json"}, TRAP))).isZero();
        assertTrapWarned();
    }

    @Test
    void fixRefusesTheTrapAndWritesItWithForceThenInspectWarns() {
        Path out1 = dir.resolve("fixed.mlmodel");
        assertThat(run(with(new String[] {"fix", ULTRAFACE_COREML, "-o", out1.toString()}, TRAP))).isEqualTo(1);
        assertTrapWarned();
        assertThat(err.lines().filter(l -> l.startsWith("pixelprep: error: ")).findFirst().orElseThrow())
                .contains("refusing to write " + out1 + " with a spec the lint flags (bias-not-scaled").contains("--force");
        assertThat(err.lines().count()).isEqualTo(2);
        assertThat(out1).doesNotExist();

        assertThat(run(with(new String[] {"fix", ULTRAFACE_COREML, "-o", out1.toString(), "--force"}, TRAP))).isZero();
        assertTrapWarned();
        assertThat(out1).exists();

        // the model now stores the mistake: inspect and convert read it from the file; it stores float32 constants, so
        // the corrected biases are the float32 means times the float32 scale
        for (String[] cmd : new String[][] {{"inspect", out1.toString()}, {"inspect", out1.toString(), "--json"}, {"convert", "--from", "coreml-model:" + out1}}) {
            assertThat(run(cmd)).isZero();
            assertThat(err).startsWith("pixelprep: warning: bias-not-scaled: the biases [-123.68, -116.78, -103.94] are 0..255 means")
                    .contains("corrected (coreml): image_scale=0.0039215688").contains("red_bias=-0.4850196");
            assertThat(err.lines().count()).isEqualTo(1);
        }
    }

    @Test
    void attachAndEmbedRefuseUnlessForced() {
        Path a = dir.resolve("a.onnx");
        assertThat(run(with(new String[] {"attach", MOBILENET, "-o", a.toString()}, TRAP))).isEqualTo(1);
        assertTrapWarned();
        assertThat(err).contains("refusing to write " + a);
        assertThat(a).doesNotExist();
        assertThat(run(with(new String[] {"attach", MOBILENET, "-o", a.toString(), "--force"}, TRAP))).isZero();
        assertThat(a).exists();

        Path e = dir.resolve("e.onnx");
        assertThat(run(with(new String[] {"embed", ULTRAFACE_ONNX, "--input-format", "bgra", "-o", e.toString(), "--resize", "320x240"}, TRAP)))
                .isEqualTo(1);
        assertTrapWarned();
        assertThat(e).doesNotExist();
        assertThat(run(with(new String[] {"embed", ULTRAFACE_ONNX, "--input-format", "bgra", "-o", e.toString(), "--resize", "320x240", "--force"},
                TRAP))).isZero();
        assertThat(e).exists();
        // the right spec is written without a word
        Path ok = dir.resolve("ok.onnx");
        assertThat(run("attach", MOBILENET, "--spec", MOBILENET + ".pixelprep.json", "-o", ok.toString())).isZero();
        assertThat(err).isEmpty();
    }

    @Test
    void modelAndDoctorCommandsWarn() {
        assertThat(run(with(new String[] {"classify", CHELSEA, "--model", MOBILENET, "--top", "1", "--resize", "224x224"}, TRAP))).isZero();
        assertTrapWarned();
        assertThat(run(with(new String[] {"detect", "../examples/astronaut.png", "--model", ULTRAFACE_ONNX, "--resize", "320x240"}, TRAP))).isZero();
        assertTrapWarned();
        Path ref = dir.resolve("ref.npy");
        assertThat(run("tensor", CHELSEA, "--preset", "torchvision-imagenet", "-o", ref.toString())).isZero();
        assertThat(err).isEmpty();
        assertThat(run(with(new String[] {"doctor", "tensor", ref.toString(), "--image", CHELSEA}, TRAP))).isZero();
        assertTrapWarned();
        assertThat(run(with(new String[] {"doctor", "coreml", ULTRAFACE_COREML}, TRAP))).isZero();
        assertTrapWarned();
        assertThat(run(with(new String[] {"doctor", "model", MOBILENET, "--image", CHELSEA, "--resize", "224x224"}, TRAP))).isZero();
        assertTrapWarned();
    }

    @Test
    void theOtherTrapsAreWarnedInTheUsersConvention() {
        // OpenCV mean in 0..1 units with a 0..255 scalefactor
        assertThat(run("spec", "explain", "--convention", "opencv", "--scalefactor", "1", "--mean", "0.485,0.456,0.406", "--swap-rb")).isZero();
        assertThat(err).contains("warning: mean-units: the mean [0.485, 0.456, 0.406] is in 0..1 units")
                .contains("corrected (opencv): scalefactor=1, mean=(123.675, 116.28, 103.53), swapRB=True");
        // torchvision mean in 0..255 units
        assertThat(run("convert", "--from", "torchvision", "--mean", "123.675,116.28,103.53", "--std", "0.229,0.224,0.225")).isZero();
        assertThat(err).contains("warning: mean-units: the mean [123.675, 116.28, 103.53] is in 0..255 units")
                .contains("corrected (torchvision): mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]");
        // std given as the variance
        assertThat(run("tensor", CHELSEA, "-o", dir.resolve("v.npy").toString(), "--convention", "torchvision", "--mean", "0.485,0.456,0.406",
                "--std", "0.052441,0.050176,0.050625")).isZero();
        assertThat(err).contains("warning: std-as-variance: the std [0.052441, 0.050176, 0.050625] is the ImageNet std squared")
                .contains("corrected (torchvision): mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]");
        // Caffe's BGR means on the wrong colours (is_bgr missing)
        assertThat(run("convert", "--from", "coreml", "--red-bias", "-103.939", "--green-bias", "-116.779", "--blue-bias", "-123.68")).isZero();
        assertThat(err).contains("warning: channel-swap: these are the constants of caffe-imagenet")
                .contains("corrected (coreml): image_scale=1, red_bias=-123.68, green_bias=-116.779, blue_bias=-103.939, is_bgr=True");
        // torchvision's constants on an OpenCV BGR blob (swapRB missing)
        assertThat(run("spec", "explain", "--convention", "opencv", "--scalefactor", "0.017124753831663668,0.01750700280112045,0.017429193899782137",
                "--mean", "123.675,116.28,103.53")).isZero();
        assertThat(err).contains("warning: channel-swap: these are the constants of torchvision-imagenet").contains("swapRB=True");
        // a spec file is answered in canonical terms
        Path spec = dir.resolve("trap.json");
        assertThat(run(with(new String[] {"spec", "explain", "-o", spec.toString()}, TRAP))).isZero();
        assertThat(run("convert", "--from", "spec:" + spec, "--to", "coreml")).isZero();
        assertThat(err).contains("warning: bias-not-scaled").contains("corrected (canonical): color=RGB, scale=[0.00392156862745098, ");
    }

    @Test
    void aSpecThatContradictsTheModelsOwnIsWarned() {
        // MobileNet's sidecar says RGB torchvision; Caffe's BGR preset contradicts its colour order
        assertThat(run("classify", CHELSEA, "--model", MOBILENET, "--top", "1", "--preset", "caffe-imagenet", "--resize", "256", "--crop", "224"))
                .isZero();
        assertThat(err).contains("warning: channel-swap: the model declares RGB input (sidecar ").contains("but this spec makes BGR");
    }

    @Test
    void rightSpecsAreQuiet() {
        assertThat(run("convert", "--from", "preset:torchvision-imagenet")).isZero();
        assertThat(err).isEmpty();
        assertThat(run("convert", "--from", "coreml", "--image-scale", "0.00392156862745098", "--red-bias", "-0.485", "--green-bias", "-0.456",
                "--blue-bias", "-0.406")).isZero();
        assertThat(err).isEmpty();
        assertThat(run("classify", CHELSEA, "--model", MOBILENET, "--top", "1")).isZero();
        assertThat(err).isEmpty();
        assertThat(run("inspect", ULTRAFACE_COREML)).isZero();
        assertThat(err).isEmpty();
        assertThat(run("detect", "../examples/astronaut.png")).isZero();
        assertThat(err).isEmpty();
    }
}
