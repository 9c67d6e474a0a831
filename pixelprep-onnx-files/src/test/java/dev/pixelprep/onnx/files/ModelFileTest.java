package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.InvalidModelException;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.files.proto.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our onnx.proto subset: lossless round trips of the real models, attach, and clear errors on non-models. */
class ModelFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx", "../examples/models/ultraface/version-RFB-320.onnx"})
    void anUneditedModelIsWrittenBackByteForByte(String file) throws IOException {
        byte[] original = Files.readAllBytes(Path.of(file));
        Onnx.ModelProto m = ModelFile.read(Path.of(file));
        assertThat(m.getGraph().getNodeCount()).isGreaterThan(50);
        assertThat(firstDifference(m.toByteArray(), original)).as("first differing byte").isEqualTo(-1);
    }

    /** Index of the first byte where the arrays differ (or the shorter length), -1 when equal; short failure messages. */
    static int firstDifference(byte[] a, byte[] b) {
        int m = Arrays.mismatch(a, b);
        return m;
    }

    @Test
    void fieldsThisProtoDoesNotDeclareSurviveParseAndWrite() throws IOException {
        byte[] original = Files.readAllBytes(Bundled.ULTRAFACE);
        // ModelProto field 98 (bytes "xyz") and field 99 (varint 1234), which our onnx.proto does not declare;
        // protobuf-java writes unknown fields after the known ones, in field-number order
        byte[] extra = {(byte) 0x92, 0x06, 3, 'x', 'y', 'z', (byte) 0x98, 0x06, (byte) 0xD2, 0x09};
        byte[] withExtra = Arrays.copyOf(original, original.length + extra.length);
        System.arraycopy(extra, 0, withExtra, original.length, extra.length);
        Onnx.ModelProto m = ModelFile.parse(withExtra, "test");
        assertThat(m.getUnknownFields().hasField(99)).isTrue();
        assertThat(firstDifference(m.toByteArray(), withExtra)).isEqualTo(-1);
        // and an edit elsewhere keeps them too
        Onnx.ModelProto edited = ModelFile.withMetadata(m, "k", "v");
        assertThat(edited.getUnknownFields().getField(98).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("xyz");
    }

    @Test
    void attachStoresTheSpecWhereTheResolverFindsItAndChangesNothingElse() throws IOException {
        Spec spec = Presets.get("torchvision-imagenet").applyTo(Spec.builder()).build();
        Onnx.ModelProto original = ModelFile.read(Bundled.ULTRAFACE);
        Onnx.ModelProto once = ModelFile.withSpec(original, spec);
        Onnx.ModelProto twice = ModelFile.withSpec(once, spec.toBuilder().scale(1 / 128.0).bias(-127 / 128.0).build());
        assertThat(twice.getMetadataPropsList().stream().filter(e -> e.getKey().equals(SpecResolver.METADATA_KEY)).count()).isEqualTo(1);
        assertThat(twice.toBuilder().clearMetadataProps().build()).isEqualTo(original.toBuilder().clearMetadataProps().build());
        Path out = dir.resolve("attached.onnx");
        Files.write(out, twice.toByteArray());
        try (OnnxModel m = OnnxModel.open(out)) {
            SpecResolver.Resolved r = SpecResolver.resolve(m, null, null);
            assertThat(r.source()).isEqualTo("model metadata_props 'pixelprep.spec'");
            assertThat(r.spec().scale(0)).isEqualTo(1 / 128.0);
            assertThat(SpecJson.write(r.spec())).isEqualTo(SpecJson.write(spec.toBuilder().scale(1 / 128.0).bias(-127 / 128.0).build()));
        }
    }

    @Test
    void filesThatAreNotModelsGetOneClearLine() throws IOException {
        assertThatThrownBy(() -> ModelFile.read(Path.of("../examples/chelsea.png")))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("chelsea.png: not an ONNX model");
        byte[] original = Files.readAllBytes(Bundled.MOBILENET);
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(original, original.length / 2));
        assertThatThrownBy(() -> ModelFile.read(cut)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cut.onnx: not an ONNX model").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ModelFile.read(dir.resolve("missing.onnx"))).hasMessageContaining("no such model file");
    }

    @Test
    void modelFilesAreSizeCheckedBeforeTheyAreRead() throws IOException {
        // a sparse 3 GiB file: nothing is written to disk, and before the check Files.readAllBytes failed with a JDK
        // "Required array size too large" OutOfMemoryError
        Path huge = dir.resolve("huge.onnx");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertThatThrownBy(() -> ModelFile.read(huge)).isInstanceOf(InvalidModelException.class)
                .hasMessage(huge + ": 3221225472 bytes, more than the 2 GiB one ONNX protobuf can hold");
        assertThatThrownBy(() -> dev.pixelprep.onnx.files.ModelFile.readBytes(dir)).isInstanceOf(InvalidModelException.class)
                .hasMessage(dir + ": not a regular file");
    }
}
