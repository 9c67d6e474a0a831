package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Test frames: the logical samples of a YUV image (luma {@code h × w}, chroma {@code ch × cw}) laid out in memory the
 * ways cameras and decoders do (padded rows, offsets, junk between planes, Android's interleaved pixel-stride-2
 * chroma, arrays or heap or direct buffers), and a plain per-pixel reference of each conversion written from the
 * peers' formulas, independent of the engine's tables.
 */
final class YuvFrames {
    final PixelFormat format;
    final int w;
    final int h;
    final int cw;
    final int ch;
    final int[] y;
    final int[] u;
    final int[] v;

    YuvFrames(PixelFormat format, int w, int h, SplittableRandom rnd) {
        this.format = format;
        this.w = w;
        this.h = h;
        this.cw = (w + 1) / 2;
        this.ch = format.isYuv420() ? (h + 1) / 2 : h;
        this.y = new int[w * h];
        this.u = new int[cw * ch];
        this.v = new int[cw * ch];
        // smooth content with noise and the extremes, so clamping and every table entry are exercised
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? 0 : 255) : rnd.nextInt(256);
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rnd.nextInt(256);
            v[i] = rnd.nextInt(256);
        }
    }

    /** The frame in a random layout of its format, read with {@code conversion}. */
    PixelBuffer buffer(YuvConversion conversion, SplittableRandom rnd) {
        int storage = rnd.nextInt(3);
        PixelBuffer.Builder b = PixelBuffer.builder().size(w, h).format(format).yuv(conversion);
        switch (format) {
            case YUYV:
            case UYVY: {
                int rs = 4 * cw + rnd.nextInt(3) * 8 + rnd.nextInt(2);
                int off = rnd.nextInt(7);
                byte[] m = junk(off + rs * h, rnd);
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < cw; c++) {
                        int p = off + r * rs + 4 * c;
                        int y0 = y[r * w + 2 * c];
                        int y1 = 2 * c + 1 < w ? y[r * w + 2 * c + 1] : rnd.nextInt(256);
                        if (format == PixelFormat.YUYV) {
                            put(m, p, y0, u[r * cw + c], y1, v[r * cw + c]);
                        } else {
                            put(m, p, u[r * cw + c], y0, v[r * cw + c], y1);
                        }
                    }
                }
                return add(b, m, off, rs, 1, storage).build();
            }
            case NV12:
            case NV21: {
                int yrs = w + rnd.nextInt(3) * 16;
                int crs = Math.max(2 * cw, yrs);
                int yOff = rnd.nextInt(5);
                int cOff = yOff + yrs * h + rnd.nextInt(9);
                byte[] m = junk(cOff + crs * ch, rnd);
                writeLuma(m, yOff, yrs);
                boolean uFirst = format == PixelFormat.NV12;
                writeChroma(m, cOff + (uFirst ? 0 : 1), crs, 2, u);
                writeChroma(m, cOff + (uFirst ? 1 : 0), crs, 2, v);
                add(b, m, yOff, yrs, 1, storage);
                return add(b, m, cOff, crs, 2, storage).build();
            }
            case I420:
            case YV12: {
                int yrs = w + rnd.nextInt(3) * 16;
                int crs = cw + rnd.nextInt(3) * 8;
                int yOff = rnd.nextInt(5);
                int c1 = yOff + yrs * h + rnd.nextInt(5);
                int c2 = c1 + crs * ch + rnd.nextInt(5);
                byte[] m = junk(c2 + crs * ch, rnd);
                writeLuma(m, yOff, yrs);
                boolean i420 = format == PixelFormat.I420;
                writeChroma(m, c1, crs, 1, i420 ? u : v);
                writeChroma(m, c2, crs, 1, i420 ? v : u);
                add(b, m, yOff, yrs, 1, storage);
                add(b, m, c1, crs, 1, storage);
                return add(b, m, c2, crs, 1, storage).build();
            }
            default: {
                // YUV_420_888: separate planes, or Android's NV21/NV12-in-disguise with pixel stride 2
                int yrs = w + rnd.nextInt(3) * 16;
                byte[] ym = junk(yrs * h, rnd);
                writeLuma(ym, 0, yrs);
                add(b, ym, 0, yrs, 1, storage);
                if (rnd.nextBoolean()) {
                    int crs = 2 * cw + rnd.nextInt(2) * 16;
                    // the last row of an interleaved chroma plane ends after its last sample (Android's buffers do)
                    byte[] cm = junk(crs * (ch - 1) + 2 * cw, rnd);
                    boolean vFirst = rnd.nextBoolean();
                    writeChroma(cm, vFirst ? 1 : 0, crs, 2, u);
                    writeChroma(cm, vFirst ? 0 : 1, crs, 2, v);
                    // two views of one memory, as ImageProxy's U and V buffers are
                    byte[] uView = cm;
                    if (vFirst) {
                        b.plane(cm, 1, crs, 2);
                        b.plane(cm, 0, crs, 2);
                    } else {
                        b.plane(uView, 0, crs, 2);
                        b.plane(cm, 1, crs, 2);
                    }
                    return b.build();
                }
                int crs = cw + rnd.nextInt(3) * 8;
                byte[] um = junk(crs * ch, rnd);
                byte[] vm = junk(crs * ch, rnd);
                writeChroma(um, 0, crs, 1, u);
                writeChroma(vm, 0, crs, 1, v);
                add(b, um, 0, crs, 1, storage);
                return add(b, vm, 0, crs, 1, storage).build();
            }
        }
    }

    private static PixelBuffer.Builder add(PixelBuffer.Builder b, byte[] m, int off, int rs, int ps, int storage) {
        if (storage == 0) {
            return b.plane(m, off, rs, ps);
        }
        ByteBuffer bb = storage == 1 ? ByteBuffer.wrap(m.clone()) : ByteBuffer.allocateDirect(m.length);
        if (storage == 2) {
            bb.put(m).position(3 % m.length);
        }
        return b.plane(bb, off, rs, ps);
    }

    private void writeLuma(byte[] m, int off, int rs) {
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                m[off + r * rs + c] = (byte) y[r * w + c];
            }
        }
    }

    private void writeChroma(byte[] m, int off, int rs, int ps, int[] plane) {
        for (int r = 0; r < ch; r++) {
            for (int c = 0; c < cw; c++) {
                m[off + r * rs + c * ps] = (byte) plane[r * cw + c];
            }
        }
    }

    private static void put(byte[] m, int p, int a, int b, int c, int d) {
        m[p] = (byte) a;
        m[p + 1] = (byte) b;
        m[p + 2] = (byte) c;
        m[p + 3] = (byte) d;
    }

    private static byte[] junk(int n, SplittableRandom rnd) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) rnd.nextInt(256);
        }
        return m;
    }

    /** The RGB888 image of the frame under {@code c}, pixel by pixel from the peers' formulas. */
    byte[] referenceRgb(YuvConversion c) {
        byte[] out = new byte[w * h * 3];
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                int ci = (format.isYuv420() ? r / 2 : r) * cw + x / 2;
                int[] rgb = pixel(c, y[r * w + x], u[ci], v[ci]);
                for (int k = 0; k < 3; k++) {
                    out[(r * w + x) * 3 + k] = (byte) rgb[k];
                }
            }
        }
        return out;
    }

    static int[] pixel(YuvConversion c, int yy, int uu, int vv) {
        int du = uu - 128;
        int dv = vv - 128;
        switch (c.arithmetic()) {
            case OPENCV: {
                long l = Math.max(0, yy - 16) * 1220542L;
                return new int[] {clamp((l + 524288 + 1673527L * dv) >> 20), clamp((l + 524288 - 852492L * dv - 409993L * du) >> 20),
                    clamp((l + 524288 + 2116026L * du) >> 20)};
            }
            case LIBYUV: {
                int[] k = LibyuvConstants.of(c.matrix(), c.range());
                long y1 = ((yy * 257L * k[4]) >> 16) + k[5];
                return new int[] {clamp((y1 + (long) dv * k[3]) >> 6), clamp((y1 - ((long) du * k[1] + (long) dv * k[2])) >> 6),
                    clamp((y1 + (long) du * k[0]) >> 6)};
            }
            default: {
                double kr = c.matrix().kr();
                double kb = c.matrix().kb();
                double kg = 1 - kr - kb;
                boolean video = c.range() == YuvConversion.Range.VIDEO;
                double yn = video ? (yy - 16) * 255.0 / 219 : yy;
                double cb = video ? du * 255.0 / 224 : du;
                double cr = video ? dv * 255.0 / 224 : dv;
                return new int[] {clampRound(yn + 2 * (1 - kr) * cr), clampRound(yn - 2 * kb * (1 - kb) / kg * cb - 2 * kr * (1 - kr) / kg * cr),
                    clampRound(yn + 2 * (1 - kb) * cb)};
            }
        }
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    private static int clampRound(double v) {
        return (int) Math.max(0, Math.min(255, Math.rint(v)));
    }
}
