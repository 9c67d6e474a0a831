package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

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

    /**
     * Every cut of a file is refused: the file minus its last byte, minus its last two, ... down to the first
     * byte. Lossless WebP and GIF used to decode most cuts into made-up pixels (the decoders read past the end
     * as zeros or fill the rest of the frame with colour 0); the other formats are swept at a stride.
     */
    @ParameterizedTest
    @ValueSource(strings = {"images/chelsea-crop-lossless.webp", "images/chelsea-crop-alpha-lossless.webp",
            "images/chelsea-crop-lossy.webp", "generated:gif", "generated:gif-interlaced-animated",
            "images/chelsea-crop-baseline.jpg", "images/chelsea-crop-progressive.jpg", "images/chelsea-crop-alpha.png",
            "images/phototest.tif", "generated:bmp", "generated:tiff"})
    @Timeout(120)
    void everyCutIsRefused(String file) {
        byte[] good = file.startsWith("generated:") ? generated(file.substring("generated:".length())) : resource(file);
        assertThat(ImageDecoder.defaults().decode(good, "whole").width()).isPositive();
        boolean everyCut = file.endsWith(".webp") || file.contains("gif");
        int stride = everyCut ? 1 : Math.max(1, good.length / 400);
        List<Integer> decoded = new ArrayList<>();
        int tried = 0;
        for (int cut = good.length - 1; cut >= 1; cut -= cut > good.length - 64 ? 1 : stride) {
            tried++;
            try {
                ImageDecoder.defaults().decode(Arrays.copyOf(good, cut), "cut");
                decoded.add(cut);
            } catch (InvalidPixelsException e) {
                assertThat(e.getMessage()).startsWith("cut: ").doesNotContain("\n");
            }
        }
        assertThat(decoded).as("lengths (of %d) that decoded although cut, out of %d cuts", good.length, tried).isEmpty();
    }

    /** A GIF, a two-frame interlaced GIF, a BMP and a TIFF written by the JDK from the alpha crop's colours. */
    private static byte[] generated(String kind) {
        try {
            BufferedImage src = ImageIO.read(new ByteArrayInputStream(resource("images/chelsea-crop-alpha.png")));
            BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            rgb.getGraphics().drawImage(src, 0, 0, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (kind.equals("gif-interlaced-animated")) {
                GifWriter.writeTwoFrames(rgb, out);
            } else {
                ImageIO.write(rgb, kind, out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
