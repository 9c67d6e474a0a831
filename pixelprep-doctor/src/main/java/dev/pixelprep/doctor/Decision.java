package dev.pixelprep.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the evidence decided about the candidate preprocessings: the verdict, the evidence used (each with what it
 * can decide and its rule), the candidates it cannot tell apart, and the ones it ruled out with the reason.
 *
 * <p>Immutable: the lists and the map are copied in and read-only; safe to share between threads.
 *
 * @param verdict  {@link Verdict#DECIDED} when one preprocessing is left, {@link Verdict#PROBABLY} when some were
 *                 ruled out and several remain, {@link Verdict#CANNOT_TELL} when nothing was ruled out
 * @param summary  the verdict in one sentence, naming the evidence that decided
 * @param evidence one line per evidence used: its name, what it can decide, its rule and how many it ruled out
 * @param kept     the candidates the evidence cannot tell apart, in display order (the stored spec first when kept)
 * @param ruledOut candidate name to {@code evidence: reason}, in the order they were ruled out
 * @param notes    what the evidence could not do (e.g. no candidate reproduces the expected outputs)
 */
public record Decision(Verdict verdict, String summary, List<String> evidence, List<String> kept, Map<String, String> ruledOut,
                       List<String> notes) {
    /** How far the evidence went. */
    public enum Verdict {
        DECIDED("decided"), PROBABLY("probably"), CANNOT_TELL("cannot tell");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** {@code decided}, {@code probably} or {@code cannot tell}. */
        public String text() {
            return text;
        }
    }

    public Decision {
        evidence = List.copyOf(evidence);
        kept = List.copyOf(kept);
        ruledOut = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ruledOut));
        notes = List.copyOf(notes);
    }
}
