package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;

import java.util.Objects;

/**
 * How {@link ImageDecoder} decodes: an immutable value, changed with the {@code with*} methods.
 *
 * <p><b>The pixel limit</b> guards against decompression bombs: files of a few dozen bytes whose header
 * declares a huge image (a 16384 × 16384 PNG is 206 bytes and would need 1 GiB as RGBA). The size is read
 * from the header of every supported format before any pixel is allocated, and a larger image is refused
 * with a message naming the file, its size, the limit and how to raise it. The default is the point where
 * Pillow itself refuses to open an image: Pillow's {@code Image.MAX_IMAGE_PIXELS} is
 * {@code int(1024 * 1024 * 1024 // 4 // 3)} = 89,478,485 pixels, above which {@code Image.open} warns
 * ({@code DecompressionBombWarning}), and {@code _decompression_bomb_check} raises
 * {@code DecompressionBombError} above twice that, 178,956,970 (src/PIL/Image.py). So a 12000 × 9000 photo
 * (108 MP) decodes and 16384 × 16384 (268 MP) is refused. The default can be changed for a whole JVM with the
 * system property {@value #MAX_PIXELS_PROPERTY} (e.g. {@code -Dpixelprep.maxPixels=400000000}), read by
 * {@link #defaults()}; the command line has {@code --max-pixels N}.
 *
 * @param icc       what to do with an embedded ICC profile; default {@link IccPolicy#IGNORE} (as OpenCV and Pillow)
 * @param exif      what to do with a JPEG's EXIF orientation; default {@link ExifPolicy#APPLY} (as OpenCV's
 *                  {@code imread}; Pillow's {@code Image.open} does not apply it, see {@link ExifPolicy})
 * @param maxPixels largest width × height accepted; checked against the file header before any pixel is
 *                  decoded, so a file declaring an absurd size fails with a message instead of running out of memory
 */
public record DecodeOptions(IccPolicy icc, ExifPolicy exif, long maxPixels) {
    /**
     * Default pixel limit: 178,956,970 pixels, the size above which Pillow raises {@code DecompressionBombError}
     * (twice its {@code MAX_IMAGE_PIXELS} of 89,478,485). A 12000 × 9000 photo is within it; 16384 × 16384 is not.
     */
    public static final long DEFAULT_MAX_PIXELS = 2L * (1024 * 1024 * 1024 / 4 / 3);

    /** System property that overrides {@link #DEFAULT_MAX_PIXELS} in {@link #defaults()}: a positive whole number. */
    public static final String MAX_PIXELS_PROPERTY = "pixelprep.maxPixels";

    private static final DecodeOptions DEFAULTS = new DecodeOptions(IccPolicy.IGNORE, ExifPolicy.APPLY, DEFAULT_MAX_PIXELS);

    public DecodeOptions {
        Objects.requireNonNull(icc, "icc");
        Objects.requireNonNull(exif, "exif");
        if (maxPixels <= 0) {
            throw new InvalidPixelsException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /**
     * ICC ignored, EXIF orientation applied, at most {@link #DEFAULT_MAX_PIXELS} pixels, or the number the system
     * property {@value #MAX_PIXELS_PROPERTY} gives (read on every call, so it may be set after start-up).
     *
     * @throws InvalidPixelsException when the property is set to something other than a positive whole number
     */
    public static DecodeOptions defaults() {
        long limit = maxPixelsFromProperty();
        return limit == DEFAULT_MAX_PIXELS ? DEFAULTS : DEFAULTS.withMaxPixels(limit);
    }

    /** The pixel limit from {@value #MAX_PIXELS_PROPERTY}, or {@link #DEFAULT_MAX_PIXELS} when it is not set. */
    static long maxPixelsFromProperty() {
        String v = System.getProperty(MAX_PIXELS_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_PIXELS;
        }
        try {
            long n = Long.parseLong(v.trim().replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidPixelsException("-D" + MAX_PIXELS_PROPERTY + "=" + v + ": expected a positive whole number of pixels");
    }

    public DecodeOptions withIcc(IccPolicy policy) {
        return new DecodeOptions(policy, exif, maxPixels);
    }

    public DecodeOptions withExif(ExifPolicy policy) {
        return new DecodeOptions(icc, policy, maxPixels);
    }

    /** The same options with another pixel limit (width × height), which must be positive. */
    public DecodeOptions withMaxPixels(long limit) {
        return new DecodeOptions(icc, exif, limit);
    }
}
