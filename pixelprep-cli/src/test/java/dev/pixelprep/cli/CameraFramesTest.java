package dev.pixelprep.cli;

import dev.pixelprep.core.npy.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw camera frames on the command line: {@code --raw-format}, {@code --raw-size}, {@code --row-stride}, {@code --yuv},
 * {@code --rotate} and {@code --mirror}, on a real photo (the bundled chelsea.png) laid out as an Android NV21 frame.
 */
class CameraFramesTest extends CommandLineTest {
    @TempDir
    Path dir;
    /** chelsea.png's left 450 columns as an upright NV21 frame (BT.601 full range), and the same frame as a sensor delivers it sideways. */
    Path upright;
    Path sideways;
    Path padded;

    @BeforeEach
    void frames() throws IOException {
        BufferedImage img = ImageIO.read(copyResource("chelsea.png", dir).toFile());
        int w = 450;
        int h = 300;
        int[] y = new int[w * h];
        int[] u = new int[(w / 2) * (h / 2)];
        int[] v = new int[(w / 2) * (h / 2)];
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, r);
                double red = (p >> 16) & 0xFF;
                double green = (p >> 8) & 0xFF;
                double blue = p & 0xFF;
                y[r * w + x] = clamp(0.299 * red + 0.587 * green + 0.114 * blue);
                if (r % 2 == 0 && x % 2 == 0) {
                    u[(r / 2) * (w / 2) + x / 2] = clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue);
                    v[(r / 2) * (w / 2) + x / 2] = clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue);
                }
            }
        }
        upright = dir.resolve("upright.nv21");
        Files.write(upright, nv21(y, u, v, w, h, w));
        padded = dir.resolve("padded.nv21");
        Files.write(padded, nv21(y, u, v, w, h, 512));
        // the sensor frame a camera mounted 90° off delivers: upright = sideways turned 90° clockwise, so sideways is the
        // upright frame turned counterclockwise (planes turned sample by sample; exact because both sizes are even)
        int[] ys = ccw(y, w, h);
        int[] us = ccw(u, w / 2, h / 2);
        int[] vs = ccw(v, w / 2, h / 2);
        sideways = dir.resolve("sideways.nv21");
        Files.write(sideways, nv21(ys, us, vs, h, w, h));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }

    private static int[] ccw(int[] p, int w, int h) {
        int[] out = new int[p.length];
        // turned counterclockwise: new size h x w, new (x, y) = (y, w-1-x) of old
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                out[(w - 1 - x) * h + r] = p[r * w + x];
            }
        }
        return out;
    }

    private static byte[] nv21(int[] y, int[] u, int[] v, int w, int h, int stride) {
        byte[] out = new byte[stride * h + stride * (h / 2)];
        java.util.Arrays.fill(out, (byte) 0x7b);
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                out[r * stride + x] = (byte) y[r * w + x];
            }
        }
        for (int r = 0; r < h / 2; r++) {
            for (int x = 0; x < w / 2; x++) {
                out[stride * h + r * stride + 2 * x] = (byte) v[r * (w / 2) + x];
                out[stride * h + r * stride + 2 * x + 1] = (byte) u[r * (w / 2) + x];
            }
        }
        return out;
    }

    @Test
    void aSidewaysFrameTurnedByRotateGivesTheUprightFramesTensor() throws IOException {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Path c = dir.resolve("c.npy");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--preset", "torchvision-imagenet",
                "--resize", "256", "--crop", "224", "-o", a.toString())).as(err).isZero();
        assertThat(out).contains("raw NV21 450x300 NV21 read as bt601-full/exact");
        assertThat(run("tensor", sideways.toString(), "--raw-format", "NV21", "--raw-size", "300x450", "--rotate", "90",
                "--preset", "torchvision-imagenet", "--resize", "256", "--crop", "224", "-o", b.toString())).as(err).isZero();
        assertThat(Npy.read(b).toFloatArray()).containsExactly(Npy.read(a).toFloatArray());
        // padded rows: the same frame with 512-byte rows
        assertThat(run("tensor", padded.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--row-stride", "512",
                "--preset", "torchvision-imagenet", "--resize", "256", "--crop", "224", "-o", c.toString())).as(err).isZero();
        assertThat(Npy.read(c).toFloatArray()).containsExactly(Npy.read(a).toFloatArray());
        // unturned, the sideways frame is another tensor
        assertThat(run("tensor", sideways.toString(), "--raw-format", "NV21", "--raw-size", "300x450",
                "--preset", "torchvision-imagenet", "--resize", "256", "--crop", "224", "-o", c.toString())).isZero();
        assertThat(Npy.read(c).toFloatArray()).isNotEqualTo(Npy.read(a).toFloatArray());
    }

    @Test
    void theModelsStoredSpecIsTurnedByTheFrameFlags() {
        assertThat(run("classify", sideways.toString(), "--raw-format", "NV21", "--raw-size", "300x450", "--rotate", "90")).as(err).isZero();
        assertThat(out).contains("1. n02124075 Egyptian cat").contains("preprocessing: frame rotated 90° clockwise, then resize shorter side 256")
                .contains("spec from: sidecar");
    }

    @Test
    void aWrongSizeOrFlagIsOneLineAndWritesNothing() {
        Path npy = dir.resolve("x.npy");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "448x300", "--preset", "unit", "-o", npy.toString()))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(err.strip()).isEqualTo("pixelprep: error: " + upright + ": 202500 bytes, but a 448x300 NV21 frame has 201600;"
                + " check --raw-size, --raw-format and --row-stride");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x302", "--preset", "unit", "-o", npy.toString()))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(err.strip()).startsWith("pixelprep: error: " + upright + ": 202500 bytes do not hold a 450x302 NV21 frame: plane VU of"
                + " 450x302 NV21 (151 rows of 450 samples, offset 135900, row stride 450, pixel stride 1) needs 203850 bytes, has 202500");
        assertThat(run("tensor", upright.toString(), "--raw-size", "450x300", "--preset", "unit", "-o", npy.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--raw-size describes a raw frame; give --raw-format too");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--preset", "unit", "-o", npy.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--raw-format needs --raw-size WxH");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--yuv", "bt601-wide", "--preset", "unit",
                "-o", npy.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--yuv bt601-wide: unknown YUV range 'wide'");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--rotate", "45", "--preset", "unit",
                "-o", npy.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--rotate 45: expected 0, 90, 180 or 270");
        assertThat(run("tensor", upright.toString(), "--raw-format", "YUV_420_888", "--raw-size", "450x300", "--preset", "unit",
                "-o", npy.toString())).isEqualTo(Main.EXIT_INPUT);
        assertThat(err.strip()).startsWith("pixelprep: error: " + upright + ": a raw YUV_420_888 dump has no single layout; give it as NV21");
        // a raw frame is held to the same pixel limit as a decoded image's header, before a byte is read
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--max-pixels", "134999",
                "--preset", "unit", "-o", npy.toString())).isEqualTo(Main.EXIT_INPUT);
        assertThat(err.strip()).isEqualTo("pixelprep: error: " + upright + ": raw frame size declares 450x300 = 135000 pixels, more than"
                + " the limit of 134999 (raise it with --max-pixels N, -Dpixelprep.maxPixels=N or DecodeOptions.withMaxPixels)");
        assertThat(npy).doesNotExist();
    }

    @Test
    void specExplainWritesTheFrameConversionInEachPlatformsWords() {
        assertThat(run("spec", "explain", "--preset", "torchvision-imagenet", "--raw-format", "YUV_420_888", "--yuv", "libyuv-j420")).isZero();
        assertThat(out).contains("frame: YUV_420_888 read as bt601-full/libyuv")
                .contains("libyuv       exact\n    libyuv::Android420ToARGBMatrix(").contains("&kYuvJPEGConstants")
                .contains("android      exact").contains("OUTPUT_IMAGE_FORMAT_RGBA_8888")
                .contains("opencv       approximate").contains("cvtColor converts only BT.601 video range");
        assertThat(run("spec", "explain", "--preset", "unit", "--raw-format", "NV21", "--yuv", "opencv")).isZero();
        assertThat(out).contains("opencv       exact\n    cv2.cvtColor(frame, cv2.COLOR_YUV2RGB_NV21)").contains("libyuv       approximate");
        assertThat(run("spec", "explain", "--preset", "unit", "--yuv", "opencv")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--yuv describes a camera frame; give --raw-format too");
        assertThat(run("spec", "explain", "--preset", "unit", "--rotate", "90")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void aVideoRangeReadingOfAFullRangeFrameIsWarnedAbout() {
        Path npy = dir.resolve("x.npy");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--yuv", "opencv", "--preset", "unit",
                "-o", npy.toString())).isZero();
        assertThat(err).contains("pixelprep: warning: yuv-range: " + upright + ": ")
                .contains("outside video range (16..235), but the frame is read as bt601-video/opencv; it is probably full range")
                .contains("read it as bt601-full/exact");
        assertThat(run("tensor", upright.toString(), "--raw-format", "NV21", "--raw-size", "450x300", "--preset", "unit",
                "-o", npy.toString())).isZero();
        assertThat(err).doesNotContain("yuv-range");
    }
}
