package dev.pixelprep.formats.coreml;

import com.google.protobuf.UnknownFieldSet;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.coreml.ProgramFixtures.Options;
import dev.pixelprep.formats.coreml.ProgramFixtures.Storage;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.MilProto.DataType;
import dev.pixelprep.formats.coreml.proto.MilProto.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** ML program preprocessing: read in every form coremltools writes, written back by fix, packages copied around it. */
class ProgramPreprocessingTest {
    static final Path EXAMPLE = Path.of("..", "examples", "coreml", "scaled-only.mlpackage");

    @TempDir
    Path dir;

    private static StoredPreprocessing read(Model m) {
        return CoreMlInspector.inspect(m).imageInputs().get(0).preprocessing();
    }

    private Path pack(Options o, String name) {
        Model m = ProgramFixtures.program(o);
        return ProgramFixtures.writePackage(dir.resolve(name), m, ProgramFixtures.weightFile(o));
    }

    @Test
    void the_bundled_example_is_what_the_fixture_builder_writes() throws IOException {
        Path fresh = dir.resolve("fresh.mlpackage");
        ProgramFixtures.main(new String[] {fresh.toString()});
        List<Path> want = files(fresh);
        assertThat(files(EXAMPLE)).hasSameSizeAs(want);
        for (Path p : want) {
            Path rel = fresh.relativize(p);
            assertThat(Files.readAllBytes(EXAMPLE.resolve(rel.toString()))).as(rel.toString()).isEqualTo(Files.readAllBytes(p));
        }
    }

    @Test
    void coremltools_default_shape_scale_then_cast_to_float16() {
        StoredPreprocessing p = CoreMlInspector.inspect(CoreMlFile.read(EXAMPLE)).imageInputs().get(0).preprocessing();
        assertThat(p.kind()).isEqualTo(StoredPreprocessing.Kind.PROGRAM_OPS);
        assertThat(p.scale()).isEqualTo((float) (1 / 255.0));
        assertThat(p.bias()).containsExactly(0, 0, 0);
        assertThat(p.float16()).isEqualTo(new StoredPreprocessing.Float16(false, "image_to_fp16"));
        assertThat(p.detail()).contains("mul image__scaled__").contains("then cast image_to_fp16 to fp16");
    }

    @Test
    void constants_inline_in_const_ops_and_in_the_weight_file_read_alike() {
        for (Storage s : Storage.values()) {
            Options o = new Options();
            o.scale = new double[] {1 / 58.0};
            o.bias = new double[] {-2.1, -2.0, -1.8};
            StoredPreprocessing p = CoreMlInspector.inspect(CoreMlFile.read(pack(o, s + ".mlpackage"))).imageInputs().get(0).preprocessing();
            assertThat(p.kind()).as(s.name()).isEqualTo(StoredPreprocessing.Kind.PROGRAM_OPS);
            assertThat(p.scale()).as(s.name()).isEqualTo((float) (1 / 58.0));
            assertThat(p.bias()).as(s.name()).containsExactly((float) -2.1, (float) -2.0, (float) -1.8);
        }
    }

    @Test
    void a_weight_file_constant_in_a_bare_mlmodel_is_named_not_guessed() {
        Options o = new Options();
        o.scale = new double[] {2 / 255.0};
        o.storage = Storage.BLOB;
        StoredPreprocessing p = read(ProgramFixtures.program(o));
        assertThat(p.kind()).isEqualTo(StoredPreprocessing.Kind.UNKNOWN);
        assertThat(p.toSpec()).isNull();
        assertThat(p.notes()).anyMatch(n -> n.contains("@model_path/weights/weight.bin") && n.contains("only an .mlpackage"));
    }

    /** A grey float16 input (GRAYSCALE_FLOAT16, iOS 16+) without a cast: the operations themselves are float16. */
    private static Options greyHalf() {
        Options o = new Options();
        o.colorSpace = ImageFeatureType.ColorSpace.GRAYSCALE_FLOAT16;
        o.channels = 1;
        o.inputType = DataType.FLOAT16;
        o.castToHalf = false;
        return o;
    }

