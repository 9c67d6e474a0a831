package dev.pixelprep.cli;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** classify, detect and the geometry flags of tensor, on the bundled models and photos. */
class ModelCommandsTest extends CommandLineTest {
    @TempDir
    Path dir;


    @Test
    void classifyUsesTheSidecarSpecAndShowsWhatMistakesWouldAnswer() {
        assertThat(run("classify", "../examples/chelsea.png", "--show-wrong")).isZero();
        assertThat(out).contains("1. n02124075 Egyptian cat").contains("0.5967").contains("spec from: sidecar")
                .contains("raw 0..255 pixels").contains("barn spider");
        assertThat(run("classify", "../examples/rocket.jpg", "--top", "1")).isZero();
        assertThat(out).contains("n03773504 missile").contains("'Adobe RGB (1998)' ignored");
        assertThat(run("classify", "../examples/rocket.jpg", "--top", "1", "--icc", "apply")).isZero();
        assertThat(out).contains("obelisk");
    }

    @Test
    void aSpecThatDoesNotFitTheModelIsRefusedBeforeRunning() {
        assertThat(run("classify", "../examples/chelsea.png", "--preset", "torchvision-imagenet", "--resize", "256", "--crop", "224",
                "--layout", "NHWC")).isEqualTo(1);
        assertThat(err).contains("wants float32 [batch_size,3,224,224] (NCHW); the spec produces NHWC float32 [1,224,224,3]");
        assertThat(run("classify", "../examples/chelsea.png", "--preset", "unit")).isEqualTo(1);
        assertThat(err).contains("add a resize to 224x224");
        assertThat(run("classify", "../examples/chelsea.png", "--model", "../examples/chelsea.png")).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: ").contains("ONNX Runtime cannot load it");
    }

