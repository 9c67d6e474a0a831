package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * PaddlePaddle's {@code NormalizeImage(scale, mean, std, order)} (PaddleOCR {@code ppocr/data/imaug/operators.py},
 * PaddleDetection, PaddleClas): {@code y = (x · scale − mean[c]) / std[c]} in float32, with {@code c} the position in
 * the image <b>as it lies</b>. Unlike torchvision's {@code Normalize}, the constants do not follow the colours: a
 * PaddleOCR pipeline decodes with {@code cv2.imread} (BGR) and applies ImageNet's R numbers (0.485, 0.229) to the B
 * channel, and the model was trained that way. {@code order} is the image's channel order at that point: BGR after
 * {@code cv2.imread}, RGB after a {@code DecodeImage(img_mode: RGB)}.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 *
 * @param factor the {@code scale} key ({@code 1./255.} by default)
 * @param mean  {@code mean}, one per channel in the image's order
 * @param std   {@code std}, one per channel in the image's order
 * @param order the image's channel order (BGR, RGB or GRAY)
 */
public record Paddle(double factor, double[] mean, double[] std, ColorOrder order) implements Convention {
    /** {@code NormalizeImage}'s default scale. */
    public static final double DEFAULT_SCALE = 1 / 255.0;

    public Paddle {
        Objects.requireNonNull(order, "order");
        int c = order.channels();
        mean = Num.perChannel("$.paddle.mean", mean, c);
        std = Num.perChannel("$.paddle.std", std, c);
        Num.nonZero("$.paddle.std", std);
        if (!Double.isFinite(factor) || factor == 0) {
            throw new dev.pixelprep.core.InvalidSpecException("$.paddle.scale", "must be a finite non-zero number, got " + factor);
        }
    }

    /** PaddleOCR's detection numbers: ImageNet mean/std on the BGR image from {@code cv2.imread}. */
    public static Paddle ocrDetection() {
        return new Paddle(DEFAULT_SCALE, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, ColorOrder.BGR);
    }

    @Override
    public String id() {
        return "paddle";
    }

    @Override
    public ColorOrder colorOrder() {
        return order;
    }

    @Override
    public double[] scale() {
        double[] a = new double[std.length];
        for (int c = 0; c < a.length; c++) {
            a[c] = factor / std[c];
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

    /** As {@code NormalizeImage} computes it: float32 image times float32 scale, minus and divided by float32 arrays. */
    @Override
    public double evaluate(int channel, int x) {
        return ((float) x * (float) factor - (float) mean[channel]) / (float) std[channel];
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
        return "- NormalizeImage:\n    scale: " + (factor == DEFAULT_SCALE ? "1./255." : Num.f(factor)) + "\n    mean: " + Num.list(mean) + "\n    std: "
                + Num.list(std) + "\n    order: hwc\n# applied to the " + order + " image as it lies (cv2.imread gives BGR)";
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Paddle)) {
            return false;
        }
        Paddle o = (Paddle) other;
        return Double.compare(factor, o.factor) == 0 && Arrays.equals(mean, o.mean) && Arrays.equals(std, o.std) && order == o.order;
    }

    @Override
    public int hashCode() {
        return Objects.hash(factor, Arrays.hashCode(mean), Arrays.hashCode(std), order);
    }

    @Override
    public String toString() {
        return "Paddle[scale=" + factor + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", order=" + order + "]";
    }
}
