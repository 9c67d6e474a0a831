package dev.pixelprep.core.lint;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The well-known normalisations and how far a spec is from each: the presets of {@link Presets} plus the recipes
 * people actually ship (coremltools' documented torchvision approximation with one std of 0.226, the UltraFace ONNX
 * author's {@code (x − 127)/128}, Caffe's ILSVRC-2012 per-channel mean, gray raw and −1..1). Only conventions with
 * the same tensor channel order are ranked; the error is the largest {@code |y_spec − y_known|} over pixel values
 * 0..255 per channel (a mean image counts with its largest deviation from its channel average, as in
 * {@code Export}).
 *
 * <p>Stateless utility: the list is built once and never changes.
 */
public final class KnownSpecs {
    /**
     * One well-known normalisation. Immutable.
     *
     * @param name        a preset name or a recipe's name ({@code torchvision-imagenet-std-0.226})
     * @param description what it is, in the framework's words
     * @param spec        its canonical form
     */
    public record Known(String name, String description, Spec spec) {
        public Known {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * A known normalisation and how far a spec is from it. Immutable (the error array is copied in and out).
     *
     * @param worstError per tensor channel, the largest |spec − known| over pixels 0..255
     */
    public record Match(String name, String description, boolean exact, double[] worstError) {
        public Match {
            worstError = worstError.clone();
        }

        @Override
        public double[] worstError() {
            return worstError.clone();
        }

        public double maxError() {
            double m = 0;
            for (double e : worstError) {
                m = Math.max(m, e);
            }
            return m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Match && ((Match) o).name.equals(name) && ((Match) o).description.equals(description)
                    && ((Match) o).exact == exact && Arrays.equals(((Match) o).worstError, worstError);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, description, exact, Arrays.hashCode(worstError));
        }

        @Override
        public String toString() {
            return "Match[" + name + ", exact " + exact + ", worst error " + Arrays.toString(worstError) + "]";
        }
    }

    private static final List<Known> KNOWN = build();

    private KnownSpecs() {
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
        double[] b = Torchvision.imagenet().bias();
        out.add(new Known("torchvision-imagenet-std-0.226",
                "torchvision ImageNet mean/std with std averaged to 0.226 (coremltools docs: scale=1/(0.226*255), bias=-mean/std)",
                CoreMl.rgb(1 / (0.226 * 255), b[0], b[1], b[2], false).toSpec()));
        out.add(new Known("x-127-over-128", "(x - 127) / 128, RGB (UltraFace ONNX author's detect_imgs_onnx.py)",
                CoreMl.rgb(1 / 128.0, -127 / 128.0, -127 / 128.0, -127 / 128.0, false).toSpec()));
        out.add(new Known("caffe-ilsvrc12-mean", "BGR x - [104.007, 116.669, 122.679] (Caffe ilsvrc_2012_mean.npy channel averages)",
                CoreMl.rgb(1, -122.67891434, -116.66876762, -104.00698793, true).toSpec()));
        out.add(new Known("gray-raw", "gray 0..255 as is", CoreMl.gray(1, 0).toSpec()));
        out.add(new Known("gray-signed-unit", "gray -1..1 (x/127.5 - 1)", CoreMl.gray(1 / 127.5, -1).toSpec()));
        return Collections.unmodifiableList(out);
    }

    /** Every known normalisation, presets first. */
    public static List<Known> all() {
        return KNOWN;
    }

    /** Every known normalisation with the spec's channel order, closest first. */
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
                worst[i] = distance(ab, i, kab, i) + dev[i];
                exact &= worst[i] <= exactTolerance(kab, i);
            }
            out.add(new Match(k.name(), k.description(), exact, worst));
        }
        out.sort(Comparator.comparingDouble(Match::maxError));
        return out;
    }

    /**
     * The known 3-channel normalisations of the other colour order whose constants the spec carries within
     * {@code relTol}: {@code reversed = false} position by position (the right numbers on the wrong colours, the
     * classic missing {@code is_bgr}), {@code true} colour by colour (the convention's means in the other tensor
     * order). {@code relTol = 0} asks for float32 exactness ({@link Expression#EXACT_TOLERANCE}); otherwise the
     * tolerance of channel {@code c} is {@code relTol} times the known's largest {@code |y|} over 0..255. A spec
     * that is the same in channels 0 and 2 matches nothing (it says nothing about order).
     */
    public static List<Known> otherOrder(Spec spec, boolean reversed, double relTol) {
        List<Known> out = new ArrayList<>();
        if (spec.channels() != 3) {
            return out;
        }
        double[][] ab = affine(spec);
        if (ab[0][0] == ab[0][2] && ab[1][0] == ab[1][2]) {
            return out;
        }
        for (Known k : KNOWN) {
            if (k.spec().channels() != 3 || k.spec().color() == spec.color()) {
                continue;
            }
            double[][] kab = affine(k.spec());
            boolean all = true;
            for (int i = 0; i < 3 && all; i++) {
                int j = reversed ? 2 - i : i;
                all = distance(ab, i, kab, j) <= tolerance(kab, j, relTol);
            }
            if (all) {
                out.add(k);
            }
        }
        return out;
    }

    /** Largest |y_a − y_b| over x in 0..255 between channel i of {@code ab} and channel j of {@code kab}. */
    static double distance(double[][] ab, int i, double[][] kab, int j) {
        double da = ab[0][i] - kab[0][j];
        double db = ab[1][i] - kab[1][j];
        return Math.max(Math.abs(db), Math.abs(255 * da + db));
    }

    /** Largest |y| over 0..255 of channel j. */
    static double magnitude(double[][] kab, int j) {
        return Math.max(Math.abs(kab[0][j] * 255 + kab[1][j]), Math.abs(kab[1][j]));
    }

    private static double exactTolerance(double[][] kab, int j) {
        return Expression.EXACT_TOLERANCE + 1e-6 * magnitude(kab, j);
    }

    static double tolerance(double[][] kab, int j, double relTol) {
        return relTol == 0 ? exactTolerance(kab, j) : Math.max(exactTolerance(kab, j), relTol * magnitude(kab, j));
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
}