    @Test
    void detectPrintsAndDrawsTheFace() throws IOException {
        Path png = dir.resolve("boxes.png");
        assertThat(run("detect", "../examples/astronaut.png", "-o", png.toString())).isZero();
        assertThat(out).contains("1 face(s)").contains("face 1.0000 at (1");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(512);
        // the box outline is drawn in green on the face's left edge (x about 178, y 62..173)
        int green = 0;
        for (int y = 70; y < 170; y++) {
            for (int x = 175; x < 183; x++) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 8) & 0xFF) > 200 && ((rgb >> 16) & 0xFF) < 60) {
                    green++;
                }
            }
        }
        assertThat(green).isGreaterThan(50);
        assertThat(run("detect", "../examples/coffee.png")).isZero();
        assertThat(out).contains("0 face(s)");
    }

    @Test
    void recipesGiveTheDetectorsSizesAndRefuseWhatTheyCannotMean() throws IOException {
        Path npy = dir.resolve("r.npy");
        // chelsea 451x300: round(300 * 640/451) = round(425.72) = 426 rows, centred in 640x640
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "ultralytics-letterbox", "-o", npy.toString())).as(err).isZero();
        assertThat(out).contains("[1, 3, 640, 640]");
        Tensor t;
        try (InputStream in = Files.newInputStream(npy)) {
            t = Npy.read(in, "r.npy");
        }
        // the grey 114 padding above the image (row 0), the image from row 107 = (640 - 426) / 2
        assertThat(t.getFloat(0)).isEqualTo(114 / 255f);
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "ultralytics-letterbox-auto", "-o", npy.toString())).isZero();
        assertThat(out).contains("[1, 3, 448, 640]"); // 426 + (640 - 426) mod 32 = 448
        // another size keeps the recipe's rule, rounding and padding
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "ultralytics-letterbox", "--resize", "320", "-o", npy.toString())).isZero();
        assertThat(out).contains("[1, 3, 320, 320]");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "paddleocr-det", "-o", npy.toString())).isZero();
        assertThat(out).contains("[1, 3, 288, 448]"); // ratio 1, round(451/32) * 32 = 448, round(300/32) * 32 = 288
        // PaddleOCR's ImageNet numbers on the BGR image are its authors', not a missing swap: no channel-swap warning
        assertThat(err).doesNotContain("warning");
        assertThat(run("tensor", "../examples/chelsea.png", "--convention", "canonical", "--color", "BGR", "--scale",
                "0.0171247538316637,0.0175070028011204,0.0174291938997821", "--bias", "-2.117903930131,-2.03571428571429,-1.80444444444444",
                "-o", npy.toString())).isZero();
        assertThat(err).contains("channel-swap").contains("unless the model is PaddleOCR's");
        // in Paddle's own words the numbers lie where they are written: the same tensor as the recipe, no warning
        Path paddle = dir.resolve("paddle.npy");
        assertThat(run("tensor", "../examples/chelsea.png", "--convention", "paddle", "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225",
                "--resize", "960", "--resize-mode", "longer-side", "--side-rounding", "ratio", "--scale-limit", "down", "--multiple-of", "32",
                "--max-size", "4000", "--family", "opencv", "-o", paddle.toString())).as(err).isZero();
        assertThat(err).doesNotContain("warning");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "paddleocr-det", "-o", npy.toString())).isZero();
        assertThat(Files.readAllBytes(paddle)).isEqualTo(Files.readAllBytes(npy));
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "detr", "-o", npy.toString())).isZero();
        assertThat(out).contains("[1, 3, 800, 1202]"); // int(800 * 451 / 300) = 1202, under the 1333 cap
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "yolo", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("unknown recipe 'yolo'; expected one of ultralytics-letterbox, ultralytics-letterbox-auto");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "ultralytics-letterbox", "--stride", "0", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("--stride 0: must be at least 1");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "ultralytics-letterbox", "--stride", "1024", "-o", npy.toString())).isEqualTo(1);
        assertThat(err).contains("$.resize.stride: must be 1..640");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "paddleocr-det", "--multiple-of", "2000", "-o", npy.toString())).isEqualTo(1);
        assertThat(err).contains("$.resize.multiple: must be 1..960");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "detr", "--scale-limit", "down", "-o", npy.toString())).isEqualTo(1);
        assertThat(err).contains("Hugging Face's shortest_edge rule always scales");
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "detr", "--mean", "0.5", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("--mean is a normalisation flag and --recipe already gives the normalisation");
        // a geometry flag on a two-step recipe keeps its second resize (it used to be dropped: 256x256 instead of 128x128)
        assertThat(run("tensor", "../examples/chelsea.png", "--recipe", "mediapipe-blazeface", "--interpolation", "bilinear", "-o", npy.toString())).isZero();
        assertThat(out).contains("[1, 3, 128, 128]");
        assertThat(run("spec", "presets")).isZero();
        assertThat(out).contains("paddleocr-det").contains("source: PaddlePaddle/PaddleOCR ppocr/data/imaug/operators.py DetResizeForTest");
    }

    @Test
    void tensorWithGeometryFlagsReproducesTheMobileNetInput() throws IOException {
        Path npy = dir.resolve("m.npy");
        assertThat(run("tensor", "../examples/chelsea.png", "--preset", "torchvision-imagenet", "--resize", "256", "--side-rounding", "round",
                "--crop", "224", "--crop-rounding", "floor", "-o", npy.toString())).isZero();
        Tensor t;
        try (InputStream in = Files.newInputStream(npy)) {
            t = Npy.read(in, "m.npy");
        }
        Tensor want;
        try (InputStream in = Files.newInputStream(Path.of("../pixelprep-onnx/src/test/resources/reference/mobilenetv2-12-int8.chelsea.input.npy"))) {
            want = Npy.read(in, "ref");
        }
        float[] a = t.toFloatArray();
        float[] b = want.toFloatArray();
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertThat(max).isLessThan(1e-5);
        assertThat(run("tensor", "../examples/chelsea.png", "--resize", "320x240", "--family", "opencv", "--resize-mode", "fit",
                "--pad-color", "114,114,114", "-o", npy.toString())).isZero();
        assertThat(out).contains("[1, 3, 240, 320]");
        assertThat(run("tensor", "../examples/chelsea.png", "--resize", "224", "--family", "pillow", "--antialias", "false", "-o", npy.toString()))
                .isEqualTo(1);
        assertThat(err).contains("Pillow always antialiases");
        assertThat(run("tensor", "../examples/chelsea.png", "--crop-pct", "0.875", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("--crop-pct needs --crop");
    }
}
