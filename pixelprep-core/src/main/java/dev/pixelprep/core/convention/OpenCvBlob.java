package dev.pixelprep.core.convention;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.spec.ColorOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * OpenCV's {@code cv::dnn::blobFromImage} / {@code blobFromImageWithParams}: {@code y = (x − mean[c]) ·
 * scalefactor[c]} — the mean is subtracted <em>before</em> scaling, the opposite of Core ML. {@code swapRB}
 * swaps channels 0 and 2 of the source Mat; {@code mean} and a per-channel {@code scalefactor} are given in the
 * <em>output</em> (post-swap) channel order. The source order is BGR for images read with {@code cv::imread}.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record OpenCvBlob(double[] scalefactor, double[] mean, boolean swapRB, ColorOrder source) implements Convention {

    public OpenCvBlob {
        int c = source.channels();
        scalefactor = Num.perChannel("$.opencv.scalefactor", scalefactor, c);
        mean = Num.perChannel("$.opencv.mean", mean == null ? new double[] {0} : mean, c);
        if (swapRB && source == ColorOrder.GRAY) {
            throw new InvalidSpecException("$.opencv.swap_rb", "needs a 3-channel source, not a gray one");
        }
    }

    /** A BGR Mat from {@code cv::imread}. */
    public static OpenCvBlob fromImread(double[] scalefactor, double[] mean, boolean swapRB) {
        return new OpenCvBlob(scalefactor, mean, swapRB, ColorOrder.BGR);
    }

    @Override
    public String id() {
        return "opencv";
    }

    @Override
    public ColorOrder colorOrder() {
        if (!swapRB) {
            return source;
        }
        return source == ColorOrder.BGR ? ColorOrder.RGB : ColorOrder.BGR;
    }

    @Override
    public double[] scale() {
        return scalefactor.clone();
    }

    @Override
    public double[] bias() {
        double[] b = new double[mean.length];
        for (int c = 0; c < b.length; c++) {
            b[c] = -mean[c] * scalefactor[c];
        }
        return b;
    }

    /** As OpenCV computes it on CV_32F: subtract the mean, then multiply by the scale factor. */
    @Override
    public double evaluate(int channel, int x) {
        return ((float) x - (float) mean[channel]) * (float) scalefactor[channel];
    }

    @Override
    public double[] scalefactor() {
        return scalefactor.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public String render() {
        String m = "(" + String.join(", ", java.util.Arrays.stream(mean).mapToObj(Num::f).toArray(String[]::new)) + ")";
        String src = source == ColorOrder.BGR ? "" : "  # source Mat is " + source + ", not imread's BGR";
        if (Num.allEqual(scalefactor)) {
            return "cv2.dnn.blobFromImage(img, scalefactor=" + Num.f(scalefactor[0]) + ", size=(W, H), mean=" + m
                    + ", swapRB=" + (swapRB ? "True" : "False") + ", crop=False)" + src;
        }
        String s = "(" + String.join(", ", java.util.Arrays.stream(scalefactor).mapToObj(Num::f).toArray(String[]::new)) + ")";
        return "cv2.dnn.blobFromImageWithParams(img, cv2.dnn.Image2BlobParams(scalefactor=" + s + ", size=(W, H), mean=" + m
                + ", swapRB=" + (swapRB ? "True" : "False") + "))  # per-channel scalefactor needs OpenCV >= 4.8" + src;
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof OpenCvBlob)) {
            return false;
        }
        OpenCvBlob o = (OpenCvBlob) other;
        return Arrays.equals(scalefactor, o.scalefactor)
                && Arrays.equals(mean, o.mean)
                && swapRB == o.swapRB
                && source == o.source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(scalefactor), Arrays.hashCode(mean), swapRB, source);
    }

    @Override
    public String toString() {
        return "OpenCvBlob[scalefactor=" + Arrays.toString(scalefactor) + ", mean=" + Arrays.toString(mean) + ", swapRB=" + swapRB + ", source=" + source + "]";
    }
}
