package dev.pixelprep.formats;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which well-known normalisation a stored one equals, or how far it is from each: the presets of the core plus
 * the recipes people actually ship (coremltools' documented torchvision approximation with one std of 0.226,
 * the UltraFace ONNX author's {@code (x − 127)/128}, Caffe's ILSVRC-2012 per-channel mean).
 * Only conventions with the same tensor channel order are compared; the error is the largest
 * {@code |y_stored − y_known|} over pixel values 0..255 per channel (a mean image counts with its largest
 * deviation from its channel average, as in {@code Export}).
 *
 * <p>Stateless utility: the known conventions are immutable values in a list built once.
 */
public final class KnownConventions {
    /** One candidate and how far the stored preprocessing is from it. */
    public record Match(String name, String description, boolean exact, double[] worstError) {
        public double maxError() {
            double m = 0;
            for (double e : worstError) {
                m = Math.max(m, e);
            }
            return m;
        }

        /** Copies the arrays, so the caller's later changes do not reach this value. */
        public Match {
            worstError = worstError == null ? null : worstError.clone();
        }

        /** A copy: changing it does not change this value. */
        @Override
        public double[] worstError() {
            return worstError == null ? null : worstError.clone();
        }

        /** Equal when every component is, arrays compared by content. */
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Match)) {
                return false;
            }
            Match o = (Match) other;
            return Objects.equals(name, o.name)
                    && Objects.equals(description, o.description)
                    && exact == o.exact
                    && Arrays.equals(worstError, o.worstError);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, description, exact, Arrays.hashCode(worstError));
        }

        @Override
        public String toString() {
            return "Match[name=" + name + ", description=" + description + ", exact=" + exact + ", worstError=" + Arrays.toString(worstError) + "]";
        }
    }

    private record Known(String name, String description, Spec spec) {
    }

    private static final List<Known> KNOWN = build();

    private KnownConventions() {
    }

    private static List<Known> build() {
        Map<Spec, Known> byspec = new LinkedHashMap<>();
        for (Presets.Preset p : Presets.all().values()) {
            Spec s = p.toSpec();
            Known prev = byspec.get(s);
            if (prev == null) {
                byspec.put(s, new Known(p.name(), p.description(), s));
            } else {
                byspec.put(s, new Known(prev.name() + " (= " + p.name() + ")", prev.description(), s));
            }
        }
        List<Known> out = new ArrayList<>(byspec.values());
        double[] m = Torchvision.imagenetMean();
        double[] sd = Torchvision.imagenetStd();
        out.add(new Known("torchvision-imagenet-std-0.226",
                "torchvision ImageNet mean/std with std averaged to 0.226 (coremltools docs: scale=1/(0.226*255), bias=-mean/std)",
                CoreMl.rgb(1 / (0.226 * 255), -m[0] / sd[0], -m[1] / sd[1], -m[2] / sd[2], false).toSpec()));
        out.add(new Known("x-127-over-128", "(x - 127) / 128, RGB (UltraFace ONNX author's detect_imgs_onnx.py)",
                CoreMl.rgb(1 / 128.0, -127 / 128.0, -127 / 128.0, -127 / 128.0, false).toSpec()));
        out.add(new Known("caffe-ilsvrc12-mean", "BGR x - [104.007, 116.669, 122.679] (Caffe ilsvrc_2012_mean.npy channel averages)",
                CoreMl.rgb(1, -122.67891434, -116.66876762, -104.00698793, true).toSpec()));
        out.add(new Known("gray-raw", "gray 0..255 as is", CoreMl.gray(1, 0).toSpec()));
        out.add(new Known("gray-signed-unit", "gray -1..1 (x/127.5 - 1)", CoreMl.gray(1 / 127.5, -1).toSpec()));
        return out;
    }

    /** Every known convention with the spec's channel order, closest first. */
    public static List<Match> rank(Spec spec) {
        double[][] ab = affine(spec);
        double[] dev = meanDeviation(spec);
        List<Match> out = new ArrayList<>();
        for (Known k : KNOWN) {
            if (k.spec().color() != spec.color()) {
                continue;
            }
            double[][] kab = affine(k.spec());
            int c = spec.channels();
            double[] worst = new double[c];
            boolean exact = true;
            for (int i = 0; i < c; i++) {
                double da = ab[0][i] - kab[0][i];
                double db = ab[1][i] - kab[1][i];
                worst[i] = Math.max(Math.abs(db), Math.abs(255 * da + db)) + dev[i];
                double tol = Expression.EXACT_TOLERANCE + 1e-6 * Math.max(Math.abs(kab[0][i] * 255 + kab[1][i]), Math.abs(kab[1][i]));
                exact &= worst[i] <= tol;
            }
            out.add(new Match(k.name(), k.description(), exact, worst));
        }
        out.sort(Comparator.comparingDouble(Match::maxError));
        return out;
    }

    /**
     * Warnings about channel order: the spec's constants equal a known convention of the other colour order
     * either position by position (the classic missing {@code is_bgr}: the right numbers on the wrong colours) or
     * colour by colour (the convention's means, but the tensor order differs from the one it was made for).
     */
    public static List<String> orderWarnings(Spec spec) {
        List<String> out = new ArrayList<>();
        if (spec.channels() != 3) {
            return out;
        }
        double[][] ab = affine(spec);
        for (Known k : KNOWN) {
            if (k.spec().channels() != 3 || k.spec().color() == spec.color()) {
                continue;
            }
            double[][] kab = affine(k.spec());
            if (close(ab, kab, false)) {
                out.add("the constants equal " + k.name() + " (" + k.description() + ") position by position, but that convention's tensor is "
                        + k.spec().color() + " and this one is " + spec.color() + ": the right numbers on the wrong colours (is_bgr / color_layout missing?)");
            } else if (close(ab, kab, true)) {
                out.add("per colour these are the constants of " + k.name() + ", but in " + spec.color() + " order instead of " + k.spec().color()
                        + ": right only if the network was trained on " + spec.color() + " input");
            }
        }
        return out;
    }

    private static boolean close(double[][] ab, double[][] kab, boolean reversed) {
        for (int i = 0; i < 3; i++) {
            int j = reversed ? 2 - i : i;
            double da = ab[0][i] - kab[0][j];
            double db = ab[1][i] - kab[1][j];
            double err = Math.max(Math.abs(db), Math.abs(255 * da + db));
            double tol = Expression.EXACT_TOLERANCE + 1e-6 * Math.max(Math.abs(kab[0][j] * 255 + kab[1][j]), Math.abs(kab[1][j]));
            if (err > tol) {
                return false;
            }
        }
        // a spec that is the same in every channel says nothing about order
        return !(ab[0][0] == ab[0][2] && ab[1][0] == ab[1][2]);
    }

    /** "exact" or "worst error 0.0078" for a match. */
    public static String verdict(Match m) {
        return m.exact() ? "exact" : String.format(Locale.ROOT, "worst error %.4g", m.maxError());
    }

    /** Per channel {a, b} of {@code y = a·x + b} with inversion folded in and a mean image replaced by its channel averages. */
    public static double[][] affine(Spec spec) {
        int c = spec.channels();
        double[][] ab = new double[2][c];
        MeanImage mi = spec.meanImage();
        double[] means = mi == null ? new double[c] : mi.channelMeans();
        for (int i = 0; i < c; i++) {
            double s = spec.scale(i);
            double b = spec.bias(i) - s * means[i];
            ab[0][i] = spec.invert() ? -s : s;
            ab[1][i] = spec.invert() ? b + 255 * s : b;
        }
        return ab;
    }

    /** Per channel, the largest deviation of the mean image from its channel average, times the scale (0 without a mean image). */
    public static double[] meanDeviation(Spec spec) {
        int c = spec.channels();
        double[] dev = new double[c];
        MeanImage mi = spec.meanImage();
        if (mi == null) {
            return dev;
        }
        double[] means = mi.channelMeans();
        for (int ch = 0; ch < c; ch++) {
            double d = 0;
            for (int y = 0; y < mi.height(); y++) {
                for (int x = 0; x < mi.width(); x++) {
                    d = Math.max(d, Math.abs(mi.at(ch, y, x) - means[ch]));
                }
            }
            dev[ch] = Math.abs(spec.scale(ch)) * d;
        }
        return dev;
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
