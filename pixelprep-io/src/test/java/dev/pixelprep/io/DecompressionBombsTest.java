package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tiny files declaring 16384² and 65535² images ({@link Bombs}) are refused from their headers, quickly, with
 * the size and the limit in the message; a smaller image the heap cannot hold is refused with how much memory
 * it needs instead of an OutOfMemoryError.
 */
class DecompressionBombsTest {

    @BeforeAll
    static void warmUp() {
        // ImageIO's plug-in registry is scanned on first use; that is not the bomb's time.
        ImageDecoder.defaults().decode(resource("images/page.png"), "page.png");
    }

    static Stream<Arguments> bombs() {
        List<Arguments> all = new ArrayList<>();
        for (int side : new int[] {16384, 65535}) {
            for (Map.Entry<String, byte[]> e : Bombs.all(side).entrySet()) {
                all.add(Arguments.of(e.getKey(), e.getValue(), side));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void bombsAreRefusedFromTheHeaderInUnderASecond(String name, byte[] bomb, int side) {
        assertThat(bomb.length).as("a bomb is small").isLessThan(200_000);
        long t0 = System.nanoTime();
        Throwable t = catchThrowable(() -> ImageDecoder.defaults().decode(bomb, name));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(t).isInstanceOf(InvalidPixelsException.class);
        assertThat(t.getMessage()).isEqualTo(name + ": " + format(name) + " header declares " + side + "x" + side + " = "
                + (long) side * side + " pixels, more than the limit of 178956970 (raise it with --max-pixels N, "
                + "-Dpixelprep.maxPixels=N or DecodeOptions.withMaxPixels)");
        assertThat(ms).as("milliseconds to refuse " + name).isLessThan(1000);
    }

    private static String format(String name) {
        return name.substring(0, name.indexOf('-'));
    }

    @Test
    void theDefaultIsPillowsBombErrorThreshold() {
        // Pillow: MAX_IMAGE_PIXELS = int(1024 * 1024 * 1024 // 4 // 3); DecompressionBombError above twice that.
        assertThat(DecodeOptions.DEFAULT_MAX_PIXELS).isEqualTo(2 * 89_478_485L);
        assertThat(12000L * 9000).isLessThan(DecodeOptions.DEFAULT_MAX_PIXELS);
        assertThat(16384L * 16384).isGreaterThan(DecodeOptions.DEFAULT_MAX_PIXELS);
    }

    @Test
    void theSystemPropertySetsTheDefaultLimit() {
        byte[] png = resource("images/page.png"); // 384x191 = 73344 pixels
        String before = System.getProperty(DecodeOptions.MAX_PIXELS_PROPERTY);
        try {
            System.setProperty(DecodeOptions.MAX_PIXELS_PROPERTY, "70000");
            assertThat(DecodeOptions.defaults().maxPixels()).isEqualTo(70000);
            Throwable t = catchThrowable(() -> ImageDecoder.defaults().decode(png, "page.png"));
            assertThat(t).isInstanceOf(InvalidPixelsException.class)
                    .hasMessageContaining("384x191 = 73344 pixels, more than the limit of 70000");
            System.setProperty(DecodeOptions.MAX_PIXELS_PROPERTY, "73344");
            assertThat(ImageDecoder.defaults().decode(png, "page.png").width()).isEqualTo(384);
            System.setProperty(DecodeOptions.MAX_PIXELS_PROPERTY, "lots");
            assertThat(catchThrowable(DecodeOptions::defaults)).isInstanceOf(InvalidPixelsException.class)
                    .hasMessage("-Dpixelprep.maxPixels=lots: expected a positive whole number of pixels");
        } finally {
            if (before == null) {
                System.clearProperty(DecodeOptions.MAX_PIXELS_PROPERTY);
            } else {
                System.setProperty(DecodeOptions.MAX_PIXELS_PROPERTY, before);
            }
        }
        assertThat(DecodeOptions.defaults().maxPixels()).isEqualTo(DecodeOptions.DEFAULT_MAX_PIXELS);
    }

    @Test
    void raisingTheLimitLetsTheHeaderPassAndTheDataDecide() {
        // With the limit raised, the 16384² GIF bomb gets past the size check and is refused by the frame-data
        // check: its LZW data holds 4 of its 268435456 pixels (the JDK reader would have filled in the rest).
        ImageDecoder lenient = ImageDecoder.withOptions(DecodeOptions.defaults().withMaxPixels(1L << 29));
        Throwable t = catchThrowable(() -> lenient.decode(Bombs.gif(16384, 16384), "gif-16384.gif"));
        assertThat(t).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("gif-16384.gif: cannot decode gif: GIF frame data ends after 4 of its 268435456 pixels"
                        + " (the file is truncated or its image data is missing)");
    }

    @Test
    void aGifWhoseFrameDataIsMissingIsRefused() {
        // The generator's LZW data holds 4 pixels: a 2x2 frame is whole, a 3x2 one lacks 2 pixels.
        DecodedImage whole = ImageDecoder.defaults().decode(Bombs.gif(2, 2), "2x2.gif");
        assertThat(whole.width()).isEqualTo(2);
        assertThat(TestPixels.argb(whole.pixels())).isDeepEqualTo(new int[][] {{0xFF000000, 0xFF000000}, {0xFF000000, 0xFF000000}});
        Throwable shortFrame = catchThrowable(() -> ImageDecoder.defaults().decode(Bombs.gif(3, 2), "3x2.gif"));
        assertThat(shortFrame).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("3x2.gif: cannot decode gif: GIF frame data ends after 4 of its 6 pixels"
                        + " (the file is truncated or its image data is missing)");
        // No LZW sub-block at all: code size, then the terminator at once.
        byte[] empty = gifWithoutFrameData(40, 30);
        Throwable t = catchThrowable(() -> ImageDecoder.defaults().decode(empty, "empty-frame.gif"));
        assertThat(t).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("empty-frame.gif: cannot decode gif: GIF frame data ends after 0 of its 1200 pixels"
                        + " (the file is truncated or its image data is missing)");
    }

    private static byte[] gifWithoutFrameData(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8), (byte) 0x80, 0, 0});
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, (byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8), 0});
        out.writeBytes(new byte[] {2, 0, 0x3B});
        return out.toByteArray();
    }

    /**
     * In a JVM with a 256 MB heap, every bomb still gets the one-line pixel-limit refusal, and a 12000×9000 colour
     * JPEG (within the limit, 324 MB as RGB) is refused with the memory it needs and how to get it, not with an
     * OutOfMemoryError.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withASmallHeapBombsAndBigImagesEndInOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> files = new ArrayList<>();
        for (int side : new int[] {16384, 65535}) {
            for (Map.Entry<String, byte[]> e : Bombs.all(side).entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.write(p, e.getValue());
                files.add(p.toString());
            }
        }
        Path big = dir.resolve("big-12000x9000.jpg");
        // a whole image: 1500 x 1125 blocks x 3 components, two bits each
        Files.write(big, Bombs.jpeg(12000, 9000, false, 3, 1500 * 1125 * 3 / 4));
        files.add(big.toString());

        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                DecodeFiles.class.getName()));
        command.addAll(files);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();

        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).hasSize(files.size());
        for (int i = 0; i < files.size() - 1; i++) {
            assertThat(lines.get(i)).startsWith("InvalidPixelsException: " + files.get(i) + ": ")
                    .contains("pixels, more than the limit of 178956970");
        }
        assertThat(lines.get(files.size() - 1)).startsWith("InvalidPixelsException: " + big + ": decoding the 12000x9000 jpeg needs about ")
                .contains("of memory, but the Java heap has ").contains("-Xmx").doesNotContain("OutOfMemoryError");
    }

    /**
     * A 166-byte JPEG declaring 12000x9000 (within the pixel limit) made the decoder allocate the whole image before
     * it found the data missing (2.7 s, 710 MB through the CLI); the header's scan-size bound refuses it at once.
     * Files that hold enough scan data for their size are not touched by the bound.
     */
    @Test
    void aJpegTooShortForItsSizeIsRefusedBeforeDecoding() {
        byte[] bomb = Bombs.jpeg(12000, 9000, false, 3);
        long t0 = System.nanoTime();
        assertThat(catchThrowable(() -> ImageDecoder.defaults().decode(bomb, "b.jpg")))
                .isInstanceOf(InvalidPixelsException.class)
                // from the SOS marker: its 14-byte segment, 16 bytes of scan data, the EOI marker
                .hasMessage("b.jpg: cannot decode jpeg: file is truncated: a 12000x9000 JPEG needs at least 632813 "
                        + "bytes of scan data, the file has 32 from its first scan on");
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(200);
        // 1500 x 1125 blocks x 3 components at one bit each, rounded up to bytes
        assertThat(JpegHeader.parse(bomb).minimumScanBytes()).isEqualTo((1500L * 1125 * 3 + 7) / 8);
        // the smallest whole image of that size passes the bound (and decodes: every block flat)
        byte[] whole = Bombs.jpeg(400, 240, false, 3, 50 * 30 * 3 / 4);
        assertThat(ImageDecoder.defaults().decode(whole, "w.jpg").width()).isEqualTo(400);
        assertThat(JpegHeader.parse(Bombs.jpeg(400, 240, true, 3)).minimumScanBytes()).isEqualTo((50 * 30 * 3 + 7) / 8);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Decodes each file named on the command line and prints one line per file: its size, or the exception. */
    public static final class DecodeFiles {
        public static void main(String[] args) throws IOException {
            for (String f : args) {
                try {
                    DecodedImage d = ImageDecoder.defaults().decode(Path.of(f));
                    System.out.println("decoded " + d.width() + "x" + d.height());
                } catch (Throwable t) {
                    System.out.println(t.getClass().getSimpleName() + ": " + t.getMessage());
                }
            }
        }
    }
}
