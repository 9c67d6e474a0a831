package dev.pixelprep.core.geometry;

/**
 * The part of a resized image that is actually needed: columns {@code x .. x+width-1} and rows
 * {@code y .. y+height-1} of the full {@code outWidth × outHeight} result. A centre crop after a resize only needs
 * its window computed; for separable filters every output pixel depends only on its own coordinates, so the
 * window's pixels are bit-identical to the same pixels of the full resize.
 *
 * <p>Immutable: a value compared by content; safe to share between threads.
 */
public record Window(int x, int y, int width, int height) {
    public Window {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad window " + x + "," + y + " " + width + "x" + height);
        }
    }

    /** The whole output. */
    public static Window full(int outWidth, int outHeight) {
        return new Window(0, 0, outWidth, outHeight);
    }
}
