package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;

import java.util.List;
import java.util.Locale;

/**
 * The calibrated range of a quantised model's input ({@link InputQuantization}) against the range of values each
 * candidate produces from 8-bit pixels. A calibrator sets the range to what the training inputs covered, so the
 * right normalisation fills it: a candidate whose range overlaps it by less than {@value #MIN_OVERLAP}
 * (intersection over union) would have been calibrated differently. Decides the value range and normalisation
 * family (raw, 0..1, −1..1, ImageNet mean/std, CLIP ...); cannot tell the channel order (a swap keeps the range),
 * the geometry, or normalisations whose ranges differ by a few percent (ImageNet's per-channel std and one
 * averaged std).
 *
 * <p>Immutable.
 */
final class QuantizationEvidence implements Evidence {
    static final double MIN_OVERLAP = 0.9;
    private final InputQuantization q;

    QuantizationEvidence(InputQuantization q) {
        this.q = q;
    }

    @Override
    public String name() {
        return "input quantisation";
    }

    @Override
    public String scope() {
        return "the model's " + q + " fixes the value range and normalisation family, not the channel order or the geometry";
    }

    @Override
    public String rule() {
        return String.format(Locale.ROOT, "a candidate whose values over 0..255 overlap the calibrated range [%.3f, %.3f] by less than %.1f"
                + " (intersection over union) is ruled out", q.low(), q.high(), MIN_OVERLAP);
    }

    @Override
    public String rulesOut(Evaluation candidate, List<Evaluation> kept) {
        Spec s = candidate.candidate().spec();
        if (s.meanImage() != null) {
            return null;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < s.channels(); c++) {
            for (int v : new int[] {0, 255}) {
                double y = s.apply(c, v);
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
        }
        double overlap = overlap(lo, hi, q.low(), q.high());
        if (overlap >= MIN_OVERLAP) {
            return null;
        }
        return String.format(Locale.ROOT, "its values [%.3f, %.3f] against the calibrated input range [%.3f, %.3f] (overlap %.2f, %.1f needed)",
                lo, hi, q.low(), q.high(), overlap, MIN_OVERLAP);
    }

    /** Intersection over union of two intervals. */
    static double overlap(double a0, double a1, double b0, double b1) {
        double inter = Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
        double union = Math.max(a1, b1) - Math.min(a0, b0);
        return union <= 0 ? 1 : inter / union;
    }
}
