package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.Detection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * From image files to model answers with the specs stored beside the bundled models, against the reference
 * tensors and the expected outputs the model authors' preprocessing gives (expected_outputs.json).
 */
class EndToEndTest {
    static OnnxModel mobilenet;
    static OnnxModel ultraface;
    static JsonNode expected;

    @BeforeAll
    static void open() throws IOException {
        mobilenet = OnnxModel.open(Bundled.MOBILENET);
        ultraface = OnnxModel.open(Bundled.ULTRAFACE);
        try (InputStream in = java.nio.file.Files.newInputStream(Bundled.REFERENCE.resolve("expected_outputs.json"))) {
            expected = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        mobilenet.close();
        ultraface.close();
    }

    static PixelBuffer image(String name) {
        return Bundled.image(name);
    }

    static void assertClose(Tensor got, Tensor want, double tol) {
        assertThat(got.shape()).containsExactly(want.shape());
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            max = Math.max(max, Math.abs(g[i] - w[i]));
        }
        assertThat(max).as("max abs difference").isLessThanOrEqualTo(tol);
    }

    @Test
    void mobileNetReferenceInputIsReproducedFromThePhoto() throws IOException {
        SpecResolver.Resolved r = SpecResolver.resolve(mobilenet, null, null);
        assertThat(r.source()).startsWith("sidecar ");
        Tensor got = Pipeline.compile(r.spec()).tensor(image("chelsea.png"));
        assertClose(got, Bundled.npy("mobilenetv2-12-int8.chelsea.input.npy"), 1e-5);
    }

    @Test
    void theOnnxZooPresetAloneReproducesTheMobileNetReferenceInput() throws IOException {
        Spec spec = dev.pixelprep.core.convention.Presets.get("onnx-zoo-imagenet").toSpec();
        Tensor got = Pipeline.compile(spec).tensor(image("chelsea.png"));
        Tensor want = Bundled.npy("mobilenetv2-12-int8.chelsea.input.npy");
        assertThat(got.shape()).containsExactly(want.shape());
        // PSNR over the reference's value range; identical float32 tensors make it infinite
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        double sq = 0;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < w.length; i++) {
            sq += (g[i] - w[i]) * (double) (g[i] - w[i]);
            lo = Math.min(lo, w[i]);
            hi = Math.max(hi, w[i]);
        }
        double psnr = 10 * Math.log10((hi - lo) * (hi - lo) / (sq / w.length));
        assertThat(psnr).as("PSNR in dB").isGreaterThanOrEqualTo(150);
        // the torchvision spelling of the same numbers misses the zoo's rounding of the longer side
        Spec torchvision = dev.pixelprep.core.convention.Presets.get("torchvision-v1").toSpec();
        float[] tv = Pipeline.compile(torchvision).tensor(image("chelsea.png")).toFloatArray();
        double tvSq = 0;
        for (int i = 0; i < w.length; i++) {
            tvSq += (tv[i] - w[i]) * (double) (tv[i] - w[i]);
        }
        assertThat(10 * Math.log10((hi - lo) * (hi - lo) / (tvSq / w.length))).isLessThan(60);
    }

    @Test
    void ultraFaceReferenceInputIsReproducedWithinTheOpenCvTolerance() throws IOException {
        Spec spec = SpecResolver.resolve(ultraface, null, null).spec();
        Tensor got = Pipeline.compile(spec).tensor(image("astronaut.png"));
        // OpenCV bilinear family: bit-exact wanted, one uint8 step (1/128 here) accepted
        assertClose(got, Bundled.npy("ultraface-rfb320.astronaut.input.npy"), 1 / 128.0 + 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chelsea.png", "coffee.png", "rocket.jpg"})
    void mobileNetTop5MatchesTheAuthorsPipeline(String file) {
        Spec spec = SpecResolver.resolve(mobilenet, null, null).spec();
        Map<String, Tensor> out = mobilenet.run(spec, List.of(image(file)));
        List<Classification.Prediction> top = Classification.topK(out.get("output"), 0, 5, true,
                Classification.readLabels(Bundled.SYNSET));
        JsonNode want = expected.get("onnx/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx").get("top5").get("images/" + file);
        assertThat(top.get(0).index()).isEqualTo(want.get(0).get("index").asInt());
        for (int i = 0; i < 5; i++) {
            int idx = want.get(i).get("index").asInt();
            double p = want.get(i).get("softmax").asDouble();
            // ties between quantised logits may swap equal classes, so compare each expected class's probability
            double got = Classification.topK(out.get("output"), 0, 1000, true, null).stream()
                    .filter(c -> c.index() == idx).findFirst().orElseThrow().probability();
            assertThat(got).as("%s class %d", file, idx).isCloseTo(p, within(0.02));
        }
    }

    @Test
    void ultraFaceFindsTheAstronautsFaceAndNoneOnTheCoffee() {
        Spec spec = SpecResolver.resolve(ultraface, null, null).spec();
        PixelBuffer astro = image("astronaut.png");
        Map<String, Tensor> out = ultraface.run(spec, List.of(astro));
        List<Detection.Box> faces = Detection.ultraFace(out.get("scores"), out.get("boxes"), 1, 0.7, 0.3,
                spec.geometry().plan(astro.width(), astro.height()));
        assertThat(faces).hasSize(1);
        Detection.Box f = faces.get(0);
        assertThat(f.score()).isGreaterThan(0.99);
        assertThat(f.x1()).isCloseTo(178, within(2.0));
        assertThat(f.y1()).isCloseTo(62, within(2.0));
        assertThat(f.x2()).isCloseTo(269, within(2.0));
        assertThat(f.y2()).isCloseTo(173, within(2.0));
        PixelBuffer coffee = image("coffee.png");
        Map<String, Tensor> none = ultraface.run(spec, List.of(coffee));
        assertThat(Detection.ultraFace(none.get("scores"), none.get("boxes"), 1, 0.7, 0.3, spec.geometry().plan(coffee.width(), coffee.height())))
                .isEmpty();
    }
}
