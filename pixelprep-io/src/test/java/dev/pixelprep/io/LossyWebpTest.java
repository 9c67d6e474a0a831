package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our lossy WebP decoder against libwebp's own: {@code webp/lossy/expected.tsv} holds, for each file of the corpus
 * (crops of real photos encoded by cwebp 1.2.4, or by its libwebp with 2 to 8 token partitions, with settings that
 * between them use every loop filter, segment, size and alpha case; and copies with the bitstream changed or cut),
 * dwebp's verdict and the SHA-256 of the pixels it gives (made by {@code generate.py} there), and Pillow's where it
 * differs. Every file libwebp decodes must give its pixels, every file it refuses must be refused.
 */
class LossyWebpTest {

    @TestFactory
    List<DynamicTest> everyFileAsLibwebpDecodesIt() {
        List<DynamicTest> tests = WebpCorpus.tests(new String(resource("webp/lossy/expected.tsv"), StandardCharsets.UTF_8),
                file -> resource("webp/lossy/" + file));
        assertThat(tests).hasSizeGreaterThan(280);
        return tests;
    }

    /**
     * The same over a corpus made elsewhere: {@code scripts/webp-differential.py --lossy} writes thousands of mutants
     * with libwebp's verdicts to a directory and runs this with {@code -Dpixelprep.webpCorpus=DIR}.
     */
    @TestFactory
    @EnabledIfSystemProperty(named = "pixelprep.webpCorpus", matches = ".+")
    List<DynamicTest> externalCorpus() throws IOException {
        return WebpCorpus.external(Path.of(System.getProperty("pixelprep.webpCorpus")));
    }

    /**
     * An animation whose first frame header declares 1x1 while its VP8 bitstream is 64x48: the size and memory
     * checks saw 1x1, so the decoder must not make more (the Java reader's path refused this too).
     */
    @org.junit.jupiter.api.Test
    void anAnimationFrameWhoseBitstreamIsLargerThanDeclaredIsRefused() {
        byte[] data = resource("images/chelsea-crop-animated-lossy.webp").clone();
        // the ANMF payload starts at byte 52: x, y, then width - 1 and height - 1 (24 bits each)
        for (int i = 58; i < 64; i++) {
            data[i] = 0;
        }
        assertThatThrownBy(() -> ImageDecoder.defaults().decode(data, "a.webp"))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessage("a.webp: cannot decode webp: corrupt WebP: the first animation frame's bitstream is 64x48, larger than the 1x1 its"
                        + " frame header declares");
    }

    /**
     * The fuzzer's finds: files declaring 12346x8192 whose first partition or token data runs out, which the Java
     * reader decoded in 10 s into made-up pixels; libwebp refuses them (NOT_ENOUGH_DATA, SUSPENDED).
     */
    @ParameterizedTest
    @CsvSource({
        "vp8-token-data-ends.webp, the VP8 frame's first partition ends before the modes of macroblock row 0 of 512",
        "vp8-last-partition-empty.webp, the VP8 frame's last token partition is empty",
    })
    void theFuzzFindingsAreRefusedQuickly(String file, String why) {
        byte[] data = resource("webp/fuzz/" + file);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ImageDecoder.defaults().decode(data, file))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining(why);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
    }
}
