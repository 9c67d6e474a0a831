package dev.pixelprep.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** No false alarms: the spec of every golden case (made by the peers from real recipes) lints clean. */
class GoldenLintTest {
    @Test
    void everyNormalisationCaseLintsClean() throws IOException {
        int n = 0;
        for (String id : GoldenCase.ids()) {
            Spec spec = GoldenConformanceTest.specFromOps(GoldenCase.load(id).json);
            assertThat(spec.lint()).as(id + ": " + spec.describe()).isEmpty();
            n++;
        }
        assertThat(n).isEqualTo(15);
    }

    @Test
    void everyResizeCaseLintsClean() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        for (String id : GoldenSpecTest.cases()) {
            JsonNode j;
            try (InputStream in = GoldenSpecTest.resource("cases/" + id + ".json")) {
                j = json.readTree(in);
            }
            PixelBuffer px;
            try (InputStream in = GoldenSpecTest.resource(j.get("input").get("file").asText())) {
                px = TestImages.pixels(ImageIO.read(in));
            }
            Spec spec = GoldenSpecTest.specOf(j, px);
            assertThat(spec.lint()).as(id + ": " + spec.describe()).isEmpty();
            n++;
        }
        assertThat(n).isEqualTo(39);
    }
}
