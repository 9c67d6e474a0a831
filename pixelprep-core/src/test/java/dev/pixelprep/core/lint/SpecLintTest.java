package dev.pixelprep.core.lint;

import dev.pixelprep.core.convention.Caffe;
import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.TfLite;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The lint on the traps of issue 16 and on the specs that must stay clean. */
class SpecLintTest {
    static final double S = 0.00392156862745098;

    static LintFinding only(List<LintFinding> f, String id) {
        assertThat(f).extracting(LintFinding::id).containsExactly(id);
        return f.get(0);
    }

    @Test
    void coreMlBiasesThatAreMeansAreFlaggedWithTheScaledBiases() {
        Spec trap = CoreMl.rgb(S, -123.68, -116.78, -103.94, false).toSpec();
        LintFinding f = only(trap.lint(), LintFinding.BIAS_NOT_SCALED);
        assertThat(f.corrected().bias()).containsExactly(new double[] {-123.68 * S, -116.78 * S, -103.94 * S}, within(1e-15));
        assertThat(f.corrected().scale()).containsExactly(S, S, S);
        assertThat(f.message()).contains("-123.68").contains("multiply the biases by the scale");
        assertThat(f.correctedArguments("coreml")).startsWith("image_scale=0.00392156862745098, red_bias=-0.485")
                .contains("green_bias=-0.45796").contains("blue_bias=-0.40760").endsWith("is_bgr=False");
        assertThat(f.corrected().lint()).isEmpty();
        // the same mistake with a std-divided scale and with the -1..1 recipe
        double s = 1 / (0.226 * 255);
        LintFinding g = only(CoreMl.rgb(s, -123.675, -116.28, -103.53, false).toSpec().lint(), LintFinding.BIAS_NOT_SCALED);
        assertThat(g.corrected().bias()[0]).isCloseTo(-0.485 / 0.226, within(1e-12));
        only(CoreMl.rgb(1 / 127.5, -127.5, -127.5, -127.5, false).toSpec().lint(), LintFinding.BIAS_NOT_SCALED);
        only(CoreMl.gray(S, -128).toSpec().lint(), LintFinding.BIAS_NOT_SCALED);
        // Caffe's input_scale 0.017 with the BGR means written as biases
        only(CoreMl.rgb(0.017, -123.68, -116.779, -103.939, true).toSpec().lint(), LintFinding.BIAS_NOT_SCALED);
    }

    @Test
    void torchvisionMeansIn0To255UnitsAreMeanUnits() {
        Spec trap = Torchvision.of(new double[] {123.675, 116.28, 103.53}, new double[] {0.229, 0.224, 0.225}).toSpec();
        LintFinding f = only(SpecLint.lint(trap, LintContext.writtenIn("torchvision")), LintFinding.MEAN_UNITS);
        assertThat(f.corrected().bias()).containsExactly(Torchvision.imagenet().bias(), within(1e-12));
        assertThat(f.correctedArguments("torchvision")).contains("mean=[0.485").contains("std=[0.229");
        // the bias cannot be an unscaled mean here (540 is no pixel mean), so without the context the reading is the same
        assertThat(only(trap.lint(), LintFinding.MEAN_UNITS).corrected()).isEqualTo(f.corrected());
        assertThat(f.corrected().lint()).isEmpty();
        only(HuggingFace.of(new double[] {127.5, 127.5, 127.5}, new double[] {0.5, 0.5, 0.5}).toSpec().lint(), LintFinding.MEAN_UNITS);
    }

