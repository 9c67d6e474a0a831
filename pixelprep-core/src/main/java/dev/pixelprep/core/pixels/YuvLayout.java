package dev.pixelprep.core.pixels;

import dev.pixelprep.core.InvalidPixelsException;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The planes of a YUV buffer as the caller gave them, checked and turned into the luma, U and V planes the reader
 * uses ({@link YuvPlane}). Every size is checked here, in long arithmetic, so a reader never leaves a plane.
 */
final class YuvLayout {
    private YuvLayout() {
    }

    /** Chroma samples per row: half the width, rounded up. */
    static int chromaWidth(int width) {
        return (width + 1) / 2;
    }

    /** Chroma rows: half the height rounded up for 4:2:0, the height for 4:2:2. */
    static int chromaHeight(PixelFormat f, int height) {
        return f.isYuv420() ? (height + 1) / 2 : height;
    }

    /**
     * The planes of one contiguous array (or buffer) starting at {@code offset}: the luma plane with row stride
     * {@code rowStride} (0 = the width), then the chroma, as the format's usual single-buffer layout has it:
     * NV12/NV21 one interleaved plane with the luma's row stride; I420/YV12 two planes of half the width, tightly
     * packed (a padded I420 or YV12 needs its planes given one by one); YUYV/UYVY rows of {@code 4·⌈w/2⌉} bytes.
     */
    static List<YuvPlane> contiguous(PixelFormat f, int w, int h, byte[] bytes, ByteBuffer buffer, int offset, int rowStride) {
        int cw = chromaWidth(w);
        int ch = chromaHeight(f, h);
        switch (f) {
            case YUYV:
            case UYVY:
                return List.of(plane(bytes, buffer, offset, rowStride == 0 ? 4 * cw : rowStride, 1));
            case NV12:
            case NV21: {
                int rs = rowStride == 0 ? w : rowStride;
                return List.of(plane(bytes, buffer, offset, rs, 1), plane(bytes, buffer, offset + (long) rs * h, rs, 1));
            }
            case I420:
            case YV12: {
                if (rowStride != 0 && rowStride != w) {
                    throw new InvalidPixelsException("a contiguous " + f + " buffer is tightly packed (its chroma planes' row "
                            + "stride is not defined by a luma row stride of " + rowStride + "); give its three planes "
                            + "with their own row strides instead");
                }
                long c0 = offset + (long) w * h;
                return List.of(plane(bytes, buffer, offset, w, 1), plane(bytes, buffer, c0, cw, 1),
                        plane(bytes, buffer, c0 + (long) cw * ch, cw, 1));
            }
            default:
                // YUV_420_888 is planes by definition
                throw new InvalidPixelsException("a YUV_420_888 buffer is given as three planes (Y, U, V), each with its "
                        + "own row and pixel stride, as Image.getPlanes() describes them; use NV12, NV21 or I420 for one array");
        }
    }

    private static YuvPlane plane(byte[] bytes, ByteBuffer buffer, long offset, int rowStride, int pixelStride) {
        if (offset > Integer.MAX_VALUE) {
            throw new InvalidPixelsException("plane offset " + offset + " exceeds the largest array index");
        }
        return bytes != null ? YuvPlane.of(bytes, (int) offset, rowStride, pixelStride)
                : YuvPlane.of(buffer, (int) offset, rowStride, pixelStride);
    }

