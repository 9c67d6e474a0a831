package dev.pixelprep.core.convention;

import dev.pixelprep.core.InvalidSpecException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Small helpers shared by the conventions: argument checks and number formatting. */
final class Num {
    private Num() {
    }

    static double[] perChannel(String path, double[] v, int channels) {
        if (v == null) {
            throw new InvalidSpecException(path, "is required");
        }
        if (v.length != 1 && v.length != channels) {
            throw new InvalidSpecException(path, "needs 1 or " + channels + " values, got " + v.length);
        }
        double[] out = new double[channels];
        for (int i = 0; i < channels; i++) {
            out[i] = v.length == 1 ? v[0] : v[i];
            if (!Double.isFinite(out[i])) {
                throw new InvalidSpecException(path + "[" + i + "]", "must be a finite number, got " + out[i]);
            }
        }
        return out;
    }

    static void nonZero(String path, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                throw new InvalidSpecException(path + "[" + i + "]", "must not be 0 (division by zero)");
            }
        }
    }

    static void finite(String path, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidSpecException(path, "must be a finite number, got " + v);
        }
    }

    /**
     * The largest relative error of rounding to float32 (half a unit in the last place, 2^-24): a value read from a
     * model (Core ML and ONNX store float32), or derived from one by negation, reciprocal or exact factors, is within
     * this of what its author wrote.
     */
    private static final double FLOAT32_ROUNDING = 0x1p-24;

    /**
     * Compact decimal, trailing zeros removed: the short form (up to 7 significant digits, float32's precision) when
     * one lies within float32 rounding of {@code v}, so that a mean derived from a float32 scale of 2/255 reads
     * {@code 0.5}, not {@code 0.4999999704}; else up to 10 significant digits.
     */
    static String f(double v) {
        String s = shortForm(v);
        return s != null ? s : tenDigits(v);
    }

    /** The short form of {@link #f}, or null when none lies within float32 rounding of {@code v}. */
    private static String shortForm(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v) + ".0";
        }
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e9) {
            return null;
        }
        for (int digits = 1; digits <= 7; digits++) {
            BigDecimal d = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (Math.abs(d.doubleValue() - v) <= FLOAT32_ROUNDING * Math.abs(v)) {
                String s = d.stripTrailingZeros().toPlainString();
                return s.contains(".") ? s : s + ".0";
            }
        }
        return null;
    }

    private static String tenDigits(double v) {
        String s = String.format(Locale.ROOT, "%.10g", v);
        if (s.contains("e") || s.contains("E")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s += "0";
            }
        }
        return s;
    }

    /** {@code [a, b, c]}: in short forms when every value has one (see {@link #f}), else all in ten digits. */
    static String list(double[] v) {
        boolean allShort = true;
        for (double x : v) {
            allShort &= shortForm(x) != null;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(allShort ? shortForm(v[i]) : tenDigits(v[i]));
        }
        return sb.append(']').toString();
    }

    static boolean allEqual(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    static double[] reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }
}
