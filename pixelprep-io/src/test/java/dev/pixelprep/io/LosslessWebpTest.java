package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static dev.pixelprep.io.TestPixels.argb;
import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our lossless WebP decoder against libwebp's own: {@code webp/lossless/expected.tsv} holds, for each file of the
 * corpus (real photos encoded by cwebp with settings that use every VP8L feature, and copies with bytes of the
 * bitstream changed or cut), whether dwebp 1.2.4 decodes it and the SHA-256 of the pixels it gives (made by
 * {@code generate.py} there). Every file dwebp decodes must give the same pixels, every file it refuses must be
 * refused. Lossy files with an ALPH plane are compared on the alpha plane, which is decoded by our code as well.
 */
class LosslessWebpTest {

    @TestFactory
    List<DynamicTest> everyFileAsLibwebpDecodesIt() {
        List<DynamicTest> tests = corpus(new String(resource("webp/lossless/expected.tsv"), StandardCharsets.UTF_8),
                file -> resource("webp/lossless/" + file));
        assertThat(tests).hasSizeGreaterThan(200);
        return tests;
    }

    /**
     * The same over a corpus made elsewhere, in the same form: {@code scripts/webp-differential.py} writes thousands
     * of mutants with libwebp's verdicts to a directory and runs this with {@code -Dpixelprep.webpCorpus=DIR}.
     */
    @TestFactory
    @EnabledIfSystemProperty(named = "pixelprep.webpCorpus", matches = ".+")
    List<DynamicTest> externalCorpus() throws IOException {
        Path dir = Path.of(System.getProperty("pixelprep.webpCorpus"));
        return corpus(Files.readString(dir.resolve("expected.tsv")), file -> {
            try {
                return Files.readAllBytes(dir.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<DynamicTest> corpus(String table, Function<String, byte[]> read) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String file = f[0];
            String verdict = f[1];
            tests.add(DynamicTest.dynamicTest(file + " (" + f[1] + ", " + f[3] + ")", () -> {
                byte[] data = read.apply(file);
                if (verdict.equals("ok")) {
                    DecodedImage d = ImageDecoder.defaults().decode(data, file);
                    assertThat(d.width() + "x" + d.height() + " " + sha256(d, false)).isEqualTo(f[2]);
                } else if (verdict.equals("alpha")) {
                    DecodedImage d = ImageDecoder.defaults().decode(data, file);
                    assertThat(d.hasAlpha()).isTrue();
                    assertThat(d.width() + "x" + d.height() + " " + sha256(d, true)).isEqualTo(f[2]);
                } else {
                    assertThatThrownBy(() -> ImageDecoder.defaults().decode(data, file))
                            .isInstanceOf(InvalidPixelsException.class)
                            .hasMessageStartingWith(file + ": ");
                }
            }));
        }
        return tests;
    }

    /** The fuzzer's find: a lossless stream libwebp rejects (BITSTREAM_ERROR) that the Java reader decoded in 6 s. */
    @Test
    void theFuzzFindingIsRefusedQuickly() {
        byte[] data = resource("webp/lossless/fuzz-libwebp-rejects.webp");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ImageDecoder.defaults().decode(data, "f.webp"))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageStartingWith("f.webp: cannot decode webp: ");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
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
