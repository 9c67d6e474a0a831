package dev.pixelprep.core.pixels;

/** How the colour channels of a pixel with alpha relate to that alpha. */
public enum AlphaMode {
    /** Colour is stored as is, independent of alpha (PNG, Android {@code Bitmap} pixels read with getPixels). */
    STRAIGHT,
    /** Colour has been multiplied by alpha/255 (Core Graphics bitmaps, most {@code CVPixelBuffer}s, Java {@code TYPE_INT_ARGB_PRE}). */
    PREMULTIPLIED
}
