package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.resample.OpenCvLinearPlanes;
import dev.pixelprep.core.simd.Simd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Float32 planes written into a caller's buffer rather than a {@code float[]}: a {@link FloatBuffer} (bulk puts) or
 * a {@link ByteBuffer} taking little-endian float32 whatever its own order (SIMD stores when the lanes run, else one
 * {@code putInt} per value). As the {@link OpenCvLinearPlanes.RowSink} of the fused resize it copies each finished
 * staging row to its place in every plane; it also writes the runs of padding.
 *
 * <p>Confined: one per thread, in that thread's {@link RowScratch}; {@link #target} sets it up for one call.
 */
final class BufferPlanes implements OpenCvLinearPlanes.RowSink {
    private FloatBuffer floats;
    private ByteBuffer bytes;
    /** Where the image's first value goes: an element index of the FloatBuffer, a byte index of the ByteBuffer. */
    private int offset;
    private int plane;
    private int width;
    private int channels;
    /** The staging row: channel c of the window's current row at {@code stage[c·winW ..]}. */
    float[] stage = new float[0];
    private int winW;
    private int x0;
    private int y0;

    /**
     * Sets up one call: the window's rows go to {@code (x0, y0 + j)} of each {@code width}-wide plane; {@code offset}
     * is an element index into {@code fb}, or a byte index into {@code bb} (exactly one of them is non-null).
     */
    void target(FloatBuffer fb, ByteBuffer bb, int offset, int width, int height, int channels, int winW, int x0, int y0) {
        this.floats = fb;
        this.bytes = bb;
        this.offset = offset;
        this.width = width;
        this.plane = width * height;
        this.channels = channels;
        this.winW = winW;
        this.x0 = x0;
        this.y0 = y0;
        if (stage.length < channels * Math.max(winW, width)) {
            stage = new float[channels * Math.max(winW, width)];
        }
    }

    @Override
    public void rowDone(int j) {
        for (int c = 0; c < channels; c++) {
            put(c * plane + (y0 + j) * width + x0, stage, c * winW, winW);
        }
    }

    /** {@code n} copies of {@code v} from element {@code at} of plane {@code c} (after the resize: the staging row is free). */
    void fill(int c, int at, int n, float v) {
        if (n <= 0) {
            return;
        }
        int i = c * plane + at;
        if (bytes != null && Simd.ENABLED) {
            SimdRows.fillFloats(bytes, offset + 4 * i, n, v);
            return;
        }
        // the staging row's last channel is free between rows: a run of at most one plane row at a time
        int room = stage.length - (channels - 1) * winW;
        int from = (channels - 1) * winW;
        java.util.Arrays.fill(stage, from, from + Math.min(n, room), v);
        for (int done = 0; done < n; done += room) {
            put(i + done, stage, from, Math.min(room, n - done));
        }
    }

    /** Values {@code src[from .. from+n)} to image element {@code at} on. */
    private void put(int at, float[] src, int from, int n) {
        if (floats != null) {
            floats.put(offset + at, src, from, n);
        } else if (Simd.ENABLED) {
            SimdRows.putFloats(src, from, bytes, offset + 4 * at, n);
        } else {
            boolean swap = bytes.order() != ByteOrder.LITTLE_ENDIAN;
            int p = offset + 4 * at;
            for (int k = 0; k < n; k++) {
                int bits = Float.floatToRawIntBits(src[from + k]);
                bytes.putInt(p + 4 * k, swap ? Integer.reverseBytes(bits) : bits);
            }
        }
    }
}
