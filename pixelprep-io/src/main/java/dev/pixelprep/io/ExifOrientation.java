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
        if (u16(tiff, 2, little) != 42) {
            return 1;
        }
        long ifd = u32(tiff, 4, little);
        if (ifd < 8 || ifd + 2 > tiff.length) {
            return 1;
        }
        int at = (int) ifd;
        int count = u16(tiff, at, little);
        at += 2;
        if (at + 12L * count > tiff.length) {
            return 1; // the entry table runs past the block: the IFD is corrupt
        }
        for (int i = 0; i < count; i++, at += 12) {
            if (u16(tiff, at, little) != TAG_ORIENTATION) {
                continue;
            }
            int type = u16(tiff, at + 2, little);
            long n = u32(tiff, at + 4, little);
            if (type != TYPE_SHORT || n < 1) {
                return 1;
            }
            int v = u16(tiff, at + 8, little);
            return v >= 1 && v <= 8 ? v : 1;
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xFF;
        int b1 = b[at + 1] & 0xFF;
        return little ? b0 | (b1 << 8) : (b0 << 8) | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little);
        long lo = u16(b, little ? at : at + 2, little);
        return (hi << 16) | lo;
    }
}
