package dev.pixelprep.doctor;

import java.util.Locale;

/**
 * The {@code QuantizeLinear} a statically quantised model applies to its image input: its scale and zero point fix
 * the range of values the model can take in, {@code [(qmin − zero) · scale, (qmax − zero) · scale]}, and a
 * calibrator chooses that range from the training inputs (the bundled MobileNet v2 int8: scale 0.018658, zero
 * point 114, so [−2.127, 2.631], the range of ImageNet mean/std normalisation). The range says what the
 * normalisation is, up to small differences, and nothing about the channel order (a swap keeps the range).
 *
 * @param scale     the quantisation step
 * @param zeroPoint the integer that stands for 0
 * @param signed    int8 (−128..127) rather than uint8 (0..255)
 *
 * <p>Immutable value.
 */
record InputQuantization(double scale, double zeroPoint, boolean signed) {

    /** The input's quantisation, or {@code null} when the input does not go straight into a {@code QuantizeLinear}. */
    static InputQuantization of(OnnxGraph graph, String input) {
        OnnxGraph.Node q = graph.firstReal(input);
        if (q == null || !q.op().equals("QuantizeLinear") || q.inputs().size() < 2) {
            return null;
        }
        double[] scale = graph.constant(q.inputs().get(1));
        if (scale == null || scale.length != 1 || !(scale[0] > 0) || Double.isInfinite(scale[0])) {
            return null;
        }
        double zero = 0;
        boolean signed = false;
        if (q.inputs().size() > 2 && !q.inputs().get(2).isEmpty()) {
            double[] z = graph.constant(q.inputs().get(2));
            if (z == null || z.length != 1) {
                return null;
            }
            zero = z[0];
            // the zero point's type is the quantised type (ONNX: uint8 by default, int8 when the zero point is)
            signed = graph.type(q.inputs().get(2)) == 3;
        }
        return new InputQuantization(scale[0], zero, signed);
    }

    /** The smallest value the quantised input can hold. */
    double low() {
        return ((signed ? -128 : 0) - zeroPoint) * scale;
    }

    /** The largest value the quantised input can hold. */
    double high() {
        return ((signed ? 127 : 255) - zeroPoint) * scale;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "QuantizeLinear scale %.6g, zero point %d (%s): input range [%.3f, %.3f]", scale,
                (long) zeroPoint, signed ? "int8" : "uint8", low(), high());
    }
}
