package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * torchvision's {@code ToTensor()} (or {@code PILToTensor} + {@code ConvertImageDtype(float)}) followed by
 * {@code Normalize(mean, std)}: {@code y = (x/255 − mean[c]) / std[c]}, channels R, G, B (or one gray channel
 * after {@code Grayscale(1)}). Mean and std are in 0..1 units.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record Torchvision(double[] mean, double[] std, boolean grayscale) implements Convention {
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    /** ImageNet's mean used by every torchvision classification preset, R, G, B; a fresh copy on each call. */
    public static double[] imagenetMean() {
        return IMAGENET_MEAN.clone();
    }

    /** ImageNet's std used by every torchvision classification preset, R, G, B; a fresh copy on each call. */
    public static double[] imagenetStd() {
        return IMAGENET_STD.clone();
    }

    public Torchvision {
        int c = grayscale ? 1 : 3;
        mean = Num.perChannel("$.torchvision.mean", mean, c);
        std = Num.perChannel("$.torchvision.std", std, c);
        Num.nonZero("$.torchvision.std", std);
    }

    public static Torchvision of(double[] mean, double[] std) {
        return new Torchvision(mean, std, false);
    }

    public static Torchvision imagenet() {
        return of(IMAGENET_MEAN, IMAGENET_STD);
    }

    @Override
    public String id() {
        return "torchvision";
    }

    @Override
    public ColorOrder colorOrder() {
        return grayscale ? ColorOrder.GRAY : ColorOrder.RGB;
    }

    @Override
    public double[] scale() {
        double[] a = new double[std.length];
        for (int c = 0; c < a.length; c++) {
            a[c] = 1.0 / (255.0 * std[c]);
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

    /** As torch computes it: float32 division by 255, then float32 subtract and divide. */
    @Override
    public double evaluate(int channel, int x) {
        float t = (float) x / 255f;
        return (t - (float) mean[channel]) / (float) std[channel];
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
        return (grayscale ? "transforms.Grayscale(num_output_channels=1), " : "")
                + "transforms.ToTensor(), transforms.Normalize(mean=" + Num.list(mean) + ", std=" + Num.list(std) + ")";
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Torchvision)) {
            return false;
        }
        Torchvision o = (Torchvision) other;
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
        return "Torchvision[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", grayscale=" + grayscale + "]";
    }
}
