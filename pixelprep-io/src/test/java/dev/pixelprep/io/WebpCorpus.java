package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.DynamicTest;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static dev.pixelprep.io.TestPixels.argb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WebP corpus with libwebp's verdicts, as the generators under {@code webp/lossless} and {@code webp/lossy} write
 * it ({@code expected.tsv}: file, dwebp's verdict, size and SHA-256 of the pixels it gives, how the file was made),
 * turned into one test per file: every file dwebp decodes must give the same pixels, every file it refuses must be
 * refused in one line naming the file. Verdict {@code ok} hashes RGBA when the image has alpha, else RGB;
 * {@code alpha} hashes the alpha plane alone. A fifth column, where present, is Pillow's verdict on a file where it
 * differs from dwebp's (dwebp reads on past the VP8 chunk, Pillow's demuxer does not): pixelprep follows Pillow.
 */
final class WebpCorpus {
    private WebpCorpus() {
    }

    /** The tests of a corpus in a directory ({@code expected.tsv} beside its files), as the differential script writes it. */
    static List<DynamicTest> external(java.nio.file.Path dir) throws java.io.IOException {
        return tests(java.nio.file.Files.readString(dir.resolve("expected.tsv")), file -> {
            try {
                return java.nio.file.Files.readAllBytes(dir.resolve(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static List<DynamicTest> tests(String table, Function<String, byte[]> read) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String file = f[0];
            String verdict = f[1];
            if (f.length > 4) { // Pillow's verdict, where it differs from dwebp's: the one pixelprep follows
                verdict = f[4].split(" ", 2)[0];
            }
            String expected = verdict;
            String pixels = f.length > 4 && verdict.equals("ok") ? f[4].split(" ", 2)[1] : f[2];
            tests.add(DynamicTest.dynamicTest(file + " (" + expected + ", " + f[3] + ")", () -> {
                byte[] data = read.apply(file);
                if (expected.equals("ok")) {
                    DecodedImage d = ImageDecoder.defaults().decode(data, file);
                    assertThat(d.width() + "x" + d.height() + " " + sha256(d, false)).isEqualTo(pixels);
                } else if (expected.equals("alpha")) {
                    DecodedImage d = ImageDecoder.defaults().decode(data, file);
                    assertThat(d.hasAlpha()).isTrue();
                    assertThat(d.width() + "x" + d.height() + " " + sha256(d, true)).isEqualTo(pixels);
                } else {
                    assertThatThrownBy(() -> ImageDecoder.defaults().decode(data, file))
                            .isInstanceOf(InvalidPixelsException.class)
                            .hasMessageStartingWith(file + ": ");
                }
            }));
        }
        return tests;
    }

    /**
     * RGBA bytes when the image has alpha, else RGB, or the alpha plane alone, as the generator hashes dwebp's
     * output.
     */
    private static String sha256(DecodedImage d, boolean alphaOnly) throws NoSuchAlgorithmException {
        int[][] px = argb(d.pixels());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] row : px) {
            for (int v : row) {
                if (alphaOnly) {
                    out.write(v >>> 24);
                    continue;
                }
                out.write(v >>> 16);
                out.write(v >>> 8);
                out.write(v);
                if (d.hasAlpha()) {
                    out.write(v >>> 24);
                }
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    }
}
