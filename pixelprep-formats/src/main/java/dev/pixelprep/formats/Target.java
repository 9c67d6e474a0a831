package dev.pixelprep.formats;

import dev.pixelprep.core.convention.Expression;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A spec written for one target (a convention of {@code Export}, ONNX metadata, ...), marked exact or approximate
 * with the worst-case error per tensor channel over pixel values 0..255.
 *
 * <p>Immutable: the error array and the notes are copied in and out; equal by content; safe to share between threads.
 *
 * @param text what to write, or why it cannot be written
 */
public record Target(String id, boolean expressible, boolean exact, double[] worstError, String text, List<String> notes) {
    public Target {
        worstError = worstError.clone();
        notes = List.copyOf(notes);
    }

    public static Target of(Expression e) {
        return new Target(e.id(), e.expressible(), e.exact(), e.worstError(), e.text(), e.notes());
    }

    @Override
    public double[] worstError() {
        return worstError.clone();
    }

    public double maxError() {
        double m = 0;
        for (double v : worstError) {
            m = Math.max(m, v);
        }
        return expressible ? m : Double.POSITIVE_INFINITY;
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Target)) {
            return false;
        }
        Target o = (Target) other;
        return Objects.equals(id, o.id)
                && expressible == o.expressible
                && exact == o.exact
                && Arrays.equals(worstError, o.worstError)
                && Objects.equals(text, o.text)
                && Objects.equals(notes, o.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, expressible, exact, Arrays.hashCode(worstError), text, notes);
    }

    @Override
    public String toString() {
        return "Target[id=" + id + ", expressible=" + expressible + ", exact=" + exact + ", worstError=" + Arrays.toString(worstError) + ", text=" + text + ", notes=" + notes + "]";
    }
}
