package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelDoctor} found: the decision the evidence allows (decided, probably, cannot tell) with the
 * evidence used, the candidates it cannot tell apart and those it ruled out, and where your spec stands.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param mode           how the candidate list is ordered: {@code expected-output}, {@code labels} or {@code confidence}
 *                       (the last is not evidence and decides nothing)
 * @param ranked         every evaluated candidate: the kept ones first (the decision's order), then the rest by score
 * @param decision       the verdict, the evidence and its rules, kept and ruled-out candidates
 * @param current        your spec, or {@code null}
 * @param currentSource  where your spec came from
 * @param currentStatus  your spec against the evidence in words (consistent, cannot be faulted, ruled out by ...),
 *                       or {@code null} without a spec
 * @param comparison     your tensor diagnosed against the first kept candidate on the first image, when the evidence
 *                       rules your spec out; its corrected spec only when the verdict is decided; else {@code null}
 * @param findings       the mistakes every kept candidate agrees your spec makes (plus model-level ones), report order
 * @param graphSteps     arithmetic the model applies to its input inside the graph (empty when none)
 * @param warnings       sentences for the user
 */
public record ModelDiagnosis(String mode, List<Evaluation> ranked, Decision decision, Spec current, String currentSource,
                             String currentStatus, TensorDiagnosis comparison, List<Finding> findings,
                             List<GraphNormalization.Step> graphSteps, List<String> warnings) {
    public ModelDiagnosis {
        ranked = List.copyOf(ranked);
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

    /** The first candidate the evidence keeps (the stored spec when it is kept): shown, not necessarily decided. */
    public Evaluation winner() {
        return ranked.get(0);
    }

    /** Whether {@code e} is one of the candidates the evidence cannot tell apart. */
    public boolean kept(Evaluation e) {
        return decision.kept().contains(e.candidate().name());
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
        m.put("verdict", decision.verdict().text());
        m.put("summary", decision.summary());
        m.put("evidence", decision.evidence());
        m.put("kept", decision.kept());
        m.put("ruled_out", decision.ruledOut());
        m.put("notes", decision.notes());
        m.put("ordered_by", mode);
        m.put("first_kept_spec", winner().candidate().spec().describe());
        m.put("current_spec", current == null ? null : current.describe());
        m.put("current_source", currentSource);
        m.put("current_status", currentStatus);
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
            c.put("kept", kept(e));
            c.put("ruled_out_by", decision.ruledOut().get(e.candidate().name()));
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
