package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The doctor's decision rule: each {@link Evidence} in turn rules out the candidates its stated rule rejects, among
 * those still kept; an evidence that would rule out every candidate is set aside (then the preprocessing is not
 * among the candidates, and saying so is all it can do). What is left decides the verdict: one distinct candidate
 * is {@link Decision.Verdict#DECIDED}, several are {@link Decision.Verdict#PROBABLY} (what they share and where they
 * differ is said), and when nothing was ruled out the doctor {@link Decision.Verdict#CANNOT_TELL}. Every evidence
 * used, its scope and rule and how many candidates it ruled out go into the decision, so the output can say which
 * evidence decided.
 *
 * <p>Stateless utility.
 */
final class Decider {
    private Decider() {
    }

    /**
     * Applies {@code evidences} in turn to {@code pool}; what none rules out is what the evidence cannot tell apart.
     * {@code stored} (may be null), the model's stored spec, goes first among what is kept; {@code mode} is the
     * doctor's ({@code expected-output}, {@code labels} or {@code confidence}), for the advice on what to give next.
     */
    static Decision decide(List<Evidence> evidences, List<Evaluation> pool, Spec stored, String mode) {
        List<Evaluation> kept = new ArrayList<>(pool);
        Map<String, String> ruledOut = new LinkedHashMap<>();
        List<String> used = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> deciding = new ArrayList<>();
        for (Evidence ev : evidences) {
            List<Evaluation> before = List.copyOf(kept);
            Map<String, String> out = new LinkedHashMap<>();
            for (Evaluation e : before) {
                String why = ev.rulesOut(e, before);
                if (why != null) {
                    out.put(e.candidate().name(), ev.name() + ": " + why);
                }
            }
            if (out.size() == before.size()) {
                notes.add(ev.name() + " rules out every candidate, so it is not used: the preprocessing is not among the candidates");
                out.clear();
            }
            String note = ev.note(before);
            if (note != null) {
                notes.add(note);
            }
            kept.removeIf(e -> out.containsKey(e.candidate().name()));
            ruledOut.putAll(out);
            used.add(ev.name() + " — " + ev.scope() + "; rule: " + ev.rule() + "; ruled out " + out.size() + " of " + before.size());
            if (!out.isEmpty()) {
                deciding.add(ev.name());
            }
        }
        if (mode.equals("confidence")) {
            used.add("confidence — the outputs' confidence and agreement order the list but decide nothing");
        }
        // the stored spec first among the kept (prior knowledge), then the evidence's own order
        if (stored != null) {
            for (int i = 0; i < kept.size(); i++) {
                if (sameValues(kept.get(i).candidate().spec(), stored)) {
                    kept.add(0, kept.remove(i));
                    break;
                }
            }
        }
        List<Evaluation> distinct = new ArrayList<>();
        for (Evaluation e : kept) {
            boolean dup = false;
            for (Evaluation d : distinct) {
                dup |= sameValues(d.candidate().spec(), e.candidate().spec());
            }
            if (!dup) {
                distinct.add(e);
            }
        }
        List<String> names = new ArrayList<>();
        for (Evaluation e : kept) {
            names.add(e.candidate().name());
        }
        String by = deciding.isEmpty() ? "" : " (decided by " + String.join(" and ", deciding) + ")";
        Decision.Verdict verdict;
        String summary;
        if (ruledOut.isEmpty()) {
            verdict = Decision.Verdict.CANNOT_TELL;
            summary = "no evidence here separates the " + distinct.size() + " candidates; to decide, give --label or --expect-file (the model's"
                    + " expected outputs)";
        } else if (distinct.size() == 1) {
            verdict = Decision.Verdict.DECIDED;
            summary = distinct.get(0).candidate().name() + by;
        } else {
            verdict = Decision.Verdict.PROBABLY;
            summary = distinct.size() + " candidates remain, " + agreement(distinct) + "; " + (pool.size() - kept.size())
                    + " ruled out by " + String.join(" and ", deciding) + "; to decide between them give " + (mode.equals("expected-output") ? "more images with expected outputs"
                    : mode.equals("labels") ? "--expect-file, or more labelled images" : "--label or --expect-file");
        }
        return new Decision(verdict, summary, used, names, ruledOut, notes);
    }

    /** What the remaining candidates share and where they differ, in words. */
    private static String agreement(List<Evaluation> kept) {
        java.util.Set<String> norms = new java.util.LinkedHashSet<>();
        java.util.Set<String> colors = new java.util.LinkedHashSet<>();
        java.util.Set<String> geos = new java.util.LinkedHashSet<>();
        for (Evaluation e : kept) {
            norms.add(e.candidate().normalization());
            colors.add(e.candidate().color());
            geos.add(e.candidate().geometry());
        }
        List<String> same = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        (norms.size() == 1 ? same : differ).add(norms.size() == 1 ? "values " + norms.iterator().next() : "values (" + String.join("; ", norms) + ")");
        (colors.size() == 1 ? same : differ).add(colors.size() == 1 ? colors.iterator().next() : "channel order (" + String.join(", ", colors) + ")");
        (geos.size() == 1 ? same : differ).add(geos.size() == 1 ? "geometry " + geos.iterator().next() : geos.size() + " geometries");
        return (same.isEmpty() ? "" : "all " + String.join(", ", same) + "; ") + "they differ in " + String.join(", ", differ);
    }

    static Evaluation byName(List<Evaluation> pool, String name) {
        for (Evaluation e : pool) {
            if (e.candidate().name().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException(name);
    }

    /** Same colour order, normalisation and geometry (layout, dtype and the rest aside). */
    static boolean sameValues(Spec a, Spec b) {
        if (a.color() != b.color() || a.invert() != b.invert() || !java.util.Objects.equals(a.geometry(), b.geometry()) || a.channels() != b.channels()) {
            return false;
        }
        for (int c = 0; c < a.channels(); c++) {
            if (Math.abs(a.scale(c) - b.scale(c)) > 1e-9 || Math.abs(a.bias(c) - b.bias(c)) > 1e-9) {
                return false;
            }
        }
        return true;
    }
}
