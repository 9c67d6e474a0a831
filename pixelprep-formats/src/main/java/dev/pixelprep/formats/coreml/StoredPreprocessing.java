package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The preprocessing a Core ML model stores for one image input, as found in the file.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param kind      where it was found
 * @param order     tensor channel order the input's colour space gives ({@code null} for an invalid colour space)
 * @param scale     {@code channelScale} or the mlprogram {@code mul} constant (1 when there is none)
 * @param bias      added per channel in tensor order (the scaler's colour-named biases or the mlprogram {@code add} constant)
 * @param meanImage the subtracted mean image, or {@code null}
 * @param detail    how it is stored, in the file's own words
 * @param notes     anything unusual (unset channelScale, several entries for one input, constants not readable)
 * @param scales    per-channel scales in tensor order when an mlprogram {@code mul} has a {@code [1,C,1,1]} constant, else {@code null}
 *                  ({@code scale} then holds for every channel)
 * @param float16   how float16 enters the first operations of an mlprogram, or {@code null} when they compute in float32
 */
public record StoredPreprocessing(Kind kind, ColorOrder order, double scale, double[] bias, MeanImage meanImage, String detail,
                                  List<String> notes, double[] scales, Float16 float16) {
    /**
     * Where binary16 rounding happens in an ML program's preprocessing. Immutable.
     *
     * @param opsInFloat16 the {@code mul}/{@code add} themselves compute in float16 (a float16 input or float16 constants):
     *                     the constants, the product and the sum are each rounded to binary16
     * @param castOp       the {@code cast} to float16 that consumes the preprocessed tensor (coremltools' default
     *                     {@code compute_precision=FLOAT16}), or {@code null}; the float32 result is rounded once
     */
    public record Float16(boolean opsInFloat16, String castOp) {
    }

    /** A value without per-channel scales or float16 (neural networks, and mlprograms computing in float32). */
    public StoredPreprocessing(Kind kind, ColorOrder order, double scale, double[] bias, MeanImage meanImage, String detail, List<String> notes) {
        this(kind, order, scale, bias, meanImage, detail, notes, null, null);
    }

    public enum Kind {
        /** No preprocessing entry: the network sees raw 0..255 pixels. */
        NONE,
        /** {@code NeuralNetworkImageScaler}. */
        SCALER,
        /** {@code NeuralNetworkMeanImage}. */
        MEAN_IMAGE,
        /** mlprogram {@code mul}/{@code add} operations after the input ({@code <input>__scaled__}, {@code <input>__biased__}). */
        PROGRAM_OPS,
        /** The model type has no place for image preprocessing, or it could not be read. */
        UNKNOWN
    }

    public StoredPreprocessing {
        bias = bias == null ? null : bias.clone();
        scales = scales == null ? null : scales.clone();
        notes = List.copyOf(notes);
    }

    @Override
    public double[] bias() {
        return bias == null ? null : bias.clone();
    }

    @Override
    public double[] scales() {
        return scales == null ? null : scales.clone();
    }

    /** The scale of one channel in tensor order. */
    public double scale(int channel) {
        return scales == null ? scale : scales[channel];
    }

    /** The canonical spec (normalisation only), or {@code null} when it cannot be known. */
    public Spec toSpec() {
        if (order == null || kind == Kind.UNKNOWN) {
            return null;
        }
        Spec.Builder b = Spec.builder().color(order);
        if (meanImage != null) {
            return b.meanImage(meanImage).build();
        }
        return b.scale(scales == null ? new double[] {scale} : scales).bias(bias == null ? new double[] {0} : bias).build();
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof StoredPreprocessing)) {
            return false;
        }
        StoredPreprocessing o = (StoredPreprocessing) other;
        return Objects.equals(kind, o.kind)
                && Objects.equals(order, o.order)
                && Double.compare(scale, o.scale) == 0
                && Arrays.equals(bias, o.bias)
                && Objects.equals(meanImage, o.meanImage)
                && Objects.equals(detail, o.detail)
                && Objects.equals(notes, o.notes)
                && Arrays.equals(scales, o.scales)
                && Objects.equals(float16, o.float16);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, order, scale, Arrays.hashCode(bias), meanImage, detail, notes, Arrays.hashCode(scales), float16);
    }

    @Override
    public String toString() {
        return "StoredPreprocessing[kind=" + kind + ", order=" + order + ", scale=" + scale + ", bias=" + Arrays.toString(bias) + ", meanImage=" + meanImage + ", detail=" + detail + ", notes=" + notes
                + ", scales=" + Arrays.toString(scales) + ", float16=" + float16 + "]";
    }
}