    @Test
    void float16_inputs_and_constants_compute_in_float16() {
        Options o = greyHalf();
        o.scale = new double[] {1 / 255.0};
        o.bias = new double[] {-0.5};
        StoredPreprocessing p = read(ProgramFixtures.program(o));
        assertThat(p.float16()).isEqualTo(new StoredPreprocessing.Float16(true, null));
        assertThat(p.scale()).isEqualTo(dev.pixelprep.core.engine.Half.toFloat(dev.pixelprep.core.engine.Half.fromFloat((float) (1 / 255.0))));
        assertThat(p.bias()).containsExactly(-0.5);
    }

    @Test
    void per_channel_scale_broadcasts_over_channels_only_with_a_channel_shape() {
        Options o = new Options();
        o.scale = new double[] {1 / (255 * 0.229), 1 / (255 * 0.224), 1 / (255 * 0.225)};
        o.scaleShape = new long[] {1, 3, 1, 1};
        StoredPreprocessing p = read(ProgramFixtures.program(o));
        assertThat(p.scales()).containsExactly((float) o.scale[0], (float) o.scale[1], (float) o.scale[2]);
        assertThat(p.toSpec().scale(2)).isEqualTo((float) o.scale[2]);
        // ct.ImageType(scale=[a, b, c]) on an NCHW image: np.array(scale) of shape [3] broadcasts over width
        o.scaleShape = new long[] {3};
        StoredPreprocessing wrong = read(ProgramFixtures.program(o));
        assertThat(wrong.kind()).isEqualTo(StoredPreprocessing.Kind.UNKNOWN);
        assertThat(wrong.notes()).anyMatch(n -> n.contains("shape [3]") && n.contains("width"));
    }

