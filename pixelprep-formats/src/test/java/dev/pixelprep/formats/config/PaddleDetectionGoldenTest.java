package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.Resources;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PaddleDetection {@code infer_cfg.yml} files read by {@link PaddleDetectionConfig} and run through our decoder and
 * fused pipeline, against the tensors of PaddleDetection's own deploy preprocessing re-run with the real cv2 and numpy
 * (resources {@code paddle/}: {@code generate_paddledet.py}, checked against the authors' {@code preprocess.py}; see
 * its README).
 */
class PaddleDetectionGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Resources.path("paddle/README.md").getParent();

    static Stream<String> cases() throws IOException {
        return listing("cases.txt");
    }

    private static Stream<String> listing(String file) throws IOException {
        return Files.readAllLines(DIR.resolve(file)).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAuthorsTensor(String id) throws IOException {
        JsonNode c = JSON.readTree(DIR.resolve("cases/" + id + ".json").toFile());
        Path config = DIR.resolve(c.get("config").asText());
        Path input = DIR.resolve(c.get("input").get("file").asText());
        Spec spec = PaddleDetectionConfig.read(config).spec();
        var decoded = ImageDecoder.defaults().decode(input).pixels();
        Tensor ours = Pipeline.compile(spec).tensor(decoded);
        Tensor theirs = Npy.read(DIR.resolve("cases/" + id + ".npy"));
        Plan plan = spec.geometry().plan(decoded.width(), decoded.height());
        assertThat(ours.shape()).as("shape (plan %s)", plan).containsExactly(theirs.shape());
        Tensor.Difference diff = ours.difference(theirs, 1e-6);
        double maxDiff = diff.max();
        long differing = diff.over();
        System.out.printf(Locale.ROOT, "paddle-golden %-45s %s max |diff| %.3g, %d of %d values over 1e-6%n", id, plan, maxDiff, differing,
                theirs.size());
        // numpy rounds x · float32(1/255), then − mean, then / std, each to float32; we round a·x + b once. A JPEG
        // also goes through another decoder (libjpeg-turbo against ours): up to a few 8-bit steps
        double step = spec.scale(0) * 1.0001;
        if (input.toString().endsWith(".jpg")) {
            assertThat(maxDiff).as(id).isLessThanOrEqualTo(Math.max(step, 1e-6) * 12);
        } else {
            assertThat(maxDiff).as(id).isLessThanOrEqualTo(2e-6 * Math.max(1, spec.scale(0) * 255));
        }
    }

    static Stream<String> batches() throws IOException {
        return listing("batches.txt");
    }

    /** Several images of different sizes in one tensor, each padded to the batch's largest with zeros, as create_inputs does. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void theAuthorsBatch(String id) throws IOException {
        JsonNode c = JSON.readTree(DIR.resolve("cases/" + id + ".json").toFile());
        Spec spec = PaddleDetectionConfig.read(DIR.resolve(c.get("config").asText())).spec();
        List<dev.pixelprep.core.pixels.PixelBuffer> images = new ArrayList<>();
        boolean jpeg = false;
        for (JsonNode in : c.get("inputs")) {
            images.add(ImageDecoder.defaults().decode(DIR.resolve(in.get("file").asText())).pixels());
            jpeg |= in.get("file").asText().endsWith(".jpg");
        }
        assertThat(spec.geometry().padBatch()).as("the import says how a batch is padded").isTrue();
        Tensor ours = Pipeline.compile(spec.toBuilder().batch(images.size()).build()).tensor(images);
        Tensor theirs = Npy.read(DIR.resolve("cases/" + id + ".npy"));
        assertThat(ours.shape()).containsExactly(theirs.shape());
        Tensor.Difference diff = ours.difference(theirs, 1e-6);
        System.out.printf(Locale.ROOT, "paddle-golden %-45s max |diff| %.3g, %d of %d values over 1e-6%n", id, diff.max(), diff.over(), theirs.size());
        double step = spec.scale(0) * 1.0001;
        assertThat(diff.max()).as(id).isLessThanOrEqualTo(jpeg ? Math.max(step, 1e-6) * 12 : 2e-6 * Math.max(1, spec.scale(0) * 255));
    }

    /** The resized and padded sizes real cv2.resize gives for every config over awkward source sizes (sizes.tsv). */
    @Test
    void theAuthorsSizes() throws IOException {
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(DIR.resolve("sizes.tsv"))) {
            String[] f = line.split("\t");
            if (f[0].equals("config")) {
                continue;
            }
            Spec spec = PaddleDetectionConfig.read(DIR.resolve("configs/" + f[0])).spec();
            int w = Integer.parseInt(f[1]);
            int h = Integer.parseInt(f[2]);
            Plan p = spec.geometry().plan(w, h);
            String got = p.resizedWidth() + "x" + p.resizedHeight() + " " + p.outputWidth() + "x" + p.outputHeight();
            String want = f[3] + "x" + f[4] + " " + f[5] + "x" + f[6];
            if (!got.equals(want)) {
                wrong.add(f[0] + " " + w + "x" + h + ": want " + want + ", got " + got);
            }
            rows++;
        }
        assertThat(rows).isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }
}
