package dev.pixelprep.doctor;

import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the doctor's HTML report in headless Chromium: it must render without console messages, with every
 * embedded image decoded and the expected sections present; a decided mistake is marked on your spec, an abstention
 * is not rendered as one, and every candidate is drawn through its own inverse (no blue cat on the screenshot).
 * Skipped with instructions when Chromium is absent, unless -Dpixelprep.requireChromium=true.
 */
class ReportInBrowserTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static Chromium chromium;

    @BeforeEach
    void browser() {
        chromium = Chromium.find();
        if (chromium == null) {
            if (Chromium.required()) {
                Assertions.fail("pixelprep.requireChromium is set but no Chromium was found: " + Chromium.INSTALL);
            }
            String why = "Chromium not found, browser test skipped: " + Chromium.INSTALL + "; -Dpixelprep.requireChromium=true makes this a failure";
            System.err.println(getClass().getSimpleName() + ": " + why);
            Assumptions.abort(why);
        }
    }

    static String report(Spec yours, boolean expectedOutputs) throws Exception {
        Path model = EXAMPLES.resolve("models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx");
        try (OnnxModel m = OnnxModel.open(model); InputStream logits = ReportInBrowserTest.class.getResourceAsStream("/reference/mobilenetv2-12-int8.chelsea.output-logits.npy")) {
            ModelDoctor doctor = new ModelDoctor(m, List.of(new Sample("chelsea.png", ImageDecoder.defaults().decode(EXAMPLES.resolve("chelsea.png")).pixels(),
                    null, expectedOutputs ? Npy.read(logits, "logits") : null)), Classification.readLabels(model.resolveSibling("synset.txt")), 3);
            return HtmlReport.render(doctor.diagnose(yours, "test"), doctor, "mobilenetv2-12-int8.onnx", "coreml");
        }
    }

    @Test
    void theReportRendersTheDecidedSwapWithEachCandidateThroughItsOwnInverse(@TempDir Path dir) throws Exception {
        Spec right = SpecJson.read(EXAMPLES.resolve("models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx.pixelprep.json"));
        Path page = dir.resolve("report.html");
        Files.writeString(page, report(right.toBuilder().color(ColorOrder.BGR).build(), true));
        assertThat(Files.readString(page)).doesNotContain("http://", "https://").as("self-contained");

        Chromium.Run dom = chromium.run(page, Files.createDirectory(dir.resolve("profile1")), "--dump-dom");
        assertThat(dom.console()).as("console messages").isEmpty();
        assertThat(dom.stdout()).contains("data-rendered=\"yes\"");
        Matcher images = Pattern.compile("data-images=\"(\\d+)\"").matcher(dom.stdout());
        assertThat(images.find()).isTrue();
        // input + (best, yours and four alternatives) x (composite + 3 channels)
        assertThat(Integer.parseInt(images.group(1))).isGreaterThanOrEqualTo(1 + 2 * 4);
        for (String id : List.of("diagnosis", "input", "tensors", "candidates")) {
            assertThat(dom.stdout()).contains("<section id=\"" + id + "\">");
        }
        assertThat(dom.stdout()).contains("<code class=\"id\">channel-swap</code>").contains("<svg class=\"hist\"").contains("Egyptian cat")
                .contains("<p class=\"verdict decided\"><b>decided</b>").contains("class=\"cand yours bad\"").contains("Corrected spec:");

        Path shot = dir.resolve("report.png");
        chromium.run(page, Files.createDirectory(dir.resolve("profile2")), "--window-size=1280,2000", "--screenshot=" + shot);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img.getWidth()).isEqualTo(1280);
        Files.copy(shot, Path.of("target", "doctor-report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // every tensor is drawn through its own inverse: the swapped candidate and yours show the same orange cat
        // (the evidence, not the picture, tells them apart); no cat turned blue
        assertThat(count(img, false)).as("orange pixels of the cats").isGreaterThan(20_000);
        assertThat(count(img, true)).as("blue pixels (the swapped cat drawn as RGB had over 20,000)").isLessThan(10_000);
    }

    /** Without evidence the correct stored spec is shown as consistent: no finding, no corrected spec, nothing in red. */
    @Test
    void anAbstentionIsNotRenderedAsAMistake(@TempDir Path dir) throws Exception {
        Spec right = SpecJson.read(EXAMPLES.resolve("models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx.pixelprep.json"));
        Path page = dir.resolve("abstain.html");
        Files.writeString(page, report(right, false));
        Chromium.Run dom = chromium.run(page, Files.createDirectory(dir.resolve("profile")), "--dump-dom");
        assertThat(dom.console()).isEmpty();
        assertThat(dom.stdout()).contains("data-rendered=\"yes\"").contains("<p class=\"verdict probably\"><b>probably</b>")
                .contains("class=\"cand yours ok\"").contains("consistent with the evidence").contains("input quantisation")
                .doesNotContain("<code class=\"id\">").doesNotContain("Corrected spec:").doesNotContain("class=\"cand yours bad\"");
    }

    private static int count(BufferedImage img, boolean blue) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int r = p >> 16 & 0xFF;
                int b = p & 0xFF;
                n += blue ? (b > r + 60 ? 1 : 0) : (r > b + 60 ? 1 : 0);
            }
        }
        return n;
    }

    @Test
    void theTensorReportRendersToo(@TempDir Path dir) throws Exception {
        Spec right = SpecJson.read(EXAMPLES.resolve("models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx.pixelprep.json"));
        Spec wrong = right.toBuilder().scale(1).bias(0).build();
        dev.pixelprep.core.pixels.PixelBuffer px = ImageDecoder.defaults().decode(EXAMPLES.resolve("chelsea.png")).pixels();
        dev.pixelprep.core.engine.Tensor mine = dev.pixelprep.core.engine.Pipeline.compile(wrong).tensor(px);
        dev.pixelprep.core.engine.Tensor ref = dev.pixelprep.core.engine.Pipeline.compile(right).tensor(px);
        Path page = dir.resolve("tensor.html");
        Files.writeString(page, HtmlReport.renderTensor(TensorDoctor.diagnose(mine, ref, wrong), mine, ref, "mine.npy", "reference.npy", px, null));
        Chromium.Run dom = chromium.run(page, Files.createDirectory(dir.resolve("profile")), "--dump-dom");
        assertThat(dom.console()).isEmpty();
        assertThat(dom.stdout()).contains("data-rendered=\"yes\"").contains("<code class=\"id\">scale-255</code>")
                .contains("<code class=\"id\">normalization-missing</code>").contains("<section id=\"tensors\">");
    }

    @Test
    void theConsoleCheckCatchesABrokenPage(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><p>broken</p><script>console.error('something failed'); notDefined();</script></body></html>");
        Chromium.Run run = chromium.run(page, Files.createDirectory(dir.resolve("profile")), "--dump-dom");
        assertThat(run.console()).hasSize(2);
        assertThat(run.console().get(1)).contains("Uncaught ReferenceError");
    }
}
