package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ChannelFits.Fit;
import dev.pixelprep.doctor.ChannelFits.Match;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link TensorDoctor}'s naming step: turns the fitted per-channel map {@code reference ≈ alpha·yours + beta} into
 * the classic mistakes' findings (factors 255, 127.5 and 2, an averaged std, a missing or doubled normalisation,
 * means in the wrong units, a bias that was not scaled, other offsets).
 *
 * <p>Stateless utility: static methods and constant tables only.
 */
final class ValueMapNames {
    private ValueMapNames() {
    }

    /** Means in 0..255 units that offsets are matched against, RGB order (BGR is tried too). */
    static final double[][] KNOWN_MEANS = {
            {123.675, 116.28, 103.53},      // ImageNet (torchvision), RGB
            {123.68, 116.779, 103.939},     // Caffe / Keras 'caffe', listed here in RGB order
            {122.7709, 116.7460, 104.0937}, // OpenAI CLIP
            {127.5, 127.5, 127.5},
            {127, 127, 127},
            {128, 128, 128},
            {125.307, 122.95, 113.865},     // CIFAR-10
    };

    /** (mean, std) pairs in 0..1 units whose second application is recognised as double normalisation. */
    static final double[][][] KNOWN_NORMALIZATIONS = {
            {{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}},
            {{0.48145466, 0.4578275, 0.40821073}, {0.26862954, 0.26130258, 0.27577711}},
    };

    static boolean near(double v, double target, double tol) {
        return Math.abs(v / target - 1) < tol;
    }

    /**
     * The reference's level step per channel: exact from your spec when given, else the reference's lattice (NaN
     * when it has none).
     */
    static double[] referenceSteps(Fit fit, double[] qr, Spec mineSpec) {
        int n = fit.alpha.length;
        double[] step = new double[n];
        for (int j = 0; j < n; j++) {
            step[j] = mineSpec != null && mineSpec.channels() == n ? Math.abs(fit.alpha[j] * mineSpec.scale(fit.perm[j])) : qr[j];
        }
        return step;
    }

    static void name(Fit fit, double[] qr, Spec mineSpec, double residual, List<Finding> out) {
        int n = fit.alpha.length;
        int[] p = fit.perm;
        double[] step = referenceSteps(fit, qr, mineSpec);
        boolean swapped = !TensorDoctor.isIdentity(p);
        double[] a = fit.alpha;
        boolean tensorOrder = false;
        if (swapped && allFinite(step)) {
            // when channels are swapped but the per-channel constants stayed at their tensor index, your channel
            // p(j) carries the constants of reference channel p(j): compare those instead
            double[] aT = new double[n];
            for (int j = 0; j < n; j++) {
                aT[j] = fit.alpha[j] * step[p[j]] / step[j];
            }
            if (spread(aT) < spread(a) - 1e-4) {
                a = aT;
                tensorOrder = true;
            }
        }
        double[] b = fit.beta;
        boolean allNegative = true;
        for (double v : a) {
            allNegative &= v < 0;
        }
        double[] abs = new double[n];
        double mean = 0;
        for (int c = 0; c < n; c++) {
            abs[c] = Math.abs(a[c]);
            mean += abs[c] / n;
        }
        boolean uniform = spread(a) < 0.002;
        if (allNegative) {
            out.add(Finding.of(Finding.GRAY_INVERTED, "values are inverted (255 - x) on one side: bright in yours is dark in the reference;"
                    + " add or remove the inversion (e.g. MNIST-style white-on-black digits against black-on-white drawings)", "alpha", a));
        }
        if (!allNegative && doubleNormalization(a, tensorOrder ? null : b, out)) {
            return;
        }
        String order = tensorOrder ? "; the per-channel constants stayed in tensor order when the channels were swapped" : "";
        if (!uniform) {
            if (allWithin(abs, 0.9, 1.1)) {
                double[] pct = new double[n];
                for (int c = 0; c < n; c++) {
                    pct[c] = (abs[c] - 1) * 100;
                }
                out.add(Finding.of(Finding.STD_AVERAGED, String.format(Locale.ROOT, "the channels' scales differ from the reference's by %s %%:"
                        + " one std for all channels (e.g. 0.226, or Core ML's single image_scale) where each channel has its own, or the reverse",
                        fmtList(pct, "%+.2f")) + order, "alpha", a));
                if (!allNegative) {
                    offsets(fit, step, a, residual, out);
                }
            } else if (!allNegative && missingNormalization(a, b, tensorOrder, out)) {
                return;
            } else {
                out.add(Finding.of(Finding.SCALE_OTHER, "the channels' scales differ from the reference's by factors " + fmtList(abs, "%.5g")
                        + " that no classic mistake explains" + order, "alpha", a));
            }
            return;
        }
        if (near(mean, 1 / 255.0, 0.02) || near(mean, 255, 0.02)) {
            out.add(Finding.of(Finding.SCALE_255, (mean < 1 ? "your values are 255 times too large: the /255 (ToTensor, rescale_factor, image_scale=1/255) is missing"
                    : "your values are 255 times too small: divided by 255 once too often (0..1 where 0..255 are wanted)") + order, "factor", mean < 1 ? 1 / mean : mean,
                    "alpha", a, "beta", b));
            return;
        }
        if (near(mean, 1 / 127.5, 0.02) || near(mean, 127.5, 0.02)) {
            out.add(Finding.of(Finding.SCALE_127_5, (mean < 1 ? "your values are 127.5 times too large: raw 0..255 where -1..1 (x/127.5 - 1) is wanted"
                    : "your values are 127.5 times too small: -1..1 where 0..255 are wanted") + order, "factor", mean < 1 ? 1 / mean : mean, "alpha", a, "beta", b));
            return;
        }
        if (near(mean, 2, 0.02) || near(mean, 0.5, 0.02)) {
            out.add(Finding.of(Finding.SCALE_2, (mean > 1 ? "your values span half the reference's range: 0..1 where -1..1 (x/127.5 - 1) is wanted"
                    : "your values span twice the reference's range: -1..1 where 0..1 is wanted") + order, "factor", mean > 1 ? mean : 1 / mean, "alpha", a, "beta", b));
            return;
        }
        if (!near(mean, 1, 0.002)) {
            out.add(Finding.of(Finding.SCALE_OTHER, String.format(Locale.ROOT, "your values are scaled by %.6g relative to the reference, which no"
                    + " classic mistake explains", 1 / mean) + order, "alpha", a, "beta", b));
            return;
        }
        if (allNegative) {
            return;
        }
        offsets(fit, step, a, residual, out);
    }

