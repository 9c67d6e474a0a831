package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A raw frame dump (what users capture from a device to debug: the bytes of an NV21 preview buffer, an
 * {@code ImageProxy}'s planes written one after another, a {@code CVPixelBuffer}'s base address, an ffmpeg
 * {@code -f rawvideo} file) read as a {@link PixelBuffer} in the format's contiguous layout. The file's size is
 * checked against the declared size and stride before it is read, so a wrong {@code --raw-size} is an error, not a
 * frame of garbage.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class RawFrame {
    private RawFrame() {
    }

    /**
     * Reads {@code file} as a {@code width × height} frame of {@code format}.
     *
     * @param rowStride  bytes per row of the first plane (0 = tight); NV12/NV21 chroma rows use the same stride
     * @param conversion how YUV samples become RGB, {@code null} for the format's default; must be {@code null} for RGB formats
     * @param options    only its pixel limit applies ({@link DecodeOptions#maxPixels()}), as to a decoded image's header
     */
    public static DecodedImage read(Path file, PixelFormat format, int width, int height, int rowStride, YuvConversion conversion,
            DecodeOptions options) {
        if (format == PixelFormat.YUV_420_888) {
            throw new InvalidPixelsException(file + ": a raw YUV_420_888 dump has no single layout; give it as NV21, NV12 or I420 "
                    + "(pixel stride 2 with V first is NV21, with U first NV12; pixel stride 1 is I420)");
        }
        if (format.isPackedInt()) {
            throw new InvalidPixelsException(file + ": a raw frame is bytes; " + format + " is packed ints, use ARGB8888 or BGRA8888");
        }
        if (width <= 0 || height <= 0 || width > PixelBuffer.MAX_DIMENSION || height > PixelBuffer.MAX_DIMENSION) {
            throw new InvalidPixelsException(file + ": raw size " + width + "x" + height + " must be positive and at most "
                    + PixelBuffer.MAX_DIMENSION + " per side");
        }
        ImageDecoder.requirePixels(file.toString(), "raw frame size", width, height, options.maxPixels());
        long full = fullSize(format, width, height, rowStride);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InvalidPixelsException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidPixelsException(file + ": cannot read (" + e.getMessage() + ")");
        }
        String declared = width + "x" + height + " " + format + (rowStride == 0 ? "" : " with row stride " + rowStride);
        if (size > full) {
            throw new InvalidPixelsException(file + ": " + size + " bytes, but a " + declared + " frame has " + full
                    + "; check --raw-size, --raw-format and --row-stride");
        }
        if (full > Integer.MAX_VALUE - 8) {
            throw new InvalidPixelsException(file + ": a " + declared + " frame of " + full + " bytes is too large to read");
        }
        ImageDecoder.requireHeap(file.toString(), "reading the " + declared + " frame", size);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidPixelsException(file + ": cannot read (" + e.getMessage() + ")");
        }
        PixelBuffer.Builder b = PixelBuffer.builder().size(width, height).format(format).rowStride(rowStride).data(data);
        if (conversion != null) {
            if (!format.isYuv()) {
                throw new InvalidPixelsException(file + ": a YUV conversion applies to YUV formats, not " + format);
            }
            b.yuv(conversion);
        }
        PixelBuffer px;
        try {
            px = b.build();
        } catch (InvalidPixelsException e) {
            throw new InvalidPixelsException(file + ": " + size + " bytes do not hold a " + declared + " frame: " + e.getMessage());
        }
        return new DecodedImage(px, "raw " + format, width, height, OptionalInt.of(8), false, Optional.empty(), false, 1, false);
    }

    /** Bytes of a frame whose every row is a full stride (a dump may end after the last sample instead). */
    static long fullSize(PixelFormat f, int w, int h, int rowStride) {
        int cw = (w + 1) / 2;
        int ch = f.isYuv420() ? (h + 1) / 2 : h;
        switch (f) {
            case NV12:
            case NV21: {
                long rs = rowStride == 0 ? w : rowStride;
                return rs * h + rs * ch;
            }
            case I420:
            case YV12:
                return (long) w * h + 2L * cw * ch;
            case YUYV:
            case UYVY:
                return (long) (rowStride == 0 ? 4 * cw : rowStride) * h;
            default:
                return (long) (rowStride == 0 ? w * f.pixelStride() : rowStride) * h;
        }
    }
}
