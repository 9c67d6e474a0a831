package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        List<DynamicTest> tests = WebpCorpus.tests(new String(resource("webp/lossless/expected.tsv"), StandardCharsets.UTF_8),
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
        return WebpCorpus.external(Path.of(System.getProperty("pixelprep.webpCorpus")));
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
}
