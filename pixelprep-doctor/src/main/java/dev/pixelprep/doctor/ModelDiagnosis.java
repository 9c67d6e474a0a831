package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelDoctor} found: the candidates ranked, the winner and how sure the ranking is, and how your
 * current spec differs from the winner.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param mode           how candidates were ranked: {@code expected-output}, {@code labels} or {@code confidence}
 * @param ranked         every evaluated candidate, best first
 * @param certainty      {@code high}, {@code medium} or {@code low}
 * @param certaintyWhy   the numbers behind the certainty, in words
 * @param tied           candidates the evidence cannot tell apart from the winner
 * @param current        your spec, or {@code null}
 * @param currentSource  where your spec came from
 * @param currentRank    your spec's 1-based rank, or 0 when it could not run on the model
 * @param comparison     your tensor diagnosed against the winner's on the first image, or {@code null}
 * @param findings       the named differences of your spec (the comparison's plus model-level ones), report order
 * @param graphSteps     arithmetic the model applies to its input inside the graph (empty when none)
 * @param warnings       sentences for the user
 */
public record ModelDiagnosis(String mode, List<Evaluation> ranked, String certainty, String certaintyWhy, List<Evaluation> tied,
                             Spec current, String currentSource, int currentRank, TensorDiagnosis comparison, List<Finding> findings,
                             List<GraphNormalization.Step> graphSteps, List<String> warnings) {
    public ModelDiagnosis {
        ranked = List.copyOf(ranked);
        tied = List.copyOf(tied);
        findings = List.copyOf(findings);
        graphSteps = List.copyOf(graphSteps);
        warnings = List.copyOf(warnings);
    }

    /** One candidate's results. */
    public record Evaluation(Candidate candidate, double score, List<SampleResult> samples) {
        public Evaluation {
            samples = List.copyOf(samples);
        }
    }

    /**
     * One candidate on one image.
     *
     * @param summary    the outputs in words: top-k classes, or the best detection score
     * @param labelProb  probability of the expected label (NaN without a label)
     * @param distance   RMS distance to the expected output over its standard deviation (NaN without one)
     * @param confidence the largest class probability (over rows for detectors, background excluded)
     * @param top1       the top class of a classifier, -1 for other outputs
     */
    public record SampleResult(String summary, double labelProb, double distance, double confidence, int top1) {
    }

    /** A candidate's score in words: distance, labels hit and mean log-probability, or confidence times agreement. */
    public String scoreText(Evaluation e) {
        switch (mode) {
            case "expected-output":
                return String.format(java.util.Locale.ROOT, "distance %.4f", 0.0 - e.score());
            case "labels": {
                long hits = (long) Math.floor(e.score() / 1000 + 0.5);
                return String.format(java.util.Locale.ROOT, "%d/%d labels, mean log p %.3f", hits, e.samples().size(), e.score() - hits * 1000);
            }
            default:
                return String.format(java.util.Locale.ROOT, "confidence x agreement %.4f", e.score());
        }
    }

    public Evaluation winner() {
        return ranked.get(0);
    }

    /** The finding identifiers, in report order. */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(f.id());
        }
        return out;
    }

    /** A JSON-ready tree for {@code --json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("winner", winner().candidate().name());
        m.put("winner_spec", winner().candidate().spec().describe());
        m.put("certainty", certainty);
        m.put("certainty_why", certaintyWhy);
        List<String> t = new ArrayList<>();
        for (Evaluation e : tied) {
            t.add(e.candidate().name());
        }
        m.put("tied", t);
        m.put("current_spec", current == null ? null : current.describe());
        m.put("current_source", currentSource);
        m.put("current_rank", currentRank == 0 ? null : currentRank);
        m.put("findings", TensorDiagnosis.findingMaps(findings));
        m.put("corrected_spec", comparison == null || comparison.corrected() == null ? null : comparison.corrected().describe());
        List<String> g = new ArrayList<>();
        for (GraphNormalization.Step s : graphSteps) {
            g.add(s.toString());
        }
        m.put("graph_normalization", g);
        m.put("warnings", warnings);
        List<Map<String, Object>> cands = new ArrayList<>();
        for (Evaluation e : ranked) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", e.candidate().name());
            c.put("score", e.score());
            c.put("score_text", scoreText(e));
            List<String> outs = new ArrayList<>();
            for (SampleResult r : e.samples()) {
                outs.add(r.summary());
            }
            c.put("outputs", outs);
            cands.add(c);
        }
        m.put("candidates", cands);
        return m;
    }
}