    static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!(x > 0) || !Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Largest relative deviation of |v| from its mean. */
    static double spread(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += Math.abs(x) / v.length;
        }
        double s = 0;
        for (double x : v) {
            s = Math.max(s, Math.abs(Math.abs(x) / mean - 1));
        }
        return s;
    }

    static boolean allWithin(double[] v, double lo, double hi) {
        for (double x : v) {
            if (x < lo || x > hi) {
                return false;
            }
        }
        return true;
    }

    /**
     * The reference is {@code (yours·f − mean)/std} for a known (mean, std), with {@code f = 1} (you stopped at
     * 0..1) or {@code 1/255} (you fed raw 0..255): the normalisation was left out. With {@code b == null} only
     * the scales are compared (constants stayed in tensor order through a swap).
     */
    static boolean missingNormalization(double[] a, double[] b, boolean tensorOrder, List<Finding> out) {
        if (a.length != 3) {
            return false;
        }
        for (double[][] mn : KNOWN_NORMALIZATIONS) {
            for (boolean reversed : new boolean[] {false, true}) {
                for (double f : new double[] {1, 1 / 255.0}) {
                    boolean ok = true;
                    for (int c = 0; c < 3; c++) {
                        int k = reversed ? 2 - c : c;
                        ok &= near(a[c], f / mn[1][k], 0.01) && (tensorOrder || Math.abs(b[c] + mn[0][k] / mn[1][k]) < 0.03);
                    }
                    if (!ok) {
                        continue;
                    }
                    if (f != 1) {
                        out.add(Finding.of(Finding.SCALE_255, "your values are raw 0..255: the /255 is missing", "factor", 255.0, "alpha", a));
                    }
                    out.add(Finding.of(Finding.NORMALIZATION_MISSING, "the (x - mean)/std step is missing: the reference normalises 0..1 values with mean "
                            + fmtList(mn[0], "%.4g") + " and std " + fmtList(mn[1], "%.4g") + ", yours stops at " + (f == 1 ? "0..1" : "raw 0..255"),
                            "alpha", a, "beta", tensorOrder ? new double[0] : b, "mean", mn[0], "std", mn[1]));
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A known (mean, std) applied once more on one side. With {@code b == null} (constants stayed in tensor order
     * through a channel swap, so the offsets mix channels) only the scales are compared.
     */
    static boolean doubleNormalization(double[] a, double[] b, List<Finding> out) {
        if (a.length != 3) {
            return false;
        }
        for (double[][] mn : KNOWN_NORMALIZATIONS) {
            for (boolean reversed : new boolean[] {false, true}) {
                boolean twiceYours = true;
                for (int c = 0; c < 3; c++) {
                    int k = reversed ? 2 - c : c;
                    double mean = mn[0][k];
                    double std = mn[1][k];
                    twiceYours &= near(a[c], std, 0.01) && (b == null || Math.abs(b[c] - mean) < 0.01);
                }
                if (twiceYours) {
                    out.add(Finding.of(Finding.DOUBLE_NORMALIZATION, "your values are normalised twice: (x - mean)/std with mean " + fmtList(mn[0], "%.4g")
                            + " and std " + fmtList(mn[1], "%.4g") + " is applied again to already-normalised values (e.g. a transform run twice,"
                            + " or a model that normalises inside its graph fed normalised input)", "alpha", a, "beta", b == null ? new double[0] : b,
                            "mean", mn[0], "std", mn[1]));
                    return true;
                }
            }
        }
        return false;
    }

    /** How your mean was mistaken: each kind maps the intended mean m (0..255 units) to the one you used. */
    enum OffsetKind { UNSCALED, UNITS_01, UNITS_255 }

    /**
     * Names a pure offset (scales agree). With offsets {@code δ_j} in 8-bit levels, a reference that subtracts the
     * mean {@code m_j} and yours that subtracts {@code k·m} (k = 1/255 for a 0..1 mean, 255 for a 0..255 mean in
     * 0..1 arithmetic, 1/scale for an unscaled bias) satisfy {@code δ_j = −m_j + k·m_p(j)}, where {@code p} is the
     * identity when the constants followed the colours and the channel permutation when they stayed in tensor
     * order. Each hypothesis is solved for {@code m}; a known mean (ImageNet, Caffe, CLIP, 127.5 ...) wins, then a
     * plausible one (0.5..255).
     */
    static void offsets(Fit fit, double[] step, double[] alpha, double residual, List<Finding> out) {
        int n = fit.alpha.length;
        double[] delta = new double[n];
        boolean any = false;
        for (int c = 0; c < n; c++) {
            if (!(step[c] > 0)) {
                if (Math.abs(fit.beta[c]) > 1e-4 * Math.max(1, Math.abs(fit.beta[c]))) {
                    out.add(Finding.of(Finding.OFFSET, "your values are offset by " + fmtList(fit.beta, "%.5g") + " from the reference's"
                            + " (the 8-bit level step is unknown, so the offset cannot be read as a mean)", "beta", fit.beta));
                }
                return;
            }
            delta[c] = fit.beta[c] / step[c];
        }
        boolean swapped = !TensorDoctor.isIdentity(fit.perm);
        if (swapped && swapConsistent(fit.perm, delta, alpha)) {
            return;
        }
        for (int c = 0; c < n; c++) {
            // a scale that differs by e.g. 1.3 % (std averaged) moves the offset by up to that share of the range
            any |= Math.abs(delta[c]) > 0.5 + residual / step[c] + 255 * Math.abs(1 - Math.abs(alpha[c]));
        }
        if (!any) {
            return;
        }
        List<int[]> orders = new ArrayList<>();
        orders.add(Match.identity(n));
        if (swapped) {
            orders.add(fit.perm);
        }
        Finding knownHit = null;
        Finding plausibleBias = null;
        Finding plausible01 = null;
        Finding plausible255 = null;
        for (int[] order : orders) {
            for (OffsetKind kind : OffsetKind.values()) {
                double[] k = new double[n];
                for (int c = 0; c < n; c++) {
                    k[c] = kind == OffsetKind.UNSCALED ? 1 / step[c] : kind == OffsetKind.UNITS_01 ? 1 / 255.0 : 255;
                }
                double[] m = solveMeans(order, k, delta);
                if (m == null || !plausible(m, 0.5, 255)) {
                    continue;
                }
                Finding f = offsetFinding(kind, m, step, delta, order != orders.get(0));
                if (known(m, 1)) {
                    if (knownHit == null) {
                        knownHit = f;
                    }
                } else if (kind == OffsetKind.UNSCALED && plausibleBias == null && Math.abs(delta[0]) > 255) {
                    plausibleBias = f;
                } else if (kind == OffsetKind.UNITS_01 && plausible01 == null) {
                    plausible01 = f;
                } else if (kind == OffsetKind.UNITS_255 && plausible255 == null) {
                    plausible255 = f;
                }
            }
        }
        Finding chosen = knownHit != null ? knownHit : plausibleBias != null ? plausibleBias : plausible01 != null ? plausible01 : plausible255;
        if (chosen == null) {
            chosen = Finding.of(Finding.OFFSET, "your values are offset by " + fmtList(delta, "%.4g") + " 8-bit levels from the reference's"
                    + ", which is not a mean in the wrong units nor an unscaled bias", "beta", fit.beta, "offset_levels", delta);
        }
        out.add(chosen);
    }

    /** Offsets a pure swap with constants left in tensor order produces: each cycle of the permutation sums to 0. */
    static boolean swapConsistent(int[] perm, double[] delta, double[] alpha) {
        boolean[] seen = new boolean[perm.length];
        for (int start = 0; start < perm.length; start++) {
            if (seen[start]) {
                continue;
            }
            double sum = 0;
            double slack = 0;
            for (int j = start; !seen[j]; j = perm[j]) {
                seen[j] = true;
                sum += delta[j];
                slack += 0.5 + 255 * Math.abs(1 - Math.abs(alpha[j]));
            }
            if (Math.abs(sum) > slack) {
                return false;
            }
        }
        return true;
    }

    /** Solves {@code −m_j + k_p(j)·m_p(j) = δ_j} by Gaussian elimination; {@code null} when singular. */
    static double[] solveMeans(int[] p, double[] k, double[] delta) {
        int n = delta.length;
        double[][] a = new double[n][n + 1];
        for (int j = 0; j < n; j++) {
            a[j][j] -= 1;
            a[j][p[j]] += k[p[j]];
            a[j][n] = delta[j];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-9) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] m = new double[n];
        for (int j = 0; j < n; j++) {
            m[j] = a[j][n] / a[j][j];
        }
        return m;
    }

    static Finding offsetFinding(OffsetKind kind, double[] m, double[] step, double[] delta, boolean tensorOrder) {
        String order = tensorOrder ? "; the per-channel constants also stayed in tensor order when the channels were swapped" : "";
        switch (kind) {
            case UNSCALED:
                return Finding.of(Finding.BIAS_NOT_SCALED, String.format(Locale.ROOT, "your bias is the mean %s itself, but the convention"
                        + " adds the bias after scaling: it must be -mean·scale = %s (Core ML's red/green/blue_bias, ct.ImageType bias)",
                        fmtList(negate(m), "%.4g"), fmtList(scaled(m, step), "%.6g")) + order, "mean", m, "scale", step, "offset_levels", delta);
            case UNITS_01:
                return Finding.of(Finding.MEAN_UNITS, String.format(Locale.ROOT, "the mean is given in 0..1 units (%s) where 0..255 units"
                        + " (%s) are wanted", fmtList(div(m, 255), "%.4g"), fmtList(m, "%.4g")) + order, "mean_0_255", m, "offset_levels", delta);
            default:
                return Finding.of(Finding.MEAN_UNITS, String.format(Locale.ROOT, "the mean is given in 0..255 units (%s) where 0..1 units"
                        + " (%s) are wanted", fmtList(m, "%.4g"), fmtList(div(m, 255), "%.4g")) + order, "mean_0_1", div(m, 255), "offset_levels", delta);
        }
    }

    static boolean plausible(double[] v, double lo, double hi) {
        for (double x : v) {
            if (!(x >= lo && x <= hi)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code v·factor} is one of the known means (either channel order) within 1.5 %. */
    static boolean known(double[] v, double factor) {
        for (double[] k : KNOWN_MEANS) {
            for (boolean reversed : new boolean[] {false, true}) {
                boolean ok = true;
                for (int c = 0; c < v.length; c++) {
                    double want = v.length == 3 ? k[reversed ? 2 - c : c] : k[1];
                    ok &= near(v[c] * factor, want, 0.015);
                }
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    static double[] negate(double[] v) {
        return mul(v, -1);
    }

    static double[] mul(double[] v, double f) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * f;
        }
        return o;
    }

    static double[] div(double[] v, double f) {
        return mul(v, 1 / f);
    }

    static double[] scaled(double[] mean, double[] step) {
        double[] o = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            o[i] = -mean[i] * step[i];
        }
        return o;
    }

    static String fmtList(double[] v, String fmt) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format(Locale.ROOT, fmt, v[i]));
        }
        return sb.append(']').toString();
    }
}
