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
 *
 * <p>A YUV buffer ({@link PixelFormat#isYuv()}) is built from its planes ({@link Builder#plane}), or from one array
 * in the format's contiguous layout, and carries the {@link YuvConversion} its samples are read with (by default
 * {@link YuvConversion#defaultFor}). Its {@link #offset()} and {@link #rowStride()} are the luma plane's, and
 * {@link #byteArray()} and {@link #byteBuffer()} are {@code null}: read it through {@link #lumaPlane()},
 * {@link #uPlane()} and {@link #vPlane()}.
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
    /** Luma, U and V planes of a YUV buffer, else {@code null}. */
    private final YuvPlane[] yuvPlanes;
    private final YuvConversion yuv;

    private PixelBuffer(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.format = Objects.requireNonNull(b.format, "format");
        this.alphaMode = b.alphaMode;
        this.offset = b.offset;
        this.bytes = b.bytes;
        this.byteBuffer = b.byteBuffer;
        this.ints = b.ints;
        if (format.isYuv()) {
            checkSize();
            this.yuv = b.yuv == null ? YuvConversion.defaultFor(format) : b.yuv;
            if (b.normalised != null) {
                this.yuvPlanes = b.normalised;
            } else {
                boolean oneArray = bytes != null || byteBuffer != null;
                if (oneArray == !b.planes.isEmpty()) {
                    throw new InvalidPixelsException("a " + format + " buffer needs either its planes or one array in its "
                            + "contiguous layout, got " + (oneArray ? "both" : "neither"));
                }
                if (ints != null) {
                    throw new InvalidPixelsException("format " + format + " is stored in bytes; an int[] holds only the packed INT_* formats");
                }
                if (offset < 0) {
                    throw new InvalidPixelsException("offset must be >= 0, got " + offset);
                }
                java.util.List<YuvPlane> given = oneArray
                        ? YuvLayout.contiguous(format, width, height, bytes, byteBuffer, offset, b.rowStride) : b.planes;
                this.yuvPlanes = YuvLayout.normalise(format, width, height, given);
            }
            this.rowStride = yuvPlanes[0].rowStride();
            return;
        }
        if (b.yuv != null || !b.planes.isEmpty()) {
            throw new InvalidPixelsException("planes and a YUV conversion belong to YUV formats, not " + format);
        }
        this.yuvPlanes = null;
        this.yuv = null;
        int tight = width * format.pixelStride();
        this.rowStride = b.rowStride == 0 ? tight : b.rowStride;
        validate(tight);
    }

    private void checkSize() {
        if (width <= 0 || height <= 0) {
            throw new InvalidPixelsException("pixel buffer size must be positive, got " + width + "x" + height);
        }
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new InvalidPixelsException("pixel buffer size " + width + "x" + height + " exceeds the limit of "
                    + MAX_DIMENSION + " per side");
        }
    }

    private void validate(int tight) {
        checkSize();
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

    /** The luma plane of a YUV buffer, else {@code null}. */
    public YuvPlane lumaPlane() {
        return yuvPlanes == null ? null : yuvPlanes[0];
    }

    /** The U (Cb) plane of a YUV buffer, as the reader sees it (see {@link YuvPlane}), else {@code null}. */
    public YuvPlane uPlane() {
        return yuvPlanes == null ? null : yuvPlanes[1];
    }

    /** The V (Cr) plane of a YUV buffer, as the reader sees it, else {@code null}. */
    public YuvPlane vPlane() {
        return yuvPlanes == null ? null : yuvPlanes[2];
    }

    /** How a YUV buffer's samples become RGB, else {@code null}. */
    public YuvConversion yuvConversion() {
        return yuv;
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
        if (yuvPlanes != null) {
            if (x % 2 != 0 || (format.isYuv420() && y % 2 != 0)) {
                throw new InvalidPixelsException("region " + x + "," + y + " " + w + "x" + h + " of " + format + " starts inside a "
                        + "chroma block; start it at an even " + (format.isYuv420() ? "column and row" : "column"));
            }
            int cy = format.isYuv420() ? y / 2 : y;
            Builder b = new Builder().from(this).size(w, h);
            b.normalised = new YuvPlane[] {
                yuvPlanes[0].shifted(y * yuvPlanes[0].rowStride() + x * yuvPlanes[0].pixelStride(), yuvPlanes[0].pixelStride()),
                yuvPlanes[1].shifted(cy * yuvPlanes[1].rowStride() + x / 2 * yuvPlanes[1].pixelStride(), yuvPlanes[1].pixelStride()),
                yuvPlanes[2].shifted(cy * yuvPlanes[2].rowStride() + x / 2 * yuvPlanes[2].pixelStride(), yuvPlanes[2].pixelStride())};
            return b.build();
        }
        return new Builder().from(this).size(w, h).offset(offset + y * rowStride + x * format.pixelStride()).build();
    }

    @Override
    public String toString() {
        if (yuvPlanes != null) {
            return "PixelBuffer[" + width + "x" + height + " " + format + " " + yuv + ", Y " + yuvPlanes[0] + "; U "
                    + yuvPlanes[1] + "; V " + yuvPlanes[2] + "]";
        }
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
        private final java.util.List<YuvPlane> planes = new java.util.ArrayList<>();
        private YuvPlane[] normalised;
        private YuvConversion yuv;

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
            normalised = p.yuvPlanes;
            yuv = p.yuv;
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

        /**
         * The next plane of a YUV buffer, in the format's order (NV12: Y, UV; NV21: Y, VU; I420 and YUV_420_888: Y, U, V;
         * YV12: Y, V, U; YUYV and UYVY: one plane), with pixel stride 1 (2 for an interleaved chroma plane of NV12/NV21
         * is also accepted).
         */
        public Builder plane(byte[] data, int offset, int rowStride) {
            return plane(YuvPlane.of(data, offset, rowStride, 1));
        }

        /** {@link #plane(byte[], int, int)} with a pixel stride, as {@code Image.Plane.getPixelStride()} gives it. */
        public Builder plane(byte[] data, int offset, int rowStride, int pixelStride) {
            return plane(YuvPlane.of(data, offset, rowStride, pixelStride));
        }

        /** {@link #plane(byte[], int, int, int)} in a heap or direct buffer, at absolute positions. */
        public Builder plane(ByteBuffer data, int offset, int rowStride, int pixelStride) {
            return plane(YuvPlane.of(data, offset, rowStride, pixelStride));
        }

        public Builder plane(YuvPlane plane) {
            planes.add(Objects.requireNonNull(plane, "plane"));
            normalised = null;
            return this;
        }

        /** How the YUV samples become RGB (default {@link YuvConversion#defaultFor} the format). */
        public Builder yuv(YuvConversion conversion) {
            this.yuv = Objects.requireNonNull(conversion, "conversion");
            return this;
        }

        public PixelBuffer build() {
            return new PixelBuffer(this);
        }
    }
}
