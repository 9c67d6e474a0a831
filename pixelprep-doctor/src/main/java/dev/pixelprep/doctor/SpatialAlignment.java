package dev.pixelprep.doctor;

import dev.pixelprep.doctor.ChannelFits.Fit;
import dev.pixelprep.doctor.ChannelFits.Match;

import java.util.Locale;

/**
 * {@link TensorDoctor}'s spatial step: when the value fit leaves a structured residual, find the scale and offset
 * between the two images (a resize or crop mismatch) or a smooth content-free field (a mean image on one side).
 *
 * <p>Stateless utility: static methods only.
 */
final class SpatialAlignment {
    private SpatialAlignment() {
    }

    record Aligned(Warp warp, Match match, Fit fit, double psnr) {
    }

    /** Searches a scale/offset on image 0 and refits on the overlap; {@code null} when no warp is found. */
    static Aligned align(Planes m, Planes ref, Fit fit, double range, double[] qm, double[] qr, double[] nm, double[] nr) {
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
        Fit f = Fit.of(cm, wr, match.perm(), qm, qr, nm, nr);
        return new Aligned(warp, match, f, TensorDoctor.psnr(range, f.rms(cm, wr)));
    }

    static void addStandardized(float[] v, int from, int n, double sign, double[] out) {
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

    static Finding resizeFinding(Warp w, double before, double after) {
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
    static boolean smoothContentFree(Planes m, Planes ref, Fit fit) {
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
}
