package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * Hugging Face image processors ({@code preprocessor_config.json}): {@code rescale} multiplies by
 * {@code rescale_factor} (default 1/255) when {@code do_rescale}, then {@code normalize} computes
 * {@code (x − image_mean[c]) / image_std[c]} when {@code do_normalize}. RGB.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record HuggingFace(boolean doRescale, double rescaleFactor, boolean doNormalize, double[] imageMean,
                          double[] imageStd) implements Convention {
    public static final double DEFAULT_RESCALE = 1 / 255.0;
    private static final double[] OPENAI_CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] OPENAI_CLIP_STD = {0.26862954, 0.26130258, 0.27577711};
    private static final double[] IMAGENET_STANDARD = {0.5, 0.5, 0.5};

    /** transformers' {@code OPENAI_CLIP_MEAN}, R, G, B; a fresh copy on each call. */
    public static double[] openaiClipMean() {
        return OPENAI_CLIP_MEAN.clone();
    }

    /** transformers' {@code OPENAI_CLIP_STD}, R, G, B; a fresh copy on each call. */
    public static double[] openaiClipStd() {
        return OPENAI_CLIP_STD.clone();
    }

    /** transformers' {@code IMAGENET_STANDARD_MEAN} and {@code IMAGENET_STANDARD_STD} (both 0.5); a fresh copy on each call. */
    public static double[] imagenetStandard() {
        return IMAGENET_STANDARD.clone();
    }

    public HuggingFace {
        Num.finite("$.hf.rescale_factor", rescaleFactor);
        imageMean = Num.perChannel("$.hf.image_mean", imageMean == null ? new double[] {0} : imageMean, 3);
        imageStd = Num.perChannel("$.hf.image_std", imageStd == null ? new double[] {1} : imageStd, 3);
        Num.nonZero("$.hf.image_std", imageStd);
    }

    /** The common case: rescale by 1/255 and normalise. */
    public static HuggingFace of(double[] mean, double[] std) {
        return new HuggingFace(true, DEFAULT_RESCALE, true, mean, std);
    }

    @Override
    public String id() {
        return "hf";
    }

    @Override
    public ColorOrder colorOrder() {
        return ColorOrder.RGB;
    }

    @Override
    public double[] scale() {
        double r = doRescale ? rescaleFactor : 1;
        double[] a = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = doNormalize ? r / imageStd[c] : r;
        }
        return a;
    }

    @Override
    public double[] bias() {
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            b[c] = doNormalize ? -imageMean[c] / imageStd[c] : 0;
        }
        return b;
    }

    /** As the slow (numpy) path computes it: float32 rescale, then float32 normalise. */
    @Override
    public double evaluate(int channel, int x) {
        float v = doRescale ? (float) (x * rescaleFactor) : x;
        if (doNormalize) {
            v = (v - (float) imageMean[channel]) / (float) imageStd[channel];
        }
        return v;
    }

    @Override
    public double[] imageMean() {
        return imageMean.clone();
    }

    @Override
    public double[] imageStd() {
        return imageStd.clone();
    }

    @Override
    public String render() {
        return "{\"do_rescale\": " + doRescale + ", \"rescale_factor\": " + rescaleFactor + ", \"do_normalize\": " + doNormalize
                + ", \"image_mean\": " + Num.list(imageMean) + ", \"image_std\": " + Num.list(imageStd) + "}";
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof HuggingFace)) {
            return false;
        }
        HuggingFace o = (HuggingFace) other;
        return doRescale == o.doRescale
                && Double.compare(rescaleFactor, o.rescaleFactor) == 0
                && doNormalize == o.doNormalize
                && Arrays.equals(imageMean, o.imageMean)
                && Arrays.equals(imageStd, o.imageStd);
    }

    @Override
    public int hashCode() {
        return Objects.hash(doRescale, rescaleFactor, doNormalize, Arrays.hashCode(imageMean), Arrays.hashCode(imageStd));
    }

    @Override
    public String toString() {
        return "HuggingFace[doRescale=" + doRescale + ", rescaleFactor=" + rescaleFactor + ", doNormalize=" + doNormalize + ", imageMean=" + Arrays.toString(imageMean) + ", imageStd=" + Arrays.toString(imageStd) + "]";
    }
}
