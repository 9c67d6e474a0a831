package dev.pixelprep.doctor;

import java.util.Arrays;

/**
 * The step between adjacent 8-bit levels in one channel of a tensor. A tensor made from 8-bit pixels by an affine
 * map holds only values {@code a·x + b} for integer {@code x}, so its distinct values sit on a lattice whose step
 * is {@code |a|}; that step survives any resize or crop done on the 8-bit pixels, which makes the scale ratio of
 * two tensors measurable even when their pixels do not correspond.
 */
final class Lattice {
    private Lattice() {
    }

    /**
     * The lattice step of {@code v}, or NaN when the values are not on a lattice (float resizes, noise) or too few
     * levels are present. Tolerates float16 rounding: integer level indices are assigned by walking the sorted
     * distinct values with a rough step, then the step is fitted over all of them.
     */
    static double step(float[] v) {
        float[] s = v.clone();
        Arrays.sort(s);
        double[] distinct = new double[Math.min(s.length, 1 << 16)];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (n == 0 || s[i] != distinct[n - 1]) {
                if (n == distinct.length) {
                    return Double.NaN;
                }
                distinct[n++] = s[i];
            }
        }
        if (n < 8 || n > 4096) {
            return Double.NaN;
        }
        double[] diffs = new double[n - 1];
        for (int i = 1; i < n; i++) {
            diffs[i - 1] = distinct[i] - distinct[i - 1];
        }
        double[] sorted = diffs.clone();
        Arrays.sort(sorted);
        double d0 = sorted[0];
        double sum = 0;
        int count = 0;
        for (double d : sorted) {
            if (d <= 1.5 * d0) {
                sum += d;
                count++;
            }
        }
        double rough = sum / count;
        long[] k = new long[n];
        for (int i = 1; i < n; i++) {
            k[i] = k[i - 1] + Math.max(1, Math.round(diffs[i - 1] / rough));
        }
        if (k[n - 1] > 4096) {
            return Double.NaN;
        }
        double mk = 0;
        double mv = 0;
        for (int i = 0; i < n; i++) {
            mk += k[i];
            mv += distinct[i];
        }
        mk /= n;
        mv /= n;
        double skk = 0;
        double skv = 0;
        for (int i = 0; i < n; i++) {
            skk += (k[i] - mk) * (k[i] - mk);
            skv += (k[i] - mk) * (distinct[i] - mv);
        }
        double a = skv / skk;
        double b = mv - a * mk;
        int off = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(distinct[i] - (a * k[i] + b)) > 0.25 * a) {
                off++;
            }
        }
        return off <= n / 100 ? a : Double.NaN;
    }
}
