package dev.pixelprep.io;

/**
 * Unsigned integers read from a byte array in either byte order: the one reader the header parsers (PNG, GIF, BMP,
 * TIFF, WebP, EXIF, ICC) share. The caller has checked that the bytes exist. Stateless utility.
 */
final class Bytes {
    private Bytes() {
    }

    /** Two bytes at {@code at}, little-endian (least significant first) or big-endian. */
    static int u16(byte[] d, int at, boolean little) {
        int b0 = d[at] & 0xFF;
        int b1 = d[at + 1] & 0xFF;
        return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    /** Three bytes at {@code at}, little-endian (WebP's chunk fields). */
    static int u24le(byte[] d, int at) {
        return (d[at] & 0xFF) | (d[at + 1] & 0xFF) << 8 | (d[at + 2] & 0xFF) << 16;
    }

    /** Four bytes at {@code at} as an unsigned value, little-endian or big-endian. */
    static long u32(byte[] d, int at, boolean little) {
        long hi = u16(d, little ? at + 2 : at, little);
        long lo = u16(d, little ? at : at + 2, little);
        return hi << 16 | lo;
    }
}
