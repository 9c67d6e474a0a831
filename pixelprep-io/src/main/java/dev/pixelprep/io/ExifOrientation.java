package dev.pixelprep.io;

/**
 * Reads the orientation tag (0x0112) from IFD0 of an EXIF TIFF structure (the payload of a JPEG APP1 segment
 * after {@code "Exif\0\0"}). Never throws: anything malformed (bad byte order mark, offsets outside the block,
 * wrong type, value outside 1..8) yields 1, "as stored", so a corrupt EXIF block never stops decoding.
 */
final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    static int read(byte[] tiff) {
        if (tiff == null || tiff.length < 8) {
            return 1;
        }
        boolean little;
        if (tiff[0] == 'I' && tiff[1] == 'I') {
            little = true;
        } else if (tiff[0] == 'M' && tiff[1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (Bytes.u16(tiff, 2, little) != 42) {
            return 1;
        }
        long ifd = Bytes.u32(tiff, 4, little);
        if (ifd < 8 || ifd + 2 > tiff.length) {
            return 1;
        }
        int at = (int) ifd;
        int count = Bytes.u16(tiff, at, little);
        at += 2;
        if (at + 12L * count > tiff.length) {
            return 1; // the entry table runs past the block: the IFD is corrupt
        }
        for (int i = 0; i < count; i++, at += 12) {
            if (Bytes.u16(tiff, at, little) != TAG_ORIENTATION) {
                continue;
            }
            int type = Bytes.u16(tiff, at + 2, little);
            long n = Bytes.u32(tiff, at + 4, little);
            if (type != TYPE_SHORT || n < 1) {
                return 1;
            }
            int v = Bytes.u16(tiff, at + 8, little);
            return v >= 1 && v <= 8 ? v : 1;
        }
        return 1;
    }

}
