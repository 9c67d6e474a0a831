package dev.pixelprep.doctor;

import com.google.protobuf.CodedInputStream;
import dev.pixelprep.core.PixelprepException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds arithmetic a model applies to its image input before anything else: {@code Sub}, {@code Div},
 * {@code Mul} or {@code Add} with a constant, possibly behind {@code Cast}/{@code Transpose}/{@code Unsqueeze}.
 * Such a model normalises inside its graph and wants 0..255 pixels; normalising outside as well is the double
 * normalisation mistake.
 *
 * <p>Reads the ONNX protobuf with the wire format only (field numbers from onnx.proto: ModelProto.graph = 7,
 * GraphProto.node = 1 / initializer = 5, NodeProto.input = 1 / output = 2 / op_type = 4 / attribute = 5,
 * TensorProto.dims = 1 / data_type = 2 / float_data = 4 / name = 8 / raw_data = 9, AttributeProto.name = 1 / t = 5),
 * so no generated classes are needed.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class GraphNormalization {
    /** One arithmetic step on the input with its constant (per channel or scalar). */
    public record Step(String op, double[] constant) {
        @Override
        public String toString() {
            return op + " " + TensorDoctor.fmtList(constant, "%.6g");
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

    private static final Set<String> PASS_THROUGH = Set.of("Cast", "Transpose", "Unsqueeze", "Reshape", "Identity", "Squeeze");
    private static final Set<String> ARITHMETIC = Set.of("Sub", "Div", "Mul", "Add");

    private GraphNormalization() {
    }

    private record Node(String op, List<String> inputs, List<String> outputs, Map<String, double[]> tensorAttributes) {
    }

    /** The arithmetic steps applied to {@code inputName} before any other operator; empty when there are none. */
    public static List<Step> read(Path model, String inputName) {
        byte[] bytes = dev.pixelprep.onnx.ModelFile.readBytes(model);
        try {
            return steps(bytes, inputName);
        } catch (IOException | RuntimeException e) {
            throw new PixelprepException(model.getFileName() + " is not a readable ONNX model: " + e.getMessage(), e);
        }
    }

    static List<Step> steps(byte[] model, String inputName) throws IOException {
        byte[] graph = null;
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == (7 << 3 | 2)) {
                graph = in.readByteArray();
            } else {
                in.skipField(tag);
            }
        }
        if (graph == null) {
            throw new IOException("no graph");
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, double[]> constants = new HashMap<>();
        CodedInputStream g = CodedInputStream.newInstance(graph);
        g.setSizeLimit(Integer.MAX_VALUE);
        for (int tag = g.readTag(); tag != 0; tag = g.readTag()) {
            if (tag == (1 << 3 | 2)) {
                nodes.add(node(g.readByteArray()));
            } else if (tag == (5 << 3 | 2)) {
                Object[] t = tensor(g.readByteArray());
                if (t[1] != null) {
                    constants.put((String) t[0], (double[]) t[1]);
                }
            } else {
                g.skipField(tag);
            }
        }
        for (Node n : nodes) {
            if (n.op.equals("Constant") && n.tensorAttributes.containsKey("value") && !n.outputs.isEmpty()) {
                constants.put(n.outputs.get(0), n.tensorAttributes.get("value"));
            }
        }
        List<Step> steps = new ArrayList<>();
        String current = inputName;
        for (int guard = 0; guard < 16; guard++) {
            Node next = null;
            int consumers = 0;
            for (Node n : nodes) {
                if (n.inputs.contains(current)) {
                    consumers++;
                    next = n;
                }
            }
            if (consumers != 1 || next.outputs.isEmpty()) {
                break;
            }
            if (PASS_THROUGH.contains(next.op)) {
                current = next.outputs.get(0);
                continue;
            }
            if (!ARITHMETIC.contains(next.op) || next.inputs.size() != 2) {
                break;
            }
            int self = next.inputs.indexOf(current);
            double[] c = constants.get(next.inputs.get(1 - self));
            if (c == null || (self == 1 && (next.op.equals("Sub") || next.op.equals("Div")))) {
                break;
            }
            steps.add(new Step(next.op, c));
            current = next.outputs.get(0);
        }
        return steps;
    }

    private static Node node(byte[] b) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        Map<String, double[]> attrs = new HashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2: inputs.add(in.readStringRequireUtf8()); break;
                case 2 << 3 | 2: outputs.add(in.readStringRequireUtf8()); break;
                case 4 << 3 | 2: op = in.readStringRequireUtf8(); break;
                case 5 << 3 | 2: attribute(in.readByteArray(), attrs); break;
                default: in.skipField(tag);
            }
        }
        return new Node(op, inputs, outputs, attrs);
    }

    private static void attribute(byte[] b, Map<String, double[]> out) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        String name = null;
        double[] value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == (1 << 3 | 2)) {
                name = in.readStringRequireUtf8();
            } else if (tag == (5 << 3 | 2)) {
                value = (double[]) tensor(in.readByteArray())[1];
            } else {
                in.skipField(tag);
            }
        }
        if (name != null && value != null) {
            out.put(name, value);
        }
    }

    /** {name, values or null}: float, double and float16 tensors of at most 64 elements. */
    private static Object[] tensor(byte[] b) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        String name = "";
        int type = 0;
        List<Double> floats = new ArrayList<>();
        byte[] raw = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 2 << 3: type = in.readInt32(); break;
                case 4 << 3 | 5: floats.add((double) in.readFloat()); break;
                case 4 << 3 | 2: {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        floats.add((double) in.readFloat());
                    }
                    in.popLimit(limit);
                    break;
                }
                case 8 << 3 | 2: name = in.readStringRequireUtf8(); break;
                case 9 << 3 | 2: raw = in.readByteArray(); break;
                default: in.skipField(tag);
            }
        }
        double[] values = null;
        if (raw != null && raw.length <= 64 * 8) {
            ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (type == 1) {
                values = new double[raw.length / 4];
                for (int i = 0; i < values.length; i++) {
                    values[i] = bb.getFloat();
                }
            } else if (type == 11) {
                values = new double[raw.length / 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = bb.getDouble();
                }
            } else if (type == 10) {
                values = new double[raw.length / 2];
                for (int i = 0; i < values.length; i++) {
                    values[i] = dev.pixelprep.core.engine.Half.toFloat(bb.getShort());
                }
            }
        } else if (raw == null && type == 1 && !floats.isEmpty() && floats.size() <= 64) {
            values = new double[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        return new Object[] {name, values};
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
