package dev.pixelprep.core.lint;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;

import java.util.Locale;

/**
 * What is known besides the spec itself when it is linted: the convention the user wrote it in (which decides
 * between two readings of the same canonical numbers, see {@link SpecLint}) and what the model declares about its
 * input (colour order, inversion, value range, from a stored spec, ONNX {@code Image.*} metadata or a Core ML
 * input). Every part is optional ({@code null} = not known).
 *
 * <p>Immutable record with value equality; build it from {@link #none()} with the {@code with...} methods.
 *
 * @param writtenIn      convention id the user wrote the spec in ({@code coreml}, {@code torchvision}, {@code opencv},
 *                       {@code caffe}, {@code keras}, {@code tflite}, {@code hf}, {@code canonical}), or {@code null}
 * @param declaredColor  the model's colour order, or {@code null}
 * @param declaredInvert whether the model declares inverted values ({@code 255 − x}), or {@code null}
 * @param declaredLow    lowest value the model declares for its input, or {@code null} (then {@code declaredHigh} is too)
 * @param declaredHigh   highest value the model declares, or {@code null}
 * @param declaredBy     where the declared facts come from, e.g. {@code model metadata Image.BitmapPixelFormat}
 */
public record LintContext(String writtenIn, ColorOrder declaredColor, Boolean declaredInvert, Double declaredLow, Double declaredHigh,
                          String declaredBy) {
    private static final LintContext NONE = new LintContext(null, null, null, null, null, null);

    public LintContext {
        writtenIn = writtenIn == null ? null : writtenIn.trim().toLowerCase(Locale.ROOT);
        if ((declaredLow == null) != (declaredHigh == null)) {
            throw new IllegalArgumentException("a declared range needs both ends, got " + declaredLow + " and " + declaredHigh);
        }
        if (declaredLow != null && !(Double.isFinite(declaredLow) && Double.isFinite(declaredHigh) && declaredLow < declaredHigh)) {
            throw new IllegalArgumentException("a declared range needs finite low < high, got [" + declaredLow + ", " + declaredHigh + "]");
        }
    }

    /** Nothing known besides the spec. */
    public static LintContext none() {
        return NONE;
    }

    /** Only the convention the user wrote the spec in. */
    public static LintContext writtenIn(String convention) {
        return NONE.withWrittenIn(convention);
    }

    public LintContext withWrittenIn(String convention) {
        return new LintContext(convention, declaredColor, declaredInvert, declaredLow, declaredHigh, declaredBy);
    }

    public LintContext withDeclaredColor(ColorOrder color, String by) {
        return new LintContext(writtenIn, color, declaredInvert, declaredLow, declaredHigh, join(by));
    }

    public LintContext withDeclaredInversion(boolean inverted, String by) {
        return new LintContext(writtenIn, declaredColor, inverted, declaredLow, declaredHigh, join(by));
    }

    public LintContext withDeclaredRange(double low, double high, String by) {
        return new LintContext(writtenIn, declaredColor, declaredInvert, low, high, join(by));
    }

    /**
     * The facts a spec the model stores declares: its colour order, its inversion (the flag or negative scales),
     * and, when every channel has the same scale and bias, its value range.
     */
    public LintContext withDeclaredSpec(Spec declared, String by) {
        LintContext c = withDeclaredColor(declared.color(), by).withDeclaredInversion(SpecLint.inverted(declared), by);
        if (declared.uniformScale() && declared.meanImage() == null && allSame(declared.bias()) && declared.scale(0) != 0) {
            double[] r = declared.outputRange()[0];
            c = c.withDeclaredRange(r[0], r[1], by);
        }
        return c;
    }

    /** Whether anything about the model is declared. */
    public boolean declaresAnything() {
        return declaredColor != null || declaredInvert != null || declaredLow != null;
    }

    private String join(String by) {
        if (declaredBy == null || declaredBy.equals(by)) {
            return by;
        }
        return by == null ? declaredBy : declaredBy + "; " + by;
    }

    private static boolean allSame(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }
}
