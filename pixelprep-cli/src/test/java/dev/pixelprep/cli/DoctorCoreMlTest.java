package dev.pixelprep.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor coreml on the real UltraFace Core ML model, and on copies fixed with classic mistakes. */
class DoctorCoreMlTest extends CommandLineTest {
    static final String ULTRAFACE = "../pixelprep-formats/src/test/resources/coreml/ultraface_face_detector.mlmodel";

    @TempDir
    Path dir;

    @Test
    void storedScalerThatMatchesTrainingIsClean() {
        assertThat(run("doctor", "coreml", ULTRAFACE, "--preset", "signed-unit")).isZero();
        assertThat(out).contains("channelScale 0.00784313772 (= 2/255)").contains("no mistake found");
    }

    @Test
    void namesTheMistakesAgainstACaffeTrainedSpec() {
        assertThat(run("doctor", "coreml", ULTRAFACE, "--preset", "caffe-imagenet")).isZero();
        assertThat(out).contains("channel-swap").contains("scale-127.5").contains("is_bgr=True");
    }

    @Test
    void findsABiasThatWasNotMultipliedByTheScale() {
        Path wrong = dir.resolve("wrong.mlmodel");
        // the classic Core ML mistake: mean 127 written as the bias although Core ML adds it after scaling (fix refuses
        // it without --force: the spec lint flags it)
        assertThat(run("fix", ULTRAFACE, "--convention", "coreml", "--image-scale", "0.0078125", "--red-bias", "-127", "--green-bias", "-127",
                "--blue-bias", "-127", "-o", wrong.toString(), "--force")).isZero();
        assertThat(err).contains("warning: bias-not-scaled").contains("red_bias=-0.9921875");
        assertThat(run("doctor", "coreml", wrong.toString(), "--convention", "opencv", "--scalefactor", "0.0078125", "--mean", "127,127,127",
                "--swap-rb")).isZero();
        assertThat(out).contains("bias-not-scaled").contains("blue_bias=-0.9921875");
    }

    @Test
    void refusesWithoutATrainingSpecAndOnNonModels() {
        assertThat(run("doctor", "coreml", ULTRAFACE)).isEqualTo(2);
        assertThat(err).contains("say what the model was trained with");
        assertThat(run("doctor", "coreml", "../examples/chelsea.png", "--preset", "unit")).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: ");
    }
}
