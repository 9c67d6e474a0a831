package dev.pixelprep.io;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The chunks of a PNG before its image data: IHDR (size, bit depth, colour type) and iCCP (the embedded ICC
 * profile, zlib-compressed). Lengths are bounds-checked; the profile is inflated with a size cap.
 */
final class PngHeader {
    /** Largest ICC profile inflated from iCCP; real profiles are a few kilobytes, a few hundred at most. */
    private static final int MAX_ICC_BYTES = 4 << 20;

    final long width;
    final long height;
    final int bitDepth;
    final int colorType;
    /** The ICC profile, or {@code null} when there is none; empty when iCCP is present but unreadable. */
    final byte[] icc;

    /** Whether a tRNS chunk (palette alpha or a transparent colour) comes before the image data. */
    final boolean transparency;

    private PngHeader(long width, long height, int bitDepth, int colorType, byte[] icc, boolean transparency) {
        this.width = width;
        this.height = height;
        this.bitDepth = bitDepth;
        this.colorType = colorType;
        this.icc = icc;
        this.transparency = transparency;
    }

    /**
     * @throws ImageDataException with a short reason when IHDR is missing or the chunks are truncated
     */
    static PngHeader parse(byte[] data) {
        int p = 8; // signature, already checked by the caller
        if (data.length < p + 8 + 13 || !type(data, p + 4, "IHDR")) {
            throw new ImageDataException("PNG has no IHDR header chunk");
        }
        long width = Bytes.u32(data, p + 8, false);
        long height = Bytes.u32(data, p + 12, false);
        int bitDepth = data[p + 16] & 0xFF;
        int colorType = data[p + 17] & 0xFF;
        int channels;
        switch (colorType) {
            case 0: channels = 1; break;
            case 2: channels = 3; break;
            case 3: channels = 1; break;
            case 4: channels = 2; break;
            case 6: channels = 4; break;
            default: throw new ImageDataException("corrupt PNG header: colour type " + colorType + " (expected 0, 2, 3, 4 or 6)");
        }
        if (bitDepth != 1 && bitDepth != 2 && bitDepth != 4 && bitDepth != 8 && bitDepth != 16
                || channels > 1 && colorType != 3 && bitDepth < 8 || colorType == 3 && bitDepth == 16) {
            throw new ImageDataException("corrupt PNG header: bit depth " + bitDepth + " with colour type " + colorType);
        }
        byte[] icc = null;
        boolean trns = false;
        while (p + 8 <= data.length) {
            long len = Bytes.u32(data, p, false);
            if (type(data, p + 4, "IDAT") || type(data, p + 4, "IEND")) {
                break;
            }
            if (len > data.length - p - 12L) {
                break; // truncated chunk: the image reader will report it
            }
            trns |= type(data, p + 4, "tRNS");
            if (type(data, p + 4, "iCCP") && icc == null) {
                icc = inflateProfile(data, p + 8, (int) len);
            }
            p += 12 + (int) len;
        }
        return new PngHeader(width, height, bitDepth, colorType, icc, trns);
    }

    /**
     * The image as the JDK reader decodes it: samples of one byte (two for 16 bits, packed for fewer than 8),
     * wrapped when they are 8-bit grey, RGB or RGBA, else copied into 8-bit grey, RGB or RGBA pixels. Its data
     * check walks the chunks of {@code data}, the file this header was parsed from.
     */
    ImageHeader summary(byte[] data) {
        int channels = colorType == 0 || colorType == 3 ? 1 : colorType == 2 ? 3 : colorType == 4 ? 2 : 4;
        int raster = bitDepth == 16 ? 2 * channels : channels;
        boolean alpha = colorType == 4 || colorType == 6 || transparency;
        int out = colorType == 0 && !transparency ? 1 : alpha ? 4 : 3;
        boolean wrapped = bitDepth == 8 && (colorType == 0 || colorType == 2 || colorType == 6) && !transparency;
        return new ImageHeader(width, height, raster, out, !wrapped).withDataCheck(() -> checkChunks(data));
    }

    /**
     * Walks the chunks to IEND: each must lie whole inside the file. The JDK reader stops reading once the
     * image data inflates to the last row, so a file cut inside its last IDAT's checksums or before IEND would
     * otherwise decode without a word.
     */
    private static void checkChunks(byte[] data) {
        int p = 8;
        while (true) {
            if (p + 8 > data.length) {
                throw new ImageDataException("file is truncated (the PNG ends before its IEND chunk)");
            }
            long len = Bytes.u32(data, p, false);
            if (len > data.length - p - 12L) {
                throw new ImageDataException("file is truncated inside the PNG's '" + printable(data, p + 4) + "' chunk");
            }
            if (type(data, p + 4, "IEND")) {
                return;
            }
            p += 12 + (int) len;
        }
    }

    private static String printable(byte[] d, int at) {
        StringBuilder b = new StringBuilder();
        for (int i = at; i < at + 4; i++) {
            int c = d[i] & 0xFF;
            b.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return b.toString();
    }

    /** iCCP data: profile name (1..79 Latin-1 bytes), NUL, compression method 0, zlib stream. */
    private static byte[] inflateProfile(byte[] data, int at, int len) {
        int end = at + len;
        int q = at;
        while (q < end && data[q] != 0) {
            q++;
        }
        if (q + 2 > end || data[q + 1] != 0) {
            return new byte[0];
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, q + 2, end - q - 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return new byte[0];
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_ICC_BYTES) {
                    return new byte[0];
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return new byte[0];
        } finally {
            inflater.end();
        }
    }

    private static boolean type(byte[] d, int at, String t) {
        return d[at] == t.charAt(0) && d[at + 1] == t.charAt(1) && d[at + 2] == t.charAt(2) && d[at + 3] == t.charAt(3);
    }

}
