package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;

import java.util.Objects;

/** Argument checks and the same-size copy shared by the resamplers. */
final class Args {
    private Args() {
    }

    static void check(String family, Image8 src, int outW, int outH, Filter filter, Window win, Image8 dst) {
        Objects.requireNonNull(dst, "dst");
        checkGeometry(family, src, outW, outH, filter, win);
        checkDestination(family, src, win, dst);
    }

    /** Checks everything but the destination. */
    static void checkGeometry(String family, Image8 src, int outW, int outH, Filter filter, Window win) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(win, "window");
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException(family + ": output size must be positive, got " + outW + "x" + outH);
        }
        if (src.channels != 1 && src.channels != 3 && src.channels != 4) {
            throw new IllegalArgumentException(family + ": resize needs 1, 3 or 4 channels, got " + src.channels);
        }
        if ((long) win.x() + win.width() > outW || (long) win.y() + win.height() > outH) {
            throw new IllegalArgumentException(family + ": window " + win.x() + "," + win.y() + " " + win.width() + "x"
                    + win.height() + " does not lie inside the " + outW + "x" + outH + " output");
        }
    }

    private static void checkDestination(String family, Image8 src, Window win, Image8 dst) {
        if (dst.width != win.width() || dst.height != win.height() || dst.channels != src.channels) {
            throw new IllegalArgumentException(family + ": destination is " + dst.width + "x" + dst.height + "x" + dst.channels
                    + ", the window needs " + win.width() + "x" + win.height() + "x" + src.channels);
        }
    }

    /** Copies the window of an unchanged image. */
    static void copyWindow(Image8 src, Window win, Image8 dst) {
        int cn = src.channels;
        int rowBytes = win.width() * cn;
        for (int j = 0; j < win.height(); j++) {
            System.arraycopy(src.data, ((win.y() + j) * src.width + win.x()) * cn, dst.data, j * rowBytes, rowBytes);
        }
    }

    /** Gathers the window from per-axis source index tables {@code xs[0 .. nx)}, {@code ys[0 .. ny)} (nearest neighbour). */
    static void gather(Image8 src, int[] xs, int nx, int[] ys, int ny, Image8 dst) {
        int cn = src.channels;
        byte[] s = src.data;
        byte[] d = dst.data;
        int p = 0;
        for (int j = 0; j < ny; j++) {
            int row = ys[j] * src.width;
            for (int i = 0; i < nx; i++) {
                int q = (row + xs[i]) * cn;
                for (int c = 0; c < cn; c++) {
                    d[p++] = s[q + c];
                }
            }
        }
    }

    /** The same gather into float values (0..255), for the float-stage resize. */
    static void gather(Image8 src, int[] xs, int nx, int[] ys, int ny, float[] d) {
        int cn = src.channels;
        byte[] s = src.data;
        int p = 0;
        for (int j = 0; j < ny; j++) {
            int row = ys[j] * src.width;
            for (int i = 0; i < nx; i++) {
                int q = (row + xs[i]) * cn;
                for (int c = 0; c < cn; c++) {
                    d[p++] = s[q + c] & 0xFF;
                }
            }
        }
    }

    static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    static int clampByte(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
