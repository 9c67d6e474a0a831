package dev.pixelprep.doctor;

import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The running statistics of the batch normalisation after a model's first convolution ({@link FirstLayer}) against
 * what that convolution gives on your images under each candidate ({@link FirstLayer#discrepancy}). A few photos
 * differ from the training set in texture and colour, so the right candidate does not match exactly; on UltraFace
 * with the four bundled photos (astronaut, chelsea, coffee, rocket) the discrepancy is 0.64 for the right
 * (x − 127)/128 RGB, 0.78 for BGR, 1.6 for ImageNet's mean/std, 3.9 for 0..1 and 11,133 for raw 0..255 (numpy's
 * numbers, {@code reference/first-layer.py} in the tests). So it decides the
 * scale's order of magnitude and nothing finer: a candidate is ruled out only when its discrepancy is at least
 * {@value #MIN_RATIO} times the best kept one's (and at least 1).
 *
 * <p>Immutable: the discrepancies are computed when it is made.
 */
final class BatchNormEvidence implements Evidence {
    static final double MIN_RATIO = 100;
    private final Map<String, Double> discrepancy;

    BatchNormEvidence(Map<String, Double> discrepancy) {
        this.discrepancy = Map.copyOf(discrepancy);
    }

    @Override
    public String name() {
        return "first-layer statistics";
    }

    @Override
    public String scope() {
        return "the batch normalisation after the first convolution decides the input's order of magnitude (0..255 against normalised values),"
                + " not the channel order or the exact normalisation";
    }

    @Override
    public String rule() {
        return String.format(Locale.ROOT, "a candidate whose convolution statistics on the images are at least %.0f times farther from the running"
                + " mean and variance than the best kept candidate's is ruled out", MIN_RATIO);
    }

    private double of(Evaluation e) {
        Double d = discrepancy.get(e.candidate().name());
        return d == null ? Double.NaN : d;
    }

    @Override
    public String rulesOut(Evaluation candidate, List<Evaluation> kept) {
        double best = Double.POSITIVE_INFINITY;
        for (Evaluation e : kept) {
            double d = of(e);
            if (d < best) {
                best = d;
            }
        }
        double d = of(candidate);
        if (Double.isNaN(d) || !(d >= MIN_RATIO * best) || d < 1) {
            return null;
        }
        return String.format(Locale.ROOT, "first-layer discrepancy %.4g against %.4g for the best kept candidate", d, best);
    }
}
