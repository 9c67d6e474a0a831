package dev.pixelprep.core.pixels;

import dev.pixelprep.core.InvalidPixelsException;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A rectangle of pixels in caller-owned memory: a {@code byte[]}, a heap or direct {@link ByteBuffer}, or an
 * {@code int[]} of packed ARGB. Rows may be padded ({@code rowStride} larger than {@code width × bytes per
 * pixel}), as {@code CVPixelBuffer}'s bytesPerRow often is, and the first pixel may sit at an offset.
 *
 * <p>The value is immutable in its description; the pixel memory itself is shared with the caller and is
 * read, never written. Every size is checked when the buffer is built, so a kernel never reads out of bounds.
 * For {@link PixelFormat#INT_ARGB} the offset and stride count ints; for every other format they count bytes.
 */
public final class PixelBuffer {
    /** Largest width or height accepted; beyond it a size is treated as corrupt rather than allocated. */
    public static final int MAX_DIMENSION = 1 << 16;

    private final int width;
    private final int height;
    private final PixelFormat format;
    private final AlphaMode alphaMode;
    private final int rowStride;
    private final int offset;
    private final byte[] bytes;
    private final ByteBuffer byteBuffer;
    private final int[] ints;

    private PixelBuffer(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.format = Objects.requireNonNull(b.format, "format");
        this.alphaMode = b.alphaMode;
        this.offset = b.offset;
        this.bytes = b.bytes;
        this.byteBuffer = b.byteBuffer;
        this.ints = b.ints;
        int tight = width * format.pixelStride();
        this.rowStride = b.rowStride == 0 ? tight : b.rowStride;
        validate(tight);
    }

    private void validate(int tight) {
        if (width <= 0 || height <= 0) {
            throw new InvalidPixelsException("pixel buffer size must be positive, got " + width + "x" + height);
        }
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new InvalidPixelsException("pixel buffer size " + width + "x" + height + " exceeds the limit of "
                    + MAX_DIMENSION + " per side");
        }
        int sources = (bytes != null ? 1 : 0) + (byteBuffer != null ? 1 : 0) + (ints != null ? 1 : 0);
        if (sources != 1) {
            throw new InvalidPixelsException("a pixel buffer needs exactly one of byte[], ByteBuffer or int[], got " + sources);
        }
        if (format.isPackedInt() != (ints != null)) {
            throw new InvalidPixelsException(format.isPackedInt()
                    ? "format " + format + " needs an int[] of packed pixels"
                    : "format " + format + " is stored in bytes; an int[] holds only the packed INT_* formats");
        }
        String unit = format.isPackedInt() ? "ints" : "bytes";
        if (offset < 0) {
            throw new InvalidPixelsException("offset must be >= 0, got " + offset);
        }
        if (rowStride < tight) {
            throw new InvalidPixelsException("row stride " + rowStride + " " + unit + " is smaller than width " + width
                    + " x " + format.pixelStride() + " = " + tight + " " + unit + " for " + format);
        }
        long needed = (long) offset + (long) rowStride * (height - 1) + tight;
        long have = capacity();
        if (needed > have) {
            throw new InvalidPixelsException("buffer too short for " + width + "x" + height + " " + format + " with row stride "
                    + rowStride + " and offset " + offset + ": needs " + needed + " " + unit + ", has " + have);
        }
    }

    private long capacity() {
        if (bytes != null) {
            return bytes.length;
        }
        if (ints != null) {
            return ints.length;
        }
        return byteBuffer.capacity();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A tightly packed byte buffer (row stride = width × bytes per pixel, offset 0). */
    public static PixelBuffer of(byte[] data, int width, int height, PixelFormat format) {
        return builder().size(width, height).format(format).data(data).build();
    }

    /** A tightly packed array of {@code 0xAARRGGBB} ints. */
    public static PixelBuffer ofArgb(int[] data, int width, int height) {
        return builder().size(width, height).format(PixelFormat.INT_ARGB).data(data).build();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelFormat format() {
        return format;
    }

    public AlphaMode alphaMode() {
        return alphaMode;
    }

    /** Distance between the starts of two rows, in bytes (ints for {@link PixelFormat#INT_ARGB}). */
    public int rowStride() {
        return rowStride;
    }

    /** Position of the first pixel, in bytes (ints for {@link PixelFormat#INT_ARGB}). */
    public int offset() {
        return offset;
    }

    /** The backing array when the buffer is a {@code byte[]}, else {@code null}. */
    public byte[] byteArray() {
        return bytes;
    }

    /** The backing {@link ByteBuffer} (positions are absolute; its position and limit are ignored), else {@code null}. */
    public ByteBuffer byteBuffer() {
        return byteBuffer;
    }

    /** The backing {@code int[]} of packed ARGB, else {@code null}. */
    public int[] intArray() {
        return ints;
    }

    /** Same memory and format, viewed as a sub-rectangle. */
    public PixelBuffer region(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new InvalidPixelsException("region " + x + "," + y + " " + w + "x" + h + " is not inside " + width + "x" + height);
        }
        return new Builder().from(this).size(w, h).offset(offset + y * rowStride + x * format.pixelStride()).build();
    }

    @Override
    public String toString() {
        return "PixelBuffer[" + width + "x" + height + " " + format + (format.hasAlpha() ? " " + alphaMode : "")
                + ", stride " + rowStride + ", offset " + offset + "]";
    }

    /** Builder; {@code size}, {@code format} and one data source are required. */
    public static final class Builder {
        private int width;
        private int height;
        private PixelFormat format;
        private AlphaMode alphaMode = AlphaMode.STRAIGHT;
        private int rowStride;
        private int offset;
        private byte[] bytes;
        private ByteBuffer byteBuffer;
        private int[] ints;

        private Builder() {
        }

        private Builder from(PixelBuffer p) {
            width = p.width;
            height = p.height;
            format = p.format;
            alphaMode = p.alphaMode;
            rowStride = p.rowStride;
            offset = p.offset;
            bytes = p.bytes;
            byteBuffer = p.byteBuffer;
            ints = p.ints;
            return this;
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder format(PixelFormat format) {
            this.format = format;
            return this;
        }

        public Builder alphaMode(AlphaMode alphaMode) {
            this.alphaMode = Objects.requireNonNull(alphaMode, "alphaMode");
            return this;
        }

        /** Row stride in bytes (ints for INT_ARGB); 0 (the default) means tightly packed. */
        public Builder rowStride(int rowStride) {
            this.rowStride = rowStride;
            return this;
        }

        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        public Builder data(byte[] data) {
            this.bytes = Objects.requireNonNull(data, "data");
            this.byteBuffer = null;
            this.ints = null;
            return this;
        }

        public Builder data(ByteBuffer data) {
            this.byteBuffer = Objects.requireNonNull(data, "data");
            this.bytes = null;
            this.ints = null;
            return this;
        }

        public Builder data(int[] data) {
            this.ints = Objects.requireNonNull(data, "data");
            this.bytes = null;
            this.byteBuffer = null;
            return this;
        }

        public PixelBuffer build() {
            return new PixelBuffer(this);
        }
    }
}
