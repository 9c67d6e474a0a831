package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.pixels.YuvPlane;

import java.nio.ByteBuffer;

/**
 * Reads YUV frames (NV12, NV21, I420, YV12, YUV_420_888, YUYV, UYVY) by the frame's {@link YuvConversion} (chroma by
 * nearest neighbour). A whole RGB or BGR row without staging goes through the conversion and the tables in one loop;
 * the geometry stage gets only the pixels its kernels read, converted straight to their places; every other row (gray,
 * a mean image, the SIMD lanes) is converted into an RGB888 row buffer and goes on through {@link InterleavedReader}'s
 * kernels and staging. No full-frame RGB image is made.
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
        if (n.channels == 3 && n.directRows(src) && !dev.pixelprep.core.simd.Simd.ENABLED) {
            // the conversion and the tables in one loop: no byte row in between
            Row r = planes(src, y, 0, w, s);
            boolean bgr = n.spec.color() == dev.pixelprep.core.spec.ColorOrder.BGR;
            int iR = bgr ? 2 : 0;
            int iB = bgr ? 0 : 2;
            r.tables.convertToFloats(r.ya, r.yb, r.yps, r.ua, r.ub, r.ups, r.va, r.vb, r.vps, w, n.lut[iR], n.lut[1], n.lut[iB], dst,
                    s.base[iR], s.base[1], s.base[iB], stride);
            return;
        }
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
        if (n.channels == 3 && n.spec.color() == dev.pixelprep.core.spec.ColorOrder.RGB) {
            // only the wanted pixels (a shrink's taps are sparse) are converted, straight to their places
            Row r = planes(src, y, first, last + 1, s);
            r.tables.convertColumns(r.ya, r.yb, r.yps, r.ua, r.ub, r.ups, r.va, r.vb, r.vps, cols, cn, dst, rowBase);
            return;
        }
        // the span from the first to the last wanted pixel, converted once; the extraction picks the columns from it
        convert(src, y, first, last + 1, s.rgb, 0, s);
        InterleavedReader.extractBytes(n, src, PixelFormat.RGB888, s.rgb, -3 * first, cols, cn, dst, rowBase, s);
    }

    /** Pixels {@code [x0, x1)} of row {@code y} as RGB888 into {@code out[o ..]}. */
    static void convert(PixelBuffer src, int y, int x0, int x1, byte[] out, int o, RowScratch s) {
        Row r = planes(src, y, x0, x1, s);
        r.tables.convertFixedOrExact(r.ya, r.yb, r.yps, r.ua, r.ub, r.ups, r.va, r.vb, r.vps, x0, x1, out, o);
    }

    /** Where row {@code y}'s samples for pixels {@code [x0, x1)} sit (in {@code s.planeRow}, reused), and its tables. */
    private static Row planes(PixelBuffer src, int y, int x0, int x1, RowScratch s) {
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
        Row r = s.yuvRow;
        r.tables = YuvTables.of(src.yuvConversion());
        r.ya = ya;
        r.yb = yb;
        r.yps = yp.pixelStride();
        r.ua = ua;
        r.ub = ub;
        r.ups = up.pixelStride();
        r.va = va;
        r.vb = vb;
        r.vps = vp.pixelStride();
        return r;
    }

    /** One row's three sample arrays, the index of sample 0 in each, their pixel strides, and the tables. Confined. */
    static final class Row {
        YuvTables tables;
        byte[] ya;
        int yb;
        int yps;
        byte[] ua;
        int ub;
        int ups;
        byte[] va;
        int vb;
        int vps;
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
