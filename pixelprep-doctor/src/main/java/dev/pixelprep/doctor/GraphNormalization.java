package dev.pixelprep.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds arithmetic a model applies to its image input before anything else: {@code Sub}, {@code Div},
 * {@code Mul} or {@code Add} with a constant, possibly behind {@code Cast}/{@code Transpose}/{@code Unsqueeze}.
 * Such a model normalises inside its graph and wants 0..255 pixels; normalising outside as well is the double
 * normalisation mistake.
 *
 * <p>The graph is read by {@link OnnxGraph} (protobuf wire format, no generated classes).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class GraphNormalization {
    /** One arithmetic step on the input with its constant (per channel or scalar). */
    public record Step(String op, double[] constant) {
        @Override
        public String toString() {
            return op + " " + ValueMapNames.fmtList(constant, "%.6g");
        }

        /** Copies the arrays, so the caller's later changes do not reach this value. */
        public Step {
            constant = constant == null ? null : constant.clone();
        }

        /** A copy: changing it does not change this value. */
        @Override
        public double[] constant() {
            return constant == null ? null : constant.clone();
        }

        /** Equal when every component is, arrays compared by content. */
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Step)) {
                return false;
            }
            Step o = (Step) other;
            return Objects.equals(op, o.op)
                    && Arrays.equals(constant, o.constant);
        }

        @Override
        public int hashCode() {
            return Objects.hash(op, Arrays.hashCode(constant));
        }
    }

    private static final Set<String> ARITHMETIC = Set.of("Sub", "Div", "Mul", "Add");
    /** A per-channel or scalar constant; larger ones (a mean image) are not an affine step. */
    private static final int MAX_STEP_ELEMENTS = 64;

    private GraphNormalization() {
    }

    /** The arithmetic steps applied to {@code inputName} before any other operator; empty when there are none. */
    public static List<Step> read(Path model, String inputName) {
        return steps(OnnxGraph.read(model), inputName);
    }

    static List<Step> steps(OnnxGraph graph, String inputName) {
        List<Step> steps = new ArrayList<>();
        String current = inputName;
        for (int guard = 0; guard < 16; guard++) {
            OnnxGraph.Node next = graph.firstReal(current);
            if (next == null || !ARITHMETIC.contains(next.op()) || next.inputs().size() != 2) {
                break;
            }
            String self = OnnxGraph.inputOf(next, graph, current);
            int at = next.inputs().indexOf(self);
            double[] c = graph.constant(next.inputs().get(1 - at));
            if (c == null || c.length > MAX_STEP_ELEMENTS || (at == 1 && (next.op().equals("Sub") || next.op().equals("Div")))) {
                break;
            }
            steps.add(new Step(next.op(), c));
            current = next.outputs().get(0);
        }
        return steps;
    }

    /**
     * The affine map {@code y = a·x + b} per channel the steps compute, for {@code channels} channels (scalars
     * broadcast); {a[], b[]}.
     */
    public static double[][] affine(List<Step> steps, int channels) {
        double[] a = new double[channels];
        double[] b = new double[channels];
        java.util.Arrays.fill(a, 1);
        for (Step s : steps) {
            for (int c = 0; c < channels; c++) {
                double k = s.constant.length == channels ? s.constant[c] : s.constant[0];
                switch (s.op) {
                    case "Sub": b[c] -= k; break;
                    case "Add": b[c] += k; break;
                    case "Mul": a[c] *= k; b[c] *= k; break;
                    default: a[c] /= k; b[c] /= k;
                }
            }
        }
        return new double[][] {a, b};
    }

    /** e.g. {@code Sub [127] -> Div [128]}. */
    public static String describe(List<Step> steps) {
        List<String> parts = new ArrayList<>();
        for (Step s : steps) {
            parts.add(s.toString());
        }
        return String.join(" -> ", parts);
    }
}
