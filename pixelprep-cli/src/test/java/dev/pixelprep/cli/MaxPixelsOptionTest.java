package dev.pixelprep.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --max-pixels N} on every command that decodes images, and the default limit refusing a bomb in one line. */
class MaxPixelsOptionTest extends CommandLineTest {
    @TempDir
    Path dir;
    Path chelsea;

    @BeforeEach
    void copyImage() throws IOException {
        chelsea = copyResource("chelsea.png", dir);
    }

    @Test
    void everyCommandThatDecodesImagesTakesTheOption() {
        for (String[] cmd : new String[][] {{"tensor"}, {"classify"}, {"detect"}, {"doctor", "model"}, {"doctor", "tensor"},
                {"doctor", "coreml"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            assertThat(run(args)).as(String.join(" ", cmd)).isZero();
            assertThat(out).as(String.join(" ", cmd)).contains("--max-pixels=N");
        }
    }

    @Test
    void theLimitRefusesALargerImageAndNamesTheFileItsSizeAndTheWayOut() {
        Path npy = dir.resolve("x.npy");
        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "--max-pixels", "135299", "-o", npy.toString()))
                .isEqualTo(Main.EXIT_INPUT);
        assertThat(err.strip()).isEqualTo("pixelprep: error: " + chelsea + ": png header declares 451x300 = 135300 pixels,"
                + " more than the limit of 135299 (raise it with --max-pixels N, -Dpixelprep.maxPixels=N or DecodeOptions.withMaxPixels)");
        assertThat(npy).doesNotExist();

        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "--max-pixels", "135300", "-o", npy.toString())).isZero();
        assertThat(npy).exists();
    }

    @Test
    void aNonPositiveLimitIsAUsageError() {
        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "--max-pixels", "0", "-o", dir.resolve("x.npy").toString()))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--max-pixels 0: expected a positive number of pixels");
    }

    @Test
    void aBombIsRefusedByDefaultInOneLine() throws IOException {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, pngHeader(16384, 16384));
        long t0 = System.nanoTime();
        assertThat(run("tensor", bomb.toString(), "--preset", "unit", "-o", dir.resolve("b.npy").toString())).isEqualTo(Main.EXIT_INPUT);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
        assertThat(err.lines().count()).isEqualTo(1);
        assertThat(err).contains(bomb + ": png header declares 16384x16384 = 268435456 pixels, more than the limit of 178956970");
        assertThat(dir.resolve("b.npy")).doesNotExist();
    }

    /** A PNG signature, an IHDR chunk declaring {@code w}×{@code h} 8-bit RGB, and IEND. */
    private static byte[] pngHeader(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = {'I', 'H', 'D', 'R', (byte) (w >>> 24), (byte) (w >>> 16), (byte) (w >>> 8), (byte) w,
                (byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h, 8, 2, 0, 0, 0};
        chunk(out, ihdr);
        chunk(out, "IEND".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, byte[] typeAndBody) {
        int n = typeAndBody.length - 4;
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.writeBytes(typeAndBody);
        CRC32 crc = new CRC32();
        crc.update(typeAndBody);
        long c = crc.getValue();
        out.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
    }
}
