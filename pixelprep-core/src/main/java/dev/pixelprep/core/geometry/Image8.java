package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidPixelsException;

/**
 * A tightly packed 8-bit image with interleaved channels (1 = gray, 3 = RGB, 4 = RGBA): what the resize kernels
 * read and write. Rows follow each other without padding; pixel (x, y) channel c is at
 * {@code data[(y * width + x) * channels + c]}.
 *
 * <p>Confined to one thread: a mutable image whose pixel array is public and written in place by the resamplers;
 * share it between threads only when nobody writes it any more.
 */
public final class Image8 {
    public final int width;
    public final int height;
    public final int channels;
    public final byte[] data;

    public Image8(int width, int height, int channels, byte[] data) {
        if (width <= 0 || height <= 0) {
            throw new InvalidPixelsException("image size must be positive, got " + width + "x" + height);
        }
        if (channels < 1 || channels > 4) {
            throw new InvalidPixelsException("image needs 1 to 4 channels, got " + channels);
        }
        long n = (long) width * height * channels;
        if (data.length < n) {
            throw new InvalidPixelsException("image data holds " + data.length + " bytes, " + width + "x" + height + "x" + channels + " needs " + n);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
    }

    /** A zeroed image. */
    public static Image8 allocate(int width, int height, int channels) {
        return new Image8(width, height, channels, new byte[Math.multiplyExact(Math.multiplyExact(width, height), channels)]);
    }

    /** Sample at (x, y), channel c, as 0..255. */
    public int get(int x, int y, int c) {
        return data[(y * width + x) * channels + c] & 0xFF;
    }
}
