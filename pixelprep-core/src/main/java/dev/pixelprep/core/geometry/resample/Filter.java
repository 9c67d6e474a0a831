package dev.pixelprep.core.geometry.resample;

/**
 * Interpolation filters of the resize kernels. Which filters a family supports is documented on each
 * resampler; an unsupported combination is rejected with an {@link IllegalArgumentException}.
 */
public enum Filter {
    /** Nearest neighbour, with the family's own index rule (Pillow, OpenCV and torch all differ). */
    NEAREST,
    /** Pillow's box filter (support 0.5), antialiased like every Pillow filter. */
    BOX,
    /** Linear interpolation / Pillow's triangle filter. */
    BILINEAR,
    /** Pillow's Hamming-windowed sinc (support 1). */
    HAMMING,
    /** Cubic convolution: a = -0.5 in Pillow (and torch antialias), a = -0.75 in OpenCV and torch without antialias. */
    BICUBIC,
    /** Pillow's Lanczos (a = 3). */
    LANCZOS,
    /** OpenCV's INTER_AREA only: pixel-area averaging when shrinking, a bilinear variant when enlarging. */
    AREA
}
