package dev.pixelprep.doctor;

import com.google.protobuf.CodedInputStream;
import dev.pixelprep.core.PixelprepException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of an ONNX graph the doctor reads as evidence: its nodes (operator, inputs, outputs, integer and tensor
 * attributes) and its small constants (initializers and {@code Constant} nodes of at most
 * {@link #MAX_CONSTANT_ELEMENTS} elements, as doubles), so that the operators at the start of the graph (in-graph
 * normalisation, input quantisation, the first convolution and its batch normalisation) can be followed from the
 * image input.
 *
 * <p>Read with the protobuf wire format only (onnx.proto field numbers: ModelProto.graph = 7; GraphProto.node = 1,
 * initializer = 5; NodeProto.input = 1, output = 2, op_type = 4, attribute = 5; AttributeProto.name = 1, i = 3,
 * t = 5, ints = 8; TensorProto.dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7, name = 8,
 * raw_data = 9, double_data = 10), so no generated classes are needed and unknown fields are skipped.
 *
 * <p>Immutable once read (its maps and lists are not handed out for writing); safe to share between threads.
 */
final class OnnxGraph {
    /** Constants larger than this are not kept (a first convolution's weights have a few hundred to a few thousand). */
    static final int MAX_CONSTANT_ELEMENTS = 1 << 16;
    private static final Set<String> PASS_THROUGH = Set.of("Cast", "Transpose", "Unsqueeze", "Reshape", "Identity", "Squeeze");

    /** One node: operator, inputs, outputs, integer (and integer list) attributes, tensor attributes. */
    record Node(String op, List<String> inputs, List<String> outputs, Map<String, long[]> ints, Map<String, double[]> tensors) {
    }

    private final List<Node> nodes;
    private final Map<String, double[]> constants;
    private final Map<String, int[]> shapes;
    private final Map<String, Integer> types;

    private OnnxGraph(List<Node> nodes, Map<String, double[]> constants, Map<String, int[]> shapes, Map<String, Integer> types) {
        this.nodes = List.copyOf(nodes);
        this.constants = Map.copyOf(constants);
        this.shapes = Map.copyOf(shapes);
        this.types = Map.copyOf(types);
    }

    /** Reads the graph of the model file. */
    static OnnxGraph read(Path model) {
        byte[] bytes = dev.pixelprep.onnx.files.ModelFile.readBytes(model);
        try {
            return parse(bytes);
        } catch (IOException | RuntimeException e) {
            throw new PixelprepException(model.getFileName() + " is not a readable ONNX model: " + e.getMessage(), e);
        }
    }

    static OnnxGraph parse(byte[] model) throws IOException {
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
        Map<String, int[]> shapes = new HashMap<>();
        Map<String, Integer> types = new HashMap<>();
        CodedInputStream g = CodedInputStream.newInstance(graph);
        g.setSizeLimit(Integer.MAX_VALUE);
        for (int tag = g.readTag(); tag != 0; tag = g.readTag()) {
            if (tag == (1 << 3 | 2)) {
                nodes.add(node(g.readByteArray()));
            } else if (tag == (5 << 3 | 2)) {
                Constant t = tensor(g.readByteArray());
                if (t.values != null) {
                    constants.put(t.name, t.values);
                }
                shapes.put(t.name, t.dims);
                types.put(t.name, t.type);
            } else {
                g.skipField(tag);
            }
        }
        for (Node n : nodes) {
            if (n.op.equals("Constant") && n.tensors.containsKey("value") && !n.outputs.isEmpty()) {
                constants.put(n.outputs.get(0), n.tensors.get("value"));
            }
        }
        return new OnnxGraph(nodes, constants, shapes, types);
    }

    /** The constant named {@code name} as doubles, or {@code null} when it is not a (small enough) constant. */
    double[] constant(String name) {
        double[] c = constants.get(name);
        return c == null ? null : c.clone();
    }

    /** The dimensions of an initializer, or {@code null}. */
    int[] shape(String name) {
        int[] s = shapes.get(name);
        return s == null ? null : s.clone();
    }

    /** An initializer's element type (TensorProto.DataType: 1 float, 2 uint8, 3 int8, ...), or 0 when unknown. */
    int type(String name) {
        return types.getOrDefault(name, 0);
    }

    /** The nodes that read {@code value}. */
    List<Node> consumers(String value) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs.contains(value)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * The first node past {@code value} that is not a pass-through ({@code Cast}, {@code Transpose},
     * {@code Unsqueeze}, {@code Reshape}, {@code Identity}, {@code Squeeze}), when every step has exactly one
     * consumer; {@code null} otherwise.
     */
    Node firstReal(String value) {
        String current = value;
        for (int guard = 0; guard < 16; guard++) {
            List<Node> next = consumers(current);
            if (next.size() != 1 || next.get(0).outputs.isEmpty()) {
                return null;
            }
            Node n = next.get(0);
            if (!PASS_THROUGH.contains(n.op)) {
                return n;
            }
            current = n.outputs.get(0);
        }
        return null;
    }

    /** The value {@code n} reads in place of {@code value} after the pass-through steps (its own input name). */
    static String inputOf(Node n, OnnxGraph g, String value) {
        String current = value;
        for (int guard = 0; guard < 16 && !n.inputs.contains(current); guard++) {
            List<Node> next = g.consumers(current);
            if (next.size() != 1 || next.get(0).outputs.isEmpty()) {
                return null;
            }
            current = next.get(0).outputs.get(0);
        }
        return n.inputs.contains(current) ? current : null;
    }

    private static Node node(byte[] b) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        Map<String, long[]> ints = new HashMap<>();
        Map<String, double[]> tensors = new HashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2: inputs.add(in.readStringRequireUtf8()); break;
                case 2 << 3 | 2: outputs.add(in.readStringRequireUtf8()); break;
                case 4 << 3 | 2: op = in.readStringRequireUtf8(); break;
                case 5 << 3 | 2: attribute(in.readByteArray(), ints, tensors); break;
                default: in.skipField(tag);
            }
        }
        return new Node(op, inputs, outputs, ints, tensors);
    }

    private static void attribute(byte[] b, Map<String, long[]> ints, Map<String, double[]> tensors) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        String name = null;
        double[] value = null;
        List<Long> list = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | 2: name = in.readStringRequireUtf8(); break;
                case 3 << 3: list.add(in.readInt64()); break;
                case 5 << 3 | 2: value = tensor(in.readByteArray()).values; break;
                case 8 << 3: list.add(in.readInt64()); break;
                case 8 << 3 | 2: {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        list.add(in.readInt64());
                    }
                    in.popLimit(limit);
                    break;
                }
                default: in.skipField(tag);
            }
        }
        if (name == null) {
            return;
        }
        if (value != null) {
            tensors.put(name, value);
        } else if (!list.isEmpty() && list.size() <= 64) {
            long[] v = new long[list.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = list.get(i);
            }
            ints.put(name, v);
        }
    }

    private record Constant(String name, int type, int[] dims, double[] values) {
    }

    /**
     * A tensor's name, dims and values, the values {@code null} unless it has at most
     * {@link #MAX_CONSTANT_ELEMENTS} elements of a type read here: float, double, float16, int8, uint8, int32, int64.
     */
    private static Constant tensor(byte[] b) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(b);
        String name = "";
        int type = 0;
        List<Long> dims = new ArrayList<>();
        List<Double> numbers = new ArrayList<>();
        byte[] raw = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3: dims.add(in.readInt64()); break;
                case 1 << 3 | 2: {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        dims.add(in.readInt64());
                    }
                    in.popLimit(limit);
                    break;
                }
                case 2 << 3: type = in.readInt32(); break;
                case 4 << 3 | 5: addBounded(numbers, in.readFloat()); break;
                case 4 << 3 | 2: {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        addBounded(numbers, in.readFloat());
                    }
                    in.popLimit(limit);
                    break;
                }
                case 5 << 3:
                case 7 << 3: addBounded(numbers, in.readInt64()); break;
                case 5 << 3 | 2:
                case 7 << 3 | 2: {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        addBounded(numbers, in.readInt64());
                    }
                    in.popLimit(limit);
                    break;
                }
                case 8 << 3 | 2: name = in.readStringRequireUtf8(); break;
                case 9 << 3 | 2: raw = in.readByteArray(); break;
                case 10 << 3 | 1: addBounded(numbers, in.readDouble()); break;
                default: in.skipField(tag);
            }
        }
        int[] d = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < d.length; i++) {
            long v = dims.get(i);
            d[i] = (int) Math.max(0, Math.min(v, Integer.MAX_VALUE));
            count *= Math.max(0, v);
            if (count > MAX_CONSTANT_ELEMENTS) {
                return new Constant(name, type, d, null);
            }
        }
        double[] values = null;
        if (raw != null) {
            values = fromRaw(raw, type);
        } else if (!numbers.isEmpty() && numbers.size() <= MAX_CONSTANT_ELEMENTS) {
            values = new double[numbers.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = numbers.get(i);
            }
        }
        if (values != null && values.length != count) {
            values = null;
        }
        return new Constant(name, type, d, values);
    }

    private static void addBounded(List<Double> numbers, double v) {
        if (numbers.size() <= MAX_CONSTANT_ELEMENTS) {
            numbers.add(v);
        }
    }

    /** raw_data little-endian by element type (TensorProto.DataType: 1 float, 2 uint8, 3 int8, 6 int32, 7 int64, 10 float16, 11 double). */
    private static double[] fromRaw(byte[] raw, int type) {
        int size;
        switch (type) {
            case 2: case 3: size = 1; break;
            case 10: size = 2; break;
            case 1: case 6: size = 4; break;
            case 7: case 11: size = 8; break;
            default: return null;
        }
        if (raw.length % size != 0 || raw.length / size > MAX_CONSTANT_ELEMENTS) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[raw.length / size];
        for (int i = 0; i < v.length; i++) {
            switch (type) {
                case 2: v[i] = bb.get() & 0xFF; break;
                case 3: v[i] = bb.get(); break;
                case 10: v[i] = dev.pixelprep.core.engine.Half.toFloat(bb.getShort()); break;
                case 1: v[i] = bb.getFloat(); break;
                case 6: v[i] = bb.getInt(); break;
                case 7: v[i] = bb.getLong(); break;
                default: v[i] = bb.getDouble();
            }
        }
        return v;
    }
}
