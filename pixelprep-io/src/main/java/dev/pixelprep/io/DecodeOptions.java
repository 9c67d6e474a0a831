package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;

import java.util.Objects;

/**
 * How {@link ImageDecoder} decodes: an immutable value, changed with the {@code with*} methods.
 *
 * @param icc       what to do with an embedded ICC profile; default {@link IccPolicy#IGNORE} (as OpenCV and Pillow)
 * @param exif      what to do with a JPEG's EXIF orientation; default {@link ExifPolicy#APPLY} (as OpenCV's
 *                  {@code imread}; Pillow's {@code Image.open} does not apply it, see {@link ExifPolicy})
 * @param maxPixels largest width × height accepted; checked against the file header before any pixel is
 *                  decoded, so a file declaring an absurd size fails with a message instead of running out of memory
 */
public record DecodeOptions(IccPolicy icc, ExifPolicy exif, long maxPixels) {
    /** Default pixel limit: 2^28 (268,435,456) pixels, e.g. 16384 × 16384, about 1 GiB as RGBA. */
    public static final long DEFAULT_MAX_PIXELS = 1L << 28;

    private static final DecodeOptions DEFAULTS = new DecodeOptions(IccPolicy.IGNORE, ExifPolicy.APPLY, DEFAULT_MAX_PIXELS);

    public DecodeOptions {
        Objects.requireNonNull(icc, "icc");
        Objects.requireNonNull(exif, "exif");
        if (maxPixels <= 0) {
            throw new InvalidPixelsException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /** ICC ignored, EXIF orientation applied, at most {@link #DEFAULT_MAX_PIXELS} pixels. */
    public static DecodeOptions defaults() {
        return DEFAULTS;
    }

    public DecodeOptions withIcc(IccPolicy policy) {
        return new DecodeOptions(policy, exif, maxPixels);
    }

    public DecodeOptions withExif(ExifPolicy policy) {
        return new DecodeOptions(icc, policy, maxPixels);
    }

    public DecodeOptions withMaxPixels(long limit) {
        return new DecodeOptions(icc, exif, limit);
    }
}
