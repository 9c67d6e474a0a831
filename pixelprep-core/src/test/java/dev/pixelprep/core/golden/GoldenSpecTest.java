package dev.pixelprep.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resize case of the golden set, written as one pixelprep {@link Spec} (geometry + normalisation) and run
 * through {@link Pipeline} from the decoded file: the whole product path, not just the kernels. Pillow and OpenCV
 * linear/nearest must be bit-exact; the rest within the case's stated fallback tolerance.
 */
class GoldenSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> cases() {
        return GoldenResources.ids(GoldenResources.RESIZE);
    }

    static InputStream resource(String path) {
        return GoldenResources.open(GoldenResources.RESIZE, path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specReproducesPeer(String id) throws IOException {
        JsonNode json;
        try (InputStream in = resource("cases/" + id + ".json")) {
            json = JSON.readTree(in);
        }
        PixelBuffer px;
        try (InputStream in = resource(json.get("input").get("file").asText())) {
            px = TestImages.pixels(ImageIO.read(in));
        }
        Spec spec = specOf(json, px);
        Tensor got = Pipeline.compile(spec).tensor(px);
        Tensor want;
        try (InputStream in = resource("cases/" + id + ".npy")) {
            want = Npy.read(in, id + ".npy");
        }
        assertThat(got.shape()).containsExactly(want.shape());
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        JsonNode tol = json.get("tolerance");
        double atol = tol.get("atol").asDouble();
        double rtol = tol.get("rtol").asDouble();
        int outside = 0;
        double max = 0;
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double d = Math.abs((double) g[i] - w[i]);
            if (d > atol + rtol * Math.abs(w[i])) {
                outside++;
            }
            max = Math.max(max, d);
            sum += d;
        }
        JsonNode r = resizeOp(json);
        String impl = r.get("impl").asText();
        String interp = r.get("interpolation").asText();
        boolean exactClass = tol.get("class").asText().equals("exact");
        boolean mustBeExact = exactClass || impl.equals("pil") || (impl.equals("opencv") && (interp.equals("nearest") || interp.equals("bilinear")));
        if (mustBeExact || outside == 0) {
            assertThat(outside).as("elements outside tolerance (max diff %s)", max).isZero();
        } else {
            double lsb = tol.get("lsb").asDouble();
            assertThat(max).isLessThanOrEqualTo(tol.get("accept_max_lsb").asDouble() * lsb + atol);
            assertThat(sum / w.length).isLessThanOrEqualTo(tol.get("accept_mean_lsb").asDouble() * lsb + atol);
        }
    }

    static JsonNode resizeOp(JsonNode json) {
        for (JsonNode op : json.get("ops")) {
            if (op.get("op").asText().equals("resize")) {
                return op;
            }
        }
        throw new IllegalStateException("no resize op");
    }

    /** The case's ops as one spec: colour, luma, geometry and the float stage's a·x + b. */
    static Spec specOf(JsonNode json, PixelBuffer px) {
        ColorOrder color = ColorOrder.RGB;
        Luma luma = Luma.PILLOW;
        Resize resize = null;
        Crop crop = null;
        boolean cropAbsorbed = false;
        for (JsonNode op : json.get("ops")) {
            switch (op.get("op").asText()) {
                case "grayscale":
                    color = ColorOrder.GRAY;
                    luma = Luma.parse(op.get("formula").asText());
                    break;
                case "channel_order":
                    color = ColorOrder.BGR;
                    break;
                case "resize": {
                    ResizeFamily family = ResizeFamily.parse(op.get("impl").asText());
                    Interpolation interp = Interpolation.parse(op.get("interpolation").asText());
                    boolean aa = family == ResizeFamily.PILLOW ? Resize.defaultAntialias(family, interp) : op.get("antialias").asBoolean();
                    switch (op.get("size_rule").asText()) {
                        case "exact":
                            resize = new Resize(ResizeMode.EXACT, op.get("width").asInt(), op.get("height").asInt(), 0, 0, interp, family, aa, null, true);
                            break;
                        case "shorter_side":
                            resize = new Resize(ResizeMode.SHORTER_SIDE, 0, 0, op.get("shorter_side").asInt(), 0, interp, family, aa, null, true);
                            break;
                        case "opencv_blob_cover":
                            resize = new Resize(ResizeMode.FILL, op.get("width").asInt(), op.get("height").asInt(), 0, 0, interp, family, aa, null, true);
                            cropAbsorbed = true;
                            break;
                        default:
                            throw new IllegalArgumentException(op.toString());
                    }
                    Plan p = new Geometry(resize, null).plan(px.width(), px.height());
                    assertThat(p.resizedWidth()).as("resized width").isEqualTo(op.get("output_width").asInt());
                    assertThat(p.resizedHeight()).as("resized height").isEqualTo(op.get("output_height").asInt());
                    if (cropAbsorbed) {
                        assertThat(p.invScaleX()).isEqualTo(op.get("factor_float32").asDouble());
                    }
                    break;
                }
                case "center_crop": {
                    CropRounding rounding = op.get("offset_rounding").asText().equals("floor") ? CropRounding.FLOOR : CropRounding.HALF_EVEN;
                    if (cropAbsorbed) {
                        Plan p = new Geometry(resize, null).plan(px.width(), px.height());
                        assertThat(-p.offsetX()).as("cover crop left").isEqualTo(op.get("left").asInt());
                        assertThat(-p.offsetY()).as("cover crop top").isEqualTo(op.get("top").asInt());
                    } else {
                        crop = new Crop(op.get("width").asInt(), op.get("height").asInt(), rounding, true, null);
                        Plan p = new Geometry(resize, crop).plan(px.width(), px.height());
                        assertThat(-p.offsetX()).as("crop left").isEqualTo(op.get("left").asInt());
                        assertThat(-p.offsetY()).as("crop top").isEqualTo(op.get("top").asInt());
                    }
                    break;
                }
                default:
                    break;
            }
        }
        JsonNode fse = json.get("float_stage_equivalent");
        assertThat(fse.get("channel_order").asText()).isEqualTo(color.name());
        return Spec.builder().color(color).luma(luma).scale(GoldenCase.doubles(fse.get("a"))).bias(GoldenCase.doubles(fse.get("b")))
                .layout(Layout.parse(json.get("output").get("layout").asText())).geometry(new Geometry(resize, crop)).build();
    }
}
