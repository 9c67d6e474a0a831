package dev.pixelprep.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Convention;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every non-resize case of the shared golden set, interpreted through the convention front-end its ops name
 * (Core ML scaler, torchvision/Keras/HF normalize, OpenCV subtract-then-scale), must match the tensor the peer
 * library produced within the case's tolerance: |got − expected| ≤ atol + rtol·|expected| on every element.
 */
class GoldenConformanceTest {

    static List<String> cases() {
        return GoldenCase.ids();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPeer(String id) throws IOException {
        GoldenCase gc = GoldenCase.load(id);
        Spec spec = specFromOps(gc.json);
        BufferedImage img = ImageIO.read(gc.input());
        PixelBuffer pixels = TestImages.pixels(img);

        Tensor got = Pipeline.compile(spec).tensor(pixels);
        Tensor want = gc.expected();

        assertThat(got.shape()).as("shape").containsExactly(want.shape());
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        double atol = gc.atol();
        double rtol = gc.rtol();
        int bad = 0;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < w.length; i++) {
            double d = Math.abs(g[i] - w[i]);
            if (d > atol + rtol * Math.abs(w[i])) {
                bad++;
            }
            if (d > worst) {
                worst = d;
                worstAt = i;
            }
        }
        assertThat(bad).as("elements outside tolerance (worst %s at %d)", worst, worstAt).isZero();
    }

    /** Translates the case's library-neutral ops into a spec through the matching convention front-end. */
    static Spec specFromOps(JsonNode json) {
        ColorOrder order = ColorOrder.RGB;
        Convention conv = null;
        Spec canonicalOverride = null;
        for (JsonNode op : json.get("ops")) {
            switch (op.get("op").asText()) {
                case "decode":
                    break;
                case "grayscale":
                    assertThat(op.get("formula").asText()).isEqualTo("pil");
                    order = ColorOrder.GRAY;
                    break;
                case "channel_order":
                    order = ColorOrder.parse(op.get("order").asText());
                    break;
                case "scale_bias": {
                    double[] scale = GoldenCase.doubles(op.get("scale"));
                    double[] bias = GoldenCase.doubles(op.get("bias"));
                    boolean single = scale.length == 1 || (scale[0] == scale[1] && scale[1] == scale[2]);
                    if (single) {
                        conv = CoreMl.imageType(scale[0], bias, order);
                    } else {
                        // per-channel scale is beyond Core ML's scaler: use the canonical form directly
                        canonicalOverride = Spec.builder().color(order).scale(scale).bias(bias).build();
                    }
                    break;
                }
                case "normalize": {
                    double prescale = op.get("prescale").asDouble();
                    double[] mean = GoldenCase.doubles(op.get("mean"));
                    double[] std = GoldenCase.doubles(op.get("std"));
                    if (order == ColorOrder.GRAY) {
                        canonicalOverride = Spec.builder().color(order).scale(prescale / std[0]).bias(-mean[0] / std[0]).build();
                    } else {
                        conv = new HuggingFace(true, prescale, true, mean, std);
                    }
                    break;
                }
                case "subtract_scale": {
                    double[] mean = GoldenCase.doubles(op.get("mean"));
                    double sf = op.get("scalefactor").asDouble();
                    // the mean is in output order; with swapRB the Mat OpenCV read was in the opposite order
                    boolean swap = isSwapRB(json) && order != ColorOrder.GRAY;
                    ColorOrder source = !swap ? order : order == ColorOrder.RGB ? ColorOrder.BGR : ColorOrder.RGB;
                    conv = new OpenCvBlob(new double[] {sf}, mean, swap, source);
                    break;
                }
                default:
                    throw new IllegalArgumentException("op not handled by this test: " + op);
            }
        }
        Layout layout = Layout.parse(json.get("output").get("layout").asText());
        Spec.Builder b = canonicalOverride != null ? canonicalOverride.toBuilder() : conv.applyTo(Spec.builder());
        Spec spec = b.layout(layout).build();
        assertThat(spec.color().name()).isEqualTo(json.get("output").get("channels").asText());
        return spec;
    }

    private static boolean isSwapRB(JsonNode json) {
        String code = json.get("peer").get("code").asText();
        return code.contains("swapRB=True");
    }
}
