package dev.pixelprep.cli;

import dev.pixelprep.onnx.ModelInput;
import dev.pixelprep.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** attach and embed on the bundled models: what they write, and their one-line errors. */
class AttachEmbedCommandsTest extends CommandLineTest {
    static final String MOBILENET = "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
    static final String SYNSET = "../examples/models/mobilenetv2-12-int8/synset.txt";
    static final String ULTRAFACE = "../examples/models/ultraface/version-RFB-320.onnx";

    @TempDir
    Path dir;


    /**
     * An Ultralytics export keeps its class names in its metadata ({@code names}, Python's {@code str()} of a dict):
     * classify and the doctor take them as the labels when no labels file is given, so {@code --label} works on the
     * model alone. The names here are the bundled synset's (see onnx-files' {@code ultralytics/README.md}).
     */
    @Test
    void anUltralyticsExportsNamesAreTheLabels() throws IOException {
        Path names = Path.of("../pixelprep-onnx-files/src/test/resources/ultralytics/names-imagenet.txt");
        dev.pixelprep.onnx.files.proto.Onnx.ModelProto m = dev.pixelprep.onnx.files.ModelFile.read(Path.of(MOBILENET));
        m = dev.pixelprep.onnx.files.ModelFile.withMetadata(m, "author", "Ultralytics");
        m = dev.pixelprep.onnx.files.ModelFile.withMetadata(m, "names", Files.readString(names));
        Path model = dir.resolve("yolo-cls-like.onnx");
        Files.write(model, m.toByteArray());
        String spec = MOBILENET + ".pixelprep.json";
        assertThat(run("classify", "../examples/chelsea.png", "--model", model.toString(), "--spec", spec, "--top", "1")).isZero();
        assertThat(out).contains("1. Egyptian cat").contains("0.5967")
                .contains("labels from: the model's Ultralytics metadata (names, 1000 classes)");
        assertThat(run("doctor", "model", model.toString(), "--image", "../examples/chelsea.png", "--label", "Egyptian cat", "--spec", spec)).isZero();
        assertThat(out).contains("labels from: the model's Ultralytics metadata (names, 1000 classes)").contains("labels");
        // without the names the model has no labels: the label cannot be looked up
        Path bare = dir.resolve("bare.onnx");
        Files.copy(Path.of(MOBILENET), bare);
        assertThat(run("doctor", "model", bare.toString(), "--image", "../examples/chelsea.png", "--label", "Egyptian cat", "--spec", spec)).isEqualTo(1);
        assertThat(err).contains("label 'Egyptian cat'");
    }

    @Test
    void attachedSpecIsWhatClassifyUsesNext() {
        Path attached = dir.resolve("mobilenet.onnx");
        assertThat(run("attach", MOBILENET, "--spec", MOBILENET + ".pixelprep.json", "-o", attached.toString())).isZero();
        assertThat(out).contains("metadata_props 'pixelprep.spec' added");
        // no sidecar beside the copy: the spec can only come from the model itself
        assertThat(run("classify", "../examples/chelsea.png", "--model", attached.toString(), "--labels", SYNSET, "--top", "1")).isZero();
        assertThat(out).contains("Egyptian cat").contains("0.5967").contains("spec from: model metadata_props 'pixelprep.spec'");
        // attaching again replaces the entry, here in place
        assertThat(run("attach", attached.toString(), "--preset", "torchvision-imagenet", "--resize", "224x224", "-o", attached.toString())).isZero();
        assertThat(out).contains("replaced");
        assertThat(run("classify", "../examples/chelsea.png", "--model", attached.toString(), "--labels", SYNSET, "--top", "1")).isZero();
        // squashing to 224x224 gives 0.7442 (measured with the authors' tools, MANIFEST §2.2)
        assertThat(out).contains("resize exactly 224x224").contains("0.7442");
    }

    @Test
    void attachErrors() throws IOException {
        assertThat(run("attach", MOBILENET, "-o", dir.resolve("x.onnx").toString())).isEqualTo(2);
        assertThat(err).contains("attach needs the spec to store");
        Path corrupt = dir.resolve("corrupt.onnx");
        Files.write(corrupt, "this is not a model\n".getBytes());
        assertThat(run("attach", corrupt.toString(), "--preset", "torchvision-imagenet", "-o", dir.resolve("x.onnx").toString())).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: ").contains("corrupt.onnx: not an ONNX model");
        assertThat(err.lines().count()).isEqualTo(1);
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void embedWritesAModelThatTakesRawPixels() {
        Path embedded = dir.resolve("ultraface-bgra.onnx");
        assertThat(run("embed", ULTRAFACE, "--input-format", "bgra", "-o", embedded.toString())).isZero();
        assertThat(out).contains("input `pixels` uint8 [1,240,320,4] BGRA8888 pixels").contains("Gather").contains("Transpose")
                .contains("not embedded: ").contains("spec from: sidecar");
        try (OnnxModel m = OnnxModel.open(embedded)) {
            ModelInput in = m.inputs().get(0);
            assertThat(m.inputs()).hasSize(1);
            assertThat(in.describe()).isEqualTo("uint8 [1,240,320,4]");
            assertThat(m.metadata()).containsKey("pixelprep.embedded").doesNotContainKey("pixelprep.spec");
        }
        assertThat(run("embed", embedded.toString(), "--input-format", "bgra", "--preset", "torchvision-imagenet", "-o",
                dir.resolve("twice.onnx").toString())).isEqualTo(1);
        assertThat(err).contains("already takes raw pixels");
    }

    @Test
    void anExactResizeCanBeEmbeddedWhereTheOpsetHasResize() {
        Path o = dir.resolve("mobilenet-any-size.onnx");
        assertThat(run("embed", MOBILENET, "--input-format", "RGB888", "--preset", "torchvision-imagenet", "--resize", "224x224",
                "--family", "opencv", "--embed-resize", "-o", o.toString())).isZero();
        assertThat(out).contains("uint8 [N,?,?,3]").contains("Resize to 224x224 (linear, half_pixel)")
                .contains("OpenCV's fixed-point weights and rounding are never reproduced exactly").doesNotContain("not embedded");
        assertThat(run("embed", ULTRAFACE, "--input-format", "RGB888", "--embed-resize", "-o", o.toString())).isEqualTo(1);
        assertThat(err).contains("opset 9; an embedded Resize needs opset 11");
        assertThat(run("embed", MOBILENET, "--input-format", "RGB888", "--embed-resize", "-o", o.toString())).isEqualTo(1);
        assertThat(err).contains("only an exact WxH resize without crop can be embedded");
    }

    @Test
    void embedErrors() {
        Path o = dir.resolve("x.onnx");
        assertThat(run("embed", MOBILENET, "--input-format", "YUV420", "-o", o.toString())).isEqualTo(2);
        assertThat(err).contains("--input-format: unknown pixel format 'YUV420'");
        assertThat(run("embed", MOBILENET, "-o", o.toString())).isEqualTo(2);
        assertThat(err).contains("--input-format");
        assertThat(run("embed", MOBILENET, "--input-format", "BGRA8888", "--alpha", "composite:255,255,255", "-o", o.toString())).isEqualTo(1);
        assertThat(err).contains("alpha policy composite over rgb(255,255,255) is not embedded");
        assertThat(run("embed", "../examples/chelsea.png", "--input-format", "RGB888", "--preset", "torchvision-imagenet", "-o", o.toString()))
                .isEqualTo(1);
        assertThat(err).contains("not an ONNX model");
        assertThat(o).doesNotExist();
    }
}
