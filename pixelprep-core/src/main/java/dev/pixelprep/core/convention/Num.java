package dev.pixelprep.core.convention;

import dev.pixelprep.core.InvalidSpecException;

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

    /** Compact decimal with up to 10 significant digits, trailing zeros removed. */
    static String f(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v) + (Math.abs(v) < 1e9 ? ".0" : "");
        }
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

    static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(f(v[i]));
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
