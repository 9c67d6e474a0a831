package dev.pixelprep.core.convention;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A spec written in one convention's words, and how faithful that writing is.
 *
 * <p>Immutable: the error array and the notes are copied in and out; equal by content; safe to share between threads.
 *
 * @param id          convention identifier ({@code coreml}, {@code torchvision}, ...)
 * @param convention  the convention's parameters, or {@code null} when it cannot express the spec at all
 * @param text        what the user writes (a call, arguments, a config fragment) or why it is impossible
 * @param exact       whether the convention reproduces the spec on every input level within float32 rounding
 * @param worstError  per tensor channel, the largest |convention − spec| over pixel values 0..255 (including
 *                    any per-pixel mean image replaced by its channel average); empty when not expressible
 * @param notes       extra steps or caveats the user must know (a channel flip, an approximation made)
 */
public record Expression(String id, Convention convention, String text, boolean exact, double[] worstError, List<String> notes) {
    /** Absolute error below which a convention counts as exact: float32 noise at the golden tolerance. */
    public static final double EXACT_TOLERANCE = 1e-5;

    /** Copies {@code worstError} and {@code notes}, so the caller's later changes do not reach this value. */
    public Expression {
        worstError = worstError.clone();
        notes = List.copyOf(notes);
    }

    /** A copy: changing it does not change this value. */
    @Override
    public double[] worstError() {
        return worstError.clone();
    }

    public boolean expressible() {
        return convention != null;
    }

    /** Largest error over all channels (0 when exact, infinity when not expressible). */
    public double maxError() {
        if (!expressible()) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (double e : worstError) {
            m = Math.max(m, e);
        }
        return m;
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Expression)) {
            return false;
        }
        Expression o = (Expression) other;
        return Objects.equals(id, o.id)
                && Objects.equals(convention, o.convention)
                && Objects.equals(text, o.text)
                && exact == o.exact
                && Arrays.equals(worstError, o.worstError)
                && Objects.equals(notes, o.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, convention, text, exact, Arrays.hashCode(worstError), notes);
    }

    @Override
    public String toString() {
        return "Expression[id=" + id + ", convention=" + convention + ", text=" + text + ", exact=" + exact + ", worstError=" + Arrays.toString(worstError) + ", notes=" + notes + "]";
    }
}
