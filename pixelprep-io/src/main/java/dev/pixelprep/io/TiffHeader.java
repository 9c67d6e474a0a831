package dev.pixelprep.io;

/**
 * The first image file directory (IFD) of a TIFF (TIFF 6.0, section 2): image size, samples and bits per
 * sample, photometric interpretation, compression, planar configuration. Every entry whose value lives
 * outside the entry is checked to lie inside the file, and so are the strips or tiles of the first image,
 * so a truncated file or a tag pointing past the end is refused here instead of deep inside the reader.
 */
final class TiffHeader {
    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int BITS_PER_SAMPLE = 258;
    private static final int COMPRESSION = 259;
    private static final int PHOTOMETRIC = 262;
    private static final int STRIP_OFFSETS = 273;
    private static final int SAMPLES_PER_PIXEL = 277;
    private static final int STRIP_BYTE_COUNTS = 279;
    private static final int PLANAR_CONFIGURATION = 284;
    private static final int TILE_OFFSETS = 324;
    private static final int TILE_BYTE_COUNTS = 325;
    private static final int SAMPLE_FORMAT = 339;

    private final byte[] d;
    private final boolean little;

    private TiffHeader(byte[] d) {
        this.d = d;
        this.little = d[0] == 'I';
    }

    /** @throws ImageDataException when the directory is truncated, points past the file or lacks the size */
    static ImageHeader parse(byte[] d) {
        if (d.length < 8) {
            throw new ImageDataException("file is truncated inside the TIFF header");
        }
        return new TiffHeader(d).first();
    }

    private ImageHeader first() {
        long ifd = Bytes.u32(d, 4, little);
        if (ifd < 8 || ifd + 2 > d.length) {
            throw new ImageDataException("file is truncated or corrupt: the TIFF's first directory would be at byte " + ifd
                    + ", the file has " + d.length);
        }
        int n = Bytes.u16(d, (int) ifd, little);
        long end = ifd + 2 + 12L * n;
        if (n == 0 || end > d.length) {
            throw new ImageDataException(n == 0 ? "corrupt TIFF: its first directory is empty"
                    : "file is truncated inside the TIFF's first directory");
        }
        long width = -1;
        long height = -1;
        long samples = 1;
        long bits = 1;
        long compression = 1;
        long photometric = -1;
        long planar = 1;
        long sampleFormat = 1;
        long[] offsets = null;
        long[] counts = null;
        for (int i = 0; i < n; i++) {
            int e = (int) ifd + 2 + 12 * i;
            int tag = Bytes.u16(d, e, little);
            int type = Bytes.u16(d, e + 2, little);
            long count = Bytes.u32(d, e + 4, little);
            int size = typeSize(type);
            if (size == 0) {
                continue; // unknown types are skipped, as TIFF 6.0 asks of readers
            }
            long bytes = count * size;
            long at = bytes <= 4 ? e + 8 : Bytes.u32(d, e + 8, little);
            if (at + bytes > d.length) {
                throw new ImageDataException("file is truncated or corrupt: TIFF tag " + tag + " points past the end of the file");
            }
            switch (tag) {
                case IMAGE_WIDTH: width = first(type, count, at); break;
                case IMAGE_LENGTH: height = first(type, count, at); break;
                case SAMPLES_PER_PIXEL: samples = first(type, count, at); break;
                case BITS_PER_SAMPLE: bits = max(type, count, at); break;
                case COMPRESSION: compression = first(type, count, at); break;
                case PHOTOMETRIC: photometric = first(type, count, at); break;
                case PLANAR_CONFIGURATION: planar = first(type, count, at); break;
                case SAMPLE_FORMAT: sampleFormat = first(type, count, at); break;
                case STRIP_OFFSETS: case TILE_OFFSETS: offsets = values(type, count, at); break;
                case STRIP_BYTE_COUNTS: case TILE_BYTE_COUNTS: counts = values(type, count, at); break;
                default: break;
            }
        }
        if (width < 0 || height < 0) {
            throw new ImageDataException("corrupt TIFF: the first directory has no " + (width < 0 ? "ImageWidth" : "ImageLength") + " tag");
        }
        if (samples < 1 || samples > 64 || bits < 1 || bits > 64) {
            throw new ImageDataException("corrupt TIFF: " + samples + " samples of " + bits + " bits per pixel");
        }
        int rasterBytes = (int) Math.max(1, (samples * bits + 7) / 8);
        boolean hasAlpha = samples == 2 || samples >= 4;
        int out = samples == 1 && photometric != 3 ? 1 : hasAlpha || photometric == 3 ? 4 : 3;
        boolean wrapped = bits == 8 && planar == 1 && sampleFormat == 1 && (photometric == 1 || photometric == 2)
                && (samples == 1 || samples == 3 || samples == 4);
        // A decompressing or planar reader holds strip or plane buffers beside the raster (measured: 3.6 bytes
        // per pixel for an LZW RGB file written by Pillow).
        int decoder = compression != 1 || planar != 1 ? Math.max(4, rasterBytes) : 0;
        long[] starts = offsets;
        long[] lengths = counts;
        return new ImageHeader(width, height, width, height, rasterBytes, decoder, out, !wrapped, () -> {
            if (starts != null && lengths != null) {
                for (int i = 0; i < Math.min(starts.length, lengths.length); i++) {
                    if (starts[i] + lengths[i] > d.length) {
                        throw new ImageDataException("file is truncated: the TIFF's image data runs to byte "
                                + (starts[i] + lengths[i]) + ", the file has " + d.length);
                    }
                }
            }
        });
    }

    private long first(int type, long count, long at) {
        return count == 0 ? 0 : value(type, at);
    }

    private long max(int type, long count, long at) {
        long m = 0;
        for (long i = 0; i < count; i++) {
            m = Math.max(m, value(type, at + i * typeSize(type)));
        }
        return m;
    }

    private long[] values(int type, long count, long at) {
        if (count > d.length) {
            throw new ImageDataException("corrupt TIFF: " + count + " strips or tiles in a file of " + d.length + " bytes");
        }
        long[] v = new long[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(type, at + (long) i * typeSize(type));
        }
        return v;
    }

    /** An unsigned integer value of type BYTE, SHORT or LONG (others read as 0). */
    private long value(int type, long at) {
        int a = (int) at;
        switch (type) {
            case 1: return d[a] & 0xFF;
            case 3: return Bytes.u16(d, a, little);
            case 4: case 13: return Bytes.u32(d, a, little);
            default: return 0;
        }
    }

    private static int typeSize(int type) {
        switch (type) {
            case 1: case 2: case 6: case 7: return 1;
            case 3: case 8: return 2;
            case 4: case 9: case 11: case 13: return 4;
            case 5: case 10: case 12: case 16: case 17: case 18: return 8;
            default: return 0;
        }
    }

}
