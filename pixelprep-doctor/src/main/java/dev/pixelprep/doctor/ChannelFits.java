package dev.pixelprep.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-channel fits {@link TensorDoctor} rests on: the channel permutation with the best summed R² of the
 * pairwise linear fits ({@link Match}), and per reference channel {@code reference ≈ alpha·mine[perm] + beta}
 * ({@link Fit}).
 *
 * <p>Stateless holder of immutable result types.
 */
final class ChannelFits {
    private ChannelFits() {
    }

    /** Best channel permutation by summed R² of the pairwise linear fits. */
    record Match(int[] perm, double[][] r2) {
        static Match of(float[][] mine, float[][] ref) {
            int n = ref.length;
            double[][] r2 = new double[n][n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double[] st = Fit.stats(mine[i], ref[j]);
                    r2[j][i] = st[2] * st[2] / Math.max(st[3] * st[4], 1e-300);
                }
            }
            int[] best = identity(n);
            if (n <= 4) {
                double bestScore = score(best, r2);
                for (int[] p : permutations(n)) {
                    double s = score(p, r2);
                    if (s > bestScore + 1e-9) {
                        bestScore = s;
                        best = p;
                    }
                }
            }
            return new Match(best, r2);
        }

        double meanR2() {
            return score(perm, r2) / perm.length;
        }

        private static double score(int[] p, double[][] r2) {
            double s = 0;
            for (int j = 0; j < p.length; j++) {
                s += r2[j][p[j]];
            }
            return s;
        }

        static int[] identity(int n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            return p;
        }

        private static List<int[]> permutations(int n) {
            List<int[]> out = new ArrayList<>();
            permute(identity(n), 0, out);
            return out;
        }

        private static void permute(int[] a, int k, List<int[]> out) {
            if (k == a.length) {
                out.add(a.clone());
                return;
            }
            for (int i = k; i < a.length; i++) {
                int t = a[k];
                a[k] = a[i];
                a[i] = t;
                permute(a, k + 1, out);
                a[i] = a[k];
                a[k] = t;
            }
        }
    }

    /** Per reference channel: {@code reference ≈ alpha·mine[perm] + beta}. */
    static final class Fit {
        final int[] perm;
        final double[] alpha;
        final double[] beta;
        final double[] r2;

        private Fit(int[] perm, double[] alpha, double[] beta, double[] r2) {
            this.perm = perm;
            this.alpha = alpha;
            this.beta = beta;
            this.r2 = r2;
        }

        /** {mean x, mean y, cov·n, var x·n, var y·n}. */
        static double[] stats(float[] x, float[] y) {
            int n = x.length;
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                sx += x[i];
                sy += y[i];
            }
            double mx = sx / n;
            double my = sy / n;
            double cxy = 0;
            double cxx = 0;
            double cyy = 0;
            for (int i = 0; i < n; i++) {
                double dx = x[i] - mx;
                double dy = y[i] - my;
                cxy += dx * dy;
                cxx += dx * dx;
                cyy += dy * dy;
            }
            return new double[] {mx, my, cxy, cxx, cyy};
        }

        /** RMS the two tensors' own rounding leaves after a perfect map. */
        double expectedNoise(double[] nm, double[] nr) {
            double s = 0;
            for (int j = 0; j < perm.length; j++) {
                double e = alpha[j] * nm[perm[j]];
                s += e * e + nr[j] * nr[j];
            }
            return Math.sqrt(s / perm.length);
        }

        static Fit of(float[][] mine, float[][] ref, int[] perm, double[] qm, double[] qr, double[] nm, double[] nr) {
            int n = ref.length;
            double[] alpha = new double[n];
            double[] beta = new double[n];
            double[] r2 = new double[n];
            for (int j = 0; j < n; j++) {
                int i = perm[j];
                double[] st = stats(mine[i], ref[j]);
                if (st[3] <= 0) {
                    throw new DoctorException("your channel " + i + " is constant over the compared pixels; nothing to fit");
                }
                double ls = st[2] / st[3];
                r2[j] = st[2] * st[2] / Math.max(st[3] * st[4], 1e-300);
                double a = ls;
                boolean latticeOk = Double.isFinite(qm[i]) && Double.isFinite(qr[j]) && st[2] != 0;
                double lattice = latticeOk ? Math.signum(st[2]) * qr[j] / qm[i] : Double.NaN;
                if (latticeOk && !(r2[j] >= 0.99 && Math.abs(lattice / ls - 1) > 0.02)) {
                    a = lattice;
                } else if (Math.abs(ls) * nm[i] > 2 * nr[j] && st[2] != 0) {
                    // your side carries the rounding (e.g. float16 of large values): regress yours on the reference
                    a = st[4] / st[2];
                } else if (r2[j] < 0.9999) {
                    a = gradientSlope(mine[i], ref[j], ls);
                }
                alpha[j] = a;
                beta[j] = st[1] - a * st[0];
            }
            return new Fit(perm, alpha, beta, r2);
        }

        /**
         * Least squares on neighbour differences: a smooth field added to one side (a mean image) and any offset
         * cancel, so the slope is that of the pixels alone.
         */
        private static double gradientSlope(float[] x, float[] y, double fallback) {
            double sxy = 0;
            double sxx = 0;
            for (int k = 0; k + 1 < x.length; k++) {
                double dx = x[k + 1] - x[k];
                double dy = y[k + 1] - y[k];
                sxy += dx * dy;
                sxx += dx * dx;
            }
            return sxx > 0 ? sxy / sxx : fallback;
        }

        double rms(float[][] mine, float[][] ref) {
            double s = 0;
            long n = 0;
            for (int j = 0; j < ref.length; j++) {
                float[] x = mine[perm[j]];
                float[] y = ref[j];
                for (int k = 0; k < y.length; k++) {
                    double e = y[k] - (alpha[j] * x[k] + beta[j]);
                    s += e * e;
                }
                n += y.length;
            }
            return Math.sqrt(s / n);
        }
    }
}
