package dev.pixelprep.doctor;

import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;
import dev.pixelprep.doctor.ModelDiagnosis.SampleResult;

import java.util.List;
import java.util.Locale;

/**
 * The expected class of each image: the likelihood the model gives those labels under each candidate. A candidate
 * is ruled out when the labels are at least {@value #MIN_RATIO} times less likely under it than under the best
 * kept candidate (a log-likelihood ratio of ln 100 = 4.61, summed over the images) and it gets no more of them
 * right. On one or two images this rarely separates a channel swap or a missing mean/std (a swapped MobileNet is
 * more sure of a cat than the right one), so it mostly rules out gross mistakes; more labelled images sharpen it.
 *
 * <p>Immutable.
 */
final class LabelEvidence implements Evidence {
    static final double MIN_RATIO = 100;
    private final int[] labels;

    /** @param labels the expected class index per image */
    LabelEvidence(int[] labels) {
        this.labels = labels.clone();
    }

    @Override
    public String name() {
        return "labels";
    }

    @Override
    public String scope() {
        return "the expected classes rule out candidates under which the model finds them far less likely; a few images rarely decide a channel swap";
    }

    @Override
    public String rule() {
        return String.format(Locale.ROOT, "a candidate under which the labels are at least %.0f times less likely than under the best (log-likelihood ratio %.2f,"
                + " summed over the images) and which gets no more labels right is ruled out", MIN_RATIO, Math.log(MIN_RATIO));
    }

    static double logLikelihood(Evaluation e) {
        double s = 0;
        for (SampleResult r : e.samples()) {
            s += Math.log(Math.max(r.labelProb(), 1e-12));
        }
        return s;
    }

    int hits(Evaluation e) {
        int h = 0;
        for (int i = 0; i < e.samples().size(); i++) {
            SampleResult r = e.samples().get(i);
            h += (r.top1() >= 0 ? r.top1() == labels[i] : r.labelProb() >= 0.5) ? 1 : 0;
        }
        return h;
    }

    @Override
    public String rulesOut(Evaluation candidate, List<Evaluation> kept) {
        Evaluation best = null;
        for (Evaluation e : kept) {
            if (best == null || logLikelihood(e) > logLikelihood(best)) {
                best = e;
            }
        }
        double ratio = logLikelihood(best) - logLikelihood(candidate);
        if (ratio < Math.log(MIN_RATIO) || hits(candidate) > hits(best)) {
            return null;
        }
        int n = candidate.samples().size();
        return String.format(Locale.ROOT, "the labels are %s times less likely under it than under the best (log-likelihood ratio %.2f);"
                + " %d/%d right against %d/%d", ratio > 46 ? "over 10^20" : String.format(Locale.ROOT, "%.3g", Math.exp(ratio)), ratio,
                hits(candidate), n, hits(best), n);
    }
}
