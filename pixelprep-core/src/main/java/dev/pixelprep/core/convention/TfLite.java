package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * TensorFlow Lite metadata {@code NormalizationOptions} and the Support Library's {@code NormalizeOp(mean, std)}:
 * {@code y = (x − mean[c]) / std[c]} with mean and std in pixel (0..255) units, RGB on the last axis.
 * MobileNet's metadata says mean 127.5, std 127.5.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record TfLite(double[] mean, double[] std, boolean grayscale) implements Convention {

    public TfLite {
        int c = grayscale ? 1 : 3;
        mean = Num.perChannel("$.tflite.mean", mean, c);
        std = Num.perChannel("$.tflite.std", std, c);
        Num.nonZero("$.tflite.std", std);
    }

    public static TfLite of(double[] mean, double[] std) {
        return new TfLite(mean, std, false);
    }

    @Override
    public String id() {
        return "tflite";
    }

    @Override
    public ColorOrder colorOrder() {
        return grayscale ? ColorOrder.GRAY : ColorOrder.RGB;
    }

    @Override
    public double[] scale() {
        double[] a = new double[std.length];
        for (int c = 0; c < a.length; c++) {
            a[c] = 1.0 / std[c];
        }
        return a;
    }

    @Override
    public double[] bias() {
        double[] b = new double[std.length];
        for (int c = 0; c < b.length; c++) {
            b[c] = -mean[c] / std[c];
        }
        return b;
    }

    /** As the Support Library computes it in float32. */
    @Override
    public double evaluate(int channel, int x) {
        return ((float) x - (float) mean[channel]) / (float) std[channel];
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public String render() {
        return "NormalizationOptions(mean=" + Num.list(mean) + ", std=" + Num.list(std) + ")"
                + "\n// Support Library: new NormalizeOp(new float[] " + Num.list(mean).replace('[', '{').replace(']', '}')
                + ", new float[] " + Num.list(std).replace('[', '{').replace(']', '}') + ")";
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TfLite)) {
            return false;
        }
        TfLite o = (TfLite) other;
        return Arrays.equals(mean, o.mean)
                && Arrays.equals(std, o.std)
                && grayscale == o.grayscale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(mean), Arrays.hashCode(std), grayscale);
    }

    @Override
    public String toString() {
        return "TfLite[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", grayscale=" + grayscale + "]";
    }
}
