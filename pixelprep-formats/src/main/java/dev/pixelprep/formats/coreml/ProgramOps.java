package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.engine.Half;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.coreml.proto.MilProto.Argument;
import dev.pixelprep.formats.coreml.proto.MilProto.Block;
import dev.pixelprep.formats.coreml.proto.MilProto.DataType;
import dev.pixelprep.formats.coreml.proto.MilProto.Dimension;
import dev.pixelprep.formats.coreml.proto.MilProto.Function;
import dev.pixelprep.formats.coreml.proto.MilProto.NamedValueType;
import dev.pixelprep.formats.coreml.proto.MilProto.Operation;
import dev.pixelprep.formats.coreml.proto.MilProto.Program;
import dev.pixelprep.formats.coreml.proto.MilProto.TensorType;
import dev.pixelprep.formats.coreml.proto.MilProto.TensorValue;
import dev.pixelprep.formats.coreml.proto.MilProto.Value;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the image preprocessing of an ML program. coremltools' pass {@code insert_image_preprocessing_ops}
 * (apple/coremltools: coremltools/converters/mil/backend/mil/passes/insert_image_preprocessing_op.py) puts
 * {@code mul(x=input, y=scale)} named {@code <input>__scaled__} (only when the scale is not 1) and then
 * {@code add(x=…, y=bias)} named {@code <input>__biased__} (only when some bias is not 0; a {@code [1,3,1,1]} colour
 * bias or a scalar grey bias) at the start of {@code main}; with the default {@code compute_precision=FLOAT16} the
 * result is then cast to float16. The operations are found by what they consume, not by name; constants are read
 * inline, from the {@code const} operation that produces them, or from the package's weight file.
 */
final class ProgramOps {
    private ProgramOps() {
    }

    /** The main function's body, or {@code null}; {@code notes} gets a line when another function is read. */
    static Block mainBlock(Program program, List<String> notes) {
        Function f = mainFunction(program, notes);
        if (f == null) {
            return null;
        }
        Block b = f.getBlockSpecializationsMap().get(f.getOpset());
        if (b == null && !f.getBlockSpecializationsMap().isEmpty()) {
            b = f.getBlockSpecializationsMap().values().iterator().next();
        }
        return b;
    }

    static Function mainFunction(Program program, List<String> notes) {
        Function f = program.getFunctionsMap().get("main");
        if (f == null && !program.getFunctionsMap().isEmpty()) {
            String first = program.getFunctionsMap().keySet().iterator().next();
            f = program.getFunctionsMap().get(first);
            notes.add("no function 'main'; read function '" + first + "'");
        }
        return f;
    }

