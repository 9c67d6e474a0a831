package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads interleaved 8-bit pixels (RGBA, BGRA, ARGB, ABGR, RGBX, BGRX, RGB, BGR, gray) from a {@code byte[]} or a
 * {@code ByteBuffer}, rows padded or not. Its table kernels also serve readers that first convert a row into
 * RGB888 bytes ({@link #tableRow}, {@link #simdTableRow}).
 *
 * <p>Immutable and thread-safe.
 */
final class InterleavedReader implements SourceReader {
    private final Normaliser n;

    InterleavedReader(Normaliser n) {
        this.n = n;
    }

    @Override
    public void row(PixelBuffer src, int y, RowScratch s, float[] dst, int stride) {
        byte[] row = sourceRow(src, y, s);
        bytesRow(n, src, row, s.rowBase, src.format(), y, s, dst, stride);
    }

    /**
     * Pixels {@code 0 .. src.width()-1} of format {@code f} starting at {@code row[base]} (row {@code y} of
     * {@code src}, whose alpha mode applies) through the staging or straight through the tables.
     */
    static void bytesRow(Normaliser n, PixelBuffer src, byte[] row, int base, PixelFormat f, int y, RowScratch s,
            float[] dst, int stride) {
        int w = src.width();
        boolean alphaWork = n.alphaWork(src);
        boolean luma = n.lumaWork(src);
        if (alphaWork || n.meanTerm != null || luma) {
            stageBytes(row, base, f, w, s);
            n.finishStaged(s, y, w, dst, stride, luma, alphaWork, src.alphaMode());
            return;
        }
        tableRow(n, row, base, f.pixelStride(), n.directIndex(f), s, dst, stride, w);
    }

    /** {@code w} pixels of stride {@code ps} at {@code row[base]}, channel c at byte {@code idx[c]}, through the tables. */
    static void tableRow(Normaliser n, byte[] row, int base, int ps, int[] idx, RowScratch s, float[] dst, int stride, int w) {
        int channels = n.channels;
        if (stride == 1 && dev.pixelprep.core.simd.Simd.ENABLED) {
            for (int c = 0; c < channels; c++) {
                SimdRows.planeRow(row, base, ps, idx[c], n.invert, n.scale[c], n.bias[c], n.lut[c], dst, s.base[c], w);
            }
        } else if (stride == 1) {
            for (int c = 0; c < channels; c++) {
                planeRow(row, base + idx[c], ps, n.lut[c], dst, s.base[c], w);
            }
        } else if (channels == 3) {
            color3(n.lut, row, base, ps, idx[0], idx[1], idx[2], dst, s.base[0], s.base[1], s.base[2], stride, w);
        } else {
            gray1(n.lut[0], row, base, ps, idx[0], dst, s.base[0], stride, w);
        }
    }

    @Override
    public void simdRow(PixelBuffer src, int y, RowScratch s, ByteBuffer out, int at, int planeBytes) {
        byte[] row = sourceRow(src, y, s);
        PixelFormat f = src.format();
        simdTableRow(n, row, s.rowBase, f.pixelStride(), n.directIndex(f), out, at, planeBytes, src.width());
    }

    /** {@link #tableRow} in SIMD lanes as float32 planes into {@code out}, plane c at byte {@code at + c·planeBytes}. */
    static void simdTableRow(Normaliser n, byte[] row, int base, int ps, int[] idx, ByteBuffer out, int at, int planeBytes, int w) {
        for (int c = 0; c < n.channels; c++) {
            SimdRows.planeRow(row, base, ps, idx[c], n.invert, n.scale[c], n.bias[c], n.lut[c], out, at + c * planeBytes, w);
        }
    }

    /**
     * The array holding row y of a byte source: the caller's own {@code byte[]}, or the row copied out of its
     * {@code ByteBuffer} into the scratch bytes; the row starts at {@code s.rowBase}.
     */
    static byte[] sourceRow(PixelBuffer src, int y, RowScratch s) {
        if (src.byteArray() != null) {
            s.rowBase = src.offset() + y * src.rowStride();
            return src.byteArray();
        }
        s.rowBase = 0;
        src.byteBuffer().get(src.offset() + y * src.rowStride(), s.bytes, 0, src.width() * src.format().pixelStride());
        return s.bytes;
    }

    @Override
    public void extract8(PixelBuffer src, int y, int[] cols, int cn, byte[] dst, int rowBase, RowScratch s) {
        PixelFormat f = src.format();
        int ps = f.pixelStride();
        byte[] row;
        int base;
        if (src.byteArray() != null) {
            row = src.byteArray();
            base = src.offset() + y * src.rowStride();
        } else {
            // only the span from the first to the last wanted pixel is copied out of the buffer
            row = s.bytes;
            int first = cols[0];
            src.byteBuffer().get(src.offset() + y * src.rowStride() + first * ps, row, 0, (cols[cn - 1] - first + 1) * ps);
            base = -first * ps;
        }
        extractBytes(n, src, f, row, base, cols, cn, dst, rowBase, s);
    }

    /** {@link #extract8} of pixels of format {@code f} whose pixel x sits at {@code row[base + x·ps]}. */
    static void extractBytes(Normaliser n, PixelBuffer src, PixelFormat f, byte[] row, int base, int[] cols, int cn,
            byte[] dst, int rowBase, RowScratch s) {
        int ps = f.pixelStride();
        int[] idx = n.directIndex(f);
        if (n.alphaWork(src) || n.lumaWork(src)) {
            int ri = f.redIndex();
            int gi = f.greenIndex();
            int bi = f.blueIndex();
            int ai = f.alphaIndex();
            for (int i = 0; i < cn; i++) {
                int p = base + cols[i] * ps;
                s.r[i] = row[p + ri] & 0xFF;
                s.g[i] = row[p + gi] & 0xFF;
                s.b[i] = row[p + bi] & 0xFF;
                s.a[i] = ai < 0 ? 255 : row[p + ai] & 0xFF;
            }
            n.finishStaged8(src, s, cols, cn, dst, rowBase);
        } else if (n.channels == 3 && ps >= 3 && cols[cn - 1] - cols[0] == cn - 1) {
            // the usual footprint of a shrink: one run of columns; a plain strided loop, no index table
            int first = cols[0];
            if (ps == 4) {
                copy3of4(row, base + first * 4, idx[0], idx[1], idx[2], dst, rowBase + first * 3, cn);
            } else {
                copy3of3(row, base + first * 3, idx[0], idx[1], idx[2], dst, rowBase + first * 3, cn);
            }
        } else if (n.channels == 3) {
            int i0 = idx[0];
            int i1 = idx[1];
            int i2 = idx[2];
            for (int i = 0; i < cn; i++) {
                int x = cols[i];
                int p = base + x * ps;
                int o = rowBase + 3 * x;
                dst[o] = row[p + i0];
                dst[o + 1] = row[p + i1];
                dst[o + 2] = row[p + i2];
            }
        } else {
            for (int i = 0; i < cn; i++) {
                int x = cols[i];
                dst[rowBase + x] = row[base + x * ps + idx[0]];
            }
        }
    }

    /**
     * {@code n} pixels of 4 bytes from {@code s[p..]} to 3 bytes each at {@code d[o..]}, bytes {@code i0, i1, i2}
     * of each pixel in that order. The ranges are checked once up front and the stride is a literal, so C2 drops
     * the per-byte bounds checks (as in {@link #planeRow4}).
     */
    private static void copy3of4(byte[] s, int p, int i0, int i1, int i2, byte[] d, int o, int n) {
        Objects.checkFromIndexSize(p, 4 * n, s.length);
        Objects.checkFromIndexSize(o, 3 * n, d.length);
        Objects.checkIndex(i0, 4);
        Objects.checkIndex(i1, 4);
        Objects.checkIndex(i2, 4);
        for (int x = 0; x < n; x++) {
            d[o + 3 * x] = s[p + 4 * x + i0];
            d[o + 3 * x + 1] = s[p + 4 * x + i1];
            d[o + 3 * x + 2] = s[p + 4 * x + i2];
        }
    }

    /** {@link #copy3of4} for 3-byte pixels. */
    private static void copy3of3(byte[] s, int p, int i0, int i1, int i2, byte[] d, int o, int n) {
        Objects.checkFromIndexSize(p, 3 * n, s.length);
        Objects.checkFromIndexSize(o, 3 * n, d.length);
        Objects.checkIndex(i0, 3);
        Objects.checkIndex(i1, 3);
        Objects.checkIndex(i2, 3);
        for (int x = 0; x < n; x++) {
            d[o + 3 * x] = s[p + 3 * x + i0];
            d[o + 3 * x + 1] = s[p + 3 * x + i1];
            d[o + 3 * x + 2] = s[p + 3 * x + i2];
        }
    }

    /**
     * One channel of one row into consecutive output elements: {@code d[o + x] = l[s[p + ps·x] & 0xFF]}.
     *
     * <p>Planar output is written one channel at a time rather than all channels of a pixel at once. Two
     * things make that the fast shape for HotSpot's C2 compiler, measured on JDK 17 (see BENCHMARKS.md):
     * <ul>
     *   <li>The loop body is tiny, so C2 unrolls it and keeps everything in registers; the three-channel loop
     *       needs more registers than x86-64 has and spills on every pixel. The row is re-read once per
     *       channel, but it is a few kilobytes that stay in L1, and each float is still written once.</li>
     *   <li>The explicit range checks before the loop are never false here ({@link PixelBuffer} and the
     *       callers have validated every size), but they tell C2 that {@code p + ps·x} cannot overflow or leave
     *       either array, so it drops the per-element bounds checks on {@code s} and {@code d}. Without them
     *       the source check stays inside the loop. Only the table lookup keeps its check.</li>
     * </ul>
     * The strides 4 and 3 get their own methods so that the stride is a literal both in the up-front check
     * and in the index expression; a shared check on a variable stride does not let C2 drop the loop's checks.
     */
    private static void planeRow(byte[] s, int p, int ps, float[] l, float[] d, int o, int w) {
        switch (ps) {
            case 4:
                planeRow4(s, p, l, d, o, w);
                break;
            case 3:
                planeRow3(s, p, l, d, o, w);
                break;
            default:
                Objects.checkFromIndexSize(o, w, d.length);
                requireRow(s, p, ps, w);
                for (int x = 0; x < w; x++) {
                    d[o + x] = l[s[p + ps * x] & 0xFF];
                }
        }
    }

    private static void planeRow4(byte[] s, int p, float[] l, float[] d, int o, int w) {
        Objects.checkFromIndexSize(o, w, d.length);
        requireRow(s, p, 4, w);
        for (int x = 0; x < w; x++) {
            d[o + x] = l[s[p + 4 * x] & 0xFF];
        }
    }

    private static void planeRow3(byte[] s, int p, float[] l, float[] d, int o, int w) {
        Objects.checkFromIndexSize(o, w, d.length);
        requireRow(s, p, 3, w);
        for (int x = 0; x < w; x++) {
            d[o + x] = l[s[p + 3 * x] & 0xFF];
        }
    }

    /** Throws unless bytes {@code p, p + ps, ..., p + ps·(w − 1)} all lie inside {@code s}. */
    private static void requireRow(byte[] s, int p, int ps, int w) {
        if (p < 0 || (long) p + (long) ps * (w - 1) >= s.length) {
            throw new IndexOutOfBoundsException("row of " + w + " pixels at byte " + p + " with stride " + ps
                    + " does not fit in " + s.length + " bytes");
        }
    }

    private static void color3(float[][] lut, byte[] s, int p, int ps, int i0, int i1, int i2, float[] d, int d0, int d1,
            int d2, int ds, int w) {
        float[] l0 = lut[0];
        float[] l1 = lut[1];
        float[] l2 = lut[2];
        for (int x = 0; x < w; x++, p += ps) {
            int o = x * ds;
            d[d0 + o] = l0[s[p + i0] & 0xFF];
            d[d1 + o] = l1[s[p + i1] & 0xFF];
            d[d2 + o] = l2[s[p + i2] & 0xFF];
        }
    }

    private static void gray1(float[] l0, byte[] s, int p, int ps, int i0, float[] d, int d0, int ds, int w) {
        for (int x = 0; x < w; x++, p += ps) {
            d[d0 + x * ds] = l0[s[p + i0] & 0xFF];
        }
    }

    private static void stageBytes(byte[] row, int p, PixelFormat f, int w, RowScratch s) {
        int ps = f.pixelStride();
        int ri = f.redIndex();
        int gi = f.greenIndex();
        int bi = f.blueIndex();
        int ai = f.alphaIndex();
        for (int x = 0; x < w; x++, p += ps) {
            s.r[x] = row[p + ri] & 0xFF;
            s.g[x] = row[p + gi] & 0xFF;
            s.b[x] = row[p + bi] & 0xFF;
            s.a[x] = ai < 0 ? 255 : row[p + ai] & 0xFF;
        }
    }
}
