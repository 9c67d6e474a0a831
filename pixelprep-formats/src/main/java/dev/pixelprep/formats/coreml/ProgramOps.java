package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.engine.Half;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.coreml.proto.MilProto.Argument;
import dev.pixelprep.formats.coreml.proto.MilProto.Block;
import dev.pixelprep.formats.coreml.proto.MilProto.DataType;
import dev.pixelprep.formats.coreml.proto.MilProto.Function;
import dev.pixelprep.formats.coreml.proto.MilProto.NamedValueType;
import dev.pixelprep.formats.coreml.proto.MilProto.Operation;
import dev.pixelprep.formats.coreml.proto.MilProto.Program;
import dev.pixelprep.formats.coreml.proto.MilProto.TensorValue;
import dev.pixelprep.formats.coreml.proto.MilProto.Value;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the image preprocessing of an ML program: coremltools inserts {@code mul(x=input, y=scale)} (named
 * {@code <input>__scaled__}, only when the scale is not 1) and then {@code add(x=…, y=bias)} (named
 * {@code <input>__biased__}, only when some bias is not 0) at the start of the function. The operations are found by
 * what they consume, not only by name; constants are read inline or from the {@code const} operation that
 * produces them.
 */
final class ProgramOps {
    private ProgramOps() {
    }

    static StoredPreprocessing read(Program program, String input, ColorOrder order) {
        List<String> notes = new ArrayList<>();
        Block block = mainBlock(program, notes);
        if (block == null) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.UNKNOWN, order, 1, null, null, "the program has no function body", notes);
        }
        Map<String, Operation> producers = new HashMap<>();
        for (Operation op : block.getOperationsList()) {
            for (NamedValueType o : op.getOutputsList()) {
                producers.put(o.getName(), op);
            }
        }
        Operation mul = consumer(block, "mul", input);
        String afterMul = mul != null && mul.getOutputsCount() > 0 ? mul.getOutputs(0).getName() : input;
        Operation add = consumer(block, "add", afterMul);
        if (mul == null && add == null) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.NONE, order, 1, null, null,
                    "no mul/add operation on the input (the network sees raw 0..255 pixels)", notes);
        }
        int channels = order == null ? 1 : order.channels();
        double scale = 1;
        double[] bias = new double[channels];
        StringBuilder detail = new StringBuilder();
        boolean known = true;
        if (mul != null) {
            double[] v = constant(mul, "y", producers, notes);
            detail.append("mul ").append(mul.getOutputs(0).getName()).append(" y=").append(show(v));
            if (v == null || v.length != 1 && !allEqual(v)) {
                known = false;
                if (v != null) {
                    notes.add("the mul constant has " + v.length + " different values; on an NCHW image they broadcast over the last (width) axis,"
                            + " not over channels");
                }
            } else {
                scale = v[0];
            }
        }
        if (add != null) {
            double[] v = constant(add, "y", producers, notes);
            if (detail.length() > 0) {
                detail.append(", ");
            }
            detail.append("add ").append(add.getOutputs(0).getName()).append(" y=").append(show(v));
            if (v == null || (v.length != 1 && v.length != channels)) {
                known = false;
            } else {
                for (int c = 0; c < channels; c++) {
                    bias[c] = v.length == 1 ? v[0] : v[c];
                }
            }
        }
        if (!known || order == null) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.UNKNOWN, order, 1, null, null, detail.toString(), notes);
        }
        return new StoredPreprocessing(StoredPreprocessing.Kind.PROGRAM_OPS, order, scale, bias, null, detail.toString(), notes);
    }

    private static Block mainBlock(Program program, List<String> notes) {
        Function f = program.getFunctionsMap().get("main");
        if (f == null && !program.getFunctionsMap().isEmpty()) {
            String first = program.getFunctionsMap().keySet().iterator().next();
            f = program.getFunctionsMap().get(first);
            notes.add("no function 'main'; read function '" + first + "'");
        }
        if (f == null) {
            return null;
        }
        Block b = f.getBlockSpecializationsMap().get(f.getOpset());
        if (b == null && !f.getBlockSpecializationsMap().isEmpty()) {
            b = f.getBlockSpecializationsMap().values().iterator().next();
        }
        return b;
    }

    private static Operation consumer(Block block, String type, String name) {
        for (Operation op : block.getOperationsList()) {
            if (op.getType().equals(type) && op.getOutputsCount() > 0 && bindsName(op.getInputsMap().get("x"), name)) {
                return op;
            }
        }
        return null;
    }

    private static boolean bindsName(Argument a, String name) {
        return a != null && a.getArgumentsCount() == 1 && a.getArguments(0).hasName() && a.getArguments(0).getName().equals(name);
    }

    private static double[] constant(Operation op, String param, Map<String, Operation> producers, List<String> notes) {
        Argument a = op.getInputsMap().get(param);
        if (a == null || a.getArgumentsCount() != 1) {
            notes.add(op.getType() + " has no single '" + param + "' operand");
            return null;
        }
        Argument.Binding b = a.getArguments(0);
        if (b.hasValue()) {
            return values(b.getValue(), notes);
        }
        Operation c = producers.get(b.getName());
        if (c == null || !c.getType().equals("const") || !c.getAttributesMap().containsKey("val")) {
            notes.add(op.getType() + " operand '" + b.getName() + "' is not a constant");
            return null;
        }
        return values(c.getAttributesMap().get("val"), notes);
    }

    private static double[] values(Value v, List<String> notes) {
        if (v.hasBlobFileValue()) {
            notes.add("constant stored in " + v.getBlobFileValue().getFileName() + " at offset " + Long.toUnsignedString(v.getBlobFileValue().getOffset())
                    + " (weight files are not read)");
            return null;
        }
        if (!v.getImmediateValue().hasTensor()) {
            notes.add("constant is not a tensor value");
            return null;
        }
        TensorValue t = v.getImmediateValue().getTensor();
        switch (t.getValueCase()) {
            case FLOATS: return t.getFloats().getValuesList().stream().mapToDouble(Float::doubleValue).toArray();
            case DOUBLES: return t.getDoubles().getValuesList().stream().mapToDouble(Double::doubleValue).toArray();
            case INTS: return t.getInts().getValuesList().stream().mapToDouble(Integer::doubleValue).toArray();
            case LONGINTS: return t.getLongInts().getValuesList().stream().mapToDouble(Long::doubleValue).toArray();
            case BYTES: {
                DataType dt = v.getType().getTensorType().getDataType();
                if (dt != DataType.FLOAT16) {
                    notes.add("constant stored as bytes of type " + dt + ", only FLOAT16 is decoded");
                    return null;
                }
                ByteBuffer bb = v.getImmediateValue().getTensor().getBytes().getValues().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                double[] out = new double[bb.remaining() / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Half.toFloat(bb.getShort());
                }
                return out;
            }
            default:
                notes.add("constant of kind " + t.getValueCase() + " is not numeric");
                return null;
        }
    }

    private static boolean allEqual(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    private static String show(double[] v) {
        if (v == null) {
            return "?";
        }
        if (v.length == 1) {
            return KnownConventions.pretty(v[0]);
        }
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = KnownConventions.pretty(v[i]);
        }
        return Arrays.toString(s);
    }
}