    /** The function input named {@code name}, or {@code null}. */
    static NamedValueType functionInput(Function f, String name) {
        if (f == null) {
            return null;
        }
        for (NamedValueType t : f.getInputsList()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param modelDir the folder holding the model spec inside an .mlpackage (where {@code @model_path} points), or
     *                 {@code null} for a bare .mlmodel, which has no weight file
     */
    static StoredPreprocessing read(Program program, String input, ColorOrder order, Path modelDir) {
        List<String> notes = new ArrayList<>();
        Function fn = mainFunction(program, notes);
        Block block = mainBlock(program, new ArrayList<>());
        if (block == null) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.UNKNOWN, order, 1, null, null, "the program has no function body", notes);
        }
        Map<String, Operation> producers = producers(block);
        Operation mul = consumer(block, "mul", input);
        String afterMul = mul != null ? mul.getOutputs(0).getName() : input;
        Operation add = consumer(block, "add", afterMul);
        String last = add != null ? add.getOutputs(0).getName() : afterMul;
        NamedValueType in = functionInput(fn, input);
        boolean inputHalf = in != null && dtype(in) == DataType.FLOAT16;
        boolean opsHalf = inputHalf || (mul != null && dtype(mul.getOutputs(0)) == DataType.FLOAT16)
                || (add != null && dtype(add.getOutputs(0)) == DataType.FLOAT16);
        Operation cast = castToHalf(block, last, producers);
        StoredPreprocessing.Float16 half = opsHalf || cast != null
                ? new StoredPreprocessing.Float16(opsHalf, cast == null ? null : cast.getOutputs(0).getName()) : null;
        if (mul == null && add == null) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.NONE, order, 1, null, null,
                    "no mul/add operation on the input (the network sees raw 0..255 pixels)", notes, null, half);
        }
        int channels = order == null ? 1 : order.channels();
        double scale = 1;
        double[] scales = null;
        double[] bias = new double[channels];
        StringBuilder detail = new StringBuilder();
        boolean known = true;
        if (mul != null) {
            Constant v = constant(mul, "y", producers, modelDir, notes);
            detail.append("mul ").append(mul.getOutputs(0).getName()).append(" y=").append(show(v));
            double[] perChannel = perChannel(v, channels, "mul", notes);
            if (perChannel == null) {
                known = false;
            } else if (allEqual(perChannel)) {
                scale = perChannel[0];
            } else {
                scales = perChannel;
                scale = perChannel[0];
            }
        }
        if (add != null) {
            Constant v = constant(add, "y", producers, modelDir, notes);
            if (detail.length() > 0) {
                detail.append(", ");
            }
            detail.append("add ").append(add.getOutputs(0).getName()).append(" y=").append(show(v));
            double[] perChannel = perChannel(v, channels, "add", notes);
            if (perChannel == null) {
                known = false;
            } else {
                bias = perChannel;
            }
        }
        if (cast != null) {
            detail.append(", then cast ").append(cast.getOutputs(0).getName()).append(" to fp16");
        }
        if (!known || order == null) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.UNKNOWN, order, 1, null, null, detail.toString(), notes, null, half);
        }
        return new StoredPreprocessing(StoredPreprocessing.Kind.PROGRAM_OPS, order, scale, bias, null, detail.toString(), notes, scales, half);
    }

    /** A constant operand: its values and, when its type says so, its dimensions. */
    record Constant(double[] values, long[] dims) {
    }

    /**
     * The constant as one value per channel, or {@code null} (with a note) when it does not broadcast over the
     * channel axis: a scalar, a {@code [1,C,1,1]} or {@code [C,1,1]} tensor, or C values of undeclared shape.
     */
    private static double[] perChannel(Constant k, int channels, String op, List<String> notes) {
        if (k == null) {
            return null;
        }
        double[] v = k.values();
        if (v.length == 1) {
            double[] out = new double[channels];
            Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != channels) {
            notes.add("the " + op + " constant has " + v.length + " values for " + channels + " channel(s)");
            return null;
        }
        long[] d = k.dims();
        if (d != null && !channelShape(d, channels)) {
            notes.add("the " + op + " constant has shape " + Arrays.toString(d) + ", which on an NCHW image broadcasts over "
                    + (d.length == 1 ? "the last (width) axis" : "another axis") + ", not over channels");
            return null;
        }
        return v.clone();
    }

    static boolean channelShape(long[] d, int channels) {
        if (d.length == 4) {
            return d[0] == 1 && d[1] == channels && d[2] == 1 && d[3] == 1;
        }
        if (d.length == 3) {
            return d[0] == channels && d[1] == 1 && d[2] == 1;
        }
        return false;
    }

    static Map<String, Operation> producers(Block block) {
        Map<String, Operation> producers = new HashMap<>();
        for (Operation op : block.getOperationsList()) {
            for (NamedValueType o : op.getOutputsList()) {
                producers.put(o.getName(), op);
            }
        }
        return producers;
    }

    static Operation consumer(Block block, String type, String name) {
        for (Operation op : block.getOperationsList()) {
            if (op.getType().equals(type) && op.getOutputsCount() > 0 && bindsName(op.getInputsMap().get("x"), name)) {
                return op;
            }
        }
        return null;
    }

    /** The {@code cast(x=name, dtype="fp16")} operation, or {@code null}. */
    static Operation castToHalf(Block block, String name, Map<String, Operation> producers) {
        for (Operation op : block.getOperationsList()) {
            if (op.getType().equals("cast") && op.getOutputsCount() > 0 && bindsName(op.getInputsMap().get("x"), name)) {
                String dt = stringOperand(op, "dtype", producers);
                if ("fp16".equals(dt) || dtype(op.getOutputs(0)) == DataType.FLOAT16) {
                    return op;
                }
            }
        }
        return null;
    }

    private static String stringOperand(Operation op, String param, Map<String, Operation> producers) {
        Argument a = op.getInputsMap().get(param);
        if (a == null || a.getArgumentsCount() != 1) {
            return null;
        }
        Argument.Binding b = a.getArguments(0);
        Value v = b.hasValue() ? b.getValue() : null;
        if (v == null) {
            Operation c = producers.get(b.getName());
            v = c != null && c.getType().equals("const") ? c.getAttributesMap().get("val") : null;
        }
        if (v == null || !v.getImmediateValue().getTensor().hasStrings() || v.getImmediateValue().getTensor().getStrings().getValuesCount() != 1) {
            return null;
        }
        return v.getImmediateValue().getTensor().getStrings().getValues(0);
    }

    static DataType dtype(NamedValueType t) {
        return t.getType().hasTensorType() ? t.getType().getTensorType().getDataType() : DataType.UNUSED_TYPE;
    }

    static boolean bindsName(Argument a, String name) {
        return a != null && a.getArgumentsCount() == 1 && a.getArguments(0).hasName() && a.getArguments(0).getName().equals(name);
    }

    private static Constant constant(Operation op, String param, Map<String, Operation> producers, Path modelDir, List<String> notes) {
        Argument a = op.getInputsMap().get(param);
        if (a == null || a.getArgumentsCount() != 1) {
            notes.add(op.getType() + " has no single '" + param + "' operand");
            return null;
        }
        Argument.Binding b = a.getArguments(0);
        Value v;
        if (b.hasValue()) {
            v = b.getValue();
        } else {
            Operation c = producers.get(b.getName());
            if (c == null || !c.getType().equals("const") || !c.getAttributesMap().containsKey("val")) {
                notes.add(op.getType() + " operand '" + b.getName() + "' is not a constant");
                return null;
            }
            v = c.getAttributesMap().get("val");
        }
        double[] values = values(v, modelDir, notes);
        return values == null ? null : new Constant(values, dims(v));
    }

    /** The declared dimensions, or {@code null} when the type lists none (or a dimension is not a constant). */
    private static long[] dims(Value v) {
        if (!v.hasType() || !v.getType().hasTensorType()) {
            return null;
        }
        TensorType t = v.getType().getTensorType();
        if (t.getDimensionsCount() == 0) {
            return null;
        }
        long[] d = new long[t.getDimensionsCount()];
        for (int i = 0; i < d.length; i++) {
            Dimension x = t.getDimensions(i);
            if (!x.hasConstant()) {
                return null;
            }
            d[i] = x.getConstant().getSize();
        }
        return d;
    }

    private static double[] values(Value v, Path modelDir, List<String> notes) {
        if (v.hasBlobFileValue()) {
            String name = v.getBlobFileValue().getFileName();
            long offset = v.getBlobFileValue().getOffset();
            if (modelDir == null) {
                notes.add("constant stored in weight file " + name + " at offset " + Long.toUnsignedString(offset)
                        + ", which only an .mlpackage holds (read the .mlpackage directory, not its model.mlmodel)");
                return null;
            }
            return MilBlobFile.read(weightFile(modelDir, name), offset);
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
                ByteBuffer bb = t.getBytes().getValues().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
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

    /**
     * The weight file a {@code BlobFileValue} names: {@code @model_path/weights/weight.bin} is resolved in the folder
     * of the model spec inside the package and must stay inside it.
     */
    static Path weightFile(Path modelDir, String name) {
        String prefix = "@model_path/";
        if (!name.startsWith(prefix)) {
            throw new dev.pixelprep.formats.FormatException("weight file name " + name + " does not start with " + prefix);
        }
        Path root = modelDir.toAbsolutePath().normalize();
        Path file = root.resolve(name.substring(prefix.length())).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new dev.pixelprep.formats.FormatException("weight file name " + name + " leaves the model's folder in the package");
        }
        return file;
    }

    private static boolean allEqual(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    private static String show(Constant k) {
        if (k == null) {
            return "?";
        }
        double[] v = k.values();
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
