package dev.pixelprep.formats.coreml;

import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.coreml.proto.MilProto.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MIL blob storage reader: values read back, and every bad offset or size refused before reading. */
class MilBlobFileTest {
    @TempDir
    Path dir;

    private Path file(byte[] b) throws IOException {
        return Files.write(dir.resolve("weight.bin"), b);
    }

    private static byte[] good() {
        return ProgramFixtures.blobFile(List.of(new double[] {0.5, -2.25, 3}, new double[] {1 / 255.0}), List.of(DataType.FLOAT16, DataType.FLOAT32));
    }

    @Test
    void reads_float16_and_float32_blobs_at_their_metadata_offsets() throws IOException {
        Path f = file(good());
        assertThat(MilBlobFile.read(f, 64)).containsExactly(0.5, -2.25, 3);
        assertThat(MilBlobFile.read(f, 192)).containsExactly((float) (1 / 255.0));
    }

    private void refused(byte[] b, long offset, String message) throws IOException {
        Path f = file(b);
        assertThatThrownBy(() -> MilBlobFile.read(f, offset)).isInstanceOf(FormatException.class).hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void bad_files_and_offsets_are_one_line_errors() throws IOException {
        byte[] g = good();
        refused(new byte[10], 64, "shorter than the 64-byte blob storage header");
        byte[] v1 = g.clone();
        ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1);
        refused(v1, 64, "blob storage version 1, expected 2");
        refused(g, g.length, "outside the file");
        refused(g, 0, "outside the file");
        refused(g, -1, "outside the file");
        refused(g, 100, "sentinel");
        byte[] past = g.clone();
        ByteBuffer.wrap(past).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 16, g.length - 2);
        refused(past, 64, "past the end of the file");
        byte[] huge = g.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 8, -8);
        refused(huge, 64, "past the end of the file");
        byte[] int8 = g.clone();
        ByteBuffer.wrap(int8).order(ByteOrder.LITTLE_ENDIAN).putInt(64 + 4, 4);
        refused(int8, 64, "int8 values");
        byte[] odd = g.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 8, 5);
        refused(odd, 64, "not a whole number of float16 values");
        assertThatThrownBy(() -> MilBlobFile.read(dir.resolve("missing.bin"), 64)).isInstanceOf(FormatException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void a_weight_path_leaving_the_model_folder_is_refused() {
        assertThatThrownBy(() -> ProgramOps.weightFile(dir, "@model_path/../../etc/passwd")).isInstanceOf(FormatException.class)
                .hasMessageContaining("leaves the model's folder");
        assertThatThrownBy(() -> ProgramOps.weightFile(dir, "/etc/passwd")).isInstanceOf(FormatException.class)
                .hasMessageContaining("does not start with @model_path/");
        assertThat(ProgramOps.weightFile(dir, "@model_path/weights/weight.bin")).isEqualTo(dir.toAbsolutePath().resolve("weights/weight.bin"));
    }
}
