package dev.pixelprep.io;

/**
 * A decoded VP8 frame's planes to interleaved pixels as libwebp's decoder makes them by default (what dwebp,
 * Pillow and OpenCV return): "fancy" upsampling of the 4:2:0 chroma and libwebp's fixed-point BT.601 video-range
 * matrix.
 *
 * <p>Upsampling (libwebp's {@code UpsampleRgbLinePair} and {@code EmitFancyRGB}): each output pixel takes its chroma
 * from the four nearest chroma samples weighted 9:3:3:1, in integers, with the first row and, for an even height,
 * the last row using one chroma row only, and the first column and, for an even width, the last column mirrored.
 * Matrix ({@code VP8YUVToR/G/B}): {@code R = (19077 y >> 8) + (26149 v >> 8) - 14234},
 * {@code G = (19077 y >> 8) - (6419 u >> 8) - (13320 v >> 8) + 8708}, {@code B = (19077 y >> 8) + (33050 u >> 8)
 * - 17685}, each then divided by 64 and clamped to 0..255.
 *
 * <p>Stateless utility.
 */
final class WebpYuv {
    private WebpYuv() {
    }

    /** B G R bytes per pixel, or A B G R with {@code alpha} (width x height bytes). */
    static byte[] toBgr(Vp8Reconstruction f, int width, int height, byte[] alpha) {
        int bpp = alpha != null ? 4 : 3;
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), bpp)];
        Rows r = new Rows(f, width, bpp, out, alpha);
        r.pair(0, -1, 0, 0);
        int y = 1;
        for (; y + 1 < height; y += 2) {
            r.pair(y, y + 1, (y - 1) >> 1, (y + 1) >> 1);
        }
        if (y < height) { // an even height leaves the last row, which uses the last chroma row alone
            int c = (height - 1) >> 1;
            r.pair(y, -1, c, c);
        }
        return out;
    }

    private static final class Rows {
        final byte[] ys;
        final byte[] us;
        final byte[] vs;
        final int yStride;
        final int cStride;
        final int width;
        final int bpp;
        final byte[] out;
        final byte[] alpha;

        Rows(Vp8Reconstruction f, int width, int bpp, byte[] out, byte[] alpha) {
            this.ys = f.y;
            this.us = f.u;
            this.vs = f.v;
            this.yStride = f.yStride;
            this.cStride = f.uvStride;
            this.width = width;
            this.bpp = bpp;
            this.out = out;
            this.alpha = alpha;
        }

        /**
         * Output rows {@code top} and {@code bottom} (-1: none), lying between chroma rows {@code cTop} and
         * {@code cCur}: the top row is nearer {@code cTop}, the bottom row nearer {@code cCur}.
         */
        void pair(int top, int bottom, int cTop, int cCur) {
            int tc = cTop * cStride;
            int cc = cCur * cStride;
            int tlU = us[tc] & 0xFF;
            int tlV = vs[tc] & 0xFF;
            int lU = us[cc] & 0xFF;
            int lV = vs[cc] & 0xFF;
            put(top, 0, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2);
            if (bottom >= 0) {
                put(bottom, 0, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2);
            }
            int pairs = (width - 1) >> 1;
            for (int x = 1; x <= pairs; x++) {
                int tU = us[tc + x] & 0xFF;
                int tV = vs[tc + x] & 0xFF;
                int cU = us[cc + x] & 0xFF;
                int cV = vs[cc + x] & 0xFF;
                int avgU = tlU + tU + lU + cU + 8;
                int avgV = tlV + tV + lV + cV + 8;
                int d12U = (avgU + 2 * (tU + lU)) >> 3;
                int d12V = (avgV + 2 * (tV + lV)) >> 3;
                int d03U = (avgU + 2 * (tlU + cU)) >> 3;
                int d03V = (avgV + 2 * (tlV + cV)) >> 3;
                put(top, 2 * x - 1, (d12U + tlU) >> 1, (d12V + tlV) >> 1);
                put(top, 2 * x, (d03U + tU) >> 1, (d03V + tV) >> 1);
                if (bottom >= 0) {
                    put(bottom, 2 * x - 1, (d03U + lU) >> 1, (d03V + lV) >> 1);
                    put(bottom, 2 * x, (d12U + cU) >> 1, (d12V + cV) >> 1);
                }
                tlU = tU;
                tlV = tV;
                lU = cU;
                lV = cV;
            }
            if ((width & 1) == 0) {
                put(top, width - 1, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2);
                if (bottom >= 0) {
                    put(bottom, width - 1, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2);
                }
            }
        }

        private void put(int row, int x, int u, int v) {
            int y = ys[row * yStride + x] & 0xFF;
            int yy = (y * 19077) >> 8;
            int o = (row * width + x) * bpp;
            if (alpha != null) {
                out[o++] = alpha[row * width + x];
            }
            out[o] = clip8(yy + ((u * 33050) >> 8) - 17685);
            out[o + 1] = clip8(yy - ((u * 6419) >> 8) - ((v * 13320) >> 8) + 8708);
            out[o + 2] = clip8(yy + ((v * 26149) >> 8) - 14234);
        }

        private static byte clip8(int v) {
            return (byte) ((v & ~16383) == 0 ? v >> 6 : v < 0 ? 0 : 255);
        }
    }
}
