package dev.pixelprep.doctor;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Compares your tensor with a reference tensor made from the same image and names the preprocessing mistakes
 * that turn one into the other.
 *
 * <p>Steps: read both as planes (their declared layouts, or your memory order reinterpreted when the declared
 * one fits badly); choose the channel permutation with the best per-channel linear fits; estimate per channel
 * {@code reference ≈ alpha·yours + beta} (the ratio of the 8-bit level steps when both tensors have one, which
 * survives resizes; least squares otherwise); look at the residual (a spatial scale/offset for resize
 * mismatches, a smooth content-free field for mean images); then name the map: factors 255, 127.5, 2, per-channel
 * factors near 1 (std averaged), a known (mean, std) pair (normalised twice), offsets that are a plausible mean
 * in the wrong units or a bias that was not multiplied by the scale.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class TensorDoctor {
    /** Above this PSNR the tensors correspond pixel for pixel (float16 rounding stays far above it). */
    static final double MATCH_PSNR = 50;

    private TensorDoctor() {
    }

    /** Means in 0..255 units that offsets are matched against, RGB order (BGR is tried too). */
    private static final double[][] KNOWN_MEANS = {
            {123.675, 116.28, 103.53},      // ImageNet (torchvision), RGB
            {123.68, 116.779, 103.939},     // Caffe / Keras 'caffe', listed here in RGB order
            {122.7709, 116.7460, 104.0937}, // OpenAI CLIP
            {127.5, 127.5, 127.5},
            {127, 127, 127},
            {128, 128, 128},
            {125.307, 122.95, 113.865},     // CIFAR-10
    };

    /** (mean, std) pairs in 0..1 units whose second application is recognised as double normalisation. */
    private static final double[][][] KNOWN_NORMALIZATIONS = {
            {{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}},
            {{0.48145466, 0.4578275, 0.40821073}, {0.26862954, 0.26130258, 0.27577711}},
    };

    /**
     * Diagnoses {@code mine} against {@code reference}.
     *
     * @param mineSpec the spec that produced {@code mine}, or {@code null}; with it the diagnosis also gives the
     *                 corrected spec
     */
    public static TensorDiagnosis diagnose(Tensor mine, Tensor reference, Spec mineSpec) {
        check(mine, "your tensor");
        check(reference, "the reference");
        int[] sm = mine.shape();
        int[] sr = reference.shape();
        Layout lm = mine.layout();
        Layout lr = reference.layout();
        int[] dm = Planes.dims(sm, lm);
        int[] dr = Planes.dims(sr, lr);
        String shapes = "your " + describe(sm, lm) + " and the reference's " + describe(sr, lr);
        if (dm[0] != dr[0]) {
            throw new DoctorException("shapes do not correspond: " + shapes + " hold " + dm[0] + " and " + dr[0] + " images");
        }
        if (dm[1] != dr[1]) {
            throw new DoctorException("shapes do not correspond: " + shapes + " have " + dm[1] + " and " + dr[1] + " channels");
        }
        boolean transposed;
        if (dm[2] == dr[2] && dm[3] == dr[3]) {
            transposed = false;
        } else if (dm[2] == dr[3] && dm[3] == dr[2]) {
            transposed = true;
        } else {
            throw new DoctorException("shapes do not correspond: " + shapes + " are " + dm[3] + "x" + dm[2] + " and " + dr[3] + "x" + dr[2]
                    + " pixels (width x height); make both from the same image at the model's input size");
        }
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Planes ref = Planes.of(reference, lr);
        float[] mineValues = mine.toFloatArray();
        boolean minePlanar = sm.length == 2 || lm.planar();
        Planes m = Planes.read(mineValues, dm, minePlanar);
        if (transposed) {
            m = m.transposed();
        }
        Match match = Match.of(m.data, ref.data);
        boolean memoryOrder = false;
        if (dm[1] > 1 && match.meanR2() < 0.9) {
            Planes alt = Planes.read(mineValues, dm, !minePlanar);
            if (transposed) {
                alt = alt.transposed();
            }
            Match altMatch = Match.of(alt.data, ref.data);
            if (altMatch.meanR2() > match.meanR2() + 0.2) {
                m = alt;
                match = altMatch;
                memoryOrder = true;
            }
        }
        String relation = relation(sm, lm, sr, lr, transposed, memoryOrder);
        if (sm.length > 2 && sr.length > 2 && lm.planar() != lr.planar()) {
            findings.add(Finding.of(Finding.LAYOUT_NHWC_NCHW, "your tensor is " + describe(sm, lm) + " but the reference is " + describe(sr, lr)
                    + ": channels " + (lm.planar() ? "first" : "last") + " where channels " + (lr.planar() ? "first" : "last")
                    + " are wanted; set the layout to " + lr, "yours", lm.toString(), "reference", lr.toString()));
        }
        if (memoryOrder) {
            findings.add(Finding.of(Finding.LAYOUT_NHWC_NCHW, "your tensor's shape says " + lm + " but its memory holds "
                    + (minePlanar ? "interleaved (channels-last)" : "planar (channels-first)") + " values: the data was reshaped instead of transposed",
                    "yours", lm.toString(), "memory", minePlanar ? "channels-last" : "channels-first"));
        }
        if (transposed) {
            findings.add(Finding.of(Finding.LAYOUT_HW_TRANSPOSED, "height and width are exchanged: yours is " + dm[3] + " wide and " + dm[2]
                    + " high, the reference " + dr[3] + " wide and " + dr[2] + " high", "yours_hw", new int[] {dm[2], dm[3]},
                    "reference_hw", new int[] {dr[2], dr[3]}));
        }
        int channels = dr[1];
        int[] perm = match.perm;
        double[] qm = new double[channels];
        double[] qr = new double[channels];
        for (int c = 0; c < channels; c++) {
            qm[c] = Lattice.step(m.data[c]);
            qr[c] = Lattice.step(ref.data[c]);
        }
        double[] nm = new double[channels];
        double[] nr = new double[channels];
        for (int c = 0; c < channels; c++) {
            nm[c] = roundingNoise(m.data[c], mine.dtype());
            nr[c] = roundingNoise(ref.data[c], reference.dtype());
        }
        Fit fit = Fit.of(m.data, ref.data, perm, qm, qr, nm, nr);
        double range = range(ref.data);
        double psnr = psnr(range, fit.rms(m.data, ref.data));
        double alignedPsnr = Double.NaN;
        if (psnr < Math.min(MATCH_PSNR, psnr(range, fit.expectedNoise(nm, nr)) - 3)) {
            Aligned aligned = align(m, ref, fit, range, qm, qr, nm, nr);
            if (aligned != null && aligned.psnr > psnr + 6) {
                alignedPsnr = aligned.psnr;
                perm = aligned.match.perm;
                fit = aligned.fit;
                findings.add(resizeFinding(aligned.warp, psnr, aligned.psnr));
                notes.add("the resize/crop differs; the corrected spec keeps your geometry");
            } else if (smoothContentFree(m, ref, fit)) {
                findings.add(Finding.of(Finding.MEAN_IMAGE, String.format(Locale.ROOT, "after the best per-channel map the tensors still"
                        + " differ by a smooth picture that does not follow the photo (PSNR %.1f dB): one side subtracts a per-pixel mean"
                        + " image, the other a per-channel mean", psnr), "psnr_db", psnr));
                notes.add("one side uses a per-pixel mean image: the corrected spec cannot say which mean image");
            } else {
                findings.add(Finding.of(Finding.RESIZE_MISMATCH, String.format(Locale.ROOT, "the pixels do not correspond (PSNR %.1f dB after the"
                        + " best per-channel map) and no larger scale or shift explains it: a different resize kernel, family, side rounding or sub-pixel crop offset, antialiasing,"
                        + " or decoding (ICC profile, EXIF orientation)", psnr), "psnr_db", psnr));
                notes.add("the pixels differ beyond the value map; the corrected spec keeps your geometry");
            }
        }
        if (!isIdentity(perm)) {
            findings.add(Finding.of(Finding.CHANNEL_SWAP, channelSwapMessage(perm, mineSpec), "permutation", perm));
        }
        // what the pixels disagree by after the value map (and any alignment) also blurs the offset
        double residual = Double.isNaN(alignedPsnr) ? (Double.isInfinite(psnr) ? 0 : range / Math.pow(10, psnr / 20))
                : range / Math.pow(10, alignedPsnr / 20);
        name(fit, qr, mineSpec, residual, findings);
        findings.sort(Comparator.comparingInt(f -> Finding.IDS.indexOf(f.id())));
        Spec corrected = mineSpec == null ? null : corrected(mineSpec, perm, fit, reference, lr, notes);
        return new TensorDiagnosis(relation, perm, fit.alpha, fit.beta, fit.r2, psnr, alignedPsnr, findings, corrected, notes);
    }

    private static void check(Tensor t, String what) {
        if (t.size() == 0) {
            throw new DoctorException(what + " " + Arrays.toString(t.shape()) + " is empty");
        }
        int rank = t.shape().length;
        if (rank < 2 || rank > 4) {
            throw new DoctorException(what + " has shape " + Arrays.toString(t.shape()) + "; expected an image tensor of rank 2 (H, W), 3 or 4");
        }
        float[] v = t.toFloatArray();
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new DoctorException(what + " holds a non-finite value (" + v[i] + ") at element " + i);
            }
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        if (lo == hi) {
            throw new DoctorException(what + " is constant (every value is " + lo + "): nothing to compare; was the image blank?");
        }
    }

    private static String describe(int[] shape, Layout l) {
        return (shape.length == 2 ? "HW" : shape.length == 3 ? (l.planar() ? "CHW" : "HWC") : (l.planar() ? "NCHW" : "NHWC"))
                + " " + Arrays.toString(shape);
    }

    private static String relation(int[] sm, Layout lm, int[] sr, Layout lr, boolean transposed, boolean memory) {
        StringBuilder sb = new StringBuilder();
        sb.append("yours ").append(describe(sm, lm)).append(", reference ").append(describe(sr, lr));
        if (memory) {
            sb.append("; your values are in the other memory order than your shape says");
        }
        if (transposed) {
            sb.append("; height and width exchanged");
        }
        if (sm.length != sr.length) {
            sb.append("; the batch axis differs only in presence");
        }
        return sb.toString();
    }

    static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static String channelSwapMessage(int[] perm, Spec mineSpec) {
        boolean reversed = perm.length == 3 && perm[0] == 2 && perm[1] == 1 && perm[2] == 0;
        StringBuilder sb = new StringBuilder();
        if (reversed) {
            String yours = mineSpec != null && mineSpec.color() != ColorOrder.GRAY ? mineSpec.color().toString() : null;
            sb.append("channels 0 and 2 are swapped");
            if (yours != null) {
                sb.append(": you feed ").append(yours).append(" where ").append(yours.equals("RGB") ? "BGR" : "RGB").append(" is wanted");
            } else {
                sb.append(" (RGB where BGR is wanted, or the reverse)");
            }
        } else {
            sb.append("channels are permuted: reference channel j holds your channel ").append(Arrays.toString(perm)).append("[j]");
        }
        return sb.toString();
    }

    private static double range(float[][] data) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float[] ch : data) {
            for (float v : ch) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi - lo;
    }

    /** RMS rounding error of values stored in {@code dtype}: half an ulp, uniformly distributed. */
    static double roundingNoise(float[] v, dev.pixelprep.core.spec.DType dtype) {
        switch (dtype) {
            case FLOAT16: {
                double s = 0;
                int n = 0;
                for (int i = 0; i < v.length; i += 7) {
                    double ulp = Math.ulp(v[i]) * 8192;
                    s += ulp * ulp / 12;
                    n++;
                }
                return Math.sqrt(s / n);
            }
            case UINT8:
            case INT8:
                return Math.sqrt(1 / 12.0);
            default:
                return 0;
        }
    }

    static double psnr(double range, double rms) {
        if (rms <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 20 * Math.log10(range / rms);
    }

    // ---------------------------------------------------------------- spatial alignment

    private record Aligned(Warp warp, Match match, Fit fit, double psnr) {
    }

    /** Searches a scale/offset on image 0 and refits on the overlap; {@code null} when no warp is found. */
    private static Aligned align(Planes m, Planes ref, Fit fit, double range, double[] qm, double[] qr, double[] nm, double[] nr) {
        int channels = ref.channels;
        int pr = ref.height * ref.width;
        int pm = m.height * m.width;
        double[] sr = new double[pr];
        double[] sm = new double[pm];
        for (int j = 0; j < channels; j++) {
            addStandardized(ref.data[j], 0, pr, 1, sr);
            addStandardized(m.data[fit.perm[j]], 0, pm, Math.signum(fit.alpha[j]), sm);
        }
        Warp warp = Warp.search(sr, ref.height, ref.width, sm, m.height, m.width);
        if (warp.isIdentity()) {
            return null;
        }
        int batch = ref.batch;
        float[][] wm = new float[channels][];
        float[][] wr = new float[channels][];
        for (int c = 0; c < channels; c++) {
            float[] mAll = new float[batch * pr];
            for (int b = 0; b < batch; b++) {
                float[] s = warp.sample(m.data[c], b * pm, m.height, m.width, ref.height, ref.width);
                System.arraycopy(s, 0, mAll, b * pr, pr);
            }
            wm[c] = mAll;
        }
        int valid = 0;
        for (float v : wm[0]) {
            if (!Float.isNaN(v)) {
                valid++;
            }
        }
        if (valid < ref.size() / 4) {
            return null;
        }
        float[][] cm = new float[channels][valid];
        for (int c = 0; c < channels; c++) {
            wr[c] = new float[valid];
            int k = 0;
            for (int i = 0; i < wm[0].length; i++) {
                if (!Float.isNaN(wm[0][i])) {
                    cm[c][k] = wm[c][i];
                    wr[c][k] = ref.data[c][i];
                    k++;
                }
            }
        }
        Match match = Match.of(cm, wr);
        Fit f = Fit.of(cm, wr, match.perm, qm, qr, nm, nr);
        return new Aligned(warp, match, f, psnr(range, f.rms(cm, wr)));
    }

    private static void addStandardized(float[] v, int from, int n, double sign, double[] out) {
        double s = 0;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            s += v[from + i];
            ss += (double) v[from + i] * v[from + i];
        }
        double mean = s / n;
        double sd = Math.sqrt(Math.max(ss / n - mean * mean, 1e-30));
        for (int i = 0; i < n; i++) {
            out[i] += sign * (v[from + i] - mean) / sd;
        }
    }

    private static Finding resizeFinding(Warp w, double before, double after) {
        String what;
        if (Math.abs(w.sx / w.sy - 1) > 0.02) {
            what = "the aspect ratio differs: one side stretches the whole image, the other keeps the aspect (resize the shorter side and crop, or letterbox)";
        } else if (Math.abs(w.sx - 1) > 0.004 || Math.abs(w.sy - 1) > 0.004) {
            what = "the content is scaled: a different resize size or crop fraction";
        } else {
            what = "the content is shifted: a different crop offset, rounding or padding";
        }
        return Finding.of(Finding.RESIZE_MISMATCH, String.format(Locale.ROOT, "%s; your pixel (x, y) shows the reference's (%.3f·x%+.1f, %.3f·y%+.1f)"
                        + " — PSNR %.1f dB as is, %.1f dB once aligned", what, w.sx, w.tx, w.sy, w.ty, before, after),
                "scale_x", w.sx, "offset_x", w.tx, "scale_y", w.sy, "offset_y", w.ty, "psnr_db", before, "aligned_psnr_db", after);
    }

    /**
     * Whether the residual of image 0 is a smooth field unrelated to the photo, as a mean image's deviation from
     * its channel means is.
     */
    private static boolean smoothContentFree(Planes m, Planes ref, Fit fit) {
        int w = ref.width;
        int h = ref.height;
        if (w < 4 || h < 4) {
            return false;
        }
        double diff = 0;
        double var = 0;
        double corrSum = 0;
        for (int j = 0; j < ref.channels; j++) {
            float[] x = m.data[fit.perm[j]];
            float[] y = ref.data[j];
            double[] e = new double[h * w];
            double mean = 0;
            for (int i = 0; i < h * w; i++) {
                e[i] = y[i] - (fit.alpha[j] * x[i] + fit.beta[j]);
                mean += e[i];
            }
            mean /= h * w;
            double v = 0;
            double sx = 0;
            double sxx = 0;
            double sxe = 0;
            for (int i = 0; i < h * w; i++) {
                double d = e[i] - mean;
                v += d * d;
                sx += x[i];
                sxx += (double) x[i] * x[i];
                sxe += x[i] * d;
            }
            double vx = sxx - sx * sx / (h * w);
            corrSum += Math.abs(sxe / Math.sqrt(Math.max(vx * v, 1e-300)));
            var += v;
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx + 1 < w; xx++) {
                    double d = e[yy * w + xx + 1] - e[yy * w + xx];
                    diff += d * d / 2;
                }
            }
            for (int yy = 0; yy + 1 < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    double d = e[(yy + 1) * w + xx] - e[yy * w + xx];
                    diff += d * d / 2;
                }
            }
        }
        double roughness = Math.sqrt(diff / Math.max(var, 1e-300) / 2);
        return roughness < 0.2 && corrSum / ref.channels < 0.3;
    }

    // ---------------------------------------------------------------- naming the value map

    private static boolean near(double v, double target, double tol) {
        return Math.abs(v / target - 1) < tol;
    }

    /**
     * The reference's level step per channel: exact from your spec when given, else the reference's lattice (NaN
     * when it has none).
     */
    private static double[] referenceSteps(Fit fit, double[] qr, Spec mineSpec) {
        int n = fit.alpha.length;
        double[] step = new double[n];
        for (int j = 0; j < n; j++) {
            step[j] = mineSpec != null && mineSpec.channels() == n ? Math.abs(fit.alpha[j] * mineSpec.scale(fit.perm[j])) : qr[j];
        }
        return step;
    }

    private static void name(Fit fit, double[] qr, Spec mineSpec, double residual, List<Finding> out) {
        int n = fit.alpha.length;
        int[] p = fit.perm;
        double[] step = referenceSteps(fit, qr, mineSpec);
        boolean swapped = !isIdentity(p);
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

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!(x > 0) || !Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** Largest relative deviation of |v| from its mean. */
    private static double spread(double[] v) {
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

    private static boolean allWithin(double[] v, double lo, double hi) {
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
    private static boolean missingNormalization(double[] a, double[] b, boolean tensorOrder, List<Finding> out) {
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
    private static boolean doubleNormalization(double[] a, double[] b, List<Finding> out) {
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
    private enum OffsetKind { UNSCALED, UNITS_01, UNITS_255 }

    /**
     * Names a pure offset (scales agree). With offsets {@code δ_j} in 8-bit levels, a reference that subtracts the
     * mean {@code m_j} and yours that subtracts {@code k·m} (k = 1/255 for a 0..1 mean, 255 for a 0..255 mean in
     * 0..1 arithmetic, 1/scale for an unscaled bias) satisfy {@code δ_j = −m_j + k·m_p(j)}, where {@code p} is the
     * identity when the constants followed the colours and the channel permutation when they stayed in tensor
     * order. Each hypothesis is solved for {@code m}; a known mean (ImageNet, Caffe, CLIP, 127.5 ...) wins, then a
     * plausible one (0.5..255).
     */
    private static void offsets(Fit fit, double[] step, double[] alpha, double residual, List<Finding> out) {
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
        boolean swapped = !isIdentity(fit.perm);
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
    private static boolean swapConsistent(int[] perm, double[] delta, double[] alpha) {
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
    private static double[] solveMeans(int[] p, double[] k, double[] delta) {
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

    private static Finding offsetFinding(OffsetKind kind, double[] m, double[] step, double[] delta, boolean tensorOrder) {
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

    private static boolean plausible(double[] v, double lo, double hi) {
        for (double x : v) {
            if (!(x >= lo && x <= hi)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code v·factor} is one of the known means (either channel order) within 1.5 %. */
    private static boolean known(double[] v, double factor) {
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

    private static double[] negate(double[] v) {
        return mul(v, -1);
    }

    private static double[] mul(double[] v, double f) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * f;
        }
        return o;
    }

    private static double[] div(double[] v, double f) {
        return mul(v, 1 / f);
    }

    private static double[] scaled(double[] mean, double[] step) {
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

    // ---------------------------------------------------------------- corrected spec

    private static Spec corrected(Spec mine, int[] perm, Fit fit, Tensor reference, Layout lr, List<String> notes) {
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
        if (!isIdentity(perm)) {
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
    private static double[] round(double[] v, double[] known) {
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

    // ---------------------------------------------------------------- fits

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
