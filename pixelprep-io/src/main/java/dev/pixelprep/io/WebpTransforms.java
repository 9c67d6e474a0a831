package dev.pixelprep.io;

/**
 * The four inverse transforms of lossless WebP (RFC 9649 section 4), with libwebp's arithmetic: per-channel sums
 * modulo 256, its averaging and clamping, predictor modes 14 and 15 (and any green value's high bits) read as libwebp
 * reads them, and colour indices past the palette mapped to transparent black.
 *
 * <p>Stateless: the methods work on the arrays they are given.
 */
final class WebpTransforms {
    private static final int BLACK = 0xFF000000;

    private WebpTransforms() {
    }

    /**
     * Adds each pixel's prediction to its residual, in place, row by row. The first row predicts from the left
     * (its first pixel from black), the first column from above, every other pixel by its tile's mode. The
     * top-right neighbour of a row's last pixel is the row's own first pixel, which the linear layout gives.
     */
    static void predictor(int[] p, int width, int height, int bits, int[] modes) {
        p[0] = LosslessWebp.addPixels(p[0], BLACK);
        for (int x = 1; x < width; x++) {
            p[x] = LosslessWebp.addPixels(p[x], p[x - 1]);
        }
        int tilesWide = LosslessWebp.subSample(width, bits);
        for (int y = 1; y < height; y++) {
            int row = y * width;
            p[row] = LosslessWebp.addPixels(p[row], p[row - width]);
            int tileRow = (y >> bits) * tilesWide;
            for (int x = 1; x < width; x++) {
                int i = row + x;
                // libwebp indexes its 16 predictors by the low four bits of green; 14 and 15 are black, as 0 is
                int mode = (modes[tileRow + (x >> bits)] >> 8) & 0xF;
                p[i] = LosslessWebp.addPixels(p[i], predict(mode, p[i - 1], p[i - width], p[i - width - 1], p[i - width + 1]));
            }
        }
    }

    private static int predict(int mode, int l, int t, int tl, int tr) {
        switch (mode) {
            case 1: return l;
            case 2: return t;
            case 3: return tr;
            case 4: return tl;
            case 5: return average2(average2(l, tr), t);
            case 6: return average2(l, tl);
            case 7: return average2(l, t);
            case 8: return average2(tl, t);
            case 9: return average2(t, tr);
            case 10: return average2(average2(l, tl), average2(t, tr));
            case 11: return select(t, l, tl);
            case 12: return clampAddSubtractFull(l, t, tl);
            case 13: return clampAddSubtractHalf(average2(l, t), tl);
            default: return BLACK;
        }
    }

    /** Per-channel floor of the mean. */
    private static int average2(int a, int b) {
        return (((a ^ b) & 0xFEFEFEFE) >>> 1) + (a & b);
    }

    /**
     * The neighbour (top or left) nearer to the gradient estimate L + T − TL, summed over the four channels;
     * top on a tie.
     */
    private static int select(int t, int l, int tl) {
        int d = 0;
        for (int s = 0; s < 32; s += 8) {
            int tc = (t >>> s) & 0xFF;
            int lc = (l >>> s) & 0xFF;
            int c = (tl >>> s) & 0xFF;
            d += Math.abs(lc - c) - Math.abs(tc - c);
        }
        return d <= 0 ? t : l;
    }

    private static int clampAddSubtractFull(int a, int b, int c) {
        int out = 0;
        for (int s = 0; s < 32; s += 8) {
            out |= clamp(((a >>> s) & 0xFF) + ((b >>> s) & 0xFF) - ((c >>> s) & 0xFF)) << s;
        }
        return out;
    }

