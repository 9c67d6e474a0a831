package dev.pixelprep.formats;

import dev.pixelprep.core.convention.Expression;

import java.util.List;

/**
 * A spec written for one target (a convention of {@code Export}, ONNX metadata, ...), marked exact or approximate
 * with the worst-case error per tensor channel over pixel values 0..255.
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
}
