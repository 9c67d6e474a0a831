package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.simd.Simd;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads packed {@code int} pixels ({@link PixelFormat#INT_ARGB}, {@code INT_RGB}, {@code INT_BGR}) from an
 * {@code int[]}: each channel is found by a shift, whatever the platform's byte order.
 *
 * <p>Immutable and thread-safe.
 */
final class PackedIntReader implements SourceReader {
    private final Normaliser n;

    PackedIntReader(Normaliser n) {
        this.n = n;
    }

    @Override
    public void row(PixelBuffer src, int y, RowScratch s, float[] dst, int stride) {
        PixelFormat f = src.format();
        boolean alphaWork = n.alphaWork(src);
        boolean luma = n.lumaWork(src);
        int w = src.width();
        int base = src.offset() + y * src.rowStride();
        int[] px = src.intArray();
        if (alphaWork || n.meanTerm != null || luma) {
            stageInts(px, base, f, w, s);
            n.finishStaged(s, y, w, dst, stride, luma, alphaWork, src.alphaMode());
            return;
        }
        int[] sh = n.directIndex(f);
        int channels = n.channels;
        if (stride == 1 && Simd.ENABLED) {
            for (int c = 0; c < channels; c++) {
                SimdRows.planeRowInt(px, base, sh[c], n.invert, n.scale[c], n.bias[c], n.lut[c], dst, s.base[c], w);
            }
        } else if (stride == 1) {
            for (int c = 0; c < channels; c++) {
                planeRowInt(px, base, sh[c], n.lut[c], dst, s.base[c], w);
            }
        } else if (channels == 3) {
            color3Int(px, base, sh[0], sh[1], sh[2], dst, s.base[0], s.base[1], s.base[2], stride, w);
        } else {
            gray1Int(px, base, sh[0], dst, s.base[0], stride, w);
        }
    }

    @Override
    public void simdRow(PixelBuffer src, int y, RowScratch s, ByteBuffer out, int at, int planeBytes) {
        int base = src.offset() + y * src.rowStride();
        int[] sh = n.directIndex(src.format());
        for (int c = 0; c < n.channels; c++) {
            SimdRows.planeRowInt(src.intArray(), base, sh[c], n.invert, n.scale[c], n.bias[c], n.lut[c], out,
                    at + c * planeBytes, src.width());
        }
    }

    @Override
    public void extract8(PixelBuffer src, int y, int[] cols, int cn, byte[] dst, int rowBase, RowScratch s) {
        PixelFormat f = src.format();
        int[] idx = n.directIndex(f);
        int[] row = src.intArray();
        int base = src.offset() + y * src.rowStride();
        if (n.changesColours(src)) {
            for (int i = 0; i < cn; i++) {
                int v = row[base + cols[i]];
                s.r[i] = (v >>> f.redIndex()) & 0xFF;
                s.g[i] = (v >>> f.greenIndex()) & 0xFF;
                s.b[i] = (v >>> f.blueIndex()) & 0xFF;
                s.a[i] = f.hasAlpha() ? v >>> 24 : 255;
            }
            n.finishStaged8(src, s, cols, cn, dst, rowBase);
        } else if (n.channels == 3) {
            int s0 = idx[0];
            int s1 = idx[1];
            int s2 = idx[2];
            for (int i = 0; i < cn; i++) {
                int x = cols[i];
                int v = row[base + x];
                int o = rowBase + 3 * x;
                dst[o] = (byte) (v >>> s0);
                dst[o + 1] = (byte) (v >>> s1);
                dst[o + 2] = (byte) (v >>> s2);
            }
        } else {
            for (int i = 0; i < cn; i++) {
                int x = cols[i];
                dst[rowBase + x] = (byte) (row[base + x] >>> idx[0]);
            }
        }
    }

    /** {@code d[o + x] = l[(s[p + x] >>> shift) & 0xFF]}, with the ranges checked once so C2 drops the per-element checks. */
    private static void planeRowInt(int[] s, int p, int shift, float[] l, float[] d, int o, int w) {
        Objects.checkFromIndexSize(o, w, d.length);
        Objects.checkFromIndexSize(p, w, s.length);
        for (int x = 0; x < w; x++) {
            d[o + x] = l[(s[p + x] >>> shift) & 0xFF];
        }
    }

    private void color3Int(int[] s, int p, int s0, int s1, int s2, float[] d, int d0, int d1, int d2, int ds, int w) {
        float[] l0 = n.lut[0];
        float[] l1 = n.lut[1];
        float[] l2 = n.lut[2];
        for (int x = 0; x < w; x++) {
            int v = s[p + x];
            int o = x * ds;
            d[d0 + o] = l0[(v >>> s0) & 0xFF];
            d[d1 + o] = l1[(v >>> s1) & 0xFF];
            d[d2 + o] = l2[(v >>> s2) & 0xFF];
        }
    }

    private void gray1Int(int[] s, int p, int s0, float[] d, int d0, int ds, int w) {
        float[] l0 = n.lut[0];
        for (int x = 0; x < w; x++) {
            d[d0 + x * ds] = l0[(s[p + x] >>> s0) & 0xFF];
        }
    }

    private static void stageInts(int[] row, int p, PixelFormat f, int w, RowScratch s) {
        int rs = f.redIndex();
        int gs = f.greenIndex();
        int bs = f.blueIndex();
        boolean alpha = f.hasAlpha();
        for (int x = 0; x < w; x++) {
            int v = row[p + x];
            s.r[x] = (v >>> rs) & 0xFF;
            s.g[x] = (v >>> gs) & 0xFF;
            s.b[x] = (v >>> bs) & 0xFF;
            s.a[x] = alpha ? v >>> 24 : 255;
        }
    }
}
