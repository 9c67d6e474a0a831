package dev.pixelprep.core.pixels;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One plane of a YUV {@link PixelBuffer} as the reader sees it: sample {@code (x, y)} of the plane is the byte at
 * {@code offset + y·rowStride + x·pixelStride} of a {@code byte[]} or a (direct) {@link ByteBuffer}, whose position and
 * limit are ignored. A buffer's luma plane, and its U and V planes, are always given this way, whatever the format:
 * NV21's interleaved VU plane is a V plane and a U plane one byte apart with pixel stride 2, YUYV's single plane is a
 * luma plane of pixel stride 2 and chroma planes of pixel stride 4, as Android's {@code Image.Plane} describes them.
 *
 * <p>Immutable in its description; the memory is the caller's, read and never written. Thread-safe.
 */
public final class YuvPlane {
    private final byte[] bytes;
    private final ByteBuffer buffer;
    private final int offset;
    private final int rowStride;
    private final int pixelStride;

    private YuvPlane(byte[] bytes, ByteBuffer buffer, int offset, int rowStride, int pixelStride) {
        this.bytes = bytes;
        this.buffer = buffer;
        this.offset = offset;
        this.rowStride = rowStride;
        this.pixelStride = pixelStride;
    }

    /** A plane in an array. */
    public static YuvPlane of(byte[] data, int offset, int rowStride, int pixelStride) {
        return new YuvPlane(Objects.requireNonNull(data, "data"), null, offset, rowStride, pixelStride);
    }

    /** A plane in a heap or direct buffer (absolute positions). */
    public static YuvPlane of(ByteBuffer data, int offset, int rowStride, int pixelStride) {
        return new YuvPlane(null, Objects.requireNonNull(data, "data"), offset, rowStride, pixelStride);
    }

    /** The same memory and strides, starting {@code delta} bytes later. */
    YuvPlane shifted(int delta, int newPixelStride) {
        return new YuvPlane(bytes, buffer, offset + delta, rowStride, newPixelStride);
    }

    /** The backing array, or {@code null} when the plane is a {@link ByteBuffer}. */
    public byte[] byteArray() {
        return bytes;
    }

    /** The backing buffer, or {@code null} when the plane is an array. */
    public ByteBuffer byteBuffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int rowStride() {
        return rowStride;
    }

    public int pixelStride() {
        return pixelStride;
    }

    /** Bytes of memory behind the plane (array length or buffer capacity). */
    long capacity() {
        return bytes != null ? bytes.length : buffer.capacity();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof YuvPlane)) {
            return false;
        }
        YuvPlane p = (YuvPlane) o;
        return bytes == p.bytes && buffer == p.buffer && offset == p.offset && rowStride == p.rowStride
                && pixelStride == p.pixelStride;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(bytes), System.identityHashCode(buffer), offset, rowStride, pixelStride);
    }

    @Override
    public String toString() {
        return "offset " + offset + ", row stride " + rowStride + ", pixel stride " + pixelStride;
    }
}
