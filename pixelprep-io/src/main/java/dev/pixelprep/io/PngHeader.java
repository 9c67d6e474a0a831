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

    private PngHeader(long width, long height, int bitDepth, int colorType, byte[] icc) {
        this.width = width;
        this.height = height;
        this.bitDepth = bitDepth;
        this.colorType = colorType;
        this.icc = icc;
    }

    /**
     * @throws IllegalArgumentException with a short reason when IHDR is missing or the chunks are truncated
     */
    static PngHeader parse(byte[] data) {
        int p = 8; // signature, already checked by the caller
        if (data.length < p + 8 + 13 || !type(data, p + 4, "IHDR")) {
            throw new IllegalArgumentException("PNG has no IHDR header chunk");
        }
        long width = u32(data, p + 8);
        long height = u32(data, p + 12);
        int bitDepth = data[p + 16] & 0xFF;
        int colorType = data[p + 17] & 0xFF;
        byte[] icc = null;
        while (p + 8 <= data.length) {
            long len = u32(data, p);
            if (type(data, p + 4, "IDAT") || type(data, p + 4, "IEND")) {
                break;
            }
            if (len > data.length - p - 12L) {
                break; // truncated chunk: the image reader will report it
            }
            if (type(data, p + 4, "iCCP") && icc == null) {
                icc = inflateProfile(data, p + 8, (int) len);
            }
            p += 12 + (int) len;
        }
        return new PngHeader(width, height, bitDepth, colorType, icc);
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

    private static long u32(byte[] d, int at) {
        return ((long) (d[at] & 0xFF) << 24) | ((d[at + 1] & 0xFF) << 16) | ((d[at + 2] & 0xFF) << 8) | (d[at + 3] & 0xFF);
    }
}
