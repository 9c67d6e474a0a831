package dev.pixelprep.io;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.pixelprep.io.TestPixels.argb;
import static dev.pixelprep.io.TestPixels.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real JPEGs whose EXIF orientation tag was written by ExifTool (see src/test/resources/exif/README.md): the
 * compressed data is identical, so the stored pixels are too, and the upright result must be the EXIF
 * transform of the orientation-1 decode. The transform is computed here by forward index arithmetic.
 */
class ExifOrientationFilesTest {
    private static final ImageDecoder IGNORE_EXIF = ImageDecoder.withOptions(DecodeOptions.defaults().withExif(ExifPolicy.IGNORE));

    /** Upright image of {@code stored} for EXIF orientation k: each stored pixel is moved where EXIF puts it. */
    private static int[][] upright(int[][] stored, int k) {
        int h = stored.length;
        int w = stored[0].length;
        boolean swap = k >= 5;
        int[][] out = new int[swap ? w : h][swap ? h : w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ox;
                int oy;
                switch (k) {
                    case 1: ox = x; oy = y; break;
                    case 2: ox = w - 1 - x; oy = y; break;
                    case 3: ox = w - 1 - x; oy = h - 1 - y; break;
                    case 4: ox = x; oy = h - 1 - y; break;
                    case 5: ox = y; oy = x; break;
                    case 6: ox = h - 1 - y; oy = x; break;
                    case 7: ox = h - 1 - y; oy = w - 1 - x; break;
                    default: ox = y; oy = w - 1 - x; break;
                }
                out[oy][ox] = stored[y][x];
            }
        }
        return out;
    }

    private static int[][] storedPixels() {
        return argb(ImageDecoder.defaults().decode(resource("images/chelsea-crop-baseline.jpg"), "base.jpg").pixels());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void appliedOrientationIsTheExifTransformOfTheStoredPixels(int k) {
        String file = "exif/chelsea-crop-exif" + k + ".jpg";
        DecodedImage d = ImageDecoder.defaults().decode(resource(file), file);

        assertThat(d.exifOrientation()).isEqualTo(k);
        assertThat(d.orientationApplied()).isEqualTo(k != 1);
        assertThat(d.width()).isEqualTo(48);
        assertThat(d.height()).isEqualTo(32);
        assertThat(d.pixels().width()).isEqualTo(k >= 5 ? 32 : 48);
        assertThat(argb(d.pixels())).isDeepEqualTo(upright(storedPixels(), k));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void appliedOrientationEqualsPillowsExifTranspose(int k) {
        String file = "exif/chelsea-crop-exif" + k + ".jpg";
        DecodedImage d = ImageDecoder.defaults().decode(resource(file), file);
        int[][] pillow = TestPixels.pngSamples(resource("exif/chelsea-crop-exif" + k + ".pillow-upright.png"));
        assertThat(argb(d.pixels())).isDeepEqualTo(pillow);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void ignoredOrientationKeepsTheStoredPixelsLikePillowsImageOpen(int k) {
        String file = "exif/chelsea-crop-exif" + k + ".jpg";
        DecodedImage d = IGNORE_EXIF.decode(resource(file), file);

        assertThat(d.exifOrientation()).isEqualTo(k);
        assertThat(d.orientationApplied()).isFalse();
        assertThat(argb(d.pixels())).isDeepEqualTo(storedPixels());
    }

    @Test
    void littleEndianExifIsReadToo() {
        DecodedImage d = ImageDecoder.defaults().decode(resource("exif/chelsea-crop-exif6-intel.jpg"), "intel.jpg");
        assertThat(d.exifOrientation()).isEqualTo(6);
        assertThat(argb(d.pixels())).isDeepEqualTo(upright(storedPixels(), 6));
    }

    @Test
    void corruptExifIsTreatedAsOrientationOne() {
        byte[] jpeg = resource("exif/chelsea-crop-exif6.jpg");
        int tiff = indexOf(jpeg, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1)) + 6;
        assertThat(tiff).isGreaterThan(6);
        // Point IFD0 far outside the EXIF block (big-endian offset 0x7FFFFFF0).
        byte[] badOffset = jpeg.clone();
        badOffset[tiff + 4] = 0x7F;
        badOffset[tiff + 5] = (byte) 0xFF;
        badOffset[tiff + 6] = (byte) 0xFF;
        badOffset[tiff + 7] = (byte) 0xF0;
        // Claim a huge number of IFD0 entries, running past the block.
        int ifd0 = ((jpeg[tiff + 4] & 0xFF) << 24) | ((jpeg[tiff + 5] & 0xFF) << 16) | ((jpeg[tiff + 6] & 0xFF) << 8) | (jpeg[tiff + 7] & 0xFF);
        byte[] badCount = jpeg.clone();
        badCount[tiff + ifd0] = (byte) 0xFF;
        badCount[tiff + ifd0 + 1] = (byte) 0xFF;
        // Garbage byte-order mark.
        byte[] badMark = jpeg.clone();
        badMark[tiff] = 'X';

        for (byte[] bad : new byte[][] {badOffset, badCount, badMark}) {
            DecodedImage d = ImageDecoder.defaults().decode(bad, "corrupt-exif.jpg");
            assertThat(d.exifOrientation()).isEqualTo(1);
            assertThat(d.orientationApplied()).isFalse();
            assertThat(argb(d.pixels())).isDeepEqualTo(storedPixels());
        }
    }

    private static int indexOf(byte[] data, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= data.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (data[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
