package dev.pixelprep.core.lint;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each rule fires on its mistake made from a random valid spec, its correction is the valid spec, and the valid
 * spec (so the correction) lints clean.
 */
class SpecLintProperties {
    /** A valid mean/std spec: torchvision means 0.1..0.9 and stds 0.12..0.4 (ImageNet, CLIP, CIFAR, MNIST-like), random layout and dtype. */
    record MeanStd(double[] mean, double[] std, Layout layout, DType dtype) {
        Spec spec() {
            return Torchvision.of(mean, std).applyTo(Spec.builder()).layout(layout).dtype(dtype).build();
        }
    }

    @Provide
    Arbitrary<MeanStd> meanStd() {
        Arbitrary<double[]> means = Arbitraries.doubles().between(0.1, 0.9).array(double[].class).ofSize(3);
        Arbitrary<double[]> stds = Arbitraries.doubles().between(0.12, 0.4).array(double[].class).ofSize(3);
        return Combinators.combine(means, stds, Arbitraries.of(Layout.NCHW, Layout.NHWC), Arbitraries.of(DType.FLOAT32, DType.FLOAT16))
                .as(MeanStd::new);
    }

    static void clean(Spec s) {
        assertThat(s.lint()).as(s.describe()).isEmpty();
    }

    static LintFinding single(List<LintFinding> f, String id) {
        assertThat(f).extracting(LintFinding::id).containsExactly(id);
        return f.get(0);
    }

    @Property(tries = 300)
    void coreMlBiasesLeftUnscaledAreFound(@ForAll("meanStd") MeanStd v, @ForAll boolean averagedStd) {
        Spec good = v.spec();
        clean(good);
        // Core ML has one scale: either 1/255 or one averaged std; the right biases are -mean·scale in 0..255 units
        double scale = averagedStd ? 1 / (255 * (v.std()[0] + v.std()[1] + v.std()[2]) / 3) : 1 / 255.0;
        double[] m255 = {v.mean()[0] * 255, v.mean()[1] * 255, v.mean()[2] * 255};
        Spec right = CoreMl.rgb(scale, -m255[0] * scale, -m255[1] * scale, -m255[2] * scale, false).toSpec();
        Spec wrong = CoreMl.rgb(scale, -m255[0], -m255[1], -m255[2], false).toSpec();
        clean(right);
        for (String in : new String[] {"coreml", null}) {
            LintFinding f = single(SpecLint.lint(wrong, LintContext.writtenIn(in)), LintFinding.BIAS_NOT_SCALED);
            assertThat(f.corrected().bias()).containsExactly(right.bias(), within(1e-12));
            clean(f.corrected());
        }
    }

    @Property(tries = 300)
    void torchvisionMeansIn0To255UnitsAreFound(@ForAll("meanStd") MeanStd v) {
        double[] m255 = {v.mean()[0] * 255, v.mean()[1] * 255, v.mean()[2] * 255};
        Spec wrong = Torchvision.of(m255, v.std()).applyTo(Spec.builder()).layout(v.layout()).dtype(v.dtype()).build();
        LintFinding f = single(SpecLint.lint(wrong, LintContext.writtenIn("torchvision")), LintFinding.MEAN_UNITS);
        assertThat(f.corrected().bias()).containsExactly(v.spec().bias(), within(1e-9));
        assertThat(f.corrected().layout()).isEqualTo(v.layout());
        clean(f.corrected());
    }

    @Property(tries = 300)
    void meansIn0To1UnitsOnPixelsAreFound(@ForAll("meanStd") MeanStd v, @ForAll("scalefactors") double f, @ForAll boolean swap) {
        double[] m255 = {v.mean()[0] * 255, v.mean()[1] * 255, v.mean()[2] * 255};
        Spec right = OpenCvBlob.fromImread(new double[] {f}, m255, swap).toSpec();
        Spec wrong = OpenCvBlob.fromImread(new double[] {f}, v.mean(), swap).toSpec();
        clean(right);
        LintFinding l = single(wrong.lint(), LintFinding.MEAN_UNITS);
        assertThat(l.corrected().bias()).containsExactly(right.bias(), within(1e-9));
        assertThat(l.corrected().color()).isEqualTo(right.color());
    }

