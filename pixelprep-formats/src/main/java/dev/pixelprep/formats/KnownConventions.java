package dev.pixelprep.formats;

import dev.pixelprep.core.lint.KnownSpecs;
import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which well-known normalisation a stored one equals, or how far it is from each, and the warnings {@code inspect}
 * prints about channel order. The list and the arithmetic live in the core ({@link KnownSpecs}, also used by
 * {@code SpecLint}); this class words them for the file readers. Stateless utility.
 */
public final class KnownConventions {
    private KnownConventions() {
    }

    /** Every known convention with the spec's channel order, closest first. */
    public static List<KnownSpecs.Match> rank(Spec spec) {
        return KnownSpecs.rank(spec);
    }

    /**
     * Warnings about channel order: the spec's constants equal a known convention of the other colour order
     * either position by position (the classic missing {@code is_bgr}: the right numbers on the wrong colours) or
     * colour by colour (the convention's means, but the tensor order differs from the one it was made for).
     */
    public static List<String> orderWarnings(Spec spec) {
        List<String> out = new ArrayList<>();
        for (KnownSpecs.Known k : KnownSpecs.otherOrder(spec, false, 0)) {
            out.add("the constants equal " + k.name() + " (" + k.description() + ") position by position, but that convention's tensor is "
                    + k.spec().color() + " and this one is " + spec.color() + ": the right numbers on the wrong colours (is_bgr / color_layout missing?)");
        }
        for (KnownSpecs.Known k : KnownSpecs.otherOrder(spec, true, 0)) {
            out.add("per colour these are the constants of " + k.name() + ", but in " + spec.color() + " order instead of " + k.spec().color()
                    + ": right only if the network was trained on " + spec.color() + " input");
        }
        return out;
    }

    /** "exact" or "worst error 0.0078" for a match. */
    public static String verdict(KnownSpecs.Match m) {
        return m.exact() ? "exact" : String.format(Locale.ROOT, "worst error %.4g", m.maxError());
    }

    /** Per channel {a, b} of {@code y = a·x + b} with inversion folded in and a mean image replaced by its channel averages. */
    public static double[][] affine(Spec spec) {
        return KnownSpecs.affine(spec);
    }

    /** Per channel, the largest deviation of the mean image from its channel average, times the scale (0 without a mean image). */
    public static double[] meanDeviation(Spec spec) {
        return KnownSpecs.meanDeviation(spec);
    }

    /** Readable form of a stored constant, e.g. {@code 0.007843138 (= 2/255)}. */
    public static String pretty(double v) {
        String base = String.format(Locale.ROOT, "%.9g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        if (v == 0 || v == Math.rint(v)) {
            return base;
        }
        double k = v * 255;
        if (Math.abs(k - Math.rint(k)) < 1e-4 * Math.max(1, Math.abs(k)) && Math.abs(k) < 1e4) {
            return base + " (= " + (long) Math.rint(k) + "/255)";
        }
        double inv = 1 / v;
        if (Math.abs(inv - Math.rint(inv)) < 1e-4 * Math.abs(inv) && Math.abs(inv) < 1e6) {
            return base + " (= 1/" + (long) Math.rint(inv) + ")";
        }
        return base;
    }
}
