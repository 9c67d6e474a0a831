package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.pixels.YuvPlane;

import java.nio.ByteBuffer;

/**
 * Reads YUV frames (NV12, NV21, I420, YV12, YUV_420_888, YUYV, UYVY): each needed span of a row is converted into
 * 8-bit RGB in a row buffer by the frame's {@link YuvConversion} (chroma by nearest neighbour), and goes on through the
 * same table kernels and staging as an RGB888 row ({@link InterleavedReader}). No full-frame RGB image is made; the
 * geometry stage asks only for the pixels its kernels read.
 *
 * <p>Immutable and thread-safe; the conversion tables ({@link YuvTables}) are shared, built once per conversion.
 */
final class YuvReader implements SourceReader {
    private final Normaliser n;
    private final int[] rgbIndex;

    YuvReader(Normaliser n) {
        this.n = n;
        this.rgbIndex = n.directIndex(PixelFormat.RGB888);
    }

    @Override
    public void row(PixelBuffer src, int y, RowScratch s, float[] dst, int stride) {
        int w = src.width();
        convert(src, y, 0, w, s.rgb, 0, s);
        InterleavedReader.bytesRow(n, src, s.rgb, 0, PixelFormat.RGB888, y, s, dst, stride);
    }

    @Override
    public void simdRow(PixelBuffer src, int y, RowScratch s, ByteBuffer out, int at, int planeBytes) {
        int w = src.width();
        convert(src, y, 0, w, s.rgb, 0, s);
        InterleavedReader.simdTableRow(n, s.rgb, 0, 3, rgbIndex, out, at, planeBytes, w);
    }

    @Override
    public void extract8(PixelBuffer src, int y, int[] cols, int cn, byte[] dst, int rowBase, RowScratch s) {
        int first = cols[0];
        int last = cols[cn - 1];
        // the span from the first to the last wanted pixel, converted once; the extraction picks the columns from it
        convert(src, y, first, last + 1, s.rgb, 0, s);
        InterleavedReader.extractBytes(n, src, PixelFormat.RGB888, s.rgb, -3 * first, cols, cn, dst, rowBase, s);
    }

    /** Pixels {@code [x0, x1)} of row {@code y} as RGB888 into {@code out[o ..]}. */
    static void convert(PixelBuffer src, int y, int x0, int x1, byte[] out, int o, RowScratch s) {
        PixelFormat f = src.format();
        int cy = f.isYuv420() ? y >> 1 : y;
        YuvPlane yp = src.lumaPlane();
        YuvPlane up = src.uPlane();
        YuvPlane vp = src.vPlane();
        int cx0 = x0 >> 1;
        int cx1 = (x1 + 1) >> 1;
        // each plane's row as an array and the index of its sample 0 (a buffer's span is copied out first)
        byte[] ya = rowArray(yp, y, x0, x1, s.yRow, s, 0);
        int yb = s.planeBase[0];
        byte[] ua = rowArray(up, cy, cx0, cx1, s.uRow, s, 1);
        int ub = s.planeBase[1];
        byte[] va = rowArray(vp, cy, cx0, cx1, s.vRow, s, 2);
        int vb = s.planeBase[2];
        YuvTables t = YuvTables.of(src.yuvConversion());
        int yps = yp.pixelStride();
        int ups = up.pixelStride();
        int vps = vp.pixelStride();
        if (t.exact) {
            t.convertExact(ya, yb, yps, ua, ub, ups, va, vb, vps, x0, x1, out, o);
        } else {
            t.convertFixed(ya, yb, yps, ua, ub, ups, va, vb, vps, x0, x1, out, o);
        }
    }

    /**
     * The array that holds samples {@code [c0, c1)} of row {@code row} of plane {@code p}: the plane's own array, or
     * the span copied out of its buffer into {@code scratch}; {@code s.planeBase[slot]} is set to the index of the
     * row's sample 0 in it.
     */
    private static byte[] rowArray(YuvPlane p, int row, int c0, int c1, byte[] scratch, RowScratch s, int slot) {
        int ps = p.pixelStride();
        int start = p.offset() + row * p.rowStride();
        if (p.byteArray() != null) {
            s.planeBase[slot] = start;
            return p.byteArray();
        }
        int from = start + c0 * ps;
        int len = (c1 - c0 - 1) * ps + 1;
        p.byteBuffer().get(from, scratch, 0, len);
        s.planeBase[slot] = -c0 * ps;
        return scratch;
    }
}
