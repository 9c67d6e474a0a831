package dev.pixelprep.doctor;

import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;
import dev.pixelprep.doctor.ModelDiagnosis.SampleResult;

import java.util.List;
import java.util.Locale;

/**
 * The model's expected outputs per image (e.g. the authors' logits): each candidate's mean distance to them (RMS
 * difference over the expected values' standard deviation). The strongest evidence: it can decide every aspect the
 * outputs depend on. A candidate is ruled out when its distance exceeds {@value #RATIO} times the best and
 * {@value #FLOOR} (so that float noise between machines, about 1e-6 here, never separates two candidates); when even
 * the best is farther than {@value #CREDIBLE}, no candidate reproduces the outputs and nothing is ruled out (the
 * preprocessing may be one the doctor does not try). The distance is relative to the spread of the whole output, so
 * for a detector whose outputs are mostly confident background it is small for every candidate (UltraFace: 0.007
 * for a channel swap): the ratio, not the size, is what separates.
 *
 * <p>Immutable.
 */
final class ExpectedOutputEvidence implements Evidence {
    static final double RATIO = 3;
    static final double FLOOR = 1e-3;
    static final double CREDIBLE = 0.25;

    @Override
    public String name() {
        return "expected outputs";
    }

    @Override
    public String scope() {
        return "the outputs the model should give decide every aspect of the preprocessing they depend on";
    }

    @Override
    public String rule() {
        return "a candidate farther from the expected outputs than " + (int) RATIO + " times the best distance and " + FLOOR + " is ruled out, when the"
                + " best is within " + CREDIBLE + " (RMS difference over the outputs' standard deviation)";
    }

    static double distance(Evaluation e) {
        double d = 0;
        for (SampleResult r : e.samples()) {
            d += r.distance() / e.samples().size();
        }
        return d;
    }

    private static double best(List<Evaluation> kept) {
        double b = Double.POSITIVE_INFINITY;
        for (Evaluation e : kept) {
            b = Math.min(b, distance(e));
        }
        return b;
    }

    @Override
    public String rulesOut(Evaluation candidate, List<Evaluation> kept) {
        double best = best(kept);
        double d = distance(candidate);
        if (!(best <= CREDIBLE) || d <= Math.max(RATIO * best, FLOOR)) {
            return null;
        }
        return String.format(Locale.ROOT, "distance to the expected outputs %.4f against %.4f for the best", d, best);
    }

    @Override
    public String note(List<Evaluation> kept) {
        double best = best(kept);
        return best <= CREDIBLE ? null : String.format(Locale.ROOT, "no candidate reproduces the expected outputs (best distance %.3f,"
                + " more than %.2f): the preprocessing is not among the candidates, or the outputs are not this model's", best, CREDIBLE);
    }
}
