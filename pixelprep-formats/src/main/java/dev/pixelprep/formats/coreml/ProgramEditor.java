package dev.pixelprep.formats.coreml;

import com.google.protobuf.ByteString;
import dev.pixelprep.core.engine.Half;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
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
import dev.pixelprep.formats.coreml.proto.MilProto.ValueType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a spec's normalisation into an ML program as coremltools 7 writes {@code ct.ImageType(scale=…, bias=…)}
 * (pass {@code insert_image_preprocessing_ops}, serialised by {@code backend/mil/load.py}): a {@code const}
 * {@code <input>__scaled___y_0} and {@code mul} {@code <input>__scaled__} when some scale is not 1, then a {@code const}
 * {@code <input>__biased___y_0} and {@code add} {@code <input>__biased__} when some bias is not 0, each with a
 * {@code name} attribute, at the place of the old preprocessing (or at the start of {@code main}). Constants have
 * the input's data type; the colour bias is {@code [1,C,1,1]} ({@code [C,1,1]} for a rank-3 input), the grey bias a
 * scalar. Unlike a neural network's scaler, MIL broadcasts a {@code [1,C,1,1]} scale over channels, so per-channel
 * scales (torchvision's 1/std) are written exactly.
 *
 * <p>The old {@code mul}/{@code add} and the constants only they used are removed; every later use of the old
 * result (a {@code cast} to float16, the first layer) is pointed at the new one. Every other operation, function,
 * attribute and unknown field is kept as it was.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
final class ProgramEditor {
    private ProgramEditor() {
    }

    /** The edited program and the text of what was written. */
    record Edit(Program program, String written) {
    }

    static Edit write(Program program, String input, Spec spec, List<String> notes) {
        if (spec.meanImage() != null) {
            throw new FormatException("writing a mean image into an mlprogram is not supported; give per-channel means (--mean) instead");
        }
        Function fn = program.getFunctionsMap().get("main");
        if (fn == null) {
            throw new FormatException("the program has no function 'main', where coremltools puts image preprocessing");
        }
        String opset = fn.getOpset();
        Block block = fn.getBlockSpecializationsMap().get(opset);
        if (block == null) {
            throw new FormatException("function 'main' has no body for its opset '" + opset + "'");
        }
        NamedValueType in = ProgramOps.functionInput(fn, input);
        if (in == null || !in.getType().hasTensorType()) {
            throw new FormatException("function 'main' has no tensor input named '" + input + "'");
        }
        TensorType inType = in.getType().getTensorType();
        long rank = inType.getDimensionsCount();
        if (rank != 3 && rank != 4) {
            throw new FormatException("input '" + input + "' has rank " + rank + "; an image input of an ML program is rank 4 NCHW (or rank 3 CHW)");
        }
        Dimension cd = inType.getDimensions((int) rank - 3);
        int channels = spec.channels();
        if (!cd.hasConstant() || cd.getConstant().getSize() != channels) {
            throw new FormatException("input '" + input + "' has " + (cd.hasConstant() ? cd.getConstant().getSize() : "a variable number of")
                    + " channel(s) in the program; the spec has " + channels + " (" + spec.color() + ")");
        }
        DataType dt = inType.getDataType();
        if (dt != DataType.FLOAT32 && dt != DataType.FLOAT16) {
            throw new FormatException("input '" + input + "' is " + dt + " in the program; image preprocessing is written for FLOAT32 or FLOAT16 inputs");
        }

        // what is there now
        Map<String, Operation> producers = ProgramOps.producers(block);
        Operation oldMul = ProgramOps.consumer(block, "mul", input);
        String afterMul = oldMul != null ? oldMul.getOutputs(0).getName() : input;
        Operation oldAdd = ProgramOps.consumer(block, "add", afterMul);
        String oldLast = oldAdd != null ? oldAdd.getOutputs(0).getName() : afterMul;
        Set<Operation> removed = new HashSet<>();
        if (oldMul != null) {
            removed.add(oldMul);
        }
        if (oldAdd != null) {
            removed.add(oldAdd);
        }
        for (Operation op : List.copyOf(removed)) {
            Argument y = op.getInputsMap().get("y");
            if (y != null && y.getArgumentsCount() == 1 && y.getArguments(0).hasName()) {
                Operation c = producers.get(y.getArguments(0).getName());
                if (c != null && c.getType().equals("const") && uses(block, y.getArguments(0).getName(), removed) == 0) {
                    removed.add(c);
                }
            }
        }
        if (oldMul != null && oldAdd != null && uses(block, afterMul, removed) > 0) {
            throw new FormatException("another operation uses '" + afterMul + "', the scaled input before the bias; not rewritten");
        }

        double[][] ab = KnownConventions.affine(spec);
        double[] a = ab[0];
        double[] b = ab[1];
        boolean anyScale = false;
        boolean uniform = true;
        boolean anyBias = false;
        for (int c = 0; c < channels; c++) {
            anyScale |= a[c] != 1;
            uniform &= a[c] == a[0];
            anyBias |= b[c] != 0;
        }
        if (spec.invert()) {
            notes.add("inversion (255 - x) is written as a negative scale");
        }
        String mulName = input + "__scaled__";
        String addName = input + "__biased__";
        for (String name : new String[] {mulName, addName, mulName + "_y_0", addName + "_y_0"}) {
            Operation owner = producers.get(name);
            if (owner != null && !removed.contains(owner)) {
                throw new FormatException("the program already has an operation producing '" + name + "' that is not image preprocessing");
            }
        }
        List<Operation> fresh = new ArrayList<>();
        String last = input;
        StringBuilder written = new StringBuilder();
        if (anyScale) {
            double[] values = uniform ? new double[] {a[0]} : a;
            long[] shape = uniform ? new long[0] : channelShape(channels, rank);
            fresh.add(constOp(mulName + "_y_0", values, shape, dt));
            fresh.add(binary("mul", mulName, last, mulName + "_y_0", in.getType()));
            last = mulName;
            written.append("mul ").append(mulName).append(" y=").append(show(values, shape));
        }
        if (anyBias) {
            boolean gray = spec.color() == ColorOrder.GRAY;
            double[] values = gray ? new double[] {b[0]} : b;
            long[] shape = gray ? new long[0] : channelShape(channels, rank);
            fresh.add(constOp(addName + "_y_0", values, shape, dt));
            fresh.add(binary("add", addName, last, addName + "_y_0", in.getType()));
            written.append(written.length() > 0 ? ", " : "").append("add ").append(addName).append(" y=").append(show(values, shape));
            last = addName;
        }
        if (written.length() == 0) {
            written.append("no mul/add (scale 1, bias 0: the network sees raw 0..255 pixels)");
        }
        if (dt == DataType.FLOAT16) {
            notes.add("the input is FLOAT16, so the constants are written as binary16 and the operations compute in float16");
        }

        Block.Builder nb = block.toBuilder().clearOperations();
        int insertAt = -1;
        List<Operation> kept = new ArrayList<>();
        for (Operation op : block.getOperationsList()) {
            if (removed.contains(op)) {
                if (insertAt < 0) {
                    insertAt = kept.size();
                }
                continue;
            }
            kept.add(oldLast.equals(last) ? op : rename(op, oldLast, last));
        }
        if (insertAt < 0) {
            insertAt = 0;
        }
        kept.addAll(insertAt, fresh);
        nb.addAllOperations(kept);
        if (!oldLast.equals(last)) {
            for (int i = 0; i < nb.getOutputsCount(); i++) {
                if (nb.getOutputs(i).equals(oldLast)) {
                    nb.setOutputs(i, last);
                }
            }
        }
        Function nf = fn.toBuilder().putBlockSpecializations(opset, nb.build()).build();
        return new Edit(program.toBuilder().putFunctions("main", nf).build(), written.toString());
    }

    private static long[] channelShape(int channels, long rank) {
        return rank == 4 ? new long[] {1, channels, 1, 1} : new long[] {channels, 1, 1};
    }

    /** How many operations outside {@code except} (nested blocks included) bind {@code name}. */
    private static int uses(Block block, String name, Set<Operation> except) {
        int n = 0;
        for (Operation op : block.getOperationsList()) {
            if (except.contains(op)) {
                continue;
            }
            for (Argument a : op.getInputsMap().values()) {
                for (Argument.Binding b : a.getArgumentsList()) {
                    if (b.hasName() && b.getName().equals(name)) {
                        n++;
                    }
                }
            }
            for (Block inner : op.getBlocksList()) {
                n += uses(inner, name, except);
                n += inner.getOutputsList().contains(name) ? 1 : 0;
            }
        }
        return n + (block.getOutputsList().contains(name) ? 1 : 0);
    }

    /** The operation with every binding of {@code from} (in nested blocks too) pointed at {@code to}; unchanged ones stay the same object. */
    private static Operation rename(Operation op, String from, String to) {
        Operation.Builder b = null;
        for (Map.Entry<String, Argument> e : op.getInputsMap().entrySet()) {
            Argument a = e.getValue();
            boolean hit = false;
            for (Argument.Binding x : a.getArgumentsList()) {
                hit |= x.hasName() && x.getName().equals(from);
            }
            if (hit) {
                Argument.Builder ab = a.toBuilder();
                for (int i = 0; i < ab.getArgumentsCount(); i++) {
                    if (ab.getArguments(i).hasName() && ab.getArguments(i).getName().equals(from)) {
                        ab.setArguments(i, ab.getArguments(i).toBuilder().setName(to));
                    }
                }
                b = b == null ? op.toBuilder() : b;
                b.putInputs(e.getKey(), ab.build());
            }
        }
        for (int i = 0; i < op.getBlocksCount(); i++) {
            Block inner = op.getBlocks(i);
            Block.Builder ib = null;
            for (int j = 0; j < inner.getOperationsCount(); j++) {
                Operation r = rename(inner.getOperations(j), from, to);
                if (r != inner.getOperations(j)) {
                    ib = ib == null ? inner.toBuilder() : ib;
                    ib.setOperations(j, r);
                }
            }
            for (int j = 0; j < inner.getOutputsCount(); j++) {
                if (inner.getOutputs(j).equals(from)) {
                    ib = ib == null ? inner.toBuilder() : ib;
                    ib.setOutputs(j, to);
                }
            }
            if (ib != null) {
                b = b == null ? op.toBuilder() : b;
                b.setBlocks(i, ib);
            }
        }
        return b == null ? op : b.build();
    }

    private static Operation binary(String type, String name, String x, String y, ValueType outType) {
        return Operation.newBuilder().setType(type)
                .putInputs("x", bind(x)).putInputs("y", bind(y))
                .addOutputs(NamedValueType.newBuilder().setName(name).setType(outType))
                .putAttributes("name", stringScalar(name)).build();
    }

    private static Operation constOp(String name, double[] values, long[] shape, DataType dt) {
        TensorType.Builder t = TensorType.newBuilder().setDataType(dt).setRank(shape.length);
        for (long d : shape) {
            t.addDimensions(Dimension.newBuilder().setConstant(Dimension.ConstantDimension.newBuilder().setSize(d)));
        }
        ValueType type = ValueType.newBuilder().setTensorType(t).build();
        TensorValue.Builder tv = TensorValue.newBuilder();
        if (dt == DataType.FLOAT16) {
            ByteBuffer bb = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                bb.putShort(Half.fromFloat((float) v));
            }
            tv.setBytes(TensorValue.RepeatedBytes.newBuilder().setValues(ByteString.copyFrom(bb.array())));
        } else {
            TensorValue.RepeatedFloats.Builder f = TensorValue.RepeatedFloats.newBuilder();
            for (double v : values) {
                f.addValues((float) v);
            }
            tv.setFloats(f);
        }
        Value val = Value.newBuilder().setType(type).setImmediateValue(Value.ImmediateValue.newBuilder().setTensor(tv)).build();
        return Operation.newBuilder().setType("const")
                .addOutputs(NamedValueType.newBuilder().setName(name).setType(type))
                .putAttributes("name", stringScalar(name)).putAttributes("val", val).build();
    }

    private static Argument bind(String name) {
        return Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setName(name)).build();
    }

    /** A rank-0 string tensor, as coremltools' {@code create_scalar_value} writes op names. */
    private static Value stringScalar(String s) {
        return Value.newBuilder()
                .setType(ValueType.newBuilder().setTensorType(TensorType.newBuilder().setDataType(DataType.STRING).setRank(0)))
                .setImmediateValue(Value.ImmediateValue.newBuilder().setTensor(TensorValue.newBuilder()
                        .setStrings(TensorValue.RepeatedStrings.newBuilder().addValues(s)))).build();
    }

    private static String show(double[] v, long[] shape) {
        StringBuilder sb = new StringBuilder();
        if (v.length == 1) {
            sb.append(KnownConventions.pretty((float) v[0]));
        } else {
            sb.append('[');
            for (int i = 0; i < v.length; i++) {
                sb.append(i > 0 ? ", " : "").append(KnownConventions.pretty((float) v[i]));
            }
            sb.append(']');
        }
        if (shape.length > 0) {
            sb.append(" shape ").append(java.util.Arrays.toString(shape).replace(" ", ""));
        }
        return sb.toString();
    }
}
