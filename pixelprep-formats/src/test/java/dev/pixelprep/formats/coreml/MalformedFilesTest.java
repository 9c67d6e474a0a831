package dev.pixelprep.formats.coreml;

import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MalformedFilesTest {
    @TempDir
    Path dir;

    Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    void rejected(Path p) {
        assertThatThrownBy(() -> CoreMlFile.read(p)).isInstanceOf(FormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(p.getFileName().toString()));
    }

    @Test
    void random_bytes() throws IOException {
        Random r = new Random(4);
        for (int i = 0; i < 50; i++) {
            byte[] b = new byte[1 + r.nextInt(4000)];
            r.nextBytes(b);
            rejected(write("random" + i + ".mlmodel", b));
        }
    }

    @Test
    void jpeg_renamed() throws IOException {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
                (byte) 0xFF, (byte) 0xD9};
        rejected(write("photo.mlmodel", jpeg));
    }

    @Test
    void huge_length_prefix() throws IOException {
        // field 2 (description), length-delimited, length 2^31 - 1, then almost nothing
        byte[] b = {0x08, 0x04, 0x12, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0x0A, 0x01};
        rejected(write("huge.mlmodel", b));
        // field 500 (neuralNetwork) claiming 2^28 bytes of layers
        byte[] c = {0x08, 0x04, 0x12, 0x00, (byte) 0xA2, 0x1F, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0x0A};
        rejected(write("huge2.mlmodel", c));
    }

    @Test
    void truncated_real_model_and_empty_file() throws IOException {
        byte[] full = Files.readAllBytes(Resources.path("coreml/ultraface_face_detector.mlmodel"));
        for (int cut : new int[] {1, 7, 100, full.length / 2, full.length - 1}) {
            rejected(write("cut" + cut + ".mlmodel", Arrays.copyOf(full, cut)));
        }
        rejected(write("empty.mlmodel", new byte[0]));
        Path half = write("half.mlmodel", Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> CoreMlFile.read(half)).hasMessageEndingWith("not a Core ML model (truncated, or a length prefix points past the end of the file)");
    }

    @Test
    void directory_without_manifest_and_missing_file() {
        assertThatThrownBy(() -> CoreMlFile.read(dir)).isInstanceOf(FormatException.class).hasMessageContaining("Manifest.json");
        assertThatThrownBy(() -> CoreMlFile.read(dir.resolve("none.mlmodel"))).isInstanceOf(FormatException.class).hasMessageContaining("no such file");
    }

    @Test
    void mlpackage_is_read_through_its_manifest() throws IOException {
        Path pkg = dir.resolve("Model.mlpackage");
        Path data = pkg.resolve("Data/com.apple.CoreML");
        Files.createDirectories(data);
        Files.copy(Resources.path("coreml/mnistCNN.mlmodel"), data.resolve("model.mlmodel"));
        Files.writeString(pkg.resolve("Manifest.json"), "{\"fileFormatVersion\": \"1.0.0\", \"itemInfoEntries\": {\"ABC\": {\"author\":"
                + " \"com.apple.CoreML\", \"description\": \"CoreML Model Specification\", \"name\": \"model.mlmodel\", \"path\":"
                + " \"com.apple.CoreML/model.mlmodel\"}}, \"rootModelIdentifier\": \"ABC\"}");
        CoreMlFile f = CoreMlFile.read(pkg);
        assertThat(f.isPackage()).isTrue();
        assertThat(f.specFile()).isEqualTo(data.resolve("model.mlmodel"));
        assertThat(CoreMlInspector.inspect(f).imageInputs().get(0).name()).isEqualTo("image");
        Files.writeString(pkg.resolve("Manifest.json"), "{\"itemInfoEntries\": {\"ABC\": {\"path\": \"../../etc/passwd\"}}, \"rootModelIdentifier\": \"ABC\"}");
        assertThatThrownBy(() -> CoreMlFile.read(pkg)).isInstanceOf(FormatException.class).hasMessageContaining("leaves");
    }
}