    static List<Spec> specs() {
        return List.of(Presets.get("torchvision-imagenet").toSpec(),
                Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0).build(),
                Spec.builder().color(ColorOrder.RGB).scale(2 / 255.0).bias(-1).build(),
                Spec.builder().color(ColorOrder.BGR).scale(1).bias(-103.939, -116.779, -123.68).build(),
                Spec.builder().color(ColorOrder.RGB).scale(1).bias(0).build(),
                Spec.builder().color(ColorOrder.RGB).scale(1).bias(-128).build());
    }

    static List<Options> programs() {
        List<Options> out = new ArrayList<>();
        Options none = new Options();
        out.add(none);
        Options scaled = new Options();
        scaled.scale = new double[] {1 / 255.0};
        out.add(scaled);
        Options both = new Options();
        both.scale = new double[] {1 / 127.5};
        both.bias = new double[] {-1, -1, -1};
        out.add(both);
        Options biasOnly = new Options();
        biasOnly.bias = new double[] {-123.68, -116.779, -103.939};
        biasOnly.castToHalf = false;
        out.add(biasOnly);
        Options rank3 = new Options();
        rank3.rank = 3;
        rank3.scale = new double[] {0.5};
        out.add(rank3);
        return out;
    }

    @Test
    void fix_writes_every_spec_into_every_program_shape_and_keeps_the_rest() {
        for (Options o : programs()) {
            Model before = ProgramFixtures.program(o);
            Model withUnknown = before.toBuilder()
                    .setUnknownFields(UnknownFieldSet.newBuilder().addField(777, UnknownFieldSet.Field.newBuilder().addVarint(42).build()).build())
                    .build();
            for (Spec spec : specs()) {
                CoreMlEditor.Result r = CoreMlEditor.fix(withUnknown, null, spec, false);
                Model after = CoreMlFile.parse(r.model().toByteArray(), spec.toString());
                StoredPreprocessing back = read(after);
                Spec got = back.toSpec();
                assertThat(got.color()).isEqualTo(spec.color());
                for (int c = 0; c < 3; c++) {
                    assertThat(got.scale(c)).isCloseTo(spec.scale(c), within(Math.abs(spec.scale(c)) * 1e-7));
                    assertThat(got.bias(c)).isCloseTo(spec.bias(c), within(Math.abs(spec.bias(c)) * 1e-7 + 1e-12));
                }
                assertThat(back.float16()).isEqualTo(o.castToHalf ? new StoredPreprocessing.Float16(false, "image_to_fp16") : null);
                assertThat(after.getUnknownFields().hasField(777)).isTrue();
                assertThat(after.getDescription().getOutputList()).isEqualTo(before.getDescription().getOutputList());
                // every operation that is not preprocessing is still there, the same apart from the one binding now
                // pointing at the new preprocessing result
                List<Operation> kept = rest(after);
                List<Operation> old = rest(before);
                assertThat(kept).hasSameSizeAs(old);
                for (int i = 0; i < old.size(); i++) {
                    Operation a = old.get(i);
                    Operation b = kept.get(i);
                    assertThat(b.getType()).isEqualTo(a.getType());
                    assertThat(b.getOutputsList()).isEqualTo(a.getOutputsList());
                    assertThat(b.getAttributesMap()).isEqualTo(a.getAttributesMap());
                    assertThat(b.getInputsMap().keySet()).isEqualTo(a.getInputsMap().keySet());
                    a.getInputsMap().forEach((k, v) -> {
                        if (!k.equals("x")) {
                            assertThat(b.getInputsMap().get(k)).isEqualTo(v);
                        }
                    });
                }
                // the first operation after the preprocessing consumes what the preprocessing produced
                Operation first = kept.stream().filter(op -> op.getType().equals("cast") || op.getType().equals("conv")).findFirst().orElseThrow();
                String x = first.getInputsMap().get("x").getArguments(0).getName();
                boolean anyBias = spec.bias(0) != 0 || spec.bias(1) != 0 || spec.bias(2) != 0;
                boolean anyScale = spec.scale(0) != 1;
                assertThat(x).isEqualTo(anyBias ? "image__biased__" : anyScale ? "image__scaled__" : "image");
            }
        }
    }

    private static List<Operation> rest(Model m) {
        List<Operation> out = new ArrayList<>();
        for (Operation op : m.getMlProgram().getFunctionsMap().get("main").getBlockSpecializationsMap().get("CoreML5").getOperationsList()) {
            String name = op.getOutputs(0).getName();
            if (!name.startsWith("image__")) {
                out.add(op);
            }
        }
        return out;
    }

    @Test
    void fix_into_a_package_copies_manifest_and_weights_byte_for_byte() throws IOException {
        Options o = new Options();
        o.scale = new double[] {1 / 255.0};
        o.bias = new double[] {0.1, 0.2, 0.3};
        o.storage = Storage.BLOB;
        Path pkg = pack(o, "in.mlpackage");
        Files.writeString(pkg.resolve("Data/com.apple.CoreML/README.txt"), "kept as is");
        CoreMlFile f = CoreMlFile.read(pkg);
        assertThat(f.isPackage()).isTrue();
        CoreMlEditor.Result r = CoreMlEditor.fix(f.model(), "image", Presets.get("torchvision-imagenet").toSpec(), false);
        Path out = dir.resolve("out.mlpackage");
        PackageWriter.write(f, r.model(), out);
        for (String same : new String[] {"Manifest.json", "Data/com.apple.CoreML/weights/weight.bin", "Data/com.apple.CoreML/README.txt"}) {
            assertThat(Files.readAllBytes(out.resolve(same))).as(same).isEqualTo(Files.readAllBytes(pkg.resolve(same)));
        }
        StoredPreprocessing back = CoreMlInspector.inspect(CoreMlFile.read(out)).imageInputs().get(0).preprocessing();
        assertThat(back.scales()).hasSize(3);
        assertThat(back.toSpec().bias(0)).isCloseTo(-0.485 / 0.229, within(1e-6));
        // the old blob constants are no longer referenced, the conv weight still is
        assertThat(r.model().toString()).contains("offset: 64").doesNotContain("offset: 576");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("in.mlpackage", "out.mlpackage");
        }
    }

    @Test
    void package_outputs_that_would_damage_something_are_refused_before_writing() throws IOException {
        Options o = new Options();
        o.scale = new double[] {1 / 255.0};
        Path pkg = pack(o, "in.mlpackage");
        CoreMlFile f = CoreMlFile.read(pkg);
        Model m = f.model();
        assertThatThrownBy(() -> PackageWriter.write(f, m, pkg)).isInstanceOf(FormatException.class).hasMessageContaining("is the package being fixed");
        assertThatThrownBy(() -> PackageWriter.write(f, m, pkg.resolve("Data/fixed.mlpackage")))
                .isInstanceOf(FormatException.class).hasMessageContaining("inside the package");
        Path existing = Files.createDirectories(dir.resolve("taken.mlpackage"));
        assertThatThrownBy(() -> PackageWriter.write(f, m, existing)).isInstanceOf(FormatException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> PackageWriter.write(f, m, dir.resolve("no/such/out.mlpackage")))
                .isInstanceOf(FormatException.class).hasMessageContaining("folder does not exist");
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains(".tmp-"))).isEmpty();
        }
        assertThat(existing).isEmptyDirectory();
    }

    @Test
    void what_a_program_cannot_take_is_refused() {
        Options o = new Options();
        Model m = ProgramFixtures.program(o);
        MeanImage mean = new MeanImage(3, 8, 8, new float[3 * 64]);
        assertThatThrownBy(() -> CoreMlEditor.fix(m, null, Spec.builder().color(ColorOrder.RGB).meanImage(mean).build(), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("mean image into an mlprogram");
        assertThatThrownBy(() -> CoreMlEditor.fix(m, null, Spec.builder().color(ColorOrder.GRAY).scale(1 / 255.0).bias(0).build(), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("1 (GRAY)");
        Model noMain = m.toBuilder().setMlProgram(m.getMlProgram().toBuilder().removeFunctions("main")
                .putFunctions("other", m.getMlProgram().getFunctionsMap().get("main"))).build();
        assertThatThrownBy(() -> CoreMlEditor.fix(noMain, null, specs().get(1), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("no function 'main'");
        // a MultiArray input is not an image: nothing to write preprocessing for
        Model tensorInput = m.toBuilder().setDescription(m.getDescription().toBuilder().clearInput()).build();
        assertThatThrownBy(() -> CoreMlEditor.fix(tensorInput, null, specs().get(1), false))
                .isInstanceOf(FormatException.class).hasMessageContaining("no image input");
    }

    @Test
    void grey_inputs_get_a_scalar_bias_and_float16_inputs_float16_constants() {
        Options o = greyHalf();
        Spec spec = Spec.builder().color(ColorOrder.GRAY).scale(1 / 127.5).bias(-1).build();
        CoreMlEditor.Result r = CoreMlEditor.fix(ProgramFixtures.program(o), null, spec, false);
        assertThat(r.written()).contains("add image__biased__ y=-1,").doesNotContain("shape [1,1,1,1]").contains("colorSpace GRAYSCALE_FLOAT16");
        assertThat(r.notes()).anyMatch(n -> n.contains("constants are written as binary16"));
        StoredPreprocessing back = read(r.model());
        assertThat(back.float16()).isEqualTo(new StoredPreprocessing.Float16(true, null));
        assertThat(back.scale()).isEqualTo(dev.pixelprep.core.engine.Half.toFloat(dev.pixelprep.core.engine.Half.fromFloat((float) (1 / 127.5))));
        assertThat(back.bias()).containsExactly(-1);
        Operation add = r.model().getMlProgram().getFunctionsMap().get("main").getBlockSpecializationsMap().get("CoreML5").getOperationsList().stream()
                .filter(op -> op.getOutputs(0).getName().equals("image__biased___y_0")).findFirst().orElseThrow();
        assertThat(add.getAttributesMap().get("val").getType().getTensorType().getDataType()).isEqualTo(DataType.FLOAT16);
        assertThat(add.getAttributesMap().get("val").getType().getTensorType().getRank()).isZero();
    }

    @Test
    void a_program_inside_a_pipeline_is_read_but_not_edited() {
        Options o = new Options();
        o.scale = new double[] {1 / 255.0};
        Model program = ProgramFixtures.program(o);
        Model pipeline = TestModels.pipeline(program);
        assertThat(CoreMlInspector.inspect(pipeline).imageInputs().get(0).preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.PROGRAM_OPS);
        assertThatThrownBy(() -> CoreMlEditor.fix(pipeline, null, specs().get(0), false)).isInstanceOf(FormatException.class)
                .hasMessageContaining("only a top-level mlProgram is edited");
    }

    @Test
    void a_second_fix_replaces_the_first_and_fixing_with_the_same_spec_changes_nothing() {
        Options o = new Options();
        o.scale = new double[] {1 / 255.0};
        Model m = ProgramFixtures.program(o);
        Spec imagenet = Presets.get("torchvision-imagenet").toSpec();
        Model once = CoreMlEditor.fix(m, null, imagenet, false).model();
        Model twice = CoreMlEditor.fix(once, null, imagenet, false).model();
        assertThat(twice).isEqualTo(once);
        Model back = CoreMlEditor.fix(twice, null, Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0).build(), false).model();
        assertThat(back.getMlProgram()).isEqualTo(m.getMlProgram());
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
