package dev.pixelprep.doctor;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ChannelFits.Fit;
import dev.pixelprep.doctor.ChannelFits.Match;

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
 * <p>The steps live beside it: {@link ChannelFits} (permutation and per-channel fits), {@link SpatialAlignment} (the
 * residual's scale, offset or mean image), {@link ValueMapNames} (the findings), {@link SpecCorrection} (the
 * corrected spec).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class TensorDoctor {
    /** Above this PSNR the tensors correspond pixel for pixel (float16 rounding stays far above it). */
    static final double MATCH_PSNR = 50;

    private TensorDoctor() {
    }

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
        int[] perm = match.perm();
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
            SpatialAlignment.Aligned aligned = SpatialAlignment.align(m, ref, fit, range, qm, qr, nm, nr);
            if (aligned != null && aligned.psnr() > psnr + 6) {
                alignedPsnr = aligned.psnr();
                perm = aligned.match().perm();
                fit = aligned.fit();
                findings.add(SpatialAlignment.resizeFinding(aligned.warp(), psnr, aligned.psnr()));
                notes.add("the resize/crop differs; the corrected spec keeps your geometry");
            } else if (SpatialAlignment.smoothContentFree(m, ref, fit)) {
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
        ValueMapNames.name(fit, qr, mineSpec, residual, findings);
        findings.sort(Comparator.comparingInt(f -> Finding.IDS.indexOf(f.id())));
        Spec corrected = mineSpec == null ? null : SpecCorrection.corrected(mineSpec, perm, fit, reference, lr, notes);
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
}
