package dev.pixelprep.cli;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** tensor and classify on directories, unexpanded globs and photos of different sizes (the bundled examples). */
class ImageArgumentsTest extends CommandLineTest {
    static final Path EXAMPLES = Path.of("../examples");

    @TempDir
    Path dir;

    static Tensor read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return Npy.read(in, p.toString());
        }
    }

    @Test
    void photosOfFourSizesMakeOneBatchWithAPresetAlone() throws IOException {
        Path npy = dir.resolve("b.npy");
        List<String> photos = List.of("../examples/rocket.jpg", "../examples/astronaut.png", "../examples/chelsea.png", "../examples/coffee.png");
        assertThat(run("tensor", photos.get(0), photos.get(1), photos.get(2), photos.get(3), "--preset", "onnx-zoo-imagenet", "-o", npy.toString()))
                .as(err).isZero();
        Tensor t = read(npy);
        assertThat(t.shape()).containsExactly(4, 3, 224, 224);
        float[] all = t.toFloatArray();
        Pipeline single = Pipeline.compile(Presets.get("onnx-zoo-imagenet").toSpec());
        int per = 3 * 224 * 224;
        for (int i = 0; i < photos.size(); i++) {
            float[] one = single.tensor(ImageDecoder.defaults().decode(Path.of(photos.get(i))).pixels()).toFloatArray();
            for (int j = 0; j < per; j++) {
                assertThat(Float.floatToIntBits(all[i * per + j])).as("%s element %d", photos.get(i), j).isEqualTo(Float.floatToIntBits(one[j]));
            }
        }
        assertThat(out).contains("from 4 image(s)").contains("input ../examples/rocket.jpg: jpeg 640x427");
    }

    @Test
    void aDirectoryIsItsImageFilesSortedAndAGlobItsMatches() throws IOException {
        Path fromDir = dir.resolve("d.npy");
        assertThat(run("tensor", EXAMPLES.toString(), "--preset", "onnx-zoo-imagenet", "-o", fromDir.toString())).as(err).isZero();
        // astronaut, chelsea, coffee, rocket; the models/ directory's .onnx, .json and .txt files and NOTICE.md are skipped
        assertThat(read(fromDir).shape()).containsExactly(4, 3, 224, 224);
        assertThat(out.indexOf("astronaut.png")).isLessThan(out.indexOf("chelsea.png"));
        assertThat(out.indexOf("coffee.png")).isLessThan(out.indexOf("rocket.jpg"));
        Path fromGlob = dir.resolve("g.npy");
        assertThat(run("tensor", "../examples/*.png", "--preset", "onnx-zoo-imagenet", "-o", fromGlob.toString())).as(err).isZero();
        assertThat(read(fromGlob).shape()).containsExactly(3, 3, 224, 224);
        assertThat(run("classify", "../examples/c*.png")).as(err).isZero();
        assertThat(out).contains("chelsea.png").contains("Egyptian cat").contains("coffee.png").contains("espresso");
    }

    @Test
    void aBatchThatCannotHaveOneShapeNamesBothImagesAndNothingIsWritten() {
        Path npy = dir.resolve("x.npy");
        assertThat(run("tensor", "../examples/chelsea.png", "../examples/coffee.png", "--preset", "unit", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("../examples/coffee.png (600x400) makes a tensor of [2,3,400,600] but ../examples/chelsea.png makes [2,3,300,451]")
                .doesNotContain("Exception");
        assertThat(npy).doesNotExist();
        assertThat(run("tensor", "../examples/*.gif", "--preset", "unit", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("no file matches ../examples/*.gif");
        assertThat(run("tensor", dir.toString(), "--preset", "unit", "-o", npy.toString())).isEqualTo(2);
        assertThat(err).contains("no image files (bmp, gif, jpeg, jpg, png, tif, tiff, webp) in directory " + dir);
    }
}