    @Test
    void meansIn0To1UnitsWithA0To255ScaleAreMeanUnits() {
        Spec trap = OpenCvBlob.fromImread(new double[] {1}, new double[] {0.485, 0.456, 0.406}, true).toSpec();
        LintFinding f = only(trap.lint(), LintFinding.MEAN_UNITS);
        assertThat(f.corrected().bias()).containsExactly(new double[] {-123.675, -116.28, -103.53}, within(1e-9));
        assertThat(f.correctedArguments("opencv")).isEqualTo("scalefactor=1, mean=(123.675, 116.28, 103.53), swapRB=True");
        assertThat(f.corrected().lint()).isEmpty();
        Spec scaled = OpenCvBlob.fromImread(new double[] {S}, new double[] {0.485, 0.456, 0.406}, true).toSpec();
        assertThat(only(scaled.lint(), LintFinding.MEAN_UNITS).corrected().bias()[0]).isCloseTo(-0.485, within(1e-12));
        // TFLite with 0..1 mean and std: both are scaled
        LintFinding t = only(TfLite.of(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}).toSpec().lint(), LintFinding.MEAN_UNITS);
        assertThat(t.corrected().scale()).containsExactly(Torchvision.imagenet().scale(), within(1e-12));
        assertThat(t.corrected().bias()).containsExactly(Torchvision.imagenet().bias(), within(1e-12));
        // Caffe mean file in 0..1 units as a mean image
        float[] d = new float[3 * 2 * 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.4f + 0.01f * i;
        }
        Spec img = Spec.builder().color(ColorOrder.BGR).meanImage(new MeanImage(3, 2, 2, d)).build();
        LintFinding m = only(img.lint(), LintFinding.MEAN_UNITS);
        assertThat(m.corrected().meanImage().at(0, 0, 0)).isCloseTo(0.4f * 255, within(1e-3f));
        assertThat(m.corrected().lint()).isEmpty();
    }

    @Test
    void aVarianceGivenAsStdIsFlagged() {
        Spec trap = Torchvision.of(new double[] {0.485, 0.456, 0.406}, new double[] {0.052441, 0.050176, 0.050625}).toSpec();
        LintFinding f = only(trap.lint(), LintFinding.STD_AS_VARIANCE);
        assertThat(f.corrected().scale()).containsExactly(Torchvision.imagenet().scale(), within(1e-9));
        assertThat(f.corrected().bias()).containsExactly(Torchvision.imagenet().bias(), within(1e-9));
        assertThat(f.numbers().get("known")).isEqualTo("ImageNet");
        assertThat(f.correctedArguments("torchvision")).contains("std=[0.229");
        // rounded as people write it
        only(Torchvision.of(new double[] {0.485, 0.456, 0.406}, new double[] {0.0524, 0.0502, 0.0506}).toSpec().lint(), LintFinding.STD_AS_VARIANCE);
        only(new Torchvision(new double[] {0.1307}, new double[] {0.3081 * 0.3081}, true).toSpec().lint(), LintFinding.STD_AS_VARIANCE);
        assertThat(f.corrected().lint()).isEmpty();
    }

    @Test
    void knownConstantsOnTheWrongColoursAreAChannelSwap() {
        // Caffe's BGR means as Core ML biases without is_bgr
        LintFinding f = only(CoreMl.rgb(1, -103.939, -116.779, -123.68, false).toSpec().lint(), LintFinding.CHANNEL_SWAP);
        assertThat(f.corrected()).isEqualTo(Presets.get("caffe-imagenet").toSpec());
        assertThat(f.correctedArguments("coreml")).isEqualTo("image_scale=1, red_bias=-123.68, green_bias=-116.779, blue_bias=-103.939, is_bgr=True");
        // the rounded means people type
        only(CoreMl.rgb(1, -104, -117, -123, false).toSpec().lint(), LintFinding.CHANNEL_SWAP);
        // torchvision's RGB constants on an OpenCV BGR blob without swapRB
        Spec tv = Presets.get("torchvision-imagenet").toSpec();
        Spec blob = tv.toBuilder().color(ColorOrder.BGR).build();
        LintFinding g = only(blob.lint(), LintFinding.CHANNEL_SWAP);
        assertThat(g.corrected()).isEqualTo(tv);
        assertThat(g.correctedArguments("opencv")).endsWith("swapRB=True");
        // the same constants colour by colour in the other order is not flagged (a network can be trained that way)
        assertThat(new Caffe(255, new double[] {123.68, 116.779, 103.939}, 1, false).toSpec().lint()).isEmpty();
    }

    @Test
    void whatTheModelDeclaresIsChecked() {
        Spec tv = Presets.get("torchvision-imagenet").toSpec();
        LintContext bgr = LintContext.none().withDeclaredColor(ColorOrder.BGR, "model metadata Image.BitmapPixelFormat Bgr8");
        LintFinding c = only(SpecLint.lint(tv, bgr), LintFinding.CHANNEL_SWAP);
        assertThat(c.message()).contains("Bgr8");
        assertThat(c.corrected().color()).isEqualTo(ColorOrder.BGR);
        assertThat(c.corrected().bias()[0]).isEqualTo(tv.bias(2));
        assertThat(SpecLint.lint(c.corrected(), bgr)).isEmpty();

        Spec mnist = Presets.get("mnist").toSpec();
        LintContext inverted = LintContext.none().withDeclaredSpec(Presets.get("mnist-inverted").toSpec(), "sidecar");
        LintFinding g = only(SpecLint.lint(mnist, inverted), LintFinding.GRAY_INVERTED);
        assertThat(g.corrected()).isEqualTo(Presets.get("mnist-inverted").toSpec());
        // inversion written as a negative scale is inversion too
        assertThat(SpecLint.lint(CoreMl.gray(-1 / 255.0, 1).toSpec(), inverted)).isEmpty();

        LintContext unit = LintContext.none().withDeclaredRange(0, 1, "Image.NominalPixelRange Normalized_0_1");
        LintFinding r = only(SpecLint.lint(Presets.get("raw").toSpec(), unit), LintFinding.VALUE_RANGE);
        assertThat(r.corrected()).isEqualTo(Presets.get("unit").toSpec());
        assertThat(SpecLint.lint(Presets.get("unit").toSpec(), unit)).isEmpty();
        assertThat(SpecLint.lint(tv, LintContext.none().withDeclaredSpec(tv, "sidecar"))).isEmpty();
    }

    @Test
    void presetsAndKnownRecipesLintClean() {
        for (Presets.Preset p : Presets.all().values()) {
            assertThat(p.toSpec().lint()).as(p.name()).isEmpty();
            assertThat(SpecLint.lint(p.toSpec(), LintContext.none().withDeclaredSpec(p.toSpec(), "itself"))).as(p.name()).isEmpty();
            for (String conv : List.of("coreml", "torchvision", "opencv", "caffe", "keras", "tflite", "hf", "canonical")) {
                assertThat(SpecLint.lint(p.toSpec(), LintContext.writtenIn(conv))).as(p.name() + " in " + conv).isEmpty();
            }
        }
        for (KnownSpecs.Known k : KnownSpecs.all()) {
            assertThat(k.spec().lint()).as(k.name()).isEmpty();
        }
        // common recipes that are right
        assertThat(Caffe.bgr(new double[] {104, 117, 123}, 1).toSpec().lint()).isEmpty();
        assertThat(Caffe.bgr(new double[] {104, 117, 123}, 0.017).toSpec().lint()).isEmpty();
        assertThat(OpenCvBlob.fromImread(new double[] {S}, new double[] {123.675, 116.28, 103.53}, true).toSpec().lint()).isEmpty();
        assertThat(OpenCvBlob.fromImread(new double[] {1 / 127.5}, new double[] {127.5, 127.5, 127.5}, true).toSpec().lint()).isEmpty();
        assertThat(TfLite.of(new double[] {127.5}, new double[] {127.5}).toSpec().lint()).isEmpty();
        assertThat(TfLite.of(new double[] {0}, new double[] {255}).toSpec().lint()).isEmpty();
        assertThat(new Torchvision(new double[] {0.1307}, new double[] {0.3081}, true).toSpec().lint()).isEmpty();
        assertThat(Torchvision.of(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616}).toSpec().lint()).isEmpty();
        assertThat(Torchvision.of(new double[] {0.5}, new double[] {0.5}).toSpec().lint()).isEmpty();
        assertThat(Spec.builder().scale(S).bias(-0.5).invert(true).build().lint()).isEmpty();
    }

    @Test
    void findingsAreImmutableValues() {
        Spec trap = CoreMl.rgb(S, -123.68, -116.78, -103.94, false).toSpec();
        LintFinding a = trap.lint().get(0);
        LintFinding b = SpecLint.lint(trap).get(0);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        Map<String, Object> n = a.numbers();
        assertThat(n.get("bias")).isEqualTo(List.of(-123.68, -116.78, -103.94));
        assertThatThrownBy(() -> n.put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Double> bias = (List<Double>) n.get("bias");
        assertThatThrownBy(() -> bias.set(0, 0.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> trap.lint().add(a)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new LintFinding("no-such-id", "m", null, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(LintContext.writtenIn("CoreML ")).isEqualTo(LintContext.writtenIn("coreml"));
    }
}
