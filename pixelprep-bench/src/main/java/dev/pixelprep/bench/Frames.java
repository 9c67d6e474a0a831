package dev.pixelprep.bench;

import java.util.SplittableRandom;

/**
 * Synthetic camera frames for the 1080p benchmarks.
 *
 * <p>Stateless utility: static methods only.
 */
final class Frames {
    private Frames() {
    }

    /**
     * Random values smoothed along rows and columns into a BGRA frame (alpha 255): camera-like content, so that the
     * kernels' outputs spread over the whole 0..255 range of the normalisation and any misplaced tap shows.
     */
    static void smoothNoise(byte[] bgra, int width, int height, SplittableRandom rnd) {
        int[] prev = new int[width * 4];
        for (int y = 0; y < height; y++) {
            int[] left = {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 255};
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 4; c++) {
                    int i = x * 4 + c;
                    int v = c == 3 ? 255 : (left[c] + prev[i] + rnd.nextInt(256) + 1) / 3;
                    left[c] = v;
                    prev[i] = v;
                    bgra[(y * width + x) * 4 + c] = (byte) v;
                }
            }
        }
    }
}