    @Provide
    Arbitrary<Double> scalefactors() {
        return Arbitraries.oneOf(Arbitraries.of(1.0, 1 / 255.0, 1 / 127.5, 0.017), Arbitraries.doubles().between(0.003, 1).ofScale(6))
                // not a std that is ImageNet's averaged 0.226 squared (1/(255·0.226²) ± 0.5%), which the lint rightly flags
                .filter(f -> f < 0.0762 || f > 0.0773);
    }

    @Property(tries = 300)
    void aVarianceForTheStdIsFound(@ForAll("meanStd") MeanStd v, @ForAll("knownStd") double[] std) {
        Spec right = Torchvision.of(v.mean(), std).toSpec();
        clean(right);
        double[] variance = {std[0] * std[0], std[1] * std[1], std[2] * std[2]};
        Spec wrong = Torchvision.of(v.mean(), variance).toSpec();
        LintFinding f = single(wrong.lint(), LintFinding.STD_AS_VARIANCE);
        assertThat(f.corrected().scale()).containsExactly(right.scale(), within(1e-9));
        assertThat(f.corrected().bias()).containsExactly(right.bias(), within(1e-9));
    }

    @Provide
    Arbitrary<double[]> knownStd() {
        return Arbitraries.of(new double[] {0.229, 0.224, 0.225}, new double[] {0.225, 0.224, 0.229}, new double[] {0.226, 0.226, 0.226},
                new double[] {0.26862954, 0.26130258, 0.27577711}, new double[] {0.2470, 0.2435, 0.2616});
    }

    @Property(tries = 200)
    void knownConstantsOnTheOtherColoursAreFound(@ForAll("knownColour") KnownSpecs.Known k, @ForAll("noise") double noise,
                                                 @ForAll("layouts") Layout layout) {
        Spec right = k.spec().toBuilder().layout(layout).build();
        double[] b = right.bias();
        for (int c = 0; c < 3; c++) {
            b[c] += noise * Math.max(Math.abs(b[c]), 1);
        }
        Spec nearly = right.toBuilder().bias(b).build();
        clean(nearly);
        ColorOrder other = right.color() == ColorOrder.RGB ? ColorOrder.BGR : ColorOrder.RGB;
        Spec wrong = nearly.toBuilder().color(other).build();
        LintFinding f = single(wrong.lint(), LintFinding.CHANNEL_SWAP);
        assertThat(f.corrected()).isEqualTo(nearly);
    }

    @Provide
    Arbitrary<Double> noise() {
        return Arbitraries.doubles().between(-0.002, 0.002).ofScale(6);
    }

    @Provide
    Arbitrary<KnownSpecs.Known> knownColour() {
        return Arbitraries.of(KnownSpecs.all().stream().filter(k -> k.spec().channels() == 3)
                .filter(k -> k.spec().bias(0) != k.spec().bias(2)).toArray(KnownSpecs.Known[]::new));
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Arbitraries.of(Layout.values());
    }

    @Property(tries = 200)
    void whatTheModelDeclaresIsEnforced(@ForAll("meanStd") MeanStd v, @ForAll boolean gray) {
        Spec s = gray ? Torchvision.imagenet().applyTo(Spec.builder()).build().toBuilder().color(ColorOrder.GRAY).scale(1 / (255 * v.std()[0]))
                .bias(-v.mean()[0] / v.std()[0]).build() : v.spec();
        LintContext inv = LintContext.none().withDeclaredInversion(true, "test");
        LintFinding g = single(SpecLint.lint(s, inv), LintFinding.GRAY_INVERTED);
        assertThat(SpecLint.lint(g.corrected(), inv)).isEmpty();
        double lo = -v.mean()[1];
        double hi = lo + 1 + v.std()[2];
        LintContext range = LintContext.none().withDeclaredRange(lo, hi, "test");
        LintFinding r = single(SpecLint.lint(s, range), LintFinding.VALUE_RANGE);
        assertThat(SpecLint.lint(r.corrected(), range)).isEmpty();
        if (!gray) {
            LintContext bgr = LintContext.none().withDeclaredColor(ColorOrder.BGR, "test");
            LintFinding c = single(SpecLint.lint(s, bgr), LintFinding.CHANNEL_SWAP);
            assertThat(SpecLint.lint(c.corrected(), bgr)).isEmpty();
            assertThat(c.corrected().bias(0)).isEqualTo(s.bias(2));
        }
    }
}
