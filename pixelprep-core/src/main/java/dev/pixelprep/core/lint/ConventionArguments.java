package dev.pixelprep.core.lint;

import dev.pixelprep.core.convention.Caffe;
import dev.pixelprep.core.convention.Convention;
import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.Keras;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.convention.TfLite;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * A spec as one line of one convention's arguments, through {@link Export} (so an approximation says its worst
 * error): e.g. {@code image_scale=0.00392156862745098, red_bias=-0.485019607843137, ..., is_bgr=False}. Numbers are
 * the shortest decimals that read back as the same double (at most 15 significant digits), so the line reproduces the
 * spec. Stateless.
 */
final class ConventionArguments {
    private ConventionArguments() {
    }

    /** coremltools' {@code ct.ImageType} arguments (ML programs), rendered from the Core ML convention. */
    static final String IMAGE_TYPE = "coreml-imagetype";

    static String of(Spec spec, String convention) {
        String id = convention == null ? "canonical" : convention.trim().toLowerCase(Locale.ROOT);
        if (id.equals(IMAGE_TYPE)) {
            Expression e = Export.to("coreml", spec);
            if (!e.expressible()) {
                return canonical(spec);
            }
            CoreMl m = (CoreMl) e.convention();
            String layout = m.grayscale() ? "GRAYSCALE" : m.isBgr() ? "BGR" : "RGB";
            String bias = m.grayscale() ? num(m.grayBias())
                    : m.isBgr() ? "[" + num(m.blueBias()) + ", " + num(m.greenBias()) + ", " + num(m.redBias()) + "]"
                    : "[" + num(m.redBias()) + ", " + num(m.greenBias()) + ", " + num(m.blueBias()) + "]";
            String text = "ct.ImageType(scale=" + num(m.imageScale()) + ", bias=" + bias + ", color_layout=ct.colorlayout." + layout + ")";
            return e.exact() ? text : text + String.format(Locale.ROOT, " (approximate, worst error %.4g)", e.maxError());
        }
        if (!Export.IDS.contains(id)) {
            return canonical(spec);
        }
        Expression e = Export.to(id, spec);
        if (!e.expressible()) {
            return canonical(spec);
        }
        String text = render(e.convention(), spec.color());
        if (!e.exact()) {
            text += String.format(Locale.ROOT, " (approximate, worst error %.4g)", e.maxError());
        }
        return text;
    }

    private static String render(Convention c, ColorOrder color) {
        if (c instanceof CoreMl) {
            CoreMl m = (CoreMl) c;
            if (m.grayscale()) {
                return "image_scale=" + num(m.imageScale()) + ", gray_bias=" + num(m.grayBias());
            }
            return "image_scale=" + num(m.imageScale()) + ", red_bias=" + num(m.redBias()) + ", green_bias=" + num(m.greenBias())
                    + ", blue_bias=" + num(m.blueBias()) + ", is_bgr=" + py(m.isBgr());
        }
        if (c instanceof Torchvision) {
            Torchvision t = (Torchvision) c;
            return "mean=" + list(t.mean(), "[", "]") + ", std=" + list(t.std(), "[", "]") + (color == ColorOrder.BGR ? " (on a B,G,R tensor)" : "");
        }
        if (c instanceof OpenCvBlob) {
            OpenCvBlob o = (OpenCvBlob) c;
            double[] f = o.scalefactor();
            boolean one = f.length == 1 || f[0] == f[f.length - 1] && f[0] == f[f.length / 2];
            return "scalefactor=" + (one ? num(f[0]) : list(f, "(", ")")) + ", mean=" + list(o.mean(), "(", ")") + ", swapRB=" + py(o.swapRB());
        }
        if (c instanceof Caffe) {
            Caffe k = (Caffe) c;
            return "raw_scale=" + num(k.rawScale()) + ", mean=" + list(k.mean(), "[", "]") + ", input_scale=" + num(k.inputScale())
                    + ", channel_swap=" + (k.channelSwap() ? "(2,1,0)" : "None");
        }
        if (c instanceof Keras) {
            return "mode='" + ((Keras) c).mode().name().toLowerCase(Locale.ROOT) + "'";
        }
        if (c instanceof TfLite) {
            TfLite t = (TfLite) c;
            return "mean=" + list(t.mean(), "[", "]") + ", std=" + list(t.std(), "[", "]");
        }
        if (c instanceof HuggingFace) {
            HuggingFace h = (HuggingFace) c;
            return "do_rescale=" + h.doRescale() + ", rescale_factor=" + num(h.rescaleFactor()) + ", image_mean=" + list(h.imageMean(), "[", "]")
                    + ", image_std=" + list(h.imageStd(), "[", "]");
        }
        return c.render().replace('\n', ' ');
    }

    /** The canonical scale and bias, e.g. {@code color=RGB, scale=[...], bias=[...]}. */
    static String canonical(Spec spec) {
        StringBuilder sb = new StringBuilder("color=").append(spec.color());
        if (spec.invert()) {
            sb.append(", invert=true");
        }
        sb.append(", scale=").append(list(spec.scale(), "[", "]")).append(", bias=").append(list(spec.bias(), "[", "]"));
        if (spec.meanImage() != null) {
            sb.append(" (after the mean image)");
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that reads back as the same double, without an exponent, cut to 15 significant digits
     * when it needs more (arithmetic noise such as {@code 0.22899999999999998} reads {@code 0.229}; a relative change
     * below 1e-15).
     */
    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v));
        if (d.precision() > 15) {
            d = d.round(new MathContext(15, RoundingMode.HALF_EVEN));
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private static String list(double[] v, String open, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(num(v[i]));
        }
        return sb.append(close).toString();
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }
}
