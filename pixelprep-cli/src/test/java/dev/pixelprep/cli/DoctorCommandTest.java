package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor tensor and doctor model end to end: the reference tensors are written by the tensor command from the right spec. */
class DoctorCommandTest extends CommandLineTest {
    static final String MOBILENET = "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
    static final String LOGITS = "../pixelprep-onnx/src/test/resources/reference/mobilenetv2-12-int8.chelsea.output-logits.npy";

    @TempDir
    Path dir;


    /** The OpenCV-style right spec: (x - ImageNet mean) * 0.017, and the Core ML spelling of the same. */
    String reference() {
        String ref = dir.resolve("ref.npy").toString();
        assertThat(run("tensor", "../examples/chelsea.png", "--convention", "opencv", "--scalefactor", "0.017", "--mean", "123.675,116.28,103.53",
                "--swap-rb", "--resize", "256", "--crop", "224", "-o", ref)).isZero();
        return ref;
    }

    @Test
    void tensorNamesTheMistakeBetweenTwoNpyFiles() throws IOException {
        String ref = reference();
        String mine = dir.resolve("mine.npy").toString();
        assertThat(run("tensor", "../examples/chelsea.png", "--convention", "opencv", "--scalefactor", "0.017", "--mean", "123.675,116.28,103.53",
                "--resize", "256", "--crop", "224", "-o", mine)).isZero();
        assertThat(run("doctor", "tensor", mine, ref)).isZero();
        assertThat(out).contains("channel-swap").contains("give the spec options");
        assertThat(run("doctor", "tensor", mine, ref, "--json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out);
        assertThat(j.get("findings").get(0).get("id").asText()).isEqualTo("channel-swap");
        assertThat(j.get("permutation").toString()).isEqualTo("[2,1,0]");
        assertThat(run("doctor", "tensor", ref, ref)).isZero();
        assertThat(out).contains("no mistake found");
    }

    @Test
    void tensorFromAnImageGivesTheFixedCoreMlArguments() {
        String ref = reference();
        assertThat(run("doctor", "tensor", ref, "--image", "../examples/chelsea.png", "--convention", "coreml", "--image-scale", "0.017",
                "--red-bias", "-123.675", "--green-bias", "-116.28", "--blue-bias", "-103.53", "--resize", "256", "--crop", "224")).isZero();
        assertThat(out).contains("bias-not-scaled").contains("coreml (exact)").contains("image_scale=0.017, red_bias=-2.102475, green_bias=-1.97676, blue_bias=-1.76001, is_bgr=False");
    }

    @Test
    void tensorReportShowsBothTensors() throws IOException {
        String ref = reference();
        Path report = dir.resolve("tensor.html");
        // the mean written in 0..1 units where OpenCV's blobFromImage subtracts it from 0..255 pixels
        assertThat(run("doctor", "tensor", ref, "--image", "../examples/chelsea.png", "--convention", "opencv", "--scalefactor", "0.017",
                "--mean", "0.485,0.456,0.406", "--swap-rb", "--resize", "256", "--crop", "224", "--report", report.toString())).isZero();
        assertThat(out).contains("mean-units").contains("opencv (exact)");
        String html = Files.readString(report);
        assertThat(html).contains("<code class=\"id\">mean-units</code>").contains("<section id=\"input\">")
                .contains("<section id=\"tensors\">").doesNotContain("http://", "https://");
        assertThat(run("doctor", "tensor", ref, ref, "--report", dir.resolve("missing-folder").resolve("r.html").toString())).isEqualTo(1);
        assertThat(err).contains("does not exist");
    }

    @Test
    void unusableInputsAreOneLineErrors() throws IOException {
        String ref = reference();
        assertThat(run("doctor", "tensor", "../examples/chelsea.png", ref)).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: ").contains("is not a .npy file");
        assertThat(run("doctor", "tensor", dir.resolve("missing.npy").toString(), ref)).isEqualTo(1);
        assertThat(err).contains("no such file");
        String small = dir.resolve("small.npy").toString();
        assertThat(run("tensor", "../examples/chelsea.png", "--preset", "unit", "--resize", "100x100", "-o", small)).isZero();
        assertThat(run("doctor", "tensor", small, ref)).isEqualTo(1);
        assertThat(err).contains("shapes do not correspond");
        Path constant = dir.resolve("constant.npy");
        byte[] header = dev.pixelprep.core.npy.Npy.header(dev.pixelprep.core.spec.DType.FLOAT32, new int[] {1, 3, 224, 224});
        byte[] body = new byte[3 * 224 * 224 * 4];
        Files.write(constant, concat(header, body));
        assertThat(run("doctor", "tensor", constant.toString(), ref)).isEqualTo(1);
        assertThat(err).contains("is constant");
        assertThat(run("doctor", "tensor", ref, "--image", "../examples/chelsea.png")).isEqualTo(2);
        assertThat(err).contains("--image needs the spec options");
        assertThat(run("doctor", "tensor", ref)).isEqualTo(2);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void modelFindsTheRightPreprocessingAndWritesTheReport() throws IOException {
        Path report = dir.resolve("report.html");
        assertThat(run("doctor", "model", MOBILENET, "--image", "../examples/chelsea.png", "--expect-file", LOGITS, "--preset", "torchvision-imagenet",
                "--color", "BGR", "--resize", "256", "--crop", "224", "--report", report.toString())).as(err).isZero();
        assertThat(out).startsWith("decided: as stored with the model, RGB").contains("and expected outputs)").contains("kept (").contains("  as stored with the model, RGB")
                .contains("your spec (the command line): ruled out by expected outputs: ").contains("channel-swap").contains("Egyptian cat 0.5967");
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<section id=\"tensors\">").contains("data:image/png;base64,");
        assertThat(run("doctor", "model", MOBILENET, "--image", "../examples/chelsea.png", "--label", "Egyptian cat", "--json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out);
        assertThat(j.get("ordered_by").asText()).isEqualTo("labels");
        assertThat(j.get("current_source").asText()).startsWith("sidecar");
        // one labelled photo cannot fault the stored spec: no findings, no corrected spec
        assertThat(j.get("current_status").asText()).startsWith("consistent with the evidence");
        assertThat(j.get("findings")).isEmpty();
        assertThat(j.get("corrected_spec").isNull()).isTrue();
        assertThat(run("doctor", "model", MOBILENET, "--image", "../examples/chelsea.png", "--label", "no such animal")).isEqualTo(1);
        assertThat(err).contains("label 'no such animal' is not in the labels file");
        assertThat(run("doctor", "model", MOBILENET, "--image", "../examples/chelsea.png", "../examples/coffee.png", "--expect-file", LOGITS)).isEqualTo(2);
        assertThat(err).contains("one --expect-file per image");
    }
}
