package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;

import java.util.Locale;

/**
 * Keras applications' {@code preprocess_input(x, mode=...)} on RGB 0..255 input:
 * <ul>
 *   <li>{@code caffe} (VGG16/19, ResNet50/101/152): flip RGB to BGR, subtract [103.939, 116.779, 123.68], no scaling;</li>
 *   <li>{@code tf} (MobileNet v1/v2, Inception, Xception, NASNet, ResNet V2): {@code x/127.5 − 1};</li>
 *   <li>{@code torch} (DenseNet): {@code (x/255 − mean)/std} with ImageNet statistics, as torchvision.</li>
 * </ul>
 * EfficientNet, EfficientNetV2, ConvNeXt and MobileNetV3 normalise inside the model: feed them 0..255.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record Keras(Mode mode) implements Convention {
    public enum Mode { CAFFE, TF, TORCH }

    private static final double[] CAFFE_BGR_MEAN = {103.939, 116.779, 123.68};

    /** The mean {@code mode='caffe'} subtracts, in 0..255 units, B, G, R; a fresh copy on each call. */
    public static double[] caffeBgrMean() {
        return CAFFE_BGR_MEAN.clone();
    }

    public static Keras parse(String mode) {
        try {
            return new Keras(Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Keras mode '" + mode + "'; expected caffe, tf or torch");
        }
    }

    @Override
    public String id() {
        return "keras";
    }

    @Override
    public ColorOrder colorOrder() {
        return mode == Mode.CAFFE ? ColorOrder.BGR : ColorOrder.RGB;
    }

    @Override
    public double[] scale() {
        switch (mode) {
            case CAFFE: return new double[] {1, 1, 1};
            case TF: return new double[] {1 / 127.5, 1 / 127.5, 1 / 127.5};
            default: return Torchvision.imagenet().scale();
        }
    }

    @Override
    public double[] bias() {
        switch (mode) {
            case CAFFE: return new double[] {-CAFFE_BGR_MEAN[0], -CAFFE_BGR_MEAN[1], -CAFFE_BGR_MEAN[2]};
            case TF: return new double[] {-1, -1, -1};
            default: return Torchvision.imagenet().bias();
        }
    }

    /** As Keras computes it in float32. */
    @Override
    public double evaluate(int channel, int x) {
        switch (mode) {
            case CAFFE: return (float) x - (float) CAFFE_BGR_MEAN[channel];
            case TF: return (float) x / 127.5f - 1f;
            default: return Torchvision.imagenet().evaluate(channel, x);
        }
    }

    @Override
    public String render() {
        return "keras.applications.imagenet_utils.preprocess_input(x, mode='" + mode.name().toLowerCase(Locale.ROOT) + "')  # x: RGB float 0..255";
    }
}
