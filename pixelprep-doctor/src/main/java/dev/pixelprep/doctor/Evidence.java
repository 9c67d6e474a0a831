package dev.pixelprep.doctor;

import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;

import java.util.List;

/**
 * One kind of evidence about the preprocessing a model wants, with the rule by which it keeps or rules out a
 * candidate. {@link Decider} applies every evidence the doctor has in turn to the candidates still kept; a candidate
 * is excluded only by a rule whose threshold is stated ({@link #rule()}), so whatever is left is what the evidence
 * cannot tell apart, and the doctor says so instead of picking one.
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
interface Evidence {
    /** A short name shown in the verdict, e.g. {@code input quantisation}. */
    String name();

    /** What this evidence can decide and what it cannot, in one sentence. */
    String scope();

    /** The rule by which it rules a candidate out, with its threshold, in one sentence. */
    String rule();

    /**
     * Why {@code candidate} (one of {@code kept}) is ruled out, with the numbers, or {@code null} when this evidence
     * keeps it. {@code kept} is the set the rule compares against, before this evidence removed anything.
     */
    String rulesOut(Evaluation candidate, List<Evaluation> kept);

    /** A sentence on what this evidence could not do with these candidates (e.g. no candidate fits), or {@code null}. */
    default String note(List<Evaluation> kept) {
        return null;
    }
}
