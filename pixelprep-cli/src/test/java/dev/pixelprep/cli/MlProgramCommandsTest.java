package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.MilProto.Block;
import dev.pixelprep.formats.coreml.proto.MilProto.Function;
import dev.pixelprep.formats.coreml.proto.MilProto.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * inspect, doctor coreml, fix and convert on an ML program in an .mlpackage: the bundled
 * {@code examples/coreml/scaled-only.mlpackage} (built by pixelprep-formats' {@code ProgramFixtures} in the shape
 * coremltools 7 writes: {@code ct.ImageType(scale=1/255)}, the mean/std forgotten, float16 compute precision).
 */
class MlProgramCommandsTest extends CommandLineTest {
    static final Path EXAMPLE = Path.of("..", "examples", "coreml", "scaled-only.mlpackage");

    @TempDir
    Path dir;

    private Path copy() throws IOException {
        return copy(dir.resolve("model.mlpackage"));
    }

    /** A copy of the example package at {@code to}. */
    private static Path copy(Path to) throws IOException {
        try (Stream<Path> s = Files.walk(EXAMPLE)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(EXAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    @Test
    void inspect_shows_the_program_ops_and_what_float16_does() throws IOException {
        assertThat(run("inspect", EXAMPLE.toString())).isEqualTo(0);
        assertThat(out).contains("mlProgram").contains("mul image__scaled__ y=0.00392156886 (= 1/255), then cast image_to_fp16 to fp16")
                .contains("closest known convention: unit")
                .contains("float16: the float32 mul/add result is cast to float16 by 'image_to_fp16'")
                .contains("R 0.000243 at 239 (0.0620 grey levels)");
        assertThat(run("inspect", "--json", EXAMPLE.toString())).isEqualTo(0);
        JsonNode f16 = new ObjectMapper().readTree(out).get("image_inputs").get(0).get("preprocessing").get("float16");
        assertThat(f16.get("mode").asText()).isEqualTo("cast_after");
        assertThat(f16.get("cast_op").asText()).isEqualTo("image_to_fp16");
        // numpy: (arange(256, float32) * float32(1/255)).astype(float16), worst at 239
        assertThat(f16.get("worst_error").get(0).asDouble()).isCloseTo(2.43e-4, within(1e-6));
        assertThat(f16.get("warn").asBoolean()).isFalse();
    }

    @Test
    void doctor_names_the_missing_normalisation_and_fix_writes_it_exactly() throws IOException {
        Path pkg = copy();
        assertThat(run("doctor", "coreml", pkg.toString(), "--preset", "torchvision-imagenet")).isEqualTo(0);
        assertThat(out).contains("normalization-missing")
                .contains("what to store instead (exact: an ML program's mul takes one scale per channel)")
                .contains("mul image__scaled__ y=[0.0171247534, 0.0175070036, 0.0174291935] shape [1,3,1,1]")
                .contains("-o FIXED.mlpackage");
        Path fixed = dir.resolve("fixed.mlpackage");
        assertThat(run("fix", pkg.toString(), "--preset", "torchvision-imagenet", "-o", fixed.toString())).isEqualTo(0);
        assertThat(out).contains("wrote " + fixed).contains("read back: mul image__scaled__ y=[0.0171247534")
                .contains("closest known convention: torchvision-imagenet").contains(": exact")
                // numpy's float16 numbers for ImageNet after a float32 mul/add (float16-cases.json)
                .contains("R 0.000923 at 5 (0.0539 grey levels) G 0.000974 at 253 (0.0556 grey levels) B 0.000957 at 231 (0.0549 grey levels)");
        for (String same : new String[] {"Manifest.json", "Data/com.apple.CoreML/weights/weight.bin"}) {
            assertThat(Files.readAllBytes(fixed.resolve(same))).as(same).isEqualTo(Files.readAllBytes(pkg.resolve(same)));
        }
        assertThat(run("doctor", "coreml", fixed.toString(), "--preset", "torchvision-imagenet")).isEqualTo(0);
        assertThat(out).contains("no mistake found");
        assertThat(run("convert", "--from", "coreml-model:" + fixed, "--to", "torchvision")).isEqualTo(0);
        assertThat(out).contains("torchvision  exact").contains("mean=[0.485, 0.456, 0.406]");
    }

    @Test
    void wrong_colours_in_a_program_warn_with_ct_image_type_arguments_and_fix_refuses_them() throws IOException {
        Path pkg = copy();
        Path out1 = dir.resolve("bgr.mlpackage");
        String[] caffeOnRgb = {"--convention", "coreml", "--red-bias", "-103.939", "--green-bias", "-116.779", "--blue-bias", "-123.68"};
        String[] args = Stream.concat(Stream.of("fix", pkg.toString(), "-o", out1.toString()), Stream.of(caffeOnRgb)).toArray(String[]::new);
        assertThat(run(args)).isEqualTo(1);
        assertThat(err).contains("warning: channel-swap").contains("refusing to write");
        assertThat(out1).doesNotExist();
        String[] forced = Stream.concat(Stream.of(args), Stream.of("--force")).toArray(String[]::new);
        assertThat(run(forced)).isEqualTo(0);
        assertThat(run("inspect", out1.toString())).isEqualTo(0);
        assertThat(err).contains("corrected (coreml-imagetype): ct.ImageType(scale=1, bias=[-103.939002990723, -116.778999328613, -123.680000305176],"
                + " color_layout=ct.colorlayout.BGR)");
    }

    @Test
    void bad_packages_and_outputs_are_one_line_errors_and_write_nothing() throws IOException {
        Path pkg = copy();
        // an output inside the input package, or the package itself
        assertThat(run("fix", pkg.toString(), "--preset", "unit", "-o", pkg.resolve("Data/x.mlpackage").toString())).isEqualTo(1);
        assertThat(err).contains("inside the package being fixed").doesNotContain("Exception");
        assertThat(run("fix", pkg.toString(), "--preset", "unit", "-o", pkg.toString())).isEqualTo(1);
        assertThat(err).contains("is the package being fixed");
        // no Manifest.json
        Path bare = Files.createDirectories(dir.resolve("bare.mlpackage"));
        assertThat(run("fix", bare.toString(), "--preset", "unit", "-o", dir.resolve("o1.mlpackage").toString())).isEqualTo(1);
        assertThat(err).contains("without Manifest.json");
        // a manifest pointing outside the package
        Path escape = copy(dir.resolve("escape.mlpackage"));
        Files.writeString(escape.resolve("Manifest.json"), Files.readString(escape.resolve("Manifest.json"))
                .replace("com.apple.CoreML/model.mlmodel", "../../model.mlmodel"));
        assertThat(run("inspect", escape.toString())).isEqualTo(1);
        assertThat(err).contains("leaves the package's Data folder");
        // the scale constant moved into weight.bin, at an offset past the end of the file
        Path blob = copy(dir.resolve("blob.mlpackage"));
        Path spec = blob.resolve("Data/com.apple.CoreML/model.mlmodel");
        Model m = CoreMlFile.read(blob).model();
        Block block = m.getMlProgram().getFunctionsMap().get("main").getBlockSpecializationsMap().get("CoreML5");
        Block.Builder bb = block.toBuilder();
        for (int i = 0; i < bb.getOperationsCount(); i++) {
            if (bb.getOperations(i).getOutputs(0).getName().equals("image__scaled___y_0")) {
                Value v = bb.getOperations(i).getAttributesMap().get("val").toBuilder()
                        .setBlobFileValue(Value.BlobFileValue.newBuilder().setFileName("@model_path/weights/weight.bin").setOffset(1 << 20)).build();
                bb.setOperations(i, bb.getOperations(i).toBuilder().putAttributes("val", v));
            }
        }
        Function main = m.getMlProgram().getFunctionsMap().get("main").toBuilder().putBlockSpecializations("CoreML5", bb.build()).build();
        Files.write(spec, m.toBuilder().setMlProgram(m.getMlProgram().toBuilder().putFunctions("main", main)).build().toByteArray());
        assertThat(run("inspect", blob.toString())).isEqualTo(1);
        assertThat(err).contains("weight.bin: blob offset 1048576 is outside the file's 576 bytes").doesNotContain("\tat ");
        Path o2 = dir.resolve("o2.mlpackage");
        assertThat(run("fix", blob.toString(), "--preset", "unit", "-o", o2.toString())).isEqualTo(1);
        assertThat(o2).doesNotExist();
        // a program whose input is a MultiArray, not an image
        Path tensor = copy(dir.resolve("tensor.mlpackage"));
        Model t = CoreMlFile.read(tensor).model();
        Files.write(tensor.resolve("Data/com.apple.CoreML/model.mlmodel"),
                t.toBuilder().setDescription(t.getDescription().toBuilder().clearInput()).build().toByteArray());
        Path o3 = dir.resolve("o3.mlpackage");
        assertThat(run("fix", tensor.toString(), "--preset", "unit", "-o", o3.toString())).isEqualTo(1);
        assertThat(err).contains("no image input");
        assertThat(o3).doesNotExist();
        assertThat(dir.resolve("o1.mlpackage")).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-"))).isEmpty();
        }
    }

}