    /** The luma, U and V planes of {@code given} (in the format's plane order), every size checked. */
    static YuvPlane[] normalise(PixelFormat f, int w, int h, List<YuvPlane> given) {
        String[] names = names(f);
        if (given.size() != names.length) {
            throw new InvalidPixelsException(f + " has " + names.length + " plane" + (names.length == 1 ? "" : "s") + " ("
                    + String.join(", ", names) + "), got " + given.size());
        }
        int cw = chromaWidth(w);
        int ch = chromaHeight(f, h);
        String frame = w + "x" + h + " " + f;
        for (int i = 0; i < given.size() && f != PixelFormat.YUV_420_888; i++) {
            int ps = given.get(i).pixelStride();
            boolean interleavedChroma = i == 1 && (f == PixelFormat.NV12 || f == PixelFormat.NV21);
            boolean packed = !f.isYuv420();
            if (ps != 1 && !((interleavedChroma || packed) && ps == 2)) {
                throw new InvalidPixelsException("plane " + names[i] + " of " + frame + " has pixel stride " + ps + "; "
                        + f + (interleavedChroma ? " chroma is interleaved pairs (pixel stride 1 or 2)"
                                : packed ? " packs two bytes per pixel (pixel stride 1 or 2, both read as " + f + ")"
                                : " planes are bytes in a row (pixel stride 1)")
                        + "; for other strides describe the frame as YUV_420_888");
            }
        }
        switch (f) {
            case YUYV:
            case UYVY: {
                YuvPlane p = given.get(0);
                check(frame, names[0], p, 4 * cw, h, 1);
                boolean yFirst = f == PixelFormat.YUYV;
                return new YuvPlane[] {p.shifted(yFirst ? 0 : 1, 2), p.shifted(yFirst ? 1 : 0, 4), p.shifted(yFirst ? 3 : 2, 4)};
            }
            case NV12:
            case NV21: {
                YuvPlane y = given.get(0);
                YuvPlane c = given.get(1);
                check(frame, names[0], y, w, h, 1);
                check(frame, names[1], c, 2 * cw, ch, 1);
                boolean uFirst = f == PixelFormat.NV12;
                return new YuvPlane[] {y.shifted(0, 1), c.shifted(uFirst ? 0 : 1, 2), c.shifted(uFirst ? 1 : 0, 2)};
            }
            case I420:
            case YV12: {
                check(frame, names[0], given.get(0), w, h, 1);
                check(frame, names[1], given.get(1), cw, ch, 1);
                check(frame, names[2], given.get(2), cw, ch, 1);
                YuvPlane u = given.get(f == PixelFormat.I420 ? 1 : 2);
                YuvPlane v = given.get(f == PixelFormat.I420 ? 2 : 1);
                return new YuvPlane[] {given.get(0).shifted(0, 1), u.shifted(0, 1), v.shifted(0, 1)};
            }
            default: {
                YuvPlane y = given.get(0);
                if (y.pixelStride() != 1) {
                    throw new InvalidPixelsException("plane Y of " + frame + " has pixel stride " + y.pixelStride()
                            + "; a luma plane's pixel stride is 1");
                }
                check(frame, names[0], y, w, h, 1);
                for (int i = 1; i < 3; i++) {
                    YuvPlane c = given.get(i);
                    if (c.pixelStride() != 1 && c.pixelStride() != 2) {
                        throw new InvalidPixelsException("plane " + names[i] + " of " + frame + " has pixel stride "
                                + c.pixelStride() + "; YUV_420_888 chroma planes have pixel stride 1 (planar) or 2 (interleaved)");
                    }
                    check(frame, names[i], c, cw, ch, c.pixelStride());
                }
                return new YuvPlane[] {y, given.get(1), given.get(2)};
            }
        }
    }

    /** The names of the planes the caller gives, in order. */
    static String[] names(PixelFormat f) {
        switch (f) {
            case NV12: return new String[] {"Y", "UV"};
            case NV21: return new String[] {"Y", "VU"};
            case I420: case YUV_420_888: return new String[] {"Y", "U", "V"};
            case YV12: return new String[] {"Y", "V", "U"};
            default: return new String[] {f.name()};
        }
    }

    /** A plane of {@code rows} rows of {@code cols} samples {@code ps} bytes apart must fit its memory. */
    private static void check(String frame, String name, YuvPlane p, int cols, int rows, int ps) {
        String where = "plane " + name + " of " + frame;
        if (p.offset() < 0) {
            throw new InvalidPixelsException(where + ": offset must be >= 0, got " + p.offset());
        }
        long rowBytes = (long) (cols - 1) * ps + 1;
        if (p.rowStride() < rowBytes) {
            throw new InvalidPixelsException(where + ": row stride " + p.rowStride() + " is smaller than its "
                    + cols + " samples" + (ps > 1 ? " at pixel stride " + ps : "") + " (" + rowBytes + " bytes)");
        }
        long needed = p.offset() + (long) p.rowStride() * (rows - 1) + rowBytes;
        if (needed > p.capacity()) {
            throw new InvalidPixelsException(where + " (" + rows + " rows of " + cols + " samples, " + p + ") needs "
                    + needed + " bytes, has " + p.capacity());
        }
    }
}
