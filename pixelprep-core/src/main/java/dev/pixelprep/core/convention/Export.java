package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a canonical {@link Spec} back in every convention, and says exactly when and by how much a convention
 * falls short. Inversion ({@code x → 255 − x}) is folded into the affine map (a negative scale), which every
 * convention can carry. A per-pixel mean image is carried exactly only by Core ML's {@code meanImage} and
 * Caffe's mean file; elsewhere it is replaced by its per-channel average and the deviation counts as error.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class Export {
    /** Every convention id {@link #to} accepts, in display order. */
    public static final List<String> IDS = List.of("coreml", "torchvision", "opencv", "caffe", "keras", "tflite", "hf", "paddle");

    private final Spec spec;
    private final int channels;
    private final double[] a;
    private final double[] b;
    private final double[] meanDeviation;

    private Export(Spec spec) {
        this.spec = spec;
        this.channels = spec.channels();
        this.a = new double[channels];
        this.b = new double[channels];
        this.meanDeviation = new double[channels];
        MeanImage m = spec.meanImage();
        double[] channelMean = m == null ? new double[channels] : m.channelMeans();
        for (int c = 0; c < channels; c++) {
            double sc = spec.scale(c);
            double bc = spec.bias(c) - sc * channelMean[c];
            if (spec.invert()) {
                a[c] = -sc;
                b[c] = bc + 255 * sc;
            } else {
                a[c] = sc;
                b[c] = bc;
            }
            if (m != null) {
                float[] data = m.data();
                int plane = m.width() * m.height();
                double dev = 0;
                for (int i = 0; i < plane; i++) {
                    dev = Math.max(dev, Math.abs(data[c * plane + i] - channelMean[c]));
                }
                meanDeviation[c] = Math.abs(sc) * dev;
            }
        }
    }

    /** The spec in every convention of {@link #IDS}. */
    public static List<Expression> all(Spec spec) {
        Export e = new Export(spec);
        List<Expression> out = new ArrayList<>();
        for (String id : IDS) {
            out.add(e.express(id));
        }
        return out;
    }

    /** The spec in one convention. */
    public static Expression to(String id, Spec spec) {
        return new Export(spec).express(id.toLowerCase(Locale.ROOT));
    }

    private Expression express(String id) {
        switch (id) {
            case "coreml": return coreml();
            case "torchvision": return torchvision();
            case "opencv": return opencv();
            case "caffe": return caffe();
            case "keras": return keras();
            case "tflite": return tflite();
            case "hf": return hf();
            case "paddle": return paddle();
            default: throw new IllegalArgumentException("unknown convention '" + id + "'; expected one of " + IDS);
        }
    }

    private List<String> baseNotes() {
        List<String> notes = new ArrayList<>();
        if (spec.invert()) {
            notes.add("inversion (255 - x) is folded into a negative scale");
        }
        if (spec.meanImage() != null) {
            notes.add("the mean image is replaced by its per-channel average; its spatial deviation counts as error");
        }
        return notes;
    }

    private Expression result(String id, Convention c, List<String> notes) {
        double[] worst = new double[channels];
        boolean exact = true;
        for (int ch = 0; ch < channels; ch++) {
            double w = 0;
            for (int x = 0; x < 256; x++) {
                double want = a[ch] * x + b[ch];
                w = Math.max(w, Math.abs(c.evaluate(ch, x) - want));
            }
            worst[ch] = w + meanDeviation[ch];
            double tol = Expression.EXACT_TOLERANCE + 1e-6 * Math.max(Math.abs(a[ch] * 255 + b[ch]), Math.abs(b[ch]));
            exact &= worst[ch] <= tol;
        }
        return new Expression(id, c, c.render(), exact, worst, notes);
    }

    private static Expression impossible(String id, String why) {
        return new Expression(id, null, why, false, new double[0], List.of(why));
    }

    /**
     * One scale for all channels: the minimax choice {@code s = (min a + max a)/2}, with each bias moved to the
     * middle of the input range so the error {@code |a[c] − s|·127.5} is as small as it can be.
     */
    private double[][] singleScale(List<String> notes, String what) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double s = (lo + hi) / 2;
        double[] bias = b.clone();
        if (lo != hi) {
            for (int c = 0; c < channels; c++) {
                bias[c] = b[c] + (a[c] - s) * 127.5;
            }
            notes.add(what + " has one scale for all channels; per-channel scales " + Num.list(a)
                    + " are replaced by the best single scale " + Num.f(s) + " (biases re-centred to halve the worst error)");
        }
        return new double[][] {{s}, bias};
    }

    private Expression coreml() {
        List<String> notes = baseNotes();
        MeanImage m = spec.meanImage();
        if (m != null && !spec.invert() && allValue(spec.scale(), 1) && allValue(spec.bias(), 0)) {
            List<String> n = new ArrayList<>();
            n.add("written as NeuralNetworkMeanImage: the scaler is left out (scaler and meanImage are a protobuf oneof)");
            CoreMl identity = spec.color() == ColorOrder.GRAY ? CoreMl.gray(1, 0) : CoreMl.rgb(1, 0, 0, 0, spec.color() == ColorOrder.BGR);
            String text = "preprocessing { featureName: <input> meanImage { meanImage: <" + m.channels() + "x" + m.height() + "x" + m.width()
                    + " values, tensor channel order " + spec.color() + "> } }, colorSpace " + (spec.color() == ColorOrder.GRAY ? "GRAYSCALE" : spec.color());
            return new Expression("coreml", identity, text, true, new double[channels], n);
        }
        if (m != null) {
            notes.add("Core ML's meanImage cannot be combined with a scale or bias");
        }
        double[][] sb = singleScale(notes, "Core ML");
        double s = sb[0][0];
        double[] bias = sb[1];
        CoreMl c;
        switch (spec.color()) {
            case GRAY: c = CoreMl.gray(s, bias[0]); break;
            case BGR: c = CoreMl.rgb(s, bias[2], bias[1], bias[0], true); break;
            default: c = CoreMl.rgb(s, bias[0], bias[1], bias[2], false);
        }
        return result("coreml", c, notes);
    }

    private Expression torchvision() {
        List<String> notes = baseNotes();
        if (hasZero(a)) {
            return impossible("torchvision", "a zero scale would need std = infinity");
        }
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            std[c] = 1 / (255 * a[c]);
            mean[c] = -b[c] * std[c];
        }
        if (spec.color() == ColorOrder.BGR) {
            notes.add("torchvision tensors are RGB: flip first with transforms.Lambda(lambda t: t[[2, 1, 0]]); mean/std are given in the flipped (B, G, R) order");
            return withText(result("torchvision", new Torchvision(mean, std, false), notes),
                    "transforms.ToTensor(), transforms.Lambda(lambda t: t[[2, 1, 0]]), transforms.Normalize(mean=" + Num.list(mean) + ", std=" + Num.list(std) + ")");
        }
        return result("torchvision", new Torchvision(mean, std, spec.color() == ColorOrder.GRAY), notes);
    }

    private Expression opencv() {
        List<String> notes = baseNotes();
        if (hasZero(a)) {
            return impossible("opencv", "a zero scale cannot carry a bias in (x - mean) * scalefactor");
        }
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = -b[c] / a[c];
        }
        OpenCvBlob blob;
        if (spec.color() == ColorOrder.GRAY) {
            notes.add("read with cv2.IMREAD_GRAYSCALE or cvtColor(COLOR_BGR2GRAY): OpenCV's luma weights differ from Pillow's by 1 level on 0.12% of colours");
            blob = new OpenCvBlob(a, mean, false, ColorOrder.GRAY);
        } else {
            blob = OpenCvBlob.fromImread(a, mean, spec.color() == ColorOrder.RGB);
        }
        return result("opencv", blob, notes);
    }

    private Expression caffe() {
        List<String> notes = baseNotes();
        if (spec.color() == ColorOrder.GRAY) {
            return impossible("caffe", "caffe.io.Transformer recipes here are for 3-channel input; a gray network takes load_image(color=False) with the same scale and mean");
        }
        double[][] sb = singleScale(notes, "caffe.io.Transformer (input_scale)");
        double s = sb[0][0];
        if (s == 0) {
            return impossible("caffe", "a zero scale cannot carry a mean");
        }
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = -sb[1][c] / s;
        }
        return result("caffe", new Caffe(255, mean, s, spec.color() == ColorOrder.BGR), notes);
    }

    private Expression keras() {
        List<String> notes = baseNotes();
        Expression best = null;
        for (Keras.Mode mode : Keras.Mode.values()) {
            Keras k = new Keras(mode);
            if (k.colorOrder() != spec.color()) {
                continue;
            }
            Expression e = result("keras", k, new ArrayList<>(notes));
            if (best == null || e.maxError() < best.maxError()) {
                best = e;
            }
        }
        if (best == null) {
            return impossible("keras", "no Keras preprocess_input mode produces " + spec.color());
        }
        if (!best.exact()) {
            List<String> n = new ArrayList<>(best.notes());
            n.add("no preprocess_input mode matches; closest is mode='" + ((Keras) best.convention()).mode().name().toLowerCase(Locale.ROOT)
                    + "' (worst error " + Num.f(best.maxError()) + "); use a Rescaling/Normalization layer instead");
            return new Expression("keras", best.convention(), best.text(), false, best.worstError(), n);
        }
        return best;
    }

    private Expression tflite() {
        List<String> notes = baseNotes();
        if (hasZero(a)) {
            return impossible("tflite", "a zero scale would need std = infinity");
        }
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            std[c] = 1 / a[c];
            mean[c] = -b[c] * std[c];
        }
        if (spec.color() == ColorOrder.BGR) {
            notes.add("TFLite image inputs are RGB: reverse the channels before normalising; mean/std are given in B, G, R order");
        }
        TfLite t = new TfLite(mean, std, spec.color() == ColorOrder.GRAY);
        return result("tflite", t, notes);
    }

    /** Paddle's NormalizeImage: the constants stay in the tensor's own order, whatever the colours (exact for every order). */
    private Expression paddle() {
        List<String> notes = baseNotes();
        if (hasZero(a)) {
            return impossible("paddle", "a zero scale would need std = infinity");
        }
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            std[c] = Paddle.DEFAULT_SCALE / a[c];
            mean[c] = -b[c] * std[c];
        }
        notes.add("NormalizeImage applies mean/std to the image as it lies: here " + spec.color() + " (decode to that order first)");
        return result("paddle", new Paddle(Paddle.DEFAULT_SCALE, mean, std, spec.color()), notes);
    }

    private Expression hf() {
        List<String> notes = baseNotes();
        if (spec.color() == ColorOrder.GRAY) {
            return impossible("hf", "Hugging Face image processors convert to RGB (do_convert_rgb); a gray tensor is not expressible");
        }
        if (hasZero(a)) {
            return impossible("hf", "a zero scale would need image_std = infinity");
        }
        double r = HuggingFace.DEFAULT_RESCALE;
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            std[c] = r / a[c];
            mean[c] = -b[c] * std[c];
        }
        if (spec.color() == ColorOrder.BGR) {
            notes.add("Hugging Face processors produce RGB: flip the channels after the processor; image_mean/image_std are given in B, G, R order");
        }
        return result("hf", new HuggingFace(true, r, true, mean, std), notes);
    }

    private static Expression withText(Expression e, String text) {
        return new Expression(e.id(), e.convention(), text, e.exact(), e.worstError(), e.notes());
    }

    private static boolean hasZero(double[] v) {
        for (double x : v) {
            if (x == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean allValue(double[] v, double value) {
        for (double x : v) {
            if (x != value) {
                return false;
            }
        }
        return true;
    }
}
