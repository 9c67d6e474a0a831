package dev.pixelprep.io;

/**
 * The file and information headers of a BMP: size (a negative height means top-down rows), bits per pixel,
 * compression, and where the pixel data starts. Both Windows (BITMAPINFOHEADER and its V4/V5 extensions) and
 * OS/2 (12-byte core, 16- to 64-byte version 2) headers are read. For uncompressed files the pixel data's
 * extent is checked against the file length, so a cut file is refused before decoding.
 */
final class BmpHeader {
    private BmpHeader() {
    }

    /** @throws ImageDataException when the header is truncated or invalid */
    static ImageHeader parse(byte[] d) {
        if (d.length < 18) {
            throw new ImageDataException("file is truncated inside the BMP header");
        }
        long pixelOffset = Bytes.u32(d, 10, true);
        long dibSize = Bytes.u32(d, 14, true);
        long width;
        long height;
        int bpp;
        long compression = 0;
        if (dibSize == 12) {
            need(d, 26);
            width = Bytes.u16(d, 18, true);
            height = Bytes.u16(d, 20, true);
            bpp = Bytes.u16(d, 24, true);
        } else if (dibSize >= 16 && dibSize <= 124) {
            need(d, 30);
            width = (int) Bytes.u32(d, 18, true);
            height = Math.abs((long) (int) Bytes.u32(d, 22, true));
            bpp = Bytes.u16(d, 28, true);
            if (dibSize >= 20) {
                need(d, 34);
                compression = Bytes.u32(d, 30, true);
            }
        } else {
            throw new ImageDataException("unknown BMP information header size " + dibSize);
        }
        if (width <= 0 || height <= 0) {
            throw new ImageDataException("BMP header declares an empty or negative size " + width + "x" + height);
        }
        if (bpp != 1 && bpp != 2 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32 && bpp != 0) {
            throw new ImageDataException("BMP header declares " + bpp + " bits per pixel (expected 1, 4, 8, 16, 24 or 32)");
        }
        ImageHeader h;
        if (bpp == 24) {
            h = new ImageHeader(width, height, 3, 3, false);
        } else if (bpp == 32) {
            h = new ImageHeader(width, height, 4, 4, true);
        } else if (bpp == 16) {
            h = new ImageHeader(width, height, 2, 3, true);
        } else {
            // Palette images (1 to 8 bits, RLE included) decode to one byte per pixel, then expand to RGB or RGBA.
            h = new ImageHeader(width, height, 1, 4, true);
        }
        long w = width;
        long rows = height;
        int bits = bpp;
        boolean uncompressed = (compression == 0 || compression == 3 || compression == 6) && bpp > 0;
        return h.withDataCheck(() -> {
            // BI_RGB (0) and BI_BITFIELDS (3, 6) store rows uncompressed, each padded to 4 bytes.
            if (uncompressed) {
                long stride = (w * bits + 31) / 32 * 4;
                long needed = pixelOffset + stride * (rows - 1) + (w * bits + 7) / 8;
                if (needed > d.length) {
                    throw new ImageDataException("file is truncated: the BMP's " + w + "x" + rows + " pixels need "
                            + needed + " bytes, the file has " + d.length);
                }
            } else if (pixelOffset >= d.length) {
                throw new ImageDataException("file is truncated: the BMP's pixel data would start at byte " + pixelOffset
                        + ", the file has " + d.length);
            }
        });
    }

    private static void need(byte[] d, int n) {
        if (d.length < n) {
            throw new ImageDataException("file is truncated inside the BMP header");
        }
    }

}
