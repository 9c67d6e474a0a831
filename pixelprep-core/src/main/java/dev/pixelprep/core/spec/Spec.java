package dev.pixelprep.core.spec;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.lint.LintFinding;
import dev.pixelprep.core.lint.SpecLint;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The canonical preprocessing spec: everything needed to turn 8-bit pixels into a model's input tensor.
 *
 * <p>Per output channel {@code c} (in the tensor's channel order, see {@link ColorOrder}) the value is
 * <pre>  y[c] = scale[c] · (x[c] − mean_image[c, h, w]) + bias[c]</pre>
 * where {@code x} is the 0..255 pixel value after channel selection and optional inversion
 * ({@code x → 255 − x}), and the mean image term is 0 when there is none. Every framework convention
 * (Core ML, torchvision, OpenCV, Caffe, Keras, TFLite, Hugging Face) is a different way of writing this map;
 * see {@code dev.pixelprep.core.convention}.
 *
 * <p>Instances are immutable; build them with {@link #builder()} or start from a preset.
 */
public final class Spec {
    /** Version of the JSON spec format this class reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private final ColorOrder color;
    private final boolean invert;
    private final double[] scale;
    private final double[] bias;
    private final MeanImage meanImage;
    private final Layout layout;
    private final DType dtype;
    private final Quantization quantization;
    private final int batch;
    private final AlphaPolicy alpha;
    private final Luma luma;
    private final Geometry geometry;

    private Spec(Builder b) {
        this.color = Objects.requireNonNull(b.color, "color");
        int c = color.channels();
        this.scale = expand("$.normalize.scale", b.scale == null ? new double[] {1} : b.scale, c);
        this.bias = expand("$.normalize.bias", b.bias == null ? new double[] {0} : b.bias, c);
        this.invert = b.invert;
        this.meanImage = b.meanImage;
        this.layout = Objects.requireNonNull(b.layout, "layout");
        this.dtype = Objects.requireNonNull(b.dtype, "dtype");
        this.quantization = b.quantization;
        this.batch = b.batch;
        this.alpha = Objects.requireNonNull(b.alpha, "alpha");
        this.luma = Objects.requireNonNull(b.luma, "luma");
        this.geometry = b.geometry;
        if (meanImage != null && meanImage.channels() != c) {
            throw new InvalidSpecException("$.mean_image", "has " + meanImage.channels() + " channels but colour order "
                    + color + " has " + c);
        }
        if (geometry != null && geometry.padValue() != null && geometry.padValue().length != 1 && geometry.padValue().length != c) {
            throw new InvalidSpecException("$.pad_value", "a " + color + " tensor has " + c + " channel(s); pad_value gives "
                    + geometry.padValue().length + " values");
        }
        if (quantization != null) {
            quantization.checkFor(dtype);
        }
        if (batch < 1) {
            throw new InvalidSpecException("$.batch", "must be >= 1, got " + batch);
        }
        if (!layout.batched() && batch != 1) {
            throw new InvalidSpecException("$.batch", "layout " + layout + " has no batch axis, so batch must be 1, got " + batch);
        }
    }

    private static double[] expand(String path, double[] v, int channels) {
        if (v.length != 1 && v.length != channels) {
            throw new InvalidSpecException(path, "needs 1 or " + channels + " values, got " + v.length);
        }
        double[] out = new double[channels];
        for (int i = 0; i < channels; i++) {
            double x = v.length == 1 ? v[0] : v[i];
            if (!Double.isFinite(x)) {
                throw new InvalidSpecException(path + "[" + (v.length == 1 ? 0 : i) + "]", "must be a finite number, got " + x);
            }
            out[i] = x;
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.color = color;
        b.invert = invert;
        b.scale = scale.clone();
        b.bias = bias.clone();
        b.meanImage = meanImage;
        b.layout = layout;
        b.dtype = dtype;
        b.quantization = quantization;
        b.batch = batch;
        b.alpha = alpha;
        b.luma = luma;
        b.geometry = geometry;
        return b;
    }

    public ColorOrder color() {
        return color;
    }

    public int channels() {
        return color.channels();
    }

    /** Whether pixel values are inverted ({@code 255 − x}) before normalisation, e.g. MNIST-style white-on-black. */
    public boolean invert() {
        return invert;
    }

    /** Per-channel multiplier {@code a[c]}, in tensor channel order. */
    public double[] scale() {
        return scale.clone();
    }

    /** Per-channel offset {@code b[c]}, in tensor channel order. */
    public double[] bias() {
        return bias.clone();
    }

    public double scale(int channel) {
        return scale[channel];
    }

    public double bias(int channel) {
        return bias[channel];
    }

    /** The mean image, or {@code null}. */
    public MeanImage meanImage() {
        return meanImage;
    }

    public Layout layout() {
        return layout;
    }

    public DType dtype() {
        return dtype;
    }

    /** Quantisation parameters for integer outputs, or {@code null} for plain rounding and saturation. */
    public Quantization quantization() {
        return quantization;
    }

    public int batch() {
        return batch;
    }

    public AlphaPolicy alpha() {
        return alpha;
    }

    /** How colour becomes gray when the tensor is {@link ColorOrder#GRAY} and the source is colour. */
    public Luma luma() {
        return luma;
    }

    /** Resize and crop before normalisation, or {@code null} to keep the image's own size. */
    public Geometry geometry() {
        return geometry;
    }

    /** The affine part for channel {@code c} at 8-bit input {@code x} (after inversion), ignoring any mean image. */
    public double apply(int channel, int x) {
        return scale[channel] * x + bias[channel];
    }

    /** Lowest and highest value each channel can take for pixels 0..255 (mean image ignored). */
    public double[][] outputRange() {
        double[][] r = new double[channels()][];
        for (int c = 0; c < r.length; c++) {
            double lo = apply(c, 0);
            double hi = apply(c, 255);
            r[c] = new double[] {Math.min(lo, hi), Math.max(lo, hi)};
        }
        return r;
    }

    /** Whether every channel has the same scale. */
    public boolean uniformScale() {
        for (double s : scale) {
            if (s != scale[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The likely mistakes in this spec (a bias that was not multiplied by the scale, means in the wrong units, a
     * variance for a std, known constants on the wrong colours), each with the corrected spec; empty when none.
     * See {@link SpecLint}; {@link SpecLint#lint(Spec, dev.pixelprep.core.lint.LintContext)} also checks what the
     * model declares.
     */
    public List<LintFinding> lint() {
        return SpecLint.lint(this);
    }

    /** Tensor shape for a source image of the given size (after the geometry, if any). */
    public int[] shape(int width, int height) {
        if (geometry != null) {
            dev.pixelprep.core.geometry.Plan p = geometry.plan(width, height);
            return layout.shape(batch, channels(), p.outputHeight(), p.outputWidth());
        }
        return layout.shape(batch, channels(), height, width);
    }

    /** One-line canonical description, e.g. {@code RGB y = [0.0171,0.0175,0.0174]·x + [-2.118,-2.036,-1.804] NCHW float32}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (geometry != null) {
            sb.append(geometry).append("; ");
        }
        sb.append(color);
        if (color == ColorOrder.GRAY && luma != Luma.PILLOW) {
            sb.append(" (").append(luma.id()).append(" luma)");
        }
        if (invert) {
            sb.append(" inverted");
        }
        sb.append(" y = ").append(fmt(scale)).append("·");
        sb.append(meanImage == null ? "x" : "(x − mean_image" + shapeOf(meanImage) + ")");
        sb.append(" + ").append(fmt(bias));
        sb.append(", ").append(layout).append(" ").append(dtype.id());
        if (quantization != null) {
            sb.append(String.format(Locale.ROOT, " (quantised: scale %s, zero point %d)", num(quantization.scale()), quantization.zeroPoint()));
        }
        if (batch != 1) {
            sb.append(", batch ").append(batch);
        }
        sb.append(", alpha ").append(alpha);
        return sb.toString();
    }

    private static String shapeOf(MeanImage m) {
        return "[" + m.channels() + "," + m.height() + "," + m.width() + "]";
    }

    static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(v[i] == Math.rint(v[i]) ? num(v[i]) : String.format(Locale.ROOT, "%.9g", v[i]).replaceAll("0+$", ""));
        }
        return sb.append(']').toString();
    }

    /** Shortest text that reads back as the same double. */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Spec)) {
            return false;
        }
        Spec s = (Spec) o;
        return color == s.color && invert == s.invert && Arrays.equals(scale, s.scale) && Arrays.equals(bias, s.bias)
                && Objects.equals(meanImage, s.meanImage) && layout == s.layout && dtype == s.dtype
                && Objects.equals(quantization, s.quantization) && batch == s.batch && alpha.equals(s.alpha)
                && luma == s.luma && Objects.equals(geometry, s.geometry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(color, invert, Arrays.hashCode(scale), Arrays.hashCode(bias), meanImage, layout, dtype, quantization, batch,
                alpha, luma, geometry);
    }

    @Override
    public String toString() {
        return "Spec[" + describe() + "]";
    }

    /** Builder with defaults RGB, identity normalisation (0..255), NCHW, float32, batch 1, alpha dropped, Pillow luma, no geometry. */
    public static final class Builder {
        private ColorOrder color = ColorOrder.RGB;
        private boolean invert;
        private double[] scale;
        private double[] bias;
        private MeanImage meanImage;
        private Layout layout = Layout.NCHW;
        private DType dtype = DType.FLOAT32;
        private Quantization quantization;
        private int batch = 1;
        private AlphaPolicy alpha = AlphaPolicy.DROP;
        private Luma luma = Luma.PILLOW;
        private Geometry geometry;

        private Builder() {
        }

        public Builder luma(Luma luma) {
            this.luma = luma;
            return this;
        }

        /** Resize and crop on the 8-bit pixels before normalisation; {@code null} for none. */
        public Builder geometry(Geometry geometry) {
            this.geometry = geometry;
            return this;
        }

        public Builder color(ColorOrder color) {
            this.color = color;
            return this;
        }

        public Builder invert(boolean invert) {
            this.invert = invert;
            return this;
        }

        /** One value for all channels, or one per channel in tensor order. */
        public Builder scale(double... scale) {
            this.scale = scale.clone();
            return this;
        }

        /** One value for all channels, or one per channel in tensor order. */
        public Builder bias(double... bias) {
            this.bias = bias.clone();
            return this;
        }

        public Builder meanImage(MeanImage meanImage) {
            this.meanImage = meanImage;
            return this;
        }

        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        public Builder dtype(DType dtype) {
            this.dtype = dtype;
            return this;
        }

        public Builder quantization(Quantization quantization) {
            this.quantization = quantization;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder alpha(AlphaPolicy alpha) {
            this.alpha = alpha;
            return this;
        }

        public Spec build() {
            return new Spec(this);
        }
    }
}
