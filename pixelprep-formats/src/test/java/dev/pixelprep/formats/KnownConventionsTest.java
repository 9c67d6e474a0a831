package dev.pixelprep.formats;

import dev.pixelprep.core.lint.KnownSpecs;
import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Torchvision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KnownConventionsTest {
    @Test
    void keras_caffe_biases_on_an_rgb_input_are_the_missing_is_bgr() {
        // the user wrote the B, G, R means in bias order but left the input RGB
        List<String> w = KnownConventions.orderWarnings(CoreMl.rgb(1, -103.939, -116.779, -123.68, false).toSpec());
        assertThat(w).anyMatch(s -> s.startsWith("the constants equal caffe-imagenet") && s.contains("is_bgr"));
        // per colour right, but RGB order
        List<String> v = KnownConventions.orderWarnings(CoreMl.rgb(1, -123.68, -116.779, -103.939, false).toSpec());
        assertThat(v).anyMatch(s -> s.startsWith("per colour these are the constants of caffe-imagenet"));
        assertThat(KnownConventions.orderWarnings(Presets.get("caffe-imagenet").toSpec())).isEmpty();
        assertThat(KnownConventions.orderWarnings(Presets.get("signed-unit").toSpec())).isEmpty();
    }

    @Test
    void coremltools_docs_recipe_is_0_058_from_torchvision() {
        double[] m = Torchvision.imagenetMean();
        double[] sd = Torchvision.imagenetStd();
        KnownSpecs.Match tv = KnownConventions.rank(CoreMl.rgb(1 / (0.226 * 255), -m[0] / sd[0], -m[1] / sd[1], -m[2] / sd[2], false).toSpec())
                .stream().filter(x -> x.name().startsWith("torchvision-imagenet (")).findFirst().orElseThrow();
        // reference §1.7: at x = 255 the recipe is off by R +0.058, G -0.040, B -0.020
        assertThat(tv.worstError()[0]).isCloseTo(255 * (1 / (0.226 * 255) - 1 / (0.229 * 255)), within(1e-12));
        assertThat(tv.worstError()[0]).isCloseTo(0.058, within(5e-4));
        assertThat(tv.worstError()[1]).isCloseTo(0.040, within(5e-4));
        assertThat(tv.worstError()[2]).isCloseTo(0.020, within(5e-4));
    }

    @Test
    void pretty_names_the_fractions() {
        assertThat(KnownConventions.pretty((float) (2 / 255.0))).isEqualTo("0.00784313772 (= 2/255)");
        assertThat(KnownConventions.pretty(1 / 128.0)).isEqualTo("0.0078125 (= 1/128)");
        assertThat(KnownConventions.pretty(-1)).isEqualTo("-1");
    }
}
