package dev.pixelprep.formats.coreml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The float16 report against numpy's float16 arithmetic ({@code coreml/float16/generate.py}, numpy 1.24.2) on all
 * 256 levels: ImageNet mean/std, 1/255, 2/255 − 1, the Caffe means and a grey input, with the cast after float32
 * operations (coremltools' default) and with the operations themselves in float16.
 */
class Float16EffectTest {
    private static JsonNode cases() throws IOException {
        try (InputStream in = Float16EffectTest.class.getResourceAsStream("/coreml/float16/float16-cases.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    private static double[] doubles(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    @Test
    void every_level_matches_numpy_and_so_does_the_worst_error() throws IOException {
        int checked = 0;
        for (JsonNode c : cases()) {
            ColorOrder order = ColorOrder.valueOf(c.get("color").asText());
            double[] scale = doubles(c.get("scale"));
            double[] bias = doubles(c.get("bias"));
            boolean ops = c.get("mode").asText().equals("ops_in_float16");
            // the stored constants: float32 (or binary16 when the operations are float16), as the program holds them
            double[] storedScale = new double[scale.length];
            double[] storedBias = new double[bias.length];
            for (int i = 0; i < scale.length; i++) {
                storedScale[i] = ops ? half(scale[i]) : (float) scale[i];
                storedBias[i] = ops ? half(bias[i]) : (float) bias[i];
            }
            StoredPreprocessing p = new StoredPreprocessing(StoredPreprocessing.Kind.PROGRAM_OPS, order, storedScale[0], storedBias, null, "test",
                    List.of(), storedScale, new StoredPreprocessing.Float16(ops, ops ? null : "image_to_fp16"));
            Spec reference = Spec.builder().color(order).scale(scale).bias(bias).build();
            Float16Effect.Report r = Float16Effect.compare(p, reference);
            for (int ch = 0; ch < scale.length; ch++) {
                JsonNode values = c.get("values").get(ch);
                for (int x = 0; x < 256; x++) {
                    assertThat(Float16Effect.seen(p, ch, x)).as("%s %s channel %d level %d", c.get("name"), c.get("mode"), ch, x)
                            .isEqualTo(values.get(x).asDouble());
                    checked++;
                }
                assertThat(r.worstError()[ch]).isCloseTo(c.get("worst_error").get(ch).asDouble(), within(1e-12));
                assertThat(r.worstLevel()[ch]).isEqualTo(c.get("worst_level").get(ch).asInt());
                assertThat(r.greyLevels()[ch]).isCloseTo(c.get("grey_levels").get(ch).asDouble(), within(1e-9));
            }
            double worstGrey = 0;
            for (JsonNode g : c.get("grey_levels")) {
                worstGrey = Math.max(worstGrey, g.asDouble());
            }
            assertThat(r.warn()).as(c.get("name") + " " + c.get("mode")).isEqualTo(worstGrey > Float16Effect.WARN_GREY_LEVELS);
        }
        assertThat(checked).isEqualTo(256 * (3 * 4 + 1) * 2);
    }

    @Test
    void imagenet_in_float16_operations_warns_and_the_default_cast_does_not() throws IOException {
        for (JsonNode c : cases()) {
            if (c.get("name").asText().equals("imagenet-mean-std")) {
                double worst = 0;
                for (JsonNode g : c.get("grey_levels")) {
                    worst = Math.max(worst, g.asDouble());
                }
                // numpy's numbers: 0.054-0.056 grey levels after a cast, 0.13-0.17 with float16 operations
                assertThat(worst > Float16Effect.WARN_GREY_LEVELS).isEqualTo(c.get("mode").asText().equals("ops_in_float16"));
            }
        }
    }

    @Test
    void float32_operations_without_a_cast_are_float32_arithmetic() {
        StoredPreprocessing p = new StoredPreprocessing(StoredPreprocessing.Kind.PROGRAM_OPS, ColorOrder.RGB, (float) (1 / 255.0),
                new double[] {0, 0, 0}, null, "test", List.of());
        assertThat(Float16Effect.seen(p, 0, 255)).isEqualTo((double) (255f * (float) (1 / 255.0)));
    }

    private static double half(double v) {
        return dev.pixelprep.core.engine.Half.toFloat(dev.pixelprep.core.engine.Half.fromFloat((float) v));
    }
}
