package dev.pixelprep.core.lint;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the classic preprocessing mistakes in a spec before any pixel is touched: numbers that are valid but that no
 * framework's recipe produces. Each rule works on the canonical {@code y[c] = s[c]·(x − mean_image) + b[c]} for
 * pixels {@code x} in 0..255 (after inversion), with {@code m[c] = −b_eff[c] / s[c]} the pixel value that maps to 0
 * ({@code b_eff = b − s·mean_image average}, the mean the spec subtracts, in 0..255 units). The rules only fire where
 * no known convention can produce the numbers, so the presets, the bundled sidecars, the golden cases and the
 * framework configs lint clean (tested):
 *
 * <ul>
 *   <li>{@value LintFinding#BIAS_NOT_SCALED} and {@value LintFinding#MEAN_UNITS} (0..255 means where 0..1 units were
 *       expected): every channel has a positive scale of at most 0.05 (a 0..1 scale 1/255 or a std-divided one, down
 *       to std 0.08) and {@code m[c] ≥ 510} (2·255): every pixel maps below zero by at least the whole output span, which no
 *       convention does (the known ones keep 0 inside or at the edge of the range). Two readings explain that: the bias is a 0..255 mean that was not multiplied by the scale
 *       (Core ML scales first, so {@code bias = −mean·scale}), when {@code −b[c]} is in 1..256 — corrected
 *       {@code b' = b·s}; or a torchvision / Hugging Face mean given in 0..255 units, when {@code −b[c]/(255·s[c])} is
 *       in 1..256 — corrected {@code b' = b/255}. With a scale of exactly 1/255 both give the same spec. When both
 *       readings fit, the convention the spec was written in decides ({@code torchvision}, {@code hf}, {@code keras},
 *       {@code timm}: mean units; any other: bias not scaled); without one (canonical, a spec file), the reading whose
 *       correction is exactly a known convention wins, else bias not scaled.</li>
 *   <li>{@value LintFinding#MEAN_UNITS} (0..1 means with a 0..255 scale): every channel has a positive scale and
 *       {@code 0 < m[c] ≤ 1}: the mean subtracted from 0..255 pixels is at most one level, i.e. a 0..1 mean such as
 *       OpenCV's {@code mean=(0.485, 0.456, 0.406)} with {@code scalefactor=1/255}. Corrected: the mean (and the mean
 *       image) × 255, i.e. {@code b' = 255·b}; when every scale is above 1 (a 0..1 std too, TFLite's
 *       {@code (x − 0.485)/0.229}) the std is scaled with it: {@code s' = s/255}, bias kept.</li>
 *   <li>{@value LintFinding#STD_AS_VARIANCE}: the std {@code σ[c] = 1/(255·s[c])} equals a known std squared within
 *       0.5% in every channel (ImageNet 0.229/0.224/0.225, its one-std average 0.226, CLIP, CIFAR-10, either channel order;
 *       MNIST 0.3081 for gray). Corrected: scale and bias × {@code √σ[c]}, i.e. {@code (x/255 − mean)/std}.</li>
 *   <li>{@value LintFinding#CHANNEL_SWAP}: the constants equal, position by position, a known 3-channel convention
 *       made for the other colour order, within 1% of that convention's largest {@code |y|} per channel, and neither
 *       a known convention of the spec's own order nor the same known read colour by colour fits as well (e.g.
 *       Caffe's BGR means as {@code red_bias=-103.939, ...} without {@code is_bgr}; torchvision's RGB mean/std on a
 *       BGR blob without {@code swapRB}). Corrected: the other colour order, constants kept in place.</li>
 *   <li>With a {@link LintContext} that declares the model's facts: {@value LintFinding#CHANNEL_SWAP} when the
 *       declared colour order (RGB/BGR) differs (corrected: the declared order, constants following their colours);
 *       {@value LintFinding#GRAY_INVERTED} when the declared inversion differs from the spec's (its flag, or
 *       negative scales; corrected: the flag toggled); {@value LintFinding#VALUE_RANGE} when a channel's range over
 *       0..255 is further than 1% of the declared span from the declared range (corrected: {@code y = (hi − lo)/255·x +
 *       lo}).</li>
 * </ul>
 *
 * <p>Rules on scale and bias need positive scales (a spec with negative scales, inversion written as arithmetic, is
 * only checked against declared facts). Stateless and thread-safe.
 */
public final class SpecLint {
    /** Largest positive scale the far-offset rules consider: 1/(255·0.0784). */
    static final double FAR_MAX_SCALE = 0.05;
    /** Smallest zero point {@code m} (pixel units) the far-offset rules consider: two input ranges. */
    static final double FAR_MIN_ZERO = 2 * 255;
    /** Relative tolerance of a std matching a known std squared. */
    static final double VARIANCE_TOLERANCE = 0.005;
    /** Tolerance of a constant matching a known convention, relative to its largest |y|. */
    static final double KNOWN_TOLERANCE = 0.01;
    /** Tolerance of a range matching the declared range, relative to the declared span. */
    static final double RANGE_TOLERANCE = 0.01;

    private static final Set<String> ZERO_TO_ONE_CONVENTIONS = Set.of("torchvision", "hf", "keras", "timm", "paddle");

    /** Known std vectors in R, G, B order, or the one gray std. */
    private static final double[][] KNOWN_STDS = {
            {0.229, 0.224, 0.225},                     // ImageNet (torchvision, timm, HF)
            {0.226, 0.226, 0.226},                     // ImageNet with one averaged std (coremltools docs)
            {0.26862954, 0.26130258, 0.27577711},      // OpenAI CLIP
            {0.2470, 0.2435, 0.2616},                  // CIFAR-10
            {0.3081},                                  // MNIST (gray)
    };
    private static final String[] KNOWN_STD_NAMES = {"ImageNet", "ImageNet averaged", "CLIP", "CIFAR-10", "MNIST"};

    private SpecLint() {
    }

    /** The findings for {@code spec} alone, in {@link LintFinding#IDS} order; empty when nothing looks wrong. */
    public static List<LintFinding> lint(Spec spec) {
        return lint(spec, LintContext.none());
    }

    /** The findings for {@code spec} given what the model declares and the convention it was written in. */
    public static List<LintFinding> lint(Spec spec, LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        LintContext ctx = context == null ? LintContext.none() : context;
        if (allPositive(spec)) {
            farOffset(spec, ctx, out);
            subLevelMean(spec, out);
            variance(spec, out);
        }
        // Paddle's NormalizeImage applies its constants where they lie, whatever the colours: known numbers in another
        // colour order are what its user wrote, not a missing swap (what the model declares is still checked below)
        ColorOrder swappedTo = "paddle".equals(ctx.writtenIn()) ? null : knownOnWrongColours(spec, out);
        declared(spec, ctx, swappedTo, out);
        out.sort(Comparator.comparingInt(f -> LintFinding.IDS.indexOf(f.id())));
        return List.copyOf(out);
    }

    /** Whether the spec's values are inverted: the flag, or (without it) every scale negative. */
    public static boolean inverted(Spec spec) {
        boolean negative = true;
        for (double s : spec.scale()) {
            negative &= s < 0;
        }
        return spec.invert() != negative;
    }

    private static boolean allPositive(Spec spec) {
        for (double s : spec.scale()) {
            if (!(s > 0)) {
                return false;
            }
        }
        return true;
    }

    /** b − s·(mean image channel average). */
    private static double[] effectiveBias(Spec spec) {
        double[] b = spec.bias();
        MeanImage mi = spec.meanImage();
        if (mi != null) {
            double[] m = mi.channelMeans();
            for (int c = 0; c < b.length; c++) {
                b[c] -= spec.scale(c) * m[c];
            }
        }
        return b;
    }

    private static void farOffset(Spec spec, LintContext ctx, List<LintFinding> out) {
        double[] s = spec.scale();
        double[] b = spec.bias();
        double[] be = effectiveBias(spec);
        int n = s.length;
        double[] zero = new double[n];
        boolean bns = true;
        boolean mu = true;
        for (int c = 0; c < n; c++) {
            zero[c] = -be[c] / s[c];
            if (s[c] > FAR_MAX_SCALE || !(zero[c] >= FAR_MIN_ZERO)) {
                return;
            }
            bns &= -b[c] >= 1 && -b[c] <= 256;
            double m = -b[c] / (255 * s[c]);
            mu &= m >= 1 && m <= 256;
        }
        if (!bns && !mu) {
            return;
        }
        double[] unscaled = new double[n];
        double[] units = new double[n];
        for (int c = 0; c < n; c++) {
            unscaled[c] = b[c] * s[c];
            units[c] = b[c] / 255;
        }
        boolean meanUnits;
        if (!bns || !mu) {
            meanUnits = mu;
        } else if (ctx.writtenIn() != null && !ctx.writtenIn().equals("canonical")) {
            meanUnits = ZERO_TO_ONE_CONVENTIONS.contains(ctx.writtenIn());
        } else {
            // both readings fit and the convention is not known: the one that lands on a known convention, else Core ML's
            meanUnits = !isKnown(spec.toBuilder().bias(unscaled).build()) && isKnown(spec.toBuilder().bias(units).build());
        }
        double[] fixed = meanUnits ? units : unscaled;
        Spec corrected = spec.toBuilder().bias(fixed).build();
        double[][] range = spec.outputRange();
        String seen = rangeText(spec, range);
        if (meanUnits) {
            double[] mean255 = new double[n];
            for (int c = 0; c < n; c++) {
                mean255[c] = -b[c] / (255 * s[c]);
            }
            out.add(LintFinding.of(LintFinding.MEAN_UNITS, "the mean " + list(mean255) + " is in 0..255 units where 0..1 units are expected"
                            + " (torchvision/Hugging Face divide by 255 first), so the network sees " + seen + "; use the mean / 255: bias "
                            + list(fixed),
                    corrected, "scale", s, "bias", b, "mean_0_255", mean255, "corrected_bias", fixed));
        } else {
            double[] mean = new double[n];
            for (int c = 0; c < n; c++) {
                mean[c] = -b[c];
            }
            out.add(LintFinding.of(LintFinding.BIAS_NOT_SCALED, "the biases " + list(b) + " are 0..255 means, but the scale " + fmt(s[0])
                            + (spec.uniformScale() ? "" : "...") + " is applied before the bias is added (as Core ML does), so the network sees "
                            + seen + "; multiply the biases by the scale: " + list(fixed),
                    corrected, "scale", s, "bias", b, "mean", mean, "corrected_bias", fixed));
        }
    }

    private static boolean isKnown(Spec spec) {
        List<KnownSpecs.Match> m = KnownSpecs.rank(spec);
        return !m.isEmpty() && m.get(0).exact();
    }

    private static void subLevelMean(Spec spec, List<LintFinding> out) {
        double[] s = spec.scale();
        double[] b = spec.bias();
        double[] be = effectiveBias(spec);
        int n = s.length;
        double[] zero = new double[n];
        boolean stdToo = true;
        for (int c = 0; c < n; c++) {
            zero[c] = -be[c] / s[c];
            if (!(zero[c] > 0 && zero[c] <= 1)) {
                return;
            }
            stdToo &= s[c] > 1;
        }
        Spec.Builder fixed = spec.toBuilder();
        MeanImage mi = spec.meanImage();
        if (mi != null) {
            float[] d = mi.data();
            for (int i = 0; i < d.length; i++) {
                d[i] *= 255;
            }
            fixed.meanImage(new MeanImage(mi.channels(), mi.height(), mi.width(), d));
        }
        double[] mean255 = new double[n];
        double[] ns = s.clone();
        double[] nb = b.clone();
        for (int c = 0; c < n; c++) {
            mean255[c] = 255 * zero[c];
            if (stdToo) {
                ns[c] = s[c] / 255;
            } else {
                nb[c] = 255 * b[c];
            }
        }
        Spec corrected = fixed.scale(ns).bias(nb).build();
        out.add(LintFinding.of(LintFinding.MEAN_UNITS, "the mean " + list(zero) + " is in 0..1 units but is subtracted from 0..255 pixels"
                        + (stdToo ? " (and the std " + list(inverse(s)) + " too)" : "") + ", so it shifts them by less than one level and the network sees "
                        + rangeText(spec, spec.outputRange()) + "; in 0..255 units the mean is " + list(mean255),
                corrected, "scale", s, "bias", b, "mean_as_given", zero, "mean_0_255", mean255));
    }

    private static void variance(Spec spec, List<LintFinding> out) {
        int n = spec.channels();
        double[] sigma = new double[n];
        for (int c = 0; c < n; c++) {
            sigma[c] = 1 / (255 * spec.scale(c));
        }
        for (int k = 0; k < KNOWN_STDS.length; k++) {
            double[] known = KNOWN_STDS[k];
            if (known.length != n) {
                continue;
            }
            for (boolean reversed : new boolean[] {false, true}) {
                boolean all = true;
                for (int c = 0; c < n && all; c++) {
                    double kc = known[reversed ? n - 1 - c : c];
                    double v = kc * kc;
                    all = Math.abs(sigma[c] - v) <= VARIANCE_TOLERANCE * v;
                }
                if (all) {
                    double[] ns = spec.scale();
                    double[] nb = spec.bias();
                    double[] std = new double[n];
                    for (int c = 0; c < n; c++) {
                        std[c] = Math.sqrt(sigma[c]);
                        ns[c] *= std[c];
                        nb[c] *= std[c];
                    }
                    out.add(LintFinding.of(LintFinding.STD_AS_VARIANCE, "the std " + list(sigma) + " is the " + KNOWN_STD_NAMES[k] + " std squared"
                                    + " (a variance); the std is " + list(std),
                            spec.toBuilder().scale(ns).bias(nb).build(), "std_as_given", sigma, "std", std, "known", KNOWN_STD_NAMES[k]));
                    return;
                }
                if (n == 1) {
                    break;
                }
            }
        }
    }

    /** The channel-swap rule against the known conventions; returns the order it corrects to, or null. */
    private static ColorOrder knownOnWrongColours(Spec spec, List<LintFinding> out) {
        if (spec.channels() != 3) {
            return null;
        }
        List<KnownSpecs.Known> position = KnownSpecs.otherOrder(spec, false, KNOWN_TOLERANCE);
        if (position.isEmpty()) {
            return null;
        }
        List<KnownSpecs.Known> byColour = KnownSpecs.otherOrder(spec, true, KNOWN_TOLERANCE);
        double[][] ab = KnownSpecs.affine(spec);
        for (KnownSpecs.Known k : KnownSpecs.all()) {
            if (k.spec().color() == spec.color() && close(ab, KnownSpecs.affine(k.spec()))) {
                return null;
            }
        }
        for (KnownSpecs.Known k : position) {
            if (byColour.contains(k)) {
                continue;
            }
            ColorOrder other = k.spec().color();
            Spec corrected = spec.toBuilder().color(other).build();
            out.add(LintFinding.of(LintFinding.CHANNEL_SWAP, "these are the constants of " + k.name() + " (" + k.description() + ") for a "
                            + other + " tensor, but this tensor is " + spec.color() + ": the right numbers on the wrong colours (is_bgr / swapRB /"
                            + " color_layout missing?); make the tensor " + other
                            + (k.name().startsWith("torchvision-imagenet") && spec.color() == ColorOrder.BGR
                                    ? " (unless the model is PaddleOCR's, whose NormalizeImage applies them to the BGR image as it lies: --recipe paddleocr-det)" : ""),
                    corrected, "known", k.name(), "scale", spec.scale(), "bias", spec.bias(), "color", spec.color().name(), "corrected_color", other.name()));
            return other;
        }
        return null;
    }

    private static boolean close(double[][] ab, double[][] kab) {
        for (int i = 0; i < ab[0].length; i++) {
            if (KnownSpecs.distance(ab, i, kab, i) > KnownSpecs.tolerance(kab, i, KNOWN_TOLERANCE)) {
                return false;
            }
        }
        return true;
    }

    private static void declared(Spec spec, LintContext ctx, ColorOrder swappedTo, List<LintFinding> out) {
        String by = ctx.declaredBy() == null ? "the model" : ctx.declaredBy();
        ColorOrder dc = ctx.declaredColor();
        if (dc != null && dc != spec.color() && dc.channels() == 3 && spec.channels() == 3 && swappedTo != dc) {
            Spec.Builder b = spec.toBuilder().color(dc).scale(reversed(spec.scale())).bias(reversed(spec.bias()));
            if (spec.meanImage() != null) {
                b.meanImage(spec.meanImage().reversedChannels());
            }
            out.add(LintFinding.of(LintFinding.CHANNEL_SWAP, "the model declares " + dc + " input (" + by + ") but this spec makes " + spec.color()
                    + "; use " + dc + " with the same constants per colour", b.build(), "color", spec.color().name(), "declared_color", dc.name()));
        }
        Boolean di = ctx.declaredInvert();
        if (di != null && di != inverted(spec)) {
            out.add(LintFinding.of(LintFinding.GRAY_INVERTED, "the model declares " + (di ? "inverted values (255 - x)" : "values that are not inverted")
                    + " (" + by + ") but this spec " + (di ? "does not invert" : "inverts (255 - x)") + ": bright would be dark",
                    spec.toBuilder().invert(!spec.invert()).build(), "declared_inverted", di, "inverted", !di));
        }
        if (ctx.declaredLow() != null) {
            double lo = ctx.declaredLow();
            double hi = ctx.declaredHigh();
            double tol = RANGE_TOLERANCE * (hi - lo);
            double[][] r = spec.outputRange();
            boolean off = false;
            for (double[] c : r) {
                off |= Math.abs(c[0] - lo) > tol || Math.abs(c[1] - hi) > tol;
            }
            if (off) {
                Spec corrected = spec.toBuilder().scale(Math.abs((hi - lo) / 255)).bias(lo).meanImage(null).build();
                out.add(LintFinding.of(LintFinding.VALUE_RANGE, "the model declares values in [" + fmt(lo) + ", " + fmt(hi) + "] (" + by
                                + ") but this spec gives " + rangeText(spec, r),
                        corrected, "declared_range", new double[] {lo, hi}, "low", column(r, 0), "high", column(r, 1)));
            }
        }
    }

    private static double[] column(double[][] r, int i) {
        double[] v = new double[r.length];
        for (int c = 0; c < r.length; c++) {
            v[c] = r[c][i];
        }
        return v;
    }

    private static double[] reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }

    private static double[] inverse(double[] s) {
        double[] r = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = 1 / s[i];
        }
        return r;
    }

    private static String rangeText(Spec spec, double[][] range) {
        StringBuilder sb = new StringBuilder();
        String[] names = spec.color().channelNames();
        for (int c = 0; c < range.length; c++) {
            sb.append(c > 0 ? " " : "").append(names[c]).append(" [").append(fmt(range[c][0])).append(", ").append(fmt(range[c][1])).append(']');
        }
        return sb.toString();
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(fmt(v[i]));
        }
        return sb.append(']').toString();
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
