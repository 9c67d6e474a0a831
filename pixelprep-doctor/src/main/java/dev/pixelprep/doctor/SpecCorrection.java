package dev.pixelprep.doctor;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ChannelFits.Fit;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link TensorDoctor}'s last step: the spec that would have produced the reference, from yours, the channel
 * permutation and the fitted map, rounded to known constants where they are within reach.
 *
 * <p>Stateless utility: static methods only.
 */
final class SpecCorrection {
    private SpecCorrection() {
    }

    static Spec corrected(Spec mine, int[] perm, Fit fit, Tensor reference, Layout lr, List<String> notes) {
        int n = perm.length;
        if (mine.channels() != n) {
            notes.add("your spec has " + mine.channels() + " channels but the tensors " + n + "; no corrected spec");
            return null;
        }
        double[] a = new double[n];
        double[] b = new double[n];
        for (int j = 0; j < n; j++) {
            int i = perm[j];
            double am = mine.invert() ? -mine.scale(i) : mine.scale(i);
            double bm = mine.invert() ? mine.bias(i) + 255 * mine.scale(i) : mine.bias(i);
            a[j] = fit.alpha[j] * am;
            b[j] = fit.alpha[j] * bm + fit.beta[j];
        }
        boolean invert = true;
        for (double v : a) {
            invert &= v < 0;
        }
        if (invert) {
            for (int j = 0; j < n; j++) {
                b[j] = b[j] + 255 * a[j];
                a[j] = -a[j];
            }
        }
        ColorOrder color = mine.color();
        if (!TensorDoctor.isIdentity(perm)) {
            if (n == 3 && perm[0] == 2 && perm[1] == 1 && perm[2] == 0) {
                color = color == ColorOrder.RGB ? ColorOrder.BGR : ColorOrder.RGB;
            } else {
                notes.add("the channel permutation " + Arrays.toString(perm) + " is not an RGB/BGR swap; reorder the channels yourself");
            }
        }
        Layout layout = lr;
        if (mine.layout().batched() != lr.batched()) {
            layout = lr.planar() ? (mine.layout().batched() ? Layout.NCHW : Layout.CHW) : (mine.layout().batched() ? Layout.NHWC : Layout.HWC);
        }
        double[] known = new double[2 * mine.channels()];
        for (int i = 0; i < mine.channels(); i++) {
            known[2 * i] = mine.scale(i);
            known[2 * i + 1] = mine.bias(i);
        }
        return mine.toBuilder().color(color).invert(invert).scale(round(a, known)).bias(round(b, known)).layout(layout)
                .dtype(reference.dtype()).build();
    }

    /**
     * Drops the fit's float32 noise: a value within 1e-6 of one of your own constants is that constant (a swap
     * moves constants, it does not change them); anything else keeps the 7 significant digits float32 tensors carry.
     */
    static double[] round(double[] v, double[] known) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] == 0 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.7g", v[i]));
            for (double k : known) {
                if (Math.abs(v[i] - k) <= 1e-6 * Math.max(1e-3, Math.abs(k))) {
                    o[i] = k;
                    break;
                }
            }
        }
        return o;
    }
}
