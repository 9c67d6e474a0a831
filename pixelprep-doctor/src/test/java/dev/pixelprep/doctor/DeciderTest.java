package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision rule on its own: evidences that rule out named candidates, and what the verdict says then. */
class DeciderTest {
    private static Evaluation candidate(String norm, ColorOrder color, double scale) {
        Spec spec = Spec.builder().color(color).scale(scale).bias(0).build();
        return new Evaluation(new Candidate(norm, color.toString(), "stretch", spec), 0, List.of());
    }

    private static final Evaluation UNIT_RGB = candidate("0..1", ColorOrder.RGB, 1 / 255.0);
    private static final Evaluation UNIT_BGR = candidate("0..1", ColorOrder.BGR, 1 / 255.0);
    private static final Evaluation RAW_RGB = candidate("raw", ColorOrder.RGB, 1);
    private static final List<Evaluation> POOL = List.of(RAW_RGB, UNIT_RGB, UNIT_BGR);

    /** Rules out the candidates whose normalisation is in {@code out}. */
    private static Evidence rulingOut(String name, Set<String> out) {
        return new Evidence() {
            public String name() {
                return name;
            }

            public String scope() {
                return "a test's evidence";
            }

            public String rule() {
                return "the named normalisations are out";
            }

            public String rulesOut(Evaluation c, List<Evaluation> kept) {
                return out.contains(c.candidate().normalization()) ? "named" : null;
            }
        };
    }

    @Test
    void noRuledOutCandidateMeansCannotTell() {
        Decision d = Decider.decide(List.of(rulingOut("nothing", Set.of())), POOL, null, "confidence");
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.CANNOT_TELL);
        assertThat(d.kept()).hasSize(3);
        assertThat(d.summary()).startsWith("no evidence here separates the 3 candidates");
    }

    @Test
    void severalLeftIsProbablyAndSaysWhereTheyDiffer() {
        Decision d = Decider.decide(List.of(rulingOut("range", Set.of("raw"))), POOL, null, "labels");
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.PROBABLY);
        assertThat(d.ruledOut()).containsOnlyKeys(RAW_RGB.candidate().name());
        assertThat(d.summary()).contains("2 candidates remain").contains("they differ in channel order")
                .contains("ruled out by range").contains("give --expect-file, or more labelled images");
        assertThat(d.evidence()).containsExactly("range — a test's evidence; rule: the named normalisations are out; ruled out 1 of 3");
    }

    @Test
    void oneLeftIsDecidedAndNamesTheDecidingEvidence() {
        Evidence colour = new Evidence() {
            public String name() {
                return "colour";
            }

            public String scope() {
                return "channel order";
            }

            public String rule() {
                return "BGR is out";
            }

            public String rulesOut(Evaluation c, List<Evaluation> kept) {
                return c.candidate().spec().color() == ColorOrder.BGR ? "BGR" : null;
            }
        };
        Decision d = Decider.decide(List.of(rulingOut("range", Set.of("raw")), colour), POOL, null, "labels");
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.DECIDED);
        assertThat(d.kept()).containsExactly(UNIT_RGB.candidate().name());
        assertThat(d.summary()).isEqualTo(UNIT_RGB.candidate().name() + " (decided by range and colour)");
    }

    /** An evidence that would rule out every candidate is set aside: the preprocessing is not among them. */
    @Test
    void anEvidenceAgainstEveryCandidateIsSetAside() {
        Decision d = Decider.decide(List.of(rulingOut("everything", Set.of("raw", "0..1"))), POOL, null, "labels");
        assertThat(d.verdict()).isEqualTo(Decision.Verdict.CANNOT_TELL);
        assertThat(d.ruledOut()).isEmpty();
        assertThat(d.notes()).contains("everything rules out every candidate, so it is not used: the preprocessing is not among the candidates");
    }

    @Test
    void theStoredSpecGoesFirstAmongTheKept() {
        Decision d = Decider.decide(List.of(rulingOut("range", Set.of("raw"))), POOL, UNIT_BGR.candidate().spec(), "labels");
        assertThat(d.kept()).containsExactly(UNIT_BGR.candidate().name(), UNIT_RGB.candidate().name());
    }
}
