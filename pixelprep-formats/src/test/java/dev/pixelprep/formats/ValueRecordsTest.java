package dev.pixelprep.formats;

import dev.pixelprep.core.lint.KnownSpecs;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.coreml.StoredPreprocessing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The formats' records that hold arrays are values: equal by content, and the arrays are copied in and out. */
class ValueRecordsTest {
    @Test
    void matchesOfTheSameSpecAreEqualAndTheirErrorsCannotBeChanged() {
        Spec spec = Torchvision.imagenet().toSpec();
        List<KnownSpecs.Match> a = KnownConventions.rank(spec);
        List<KnownSpecs.Match> b = KnownConventions.rank(spec);
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        KnownSpecs.Match first = a.get(0);
        double before = first.worstError()[0];
        first.worstError()[0] = 42;
        assertThat(first.worstError()[0]).isEqualTo(before);
        double[] given = {0.5, 0.25, 0.125};
        KnownSpecs.Match made = new KnownSpecs.Match("n", "d", false, given);
        given[0] = 9;
        assertThat(made.worstError()).containsExactly(0.5, 0.25, 0.125);
        assertThat(made).isEqualTo(new KnownSpecs.Match("n", "d", false, new double[] {0.5, 0.25, 0.125}));
        assertThat(made).isNotEqualTo(new KnownSpecs.Match("n", "d", false, new double[] {0.5, 0.25, 0.126}));
        assertThat(made.toString()).contains("0.125");
    }

    @Test
    void targetsAndStoredPreprocessingAreValues() {
        Spec spec = Torchvision.imagenet().toSpec();
        Target t1 = Target.of(Export.to("coreml", spec));
        Target t2 = Target.of(Export.to("coreml", spec));
        assertThat(t1).isEqualTo(t2);
        assertThat(t1.hashCode()).isEqualTo(t2.hashCode());
        assertThat(t1.toString()).isEqualTo(t2.toString());
        t1.worstError()[0] = 42;
        assertThat(t1).isEqualTo(t2);

        double[] bias = {-2.1, -2.0, -1.8};
        List<String> notes = new ArrayList<>(List.of("stored"));
        StoredPreprocessing s = new StoredPreprocessing(StoredPreprocessing.Kind.SCALER, ColorOrder.RGB, 0.0175, bias, null, "scaler", notes);
        bias[0] = 0;
        notes.add("later");
        s.bias()[1] = 0;
        StoredPreprocessing same = new StoredPreprocessing(StoredPreprocessing.Kind.SCALER, ColorOrder.RGB, 0.0175,
                new double[] {-2.1, -2.0, -1.8}, null, "scaler", List.of("stored"));
        assertThat(s).isEqualTo(same);
        assertThat(s.hashCode()).isEqualTo(same.hashCode());
        assertThat(s.toSpec()).isEqualTo(same.toSpec());
        assertThat(s).isNotEqualTo(new StoredPreprocessing(StoredPreprocessing.Kind.SCALER, ColorOrder.RGB, 0.0175,
                new double[] {-2.1, -2.0, -1.9}, null, "scaler", List.of("stored")));
    }
}
