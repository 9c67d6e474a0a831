package dev.pixelprep.core.image;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import java.nio.ByteBuffer;

/**
 * The eight EXIF/TIFF orientations (tag 0x0112) and the pixel transform that turns stored pixels into the
 * upright image a viewer shows. The numbering and the transforms are those of the EXIF specification, and
 * match Pillow's {@code ImageOps.exif_transpose} and OpenCV's {@code imread}:
 * <table>
 *   <caption>orientation value → transform applied to the stored pixels</caption>
 *   <tr><td>1</td><td>none</td></tr>
 *   <tr><td>2</td><td>mirror left-right</td></tr>
 *   <tr><td>3</td><td>rotate 180°</td></tr>
 *   <tr><td>4</td><td>mirror top-bottom</td></tr>
 *   <tr><td>5</td><td>transpose (swap x and y)</td></tr>
 *   <tr><td>6</td><td>rotate 90° clockwise</td></tr>
 *   <tr><td>7</td><td>transverse (transpose across the anti-diagonal)</td></tr>
 *   <tr><td>8</td><td>rotate 90° counter-clockwise</td></tr>
 * </table>
 * Orientations 5 to 8 swap width and height.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class Orientation {
    private Orientation() {
    }

    /** Whether the orientation swaps width and height (5, 6, 7, 8). */
    public static boolean swapsAxes(int orientation) {
        check(orientation);
        return orientation >= 5;
    }

    /**
     * The upright pixels of {@code src} stored with EXIF orientation {@code orientation}: a new tightly
     * packed buffer of the same format and alpha mode ({@code byte[]} or {@code int[]} backed), or
     * {@code src} itself for orientation 1.
     *
     * @throws InvalidPixelsException if {@code orientation} is not 1..8
     */
    public static PixelBuffer apply(PixelBuffer src, int orientation) {
        check(orientation);
        if (orientation == 1) {
            return src;
        }
        if (src.format().isYuv()) {
            throw new InvalidPixelsException("EXIF orientation applies to decoded images, not a " + src.format() + " frame");
        }
        int w = src.width();
        int h = src.height();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        PixelFormat f = src.format();
        int ps = f.pixelStride();
        int stride = src.rowStride();
        int offset = src.offset();
        // For each output pixel (x, y), the source pixel is (sx0 + x*dxx + y*dxy, sy0 + x*dyx + y*dyy).
        int sx0;
        int sy0;
        int dxx;
        int dxy;
        int dyx;
        int dyy;
        switch (orientation) {
            case 2: sx0 = w - 1; sy0 = 0;     dxx = -1; dxy = 0;  dyx = 0;  dyy = 1;  break;
            case 3: sx0 = w - 1; sy0 = h - 1; dxx = -1; dxy = 0;  dyx = 0;  dyy = -1; break;
            case 4: sx0 = 0;     sy0 = h - 1; dxx = 1;  dxy = 0;  dyx = 0;  dyy = -1; break;
            case 5: sx0 = 0;     sy0 = 0;     dxx = 0;  dxy = 1;  dyx = 1;  dyy = 0;  break;
            case 6: sx0 = 0;     sy0 = h - 1; dxx = 0;  dxy = 1;  dyx = -1; dyy = 0;  break;
            case 7: sx0 = w - 1; sy0 = h - 1; dxx = 0;  dxy = -1; dyx = -1; dyy = 0;  break;
            default: sx0 = w - 1; sy0 = 0;    dxx = 0;  dxy = -1; dyx = 1;  dyy = 0;  break; // 8
        }
        // Step between consecutive output pixels of a row, and between output rows, in source storage units.
        int stepX = dxx * ps + dyx * stride;
        int stepY = dxy * ps + dyy * stride;
        int start = offset + sy0 * stride + sx0 * ps;
        PixelBuffer.Builder out = PixelBuffer.builder().size(outW, outH).format(f).alphaMode(src.alphaMode());
        if (f.isPackedInt()) {
            int[] s = src.intArray();
            int[] d = new int[Math.multiplyExact(outW, outH)];
            int q = 0;
            for (int y = 0; y < outH; y++) {
                int p = start + y * stepY;
                for (int x = 0; x < outW; x++, p += stepX) {
                    d[q++] = s[p];
                }
            }
            return out.data(d).build();
        }
        byte[] d = new byte[Math.multiplyExact(Math.multiplyExact(outW, outH), ps)];
        byte[] s = src.byteArray();
        ByteBuffer bb = src.byteBuffer();
        int q = 0;
        for (int y = 0; y < outH; y++) {
            int p = start + y * stepY;
            for (int x = 0; x < outW; x++, p += stepX) {
                if (s != null) {
                    System.arraycopy(s, p, d, q, ps);
                } else {
                    bb.get(p, d, q, ps);
                }
                q += ps;
            }
        }
        return out.data(d).build();
    }

    private static void check(int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new InvalidPixelsException("EXIF orientation must be 1..8, got " + orientation);
        }
    }
}
