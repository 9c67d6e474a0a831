package dev.pixelprep.core.convention;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.spec.ColorOrder;

/**
 * Core ML's image preprocessing: {@code NeuralNetworkImageScaler} and coremltools' {@code image_scale},
 * {@code red_bias}, {@code green_bias}, {@code blue_bias}, {@code gray_bias}, {@code is_bgr} (legacy converters)
 * or {@code ct.ImageType(scale, bias, color_layout)}.
 *
 * <p>{@code y = image_scale · x + bias[c]}: the scale is applied first and the bias is added, not subtracted, so
 * a mean {@code m} that should be subtracted before scaling becomes {@code bias = −m · image_scale}. There is one
 * scale for all channels. Biases are named by colour; with {@code is_bgr} the tensor is [B, G, R] and
 * {@code blue_bias} lands on channel 0.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record CoreMl(double imageScale, double redBias, double greenBias, double blueBias, double grayBias,
                     boolean isBgr, boolean grayscale) implements Convention {

    public CoreMl {
        Num.finite("$.coreml.image_scale", imageScale);
        Num.finite("$.coreml.red_bias", redBias);
        Num.finite("$.coreml.green_bias", greenBias);
        Num.finite("$.coreml.blue_bias", blueBias);
        Num.finite("$.coreml.gray_bias", grayBias);
        if (grayscale && isBgr) {
            throw new InvalidSpecException("$.coreml.is_bgr", "is meaningless for a grayscale input");
        }
    }

    /** Colour input, legacy converter arguments. */
    public static CoreMl rgb(double imageScale, double redBias, double greenBias, double blueBias, boolean isBgr) {
        return new CoreMl(imageScale, redBias, greenBias, blueBias, 0, isBgr, false);
    }

    /** Grayscale input, legacy converter arguments. */
    public static CoreMl gray(double imageScale, double grayBias) {
        return new CoreMl(imageScale, 0, 0, 0, grayBias, false, true);
    }

    /**
     * {@code ct.ImageType(scale=..., bias=[...], color_layout=...)}: the bias list is in the colour layout's order
     * ([R, G, B] for RGB, [B, G, R] for BGR, one value for G).
     */
    public static CoreMl imageType(double scale, double[] bias, ColorOrder colorLayout) {
        double[] b = Num.perChannel("$.coreml.bias", bias, colorLayout.channels());
        switch (colorLayout) {
            case GRAY: return gray(scale, b[0]);
            case BGR: return rgb(scale, b[2], b[1], b[0], true);
            default: return rgb(scale, b[0], b[1], b[2], false);
        }
    }

    @Override
    public String id() {
        return "coreml";
    }

    @Override
    public ColorOrder colorOrder() {
        return grayscale ? ColorOrder.GRAY : isBgr ? ColorOrder.BGR : ColorOrder.RGB;
    }

    @Override
    public double[] scale() {
        return grayscale ? new double[] {imageScale} : new double[] {imageScale, imageScale, imageScale};
    }

    @Override
    public double[] bias() {
        if (grayscale) {
            return new double[] {grayBias};
        }
        return isBgr ? new double[] {blueBias, greenBias, redBias} : new double[] {redBias, greenBias, blueBias};
    }

    @Override
    public double evaluate(int channel, int x) {
        return (float) imageScale * (float) x + (float) bias()[channel];
    }

    @Override
    public String render() {
        String legacy;
        String imageType;
        if (grayscale) {
            legacy = "image_scale=" + Num.f(imageScale) + ", gray_bias=" + Num.f(grayBias);
            imageType = "ct.ImageType(scale=" + Num.f(imageScale) + ", bias=" + Num.f(grayBias) + ", color_layout=ct.colorlayout.GRAYSCALE)";
        } else {
            legacy = "image_scale=" + Num.f(imageScale) + ", red_bias=" + Num.f(redBias) + ", green_bias=" + Num.f(greenBias)
                    + ", blue_bias=" + Num.f(blueBias) + ", is_bgr=" + (isBgr ? "True" : "False");
            imageType = "ct.ImageType(scale=" + Num.f(imageScale) + ", bias=" + Num.list(bias())
                    + ", color_layout=ct.colorlayout." + (isBgr ? "BGR" : "RGB") + ")";
        }
        return imageType + "\n# legacy converters / NeuralNetworkImageScaler: " + legacy;
    }
}
