package dev.pixelprep.doctor;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.Layout;

/**
 * A tensor read as planes: {@code data[c][(n·H + y)·W + x]}, whatever its layout, so the diagnosis compares
 * channel c, image n, row y, column x of both tensors directly.
 */
final class Planes {
    final int batch;
    final int channels;
    final int height;
    final int width;
    final float[][] data;

    Planes(int batch, int channels, int height, int width, float[][] data) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** Dimensions {batch, channels, height, width} a shape has under a layout (rank 2 is one gray image). */
    static int[] dims(int[] shape, Layout layout) {
        if (shape.length == 2) {
            return new int[] {1, 1, shape[0], shape[1]};
        }
        if (shape.length == 3) {
            return layout.planar() ? new int[] {1, shape[0], shape[1], shape[2]} : new int[] {1, shape[2], shape[0], shape[1]};
        }
        return layout.planar() ? new int[] {shape[0], shape[1], shape[2], shape[3]} : new int[] {shape[0], shape[3], shape[1], shape[2]};
    }

    /** Reads {@code values} (C order) as holding {@code dims} in planar or interleaved memory order. */
    static Planes read(float[] values, int[] dims, boolean planar) {
        int n = dims[0];
        int c = dims[1];
        int h = dims[2];
        int w = dims[3];
        int plane = h * w;
        float[][] out = new float[c][n * plane];
        for (int b = 0; b < n; b++) {
            int base = b * c * plane;
            for (int ch = 0; ch < c; ch++) {
                float[] dst = out[ch];
                if (planar) {
                    System.arraycopy(values, base + ch * plane, dst, b * plane, plane);
                } else {
                    for (int i = 0; i < plane; i++) {
                        dst[b * plane + i] = values[base + i * c + ch];
                    }
                }
            }
        }
        return new Planes(n, c, h, w, out);
    }

    static Planes of(Tensor t, Layout layout) {
        return read(t.toFloatArray(), dims(t.shape(), layout), t.shape().length == 2 || layout.planar());
    }

    /** The same planes with rows and columns exchanged. */
    Planes transposed() {
        int plane = height * width;
        float[][] out = new float[channels][data[0].length];
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < batch; b++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        out[c][b * plane + x * height + y] = data[c][b * plane + y * width + x];
                    }
                }
            }
        }
        return new Planes(batch, channels, width, height, out);
    }

    int size() {
        return data[0].length;
    }
}
