package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.engine.Half;
import dev.pixelprep.core.spec.Spec;

/**
 * What float16 does to an ML program's preprocessing: the value the network sees for every pixel level 0..255 and
 * channel, against a reference spec computed exactly.
 *
 * <p>Two ways binary16 enters, as {@link StoredPreprocessing.Float16} tells:
 * <ul>
 *   <li><b>cast after</b> (coremltools' default {@code compute_precision=FLOAT16}: the {@code mul}/{@code add} run in
 *       float32 on the float32 image input, then {@code cast(dtype="fp16")}): {@code half(float(float(x·s) + b))}.</li>
 *   <li><b>operations in float16</b> (a float16 input or float16 constants): the constants are binary16, and the
 *       product and the sum are each rounded to binary16 as numpy's float16 arithmetic does (computed in float32,
 *       then rounded): {@code half(half(x)·half(s))}, then {@code half(that + half(b))}.</li>
 * </ul>
 * Without either the operations are float32: {@code float(float(x·s) + b)}.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class Float16Effect {
    /**
     * Above this worst error, counted in grey levels (one level is the reference's {@code |scale|} of the channel),
     * a warning is given: float16 then moves some pixel by more than a tenth of the step between two input levels.
     */
    public static final double WARN_GREY_LEVELS = 0.1;

    /**
     * The comparison for one input. Immutable: the arrays are copied in and out.
     *
     * @param worstError   per channel, the largest |seen − reference| over levels 0..255
     * @param worstLevel   per channel, the level where it occurs
     * @param greyLevels   per channel, {@code worstError / |reference scale|}
     * @param scaleSeen    per channel, the scale the operations use (binary16 when they compute in float16)
     * @param biasSeen     per channel, the bias the operations use
     */
    public record Report(double[] worstError, int[] worstLevel, double[] greyLevels, double[] scaleSeen, double[] biasSeen) {
        /** Copies the arrays in. */
        public Report {
            worstError = worstError.clone();
            worstLevel = worstLevel.clone();
            greyLevels = greyLevels.clone();
            scaleSeen = scaleSeen.clone();
            biasSeen = biasSeen.clone();
        }

        @Override
        public double[] worstError() {
            return worstError.clone();
        }

        @Override
        public int[] worstLevel() {
            return worstLevel.clone();
        }

        @Override
        public double[] greyLevels() {
            return greyLevels.clone();
        }

        @Override
        public double[] scaleSeen() {
            return scaleSeen.clone();
        }

        @Override
        public double[] biasSeen() {
            return biasSeen.clone();
        }

        /** The largest {@link #greyLevels} over channels. */
        public double worstGreyLevels() {
            double w = 0;
            for (double g : greyLevels) {
                w = Math.max(w, g);
            }
            return w;
        }

        /** Whether some channel exceeds {@link #WARN_GREY_LEVELS}. */
        public boolean warn() {
            return worstGreyLevels() > WARN_GREY_LEVELS;
        }
    }

    private Float16Effect() {
    }

    /** The value the network sees for pixel level {@code x} in channel {@code c} of the stored preprocessing. */
    public static double seen(StoredPreprocessing p, int c, int x) {
        double s = p.scale(c);
        double b = p.bias() == null ? 0 : p.bias()[c];
        StoredPreprocessing.Float16 h = p.float16();
        if (h != null && h.opsInFloat16()) {
            float product = Half.toFloat(Half.fromFloat(Half.toFloat(Half.fromFloat(x)) * half(s)));
            return Half.toFloat(Half.fromFloat(product + half(b)));
        }
        float y = (float) x * (float) s + (float) b;
        if (h != null && h.castOp() != null) {
            return Half.toFloat(Half.fromFloat(y));
        }
        return y;
    }

    /** The stored preprocessing's values as seen by the network against {@code reference} (normalisation only). */
    public static Report compare(StoredPreprocessing stored, Spec reference) {
        int n = reference.channels();
        double[] worst = new double[n];
        int[] at = new int[n];
        double[] grey = new double[n];
        double[] scale = new double[n];
        double[] bias = new double[n];
        boolean half = stored.float16() != null && stored.float16().opsInFloat16();
        for (int c = 0; c < n; c++) {
            double s = stored.scale(c);
            double b = stored.bias() == null ? 0 : stored.bias()[c];
            scale[c] = half ? half(s) : (float) s;
            bias[c] = half ? half(b) : (float) b;
            for (int x = 0; x < 256; x++) {
                double want = reference.scale(c) * (reference.invert() ? 255 - x : x) + reference.bias(c);
                double e = Math.abs(seen(stored, c, x) - want);
                if (e > worst[c]) {
                    worst[c] = e;
                    at[c] = x;
                }
            }
            double step = Math.abs(reference.scale(c));
            grey[c] = step == 0 ? 0 : worst[c] / step;
        }
        return new Report(worst, at, grey, scale, bias);
    }

    private static float half(double v) {
        return Half.toFloat(Half.fromFloat((float) v));
    }
}
