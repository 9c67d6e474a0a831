package dev.pixelprep.cli;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.awt.BufferedImages;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest extends CommandLineTest {
    @TempDir
    Path dir;
    Path chelsea;

    @BeforeEach
    void copyImage() throws IOException {
        chelsea = copyResource("chelsea.png", dir);
    }


    Tensor read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return Npy.read(in, p.toString());
        }
    }

    Tensor expected(Spec spec) throws IOException {
        return Pipeline.compile(spec).tensor(BufferedImages.toPixelBuffer(ImageIO.read(chelsea.toFile())));
    }

    @Test
    void tensorWithPresetWritesTheNpyAndASummary() throws IOException {
        Path npy = dir.resolve("x.npy");
        assertThat(run("tensor", chelsea.toString(), "--preset", "torchvision-imagenet", "-o", npy.toString())).isZero();
        Tensor t = read(npy);
        assertThat(t.shape()).containsExactly(1, 3, 300, 451);
        assertSameFloats(t.toFloatArray(), expected(Presets.get("torchvision-imagenet").toSpec()).toFloatArray());
        assertThat(out).contains("float32 NCHW [1, 3, 300, 451]").contains("R ").contains("spec: RGB y = ");
    }

    @Test
    void conventionFlagsAreSpelledAsEachFrameworkSpellsThem() throws IOException {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertThat(run("tensor", chelsea.toString(), "-o", a.toString(), "--convention", "coreml", "--image-scale", "0.00784313725490196",
                "--red-bias", "-1", "--green-bias", "-1", "--blue-bias", "-1")).isZero();
        assertThat(run("tensor", chelsea.toString(), "-o", b.toString(), "--convention", "keras", "--mode", "tf")).isZero();
        float[] x = read(a).toFloatArray();
        float[] y = read(b).toFloatArray();
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(x[i] - y[i])).isLessThan(1e-6f);
        }
        assertThat(run("tensor", chelsea.toString(), "-o", a.toString(), "--convention", "opencv", "--scalefactor", "0.5",
                "--mean", "104,117,123", "--layout", "NHWC")).isZero();
        Tensor cv = read(a);
        assertThat(cv.shape()).containsExactly(1, 300, 451, 3);
        Spec want = Spec.builder().color(dev.pixelprep.core.spec.ColorOrder.BGR).scale(0.5).bias(-52, -58.5, -61.5).layout(Layout.NHWC).build();
        assertSameFloats(cv.toFloatArray(), expected(want).toFloatArray());
    }

    @Test
    void severalImagesMakeABatchAndDtypesWork() throws IOException {
        Path npy = dir.resolve("batch.npy");
        assertThat(run("tensor", chelsea.toString(), chelsea.toString(), "--preset", "unit", "--dtype", "float16", "-o", npy.toString())).isZero();
        Tensor t = read(npy);
        assertThat(t.shape()).containsExactly(2, 3, 300, 451);
        assertThat(t.dtype().id()).isEqualTo("float16");
        assertThat(run("tensor", chelsea.toString(), "--preset", "mnist", "--dtype", "uint8", "--quant-scale", "0.00392156862745098",
                "-o", npy.toString())).isZero();
        Tensor q = read(npy);
        assertThat(q.shape()).containsExactly(1, 1, 300, 451);
        assertThat(q.channelStats()[0][1]).isLessThanOrEqualTo(255);
    }

    @Test
    void specExplainMarksExactAndApproximate() {
        assertThat(run("spec", "explain", "--convention", "torchvision", "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225")).isZero();
        assertThat(out).contains("coreml       approximate").contains("torchvision  exact").contains("ct.ImageType(")
                .contains("blobFromImageWithParams").contains("\"pixelprep_spec\" : 1");
        assertThat(run("spec", "explain", "--preset", "keras-tf", "--json")).isZero();
        assertThat(out).contains("\"id\" : \"coreml\"").contains("\"exact\" : true");
    }

    @Test
    void savedSpecReproducesTheSameTensor() throws IOException {
        Path spec = dir.resolve("spec.json");
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertThat(run("tensor", chelsea.toString(), "--preset", "caffe-imagenet", "--layout", "NHWC", "-o", a.toString(), "--save-spec", spec.toString())).isZero();
        assertThat(run("tensor", chelsea.toString(), "--spec", spec.toString(), "-o", b.toString())).isZero();
        assertSameFloats(read(b).toFloatArray(), read(a).toFloatArray());
    }

    @Test
    void badInputExitsOneWithOneLineAndNoOutputFile() throws IOException {
        Path corrupt = dir.resolve("corrupt.png");
        byte[] png = Files.readAllBytes(chelsea);
        Files.write(corrupt, java.util.Arrays.copyOf(png, png.length / 3));
        Path npy = dir.resolve("never.npy");
        assertThat(run("tensor", corrupt.toString(), "--preset", "unit", "-o", npy.toString())).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: ").contains("corrupt.png");
        assertThat(err.strip().lines().count()).isEqualTo(1);
        assertThat(npy).doesNotExist();
        assertThat(leftovers()).isEmpty();

        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, "{\"pixelprep_spec\": 1, \"torchvision\": {\"mean\": [0.5,0.5,0.5], \"std\": [0.2,0,0.2]}}");
        assertThat(run("tensor", chelsea.toString(), "--spec", spec.toString(), "-o", npy.toString())).isEqualTo(1);
        assertThat(err).contains("$.torchvision.std[1]: must not be 0");
        assertThat(npy).doesNotExist();

        assertThat(run("tensor", dir.resolve("missing.png").toString(), "--preset", "unit", "-o", npy.toString())).isEqualTo(1);
        assertThat(err).contains("missing.png");
    }

    @Test
    void exifPolicyComesFromTheSpecFileUnlessAFlagOverridesIt() throws IOException {
        Path rotated = Path.of("../pixelprep-io/src/test/resources/exif/chelsea-crop-exif6-intel.jpg");
        Path spec = dir.resolve("s.json");
        Path npy = dir.resolve("r.npy");
        Files.writeString(spec, "{\"pixelprep_spec\": 1, \"preset\": \"unit\", \"decode\": {\"exif\": \"ignore\"}}");
        assertThat(run("tensor", rotated.toString(), "--spec", spec.toString(), "-o", npy.toString())).isZero();
        int[] stored = read(npy).shape();
        assertThat(out).contains("EXIF orientation 6 ignored");
        assertThat(run("tensor", rotated.toString(), "--spec", spec.toString(), "--exif", "apply", "-o", npy.toString())).isZero();
        int[] upright = read(npy).shape();
        assertThat(out).contains("EXIF orientation 6 applied");
        // orientation 6 is a quarter turn: width and height trade places
        assertThat(upright[2]).isEqualTo(stored[3]);
        assertThat(upright[3]).isEqualTo(stored[2]);
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("tensor", chelsea.toString(), "--preset", "nope", "-o", "x.npy")).isEqualTo(2);
        assertThat(err).contains("unknown preset 'nope'");
        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "--spec", "a.json", "-o", "x.npy")).isEqualTo(2);
        assertThat(run("tensor", chelsea.toString(), "--mean", "1,2,3", "-o", "x.npy")).isEqualTo(2);
        assertThat(run("tensor", chelsea.toString())).isEqualTo(2);
        assertThat(run("spec", "explain", "--convention", "keras")).isEqualTo(2);
        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "--alpha", "blend", "-o", "x.npy")).isEqualTo(2);
    }

    /** Element-wise equality with the first difference reported (AssertJ's containsExactly is slow on 400k floats). */
    static void assertSameFloats(float[] got, float[] want) {
        assertThat(got.length).isEqualTo(want.length);
        for (int i = 0; i < got.length; i++) {
            if (Float.compare(got[i], want[i]) != 0) {
                assertThat(got[i]).as("element %d", i).isEqualTo(want[i]);
            }
        }
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
