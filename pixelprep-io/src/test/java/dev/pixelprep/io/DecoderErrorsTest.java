package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad files give one-line InvalidPixelsExceptions naming the file and the problem, quickly. */
@Timeout(20)
class DecoderErrorsTest {
    private static InvalidPixelsException failure(byte[] data, String name) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ImageDecoder.defaults().decode(data, name));
        assertThat(t).isInstanceOf(InvalidPixelsException.class);
        assertThat(t.getMessage()).startsWith(name + ": ").doesNotContain("\n").doesNotContain("\r");
        return (InvalidPixelsException) t;
    }

    @Test
    void truncatedPng() {
        byte[] png = resource("images/chelsea.png");
        assertThat(failure(Arrays.copyOf(png, png.length / 2), "half.png").getMessage()).contains("png").contains("truncated");
    }

    @Test
    void truncatedJpeg() {
        byte[] jpg = resource("images/rocket.jpg");
        assertThat(failure(Arrays.copyOf(jpg, jpg.length / 2), "half.jpg").getMessage()).contains("jpeg").contains("truncated");
    }

    @Test
    void jpegCutInsideItsHeader() {
        byte[] jpg = resource("images/rocket.jpg");
        assertThat(failure(Arrays.copyOf(jpg, 300), "stub.jpg").getMessage()).contains("truncated");
    }

    @Test
    void randomBytes() {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 0x13; // make sure no magic number matches by chance
        assertThat(failure(noise, "noise.bin").getMessage()).contains("not a PNG, JPEG, GIF, BMP, TIFF or WebP file").contains("13");
    }

    @Test
    void emptyFile() {
        assertThat(failure(new byte[0], "empty.png").getMessage()).isEqualTo("empty.png: file is empty");
    }

    @Test
    void textFileNamedPng() {
        byte[] text = "hello, this is not an image\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(failure(text, "notes.png").getMessage()).contains("not a PNG").contains("\"hello, t\"");
    }

    @Test
    void unsupportedFormat() {
        byte[] pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(failure(pdf, "doc.pdf").getMessage()).contains("not a PNG, JPEG, GIF, BMP, TIFF or WebP file");
    }

    @Test
    void pngDeclaringAbsurdDimensionsFailsBeforeDecoding() throws IOException {
        byte[] png = pngHeaderOnly(100_000, 100_000);
        String m = failure(png, "huge.png").getMessage();
        assertThat(m).contains("100000x100000").contains("10000000000 pixels").contains(String.valueOf(DecodeOptions.DEFAULT_MAX_PIXELS));
    }

    @Test
    void jpegDeclaringAbsurdDimensionsFailsBeforeDecoding() {
        byte[] jpg = resource("images/rocket.jpg").clone();
        // Find SOF0 (FF C0) and overwrite height and width with 65000.
        int sof = -1;
        for (int i = 2; i + 1 < jpg.length; i++) {
            if ((jpg[i] & 0xFF) == 0xFF && (jpg[i + 1] & 0xFF) == 0xC0) {
                sof = i;
                break;
            }
        }
        assertThat(sof).isPositive();
        for (int at : new int[] {sof + 5, sof + 7}) {
            jpg[at] = (byte) (65000 >> 8);
            jpg[at + 1] = (byte) (65000 & 0xFF);
        }
        assertThat(failure(jpg, "huge.jpg").getMessage()).contains("65000x65000");
    }

    @Test
    void theLimitIsConfigurable() {
        ImageDecoder small = ImageDecoder.withOptions(DecodeOptions.defaults().withMaxPixels(1000));
        assertThatThrownBy(() -> small.decode(resource("images/page.png"), "page.png"))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessage("page.png: png header declares 384x191 = 73344 pixels, more than the limit of 1000"
                        + " (raise it with --max-pixels N, -Dpixelprep.maxPixels=N or DecodeOptions.withMaxPixels)");
    }

    /**
     * Seeded mutations of TIFF and WebP files that made the TwelveMonkeys readers fail with Java's own words
     * ("class java.io.EOFException cannot be cast to class java.lang.Number", "Coordinate out of bounds!",
     * "Index -1413565299 out of bounds for length 4096"): every failure is now one line in the user's terms.
     */
    @Test
    @Timeout(120)
    void readerFailuresNeverShowJavaInternals() throws IOException {
        java.awt.image.BufferedImage src = javax.imageio.ImageIO.read(new ByteArrayInputStream(resource("images/chelsea-crop-alpha.png")));
        java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(src.getWidth(), src.getHeight(),
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(src, 0, 0, null);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(rgb, "tiff", tiff);
        byte[][] files = {tiff.toByteArray(), resource("images/phototest.tif"), resource("images/chelsea-crop-lossless.webp"),
                resource("images/chelsea-crop-alpha-lossless.webp"), resource("images/chelsea-crop-lossy.webp")};
        java.util.regex.Pattern internal = java.util.regex.Pattern.compile(
                "java\\.|javax\\.|sun\\.|class |@[0-9a-f]{4,}|Index -?\\d+ out of bounds|Coordinate out of bounds|[A-Z]\\w*Exception");
        java.util.List<String> leaks = new java.util.ArrayList<>();
        int failures = 0;
        for (byte[] good : files) {
            Random rnd = new Random(7);
            for (int trial = 0; trial < 300; trial++) {
                byte[] bad = good.clone();
                int n = 1 + rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
                }
                try {
                    ImageDecoder.defaults().decode(bad, "m");
                } catch (InvalidPixelsException e) {
                    failures++;
                    String m = e.getMessage();
                    if (internal.matcher(m).find() || m.contains("\n") || !m.startsWith("m: ") || !m.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                        leaks.add(m);
                    }
                }
            }
        }
        assertThat(failures).isGreaterThan(100);
        assertThat(leaks).isEmpty();
    }

    @Test
    void missingFileAndStreams(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.png");
        assertThatThrownBy(() -> ImageDecoder.defaults().decode(missing))
                .isInstanceOf(InvalidPixelsException.class).hasMessage(missing + ": no such file");
        Path page = dir.resolve("page.png");
        Files.write(page, resource("images/page.png"));
        assertThat(ImageDecoder.defaults().decode(page).width()).isEqualTo(384);
        assertThat(ImageDecoder.defaults().decode(new ByteArrayInputStream(resource("images/page.png")), "s").height()).isEqualTo(191);
        Path text = dir.resolve("text.png");
        Files.writeString(text, "not an image");
        assertThatThrownBy(() -> ImageDecoder.defaults().decode(text))
                .isInstanceOf(InvalidPixelsException.class).hasMessageStartingWith(text + ": not a PNG");
    }

    /** A PNG signature and IHDR chunk (with a correct CRC) declaring {@code w}×{@code h} RGB, then IEND. */
    private static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeBytes("IHDR");
        i.writeInt(w);
        i.writeInt(h);
        i.writeByte(8);  // bit depth
        i.writeByte(2);  // colour type RGB
        i.writeByte(0);  // compression
        i.writeByte(0);  // filter
        i.writeByte(0);  // interlace
        byte[] body = ihdr.toByteArray();
        d.writeInt(13);
        d.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        d.writeInt((int) crc.getValue());
        d.writeInt(0);
        d.writeBytes("IEND");
        CRC32 end = new CRC32();
        end.update("IEND".getBytes(StandardCharsets.US_ASCII));
        d.writeInt((int) end.getValue());
        return out.toByteArray();
    }
}
