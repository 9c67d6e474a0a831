package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.Resources;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

import static org.assertj.core.api.Assertions.assertThat;

/** fix then inspect gives back the written normalisation (to float32 precision) for any single-scale spec. */
class FixRoundTripProperties {
    static final Model RGB = CoreMlFile.read(Resources.path("coreml/Image2Image.mlmodel")).model();
    static final Model GRAY = CoreMlFile.read(Resources.path("coreml/TinyDrawingEmbedding.mlmodel")).model();

    @Property(tries = 60)
    void colour(@ForAll @DoubleRange(min = -0.1, max = 0.1) double scale, @ForAll @DoubleRange(min = -200, max = 200) double b0,
                @ForAll @DoubleRange(min = -200, max = 200) double b1, @ForAll @DoubleRange(min = -200, max = 200) double b2,
                @ForAll boolean bgr, @ForAll boolean invert) {
        if ((float) scale == 0f) {
            return;
        }
        Spec spec = Spec.builder().color(bgr ? ColorOrder.BGR : ColorOrder.RGB).scale(scale).bias(b0, b1, b2).invert(invert).build();
        check(RGB, spec);
    }

    @Property(tries = 30)
    void gray(@ForAll @DoubleRange(min = -0.1, max = 0.1) double scale, @ForAll @DoubleRange(min = -200, max = 200) double b, @ForAll boolean invert) {
        if ((float) scale == 0f) {
            return;
        }
        check(GRAY, Spec.builder().color(ColorOrder.GRAY).scale(scale).bias(b).invert(invert).build());
    }

    /** ML programs take one scale per channel: any per-channel spec comes back exactly (to float32). */
    @Property(tries = 60)
    void program(@ForAll @DoubleRange(min = -0.1, max = 0.1) double s0, @ForAll @DoubleRange(min = -0.1, max = 0.1) double s1,
                 @ForAll @DoubleRange(min = -0.1, max = 0.1) double s2, @ForAll @DoubleRange(min = -200, max = 200) double b0,
                 @ForAll @DoubleRange(min = -200, max = 200) double b1, @ForAll @DoubleRange(min = -200, max = 200) double b2,
                 @ForAll boolean bgr, @ForAll boolean invert, @ForAll boolean preprocessed) {
        ProgramFixtures.Options o = new ProgramFixtures.Options();
        if (preprocessed) {
            o.scale = new double[] {1 / 127.5};
            o.bias = new double[] {-1, -1, -1};
        }
        Spec spec = Spec.builder().color(bgr ? ColorOrder.BGR : ColorOrder.RGB).scale(s0, s1, s2).bias(b0, b1, b2).invert(invert).build();
        check(ProgramFixtures.program(o), spec);
    }

    private static void check(Model model, Spec spec) {
        Model fixed = CoreMlEditor.fix(model, null, spec, false).model();
        ImageInput in = CoreMlInspector.inspect(CoreMlFile.parse(fixed.toByteArray(), "p")).imageInputs().get(0);
        Spec back = in.preprocessing().toSpec();
        assertThat(back.color()).isEqualTo(spec.color());
        double[][] want = KnownConventions.affine(spec);
        double[][] got = KnownConventions.affine(back);
        for (int c = 0; c < spec.channels(); c++) {
            assertThat(got[0][c]).isEqualTo((double) (float) want[0][c]);
            assertThat(got[1][c]).isEqualTo((double) (float) want[1][c]);
        }
    }
}
