package dev.pixelprep.io;

/**
 * What to do with an ICC colour profile embedded in an image file.
 *
 * <p>OpenCV's {@code imread} and Pillow's {@code Image.open} both ignore embedded profiles and hand the stored
 * samples to the model, so {@link #IGNORE} is what a model trained with either expects. Java's own JPEG reader
 * does the opposite: it converts JPEGs with a profile to sRGB while decoding (for an Adobe RGB JPEG that
 * changes most values by several grey levels), which is why pixelprep never lets it.
 */
public enum IccPolicy {
    /** Keep the stored samples (as OpenCV and Pillow do); the profile is only reported. */
    IGNORE,
    /**
     * Convert RGB and grey samples from the embedded profile to sRGB (output is then RGB, 8 bits per channel);
     * a CMYK/YCCK JPEG is converted to RGB by the TwelveMonkeys reader using its profile.
     */
    APPLY
}
