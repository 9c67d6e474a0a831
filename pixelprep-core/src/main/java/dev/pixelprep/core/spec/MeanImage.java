package dev.pixelprep.core.spec;

import dev.pixelprep.core.InvalidSpecException;

import java.util.Arrays;

/**
 * A per-pixel mean, planar {@code [C, H, W]} in the tensor's channel order, subtracted from the 0..255 pixel
 * before the per-channel affine map (Caffe's {@code mean.binaryproto}, Core ML's {@code NeuralNetworkMeanImage}).
 *
 * <p>Immutable: arrays are copied in and out; equal by content; safe to share between threads.
 */
public final class MeanImage {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    public MeanImage(int channels, int height, int width, float[] data) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new InvalidSpecException("$.mean_image", "shape must be positive, got [" + channels + "," + height + "," + width + "]");
        }
        long n = (long) channels * height * width;
        if (data.length != n) {
            throw new InvalidSpecException("$.mean_image.data", "expected " + n + " values for [" + channels + "," + height + ","
                    + width + "], got " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidSpecException("$.mean_image.data[" + i + "]", "must be finite, got " + data[i]);
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data.clone();
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** A copy of the planar values. */
    public float[] data() {
        return data.clone();
    }

    /** Value at channel {@code c}, row {@code y}, column {@code x}. */
    public float at(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** Average of each channel. */
    public double[] channelMeans() {
        double[] m = new double[channels];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int i = 0; i < plane; i++) {
                s += data[c * plane + i];
            }
            m[c] = s / plane;
        }
        return m;
    }

    /** The {@code w × h} region whose top-left corner is column {@code left}, row {@code top}, every channel. */
    public MeanImage crop(int left, int top, int w, int h) {
        if (left < 0 || top < 0 || w <= 0 || h <= 0 || (long) left + w > width || (long) top + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + left + ", " + top + ") does not fit in the "
                    + width + "x" + height + " mean image");
        }
        float[] out = new float[channels * w * h];
        int i = 0;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, (c * height + top + y) * width + left, out, i, w);
                i += w;
            }
        }
        return new MeanImage(channels, h, w, out);
    }

    /** The same mean with its channel axis reversed (BGR to RGB or back). */
    public MeanImage reversedChannels() {
        float[] out = new float[data.length];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            System.arraycopy(data, c * plane, out, (channels - 1 - c) * plane, plane);
        }
        return new MeanImage(channels, height, width, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeanImage && ((MeanImage) o).channels == channels && ((MeanImage) o).height == height
                && ((MeanImage) o).width == width && Arrays.equals(((MeanImage) o).data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "MeanImage[" + channels + "x" + height + "x" + width + "]";
    }
}
