package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small real files with random bytes overwritten or cut off: decoding must either succeed (many corruptions
 * only change pixels, as in libjpeg) or fail with a one-line InvalidPixelsException, never another exception
 * or a hang.
 */
class CorruptFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"images/chelsea-crop-baseline.jpg", "images/chelsea-crop-progressive.jpg",
            "images/chelsea-crop-cmyk.jpg", "images/chelsea-crop-alpha.png", "images/chelsea-crop-lossless.webp",
            "images/chelsea-crop-lossy.webp", "exif/chelsea-crop-exif6.jpg", "images/phototest.tif", "images/page.png"})
    @Timeout(60)
    void corruptedFilesFailCleanlyOrDecode(String file) {
        byte[] good = resource(file);
        Random rnd = new Random(file.hashCode());
        int failures = 0;
        for (int trial = 0; trial < 150; trial++) {
            byte[] bad;
            if (trial % 5 == 4) {
                bad = java.util.Arrays.copyOf(good, 1 + rnd.nextInt(good.length - 1));
            } else {
                bad = good.clone();
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
                }
            }
            try {
                DecodedImage d = ImageDecoder.defaults().decode(bad, "corrupt");
                assertThat(d.pixels().width()).isPositive();
            } catch (InvalidPixelsException e) {
                failures++;
                assertThat(e.getMessage()).startsWith("corrupt: ").doesNotContain("\n");
            }
        }
        // Every fifth trial truncates; at least those that cut into the header or data must be reported.
        assertThat(failures).isPositive();
    }
}