    private static int clampAddSubtractHalf(int avg, int c) {
        int out = 0;
        for (int s = 0; s < 32; s += 8) {
            int a = (avg >>> s) & 0xFF;
            // C's division truncates toward zero, as Java's does
            out |= clamp(a + (a - ((c >>> s) & 0xFF)) / 2) << s;
        }
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Undoes the colour transform, in place: red from green, then blue from green and the new red. */
    static void crossColor(int[] p, int width, int height, int bits, int[] data) {
        int tilesWide = LosslessWebp.subSample(width, bits);
        for (int y = 0; y < height; y++) {
            int tileRow = (y >> bits) * tilesWide;
            for (int x = 0, i = y * width; x < width; x++, i++) {
                int m = data[tileRow + (x >> bits)];
                byte greenToRed = (byte) m;
                byte greenToBlue = (byte) (m >> 8);
                byte redToBlue = (byte) (m >> 16);
                int argb = p[i];
                byte green = (byte) (argb >> 8);
                int red = ((argb >> 16) + delta(greenToRed, green)) & 0xFF;
                int blue = ((argb & 0xFF) + delta(greenToBlue, green) + delta(redToBlue, (byte) red)) & 0xFF;
                p[i] = (argb & 0xFF00FF00) | red << 16 | blue;
            }
        }
    }

    /** Signed 3.5 fixed-point product. */
    private static int delta(byte multiplier, byte color) {
        return (multiplier * color) >> 5;
    }

    /** Undoes subtract-green, in place: green is added to red and to blue. */
    static void addGreen(int[] p) {
        for (int i = 0; i < p.length; i++) {
            int argb = p[i];
            int green = (argb >>> 8) & 0xFF;
            int rb = ((argb & 0x00FF00FF) + (green << 16 | green)) & 0x00FF00FF;
            p[i] = (argb & 0xFF00FF00) | rb;
        }
    }

    /**
     * Replaces colour indices (the green byte, {@code 8 >> bits} bits each, {@code 1 << bits} per packed pixel,
     * first pixel in the low bits) by palette colours; returns the image at its full width.
     */
    static int[] colorIndexing(int[] in, int width, int height, int bits, int[] palette) {
        int[] out = new int[width * height];
        int packedWidth = LosslessWebp.subSample(width, bits);
        int bitsPerPixel = 8 >> bits;
        int mask = (1 << bitsPerPixel) - 1;
        int perPacked = 1 << bits;
        for (int y = 0; y < height; y++) {
            int src = y * packedWidth;
            int dst = y * width;
            for (int x = 0; x < width; x++) {
                int packed = (in[src + (x >> bits)] >>> 8) & 0xFF;
                int index = (packed >>> ((x & (perPacked - 1)) * bitsPerPixel)) & mask;
                out[dst + x] = palette[index];
            }
        }
        return out;
    }

    /**
     * Undoes an alpha plane's filter in place (libwebp's {@code WebPUnfilters}): 1 horizontal, 2 vertical, 3
     * gradient; each predicts from already unfiltered values, the first row from the left (its first value from 0),
     * the first column from above.
     */
    static void unfilter(byte[] a, int width, int height, int filter) {
        if (filter == 0) {
            return;
        }
        for (int y = 0; y < height; y++) {
            int row = y * width;
            if (y == 0) {
                int pred = 0;
                for (int x = 0; x < width; x++) {
                    pred = (pred + a[x]) & 0xFF;
                    a[x] = (byte) pred;
                }
                continue;
            }
            int up = row - width;
            switch (filter) {
                case 1: {
                    int pred = a[up] & 0xFF;
                    for (int x = 0; x < width; x++) {
                        pred = (pred + a[row + x]) & 0xFF;
                        a[row + x] = (byte) pred;
                    }
                    break;
                }
                case 2:
                    for (int x = 0; x < width; x++) {
                        a[row + x] = (byte) (a[up + x] + a[row + x]);
                    }
                    break;
                default: {
                    int top = a[up] & 0xFF;
                    int topLeft = top;
                    int left = top;
                    for (int x = 0; x < width; x++) {
                        top = a[up + x] & 0xFF;
                        left = (a[row + x] + clamp(left + top - topLeft)) & 0xFF;
                        topLeft = top;
                        a[row + x] = (byte) left;
                    }
                }
            }
        }
    }
}
