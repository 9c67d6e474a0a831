package dev.pixelprep.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resizing float values after normalisation (tensor pipelines) against torch's own uint8-tensor results: the two
 * orders differ only by torch's final rounding to uint8, so every element lies within half a uint8 step of the
 * peer's rounded value, and some elements differ (else the stage would not be float at all).
 */
class FloatStageTest {

    @ParameterizedTest
    @ValueSource(strings = {"tvt_bilinear_noaa_r256_c224__chelsea", "tvt_bilinear_aa_r256_c224__astronaut", "tvt_bicubic_noaa_r160_c144__synth_rgb_301x199"})
    void floatStageIsWithinHalfAStepOfTorchsRoundedResult(String id) throws IOException {
        JsonNode json;
        try (InputStream in = GoldenSpecTest.resource("cases/" + id + ".json")) {
            json = new ObjectMapper().readTree(in);
        }
        PixelBuffer px;
        try (InputStream in = GoldenSpecTest.resource(json.get("input").get("file").asText())) {
            px = TestImages.pixels(ImageIO.read(in));
        }
        Spec uint8 = GoldenSpecTest.specOf(json, px);
        Geometry g = uint8.geometry();
        Spec floats = uint8.toBuilder().geometry(new Geometry(g.resize(), g.crop(), true)).build();
        float[] got = Pipeline.compile(floats).tensor(px).toFloatArray();
        float[] want;
        try (InputStream in = GoldenSpecTest.resource("cases/" + id + ".npy")) {
            want = Npy.read(in, id).toFloatArray();
        }
        double lsb = json.get("tolerance").get("lsb").asDouble();
        double[] a = GoldenCase.doubles(json.get("float_stage_equivalent").get("a"));
        double[] b = GoldenCase.doubles(json.get("float_stage_equivalent").get("b"));
        int plane = want.length / a.length;
        int differing = 0;
        for (int i = 0; i < want.length; i++) {
            // torch clamps bicubic overshoot to 0..255 before rounding to uint8; a float tensor keeps it
            int c = i / plane;
            double v = Math.max(0, Math.min(255, (got[i] - b[c]) / a[c]));
            double d = Math.abs(a[c] * v + b[c] - want[i]);
            assertThat(d).as("element %d", i).isLessThanOrEqualTo(0.5 * lsb + 1e-5);
            if (d > 1e-5) {
                differing++;
            }
        }
        assertThat(differing).isPositive();
    }

    @Test
    void onlyTheTorchFamilyResizesFloats() {
        assertThatThrownBy(() -> new Geometry(Resize.exact(10, 10, Interpolation.BILINEAR, ResizeFamily.PILLOW), null, true))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("needs a torchvision-tensor resize");
    }
}
