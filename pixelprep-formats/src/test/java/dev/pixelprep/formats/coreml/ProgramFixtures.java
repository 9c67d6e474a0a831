package dev.pixelprep.formats.coreml;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.pixelprep.core.engine.Half;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ModelDescription;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ML programs and .mlpackage directories in the shapes coremltools 7 writes them, built from our own MIL .proto:
 * <ul>
 *   <li>preprocessing as pass {@code insert_image_preprocessing_ops} puts it
 *       (apple/coremltools: coremltools/converters/mil/backend/mil/passes/insert_image_preprocessing_op.py):
 *       {@code mul} {@code <input>__scaled__} and {@code add} {@code <input>__biased__}, the colour bias {@code [1,3,1,1]};</li>
 *   <li>every constant a {@code const} operation with {@code name} and {@code val} attributes, every operation with a
 *       {@code name} attribute, values of 10 or more elements in the weight file at {@code @model_path/weights/weight.bin}
 *       (coremltools/converters/mil/backend/mil/load.py: {@code translate_const}, {@code should_use_weight_file});</li>
 *   <li>the default {@code compute_precision=FLOAT16}: a {@code cast} named {@code <input>_to_fp16} after the
 *       preprocessing, the layers in float16, a cast back to float32 for the output;</li>
 *   <li>the weight file in MIL blob storage version 2 (mlmodel/src/MILBlob/Blob/StorageFormat.hpp), and the package's
 *       {@code Manifest.json} with items under {@code Data/com.apple.CoreML/} (modelpackage/src/ModelPackage.cpp).</li>
 * </ul>
 * Run {@code main} to rewrite {@code examples/coreml/scaled-only.mlpackage}; a test checks the committed copy
 * equals what this builds.
 */
final class ProgramFixtures {
    static final String MANIFEST = "{\n"
            + "    \"fileFormatVersion\": \"1.0.0\",\n"
            + "    \"itemInfoEntries\": {\n"
            + "        \"6C1B5D8E-0F7A-4D2B-9E61-3A7F0C2B4D11\": {\n"
            + "            \"author\": \"com.apple.CoreML\",\n"
            + "            \"description\": \"CoreML Model Weights\",\n"
            + "            \"name\": \"weights\",\n"
            + "            \"path\": \"com.apple.CoreML/weights\"\n"
            + "        },\n"
            + "        \"9A4E2C71-5B3D-4F08-8C6A-1E2D3F4A5B60\": {\n"
            + "            \"author\": \"com.apple.CoreML\",\n"
            + "            \"description\": \"CoreML Model Specification\",\n"
            + "            \"name\": \"model.mlmodel\",\n"
            + "            \"path\": \"com.apple.CoreML/model.mlmodel\"\n"
            + "        }\n"
            + "    },\n"
            + "    \"rootModelIdentifier\": \"9A4E2C71-5B3D-4F08-8C6A-1E2D3F4A5B60\"\n"
            + "}\n";

    private ProgramFixtures() {
    }

    /** How the preprocessing constants are stored. */
    enum Storage { CONST_OP, INLINE, BLOB }

    /** Options for {@link #program}; the defaults are what {@code ct.convert} gives an RGB {@code ct.ImageType}. */
    static final class Options {
        String input = "image";
        ImageFeatureType.ColorSpace colorSpace = ImageFeatureType.ColorSpace.RGB;
        int channels = 3;
        int size = 8;
        int rank = 4;
        DataType inputType = DataType.FLOAT32;
        double[] scale = null;
        double[] bias = null;
        long[] scaleShape = new long[0];
        Storage storage = Storage.CONST_OP;
        boolean castToHalf = true;
        /** Blob offsets of the preprocessing constants, filled when {@code storage == BLOB}. */
        final List<double[]> blobs = new ArrayList<>();
    }

    /** The weight blob of the first layer: {@code 8·C·3·3} float16 values, the same every time. */
    static double[] convWeights(int channels) {
        double[] w = new double[8 * channels * 9];
        long s = 12345;
        for (int i = 0; i < w.length; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            w[i] = ((s >>> 40) % 2001 - 1000) / 4000.0;
        }
        return w;
    }

    /** A model whose main function is preprocessing, an optional cast to float16, a 3x3 conv and a cast back. */
    static Model program(Options o) {
        List<Operation> ops = new ArrayList<>();
        DataType compute = o.castToHalf ? DataType.FLOAT16 : o.inputType;
        ValueType imageType = tensorType(o.inputType, o.rank == 4 ? new long[] {1, o.channels, o.size, o.size} : new long[] {o.channels, o.size, o.size});
        String last = o.input;
        long nextBlob = 64;
        // blob 0 is the conv weight, at offset 64; preprocessing blobs follow it
        long convBytes = 64 + 2L * convWeights(o.channels).length;
        nextBlob += align(convBytes);
        if (o.scale != null) {
            nextBlob = preprocessingOp(o, ops, "mul", "__scaled__", o.scale, o.scaleShape, last, imageType, nextBlob);
            last = o.input + "__scaled__";
        }
        if (o.bias != null) {
            long[] shape = o.bias.length == 1 ? new long[0] : o.rank == 4 ? new long[] {1, o.channels, 1, 1} : new long[] {o.channels, 1, 1};
            nextBlob = preprocessingOp(o, ops, "add", "__biased__", o.bias, shape, last, imageType, nextBlob);
            last = o.input + "__biased__";
        }
        if (o.castToHalf) {
            String dt = o.input + "_to_fp16_dtype_0";
            ops.add(constOp(dt, stringValue("fp16")));
            ops.add(op("cast", o.input + "_to_fp16", tensorType(DataType.FLOAT16, dims(imageType)), "x", bind(last), "dtype", bind(dt)));
            last = o.input + "_to_fp16";
        }
        long[] w = {8, o.channels, 3, 3};
        ops.add(constOp("conv_0_weight_to_fp16", blobValue(compute, w, 64)));
        ops.add(constOp("conv_0_pad_type_0", stringValue("valid")));
        int out = o.size - 2;
        long[] outDims = o.rank == 4 ? new long[] {1, 8, out, out} : new long[] {8, out, out};
        ops.add(op("conv", "conv_0_cast_fp16", tensorType(compute, outDims), "x", bind(last), "weight", bind("conv_0_weight_to_fp16"),
                "pad_type", bind("conv_0_pad_type_0")));
        String result = "conv_0_cast_fp16";
        if (o.castToHalf) {
            ops.add(constOp("conv_0_dtype_0", stringValue("fp32")));
            ops.add(op("cast", "features", tensorType(DataType.FLOAT32, outDims), "x", bind(result), "dtype", bind("conv_0_dtype_0")));
            result = "features";
        }
        Block block = Block.newBuilder().addAllOperations(ops).addOutputs(result).build();
        Function main = Function.newBuilder().addInputs(NamedValueType.newBuilder().setName(o.input).setType(imageType))
                .setOpset("CoreML5").putBlockSpecializations("CoreML5", block).build();
        FeatureDescription image = FeatureDescription.newBuilder().setName(o.input).setType(FeatureType.newBuilder()
                .setImageType(ImageFeatureType.newBuilder().setWidth(o.size).setHeight(o.size).setColorSpace(o.colorSpace))).build();
        FeatureDescription features = FeatureDescription.newBuilder().setName(result)
                .setType(FeatureType.newBuilder().setMultiArrayType(multiArray(outDims))).build();
        return Model.newBuilder().setSpecificationVersion(6)
                .setDescription(ModelDescription.newBuilder().addInput(image).addOutput(features))
                .setMlProgram(Program.newBuilder().setVersion(1).putFunctions("main", main)).build();
    }

    /**
     * Appends {@code <input><suffix>} = {@code type(x=last, y=values)} with its constant stored as {@code o.storage}
     * says; returns the next free blob offset.
     */
    private static long preprocessingOp(Options o, List<Operation> ops, String type, String suffix, double[] values, long[] shape, String last,
                                        ValueType imageType, long nextBlob) {
        String c = o.input + suffix + "_y_0";
        Value v;
        if (o.storage == Storage.BLOB) {
            v = blobValue(o.inputType, shape, nextBlob);
            o.blobs.add(values);
            nextBlob += align(64 + (long) width(o.inputType) * values.length);
        } else {
            v = tensorValue(o.inputType, values, shape);
        }
        Argument y;
        if (o.storage == Storage.INLINE) {
            y = Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setValue(v)).build();
        } else {
            ops.add(constOp(c, v));
            y = bind(c);
        }
        ops.add(op(type, o.input + suffix, imageType, "x", bind(last), "y", y));
        return nextBlob;
    }

    /** The weight file of {@link #program}: the conv weight at 64, then the preprocessing blobs of {@code o}. */
    static byte[] weightFile(Options o) {
        List<double[]> blobs = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        blobs.add(convWeights(o.channels));
        types.add(o.castToHalf ? DataType.FLOAT16 : o.inputType);
        for (double[] b : o.blobs) {
            blobs.add(b);
            types.add(o.inputType);
        }
        return blobFile(blobs, types);
    }

    /** MIL blob storage version 2 with the given blobs, each metadata record and its data 64-byte aligned. */
    static byte[] blobFile(List<double[]> blobs, List<DataType> types) {
        long size = 64;
        for (int i = 0; i < blobs.size(); i++) {
            size += align(64 + (long) width(types.get(i)) * blobs.get(i).length);
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, blobs.size()).putInt(4, 2);
        int at = 64;
        for (int i = 0; i < blobs.size(); i++) {
            DataType t = types.get(i);
            double[] v = blobs.get(i);
            b.putInt(at, (int) MilBlobFile.SENTINEL).putInt(at + 4, t == DataType.FLOAT16 ? 1 : 2)
                    .putLong(at + 8, (long) width(t) * v.length).putLong(at + 16, at + 64);
            for (int k = 0; k < v.length; k++) {
                if (t == DataType.FLOAT16) {
                    b.putShort(at + 64 + 2 * k, Half.fromFloat((float) v[k]));
                } else {
                    b.putFloat(at + 64 + 4 * k, (float) v[k]);
                }
            }
            at += (int) align(64 + (long) width(t) * v.length);
        }
        return b.array();
    }

    /** Writes an .mlpackage as coremltools saves one. */
    static Path writePackage(Path dir, Model model, byte[] weights) {
        try {
            Path data = Files.createDirectories(dir.resolve("Data/com.apple.CoreML/weights"));
            Files.writeString(dir.resolve("Manifest.json"), MANIFEST);
            Files.write(data.getParent().resolve("model.mlmodel"), model.toByteArray());
            Files.write(data.resolve("weight.bin"), weights);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled example: an ImageNet-style program converted with {@code ct.ImageType(scale=1/255)} only (mean/std forgotten). */
    static Options scaledOnly() {
        Options o = new Options();
        o.size = 224;
        o.scale = new double[] {1 / 255.0};
        return o;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples/coreml/scaled-only.mlpackage");
        Options o = scaledOnly();
        Model m = program(o);
        writePackage(dir, m, weightFile(o));
        System.out.println("wrote " + dir);
    }

    private static long align(long n) {
        return (n + 63) / 64 * 64;
    }

    private static int width(DataType t) {
        return t == DataType.FLOAT16 ? 2 : 4;
    }

    static ValueType tensorType(DataType t, long[] dims) {
        TensorType.Builder b = TensorType.newBuilder().setDataType(t).setRank(dims.length);
        for (long d : dims) {
            b.addDimensions(Dimension.newBuilder().setConstant(Dimension.ConstantDimension.newBuilder().setSize(d)));
        }
        return ValueType.newBuilder().setTensorType(b).build();
    }

    private static long[] dims(ValueType t) {
        return t.getTensorType().getDimensionsList().stream().mapToLong(d -> d.getConstant().getSize()).toArray();
    }

    static Value tensorValue(DataType t, double[] v, long[] shape) {
        TensorValue.Builder tv = TensorValue.newBuilder();
        if (t == DataType.FLOAT16) {
            ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double x : v) {
                bb.putShort(Half.fromFloat((float) x));
            }
            tv.setBytes(TensorValue.RepeatedBytes.newBuilder().setValues(ByteString.copyFrom(bb.array())));
        } else {
            TensorValue.RepeatedFloats.Builder f = TensorValue.RepeatedFloats.newBuilder();
            for (double x : v) {
                f.addValues((float) x);
            }
            tv.setFloats(f);
        }
        return Value.newBuilder().setType(tensorType(t, shape)).setImmediateValue(Value.ImmediateValue.newBuilder().setTensor(tv)).build();
    }

    static Value blobValue(DataType t, long[] shape, long offset) {
        return Value.newBuilder().setType(tensorType(t, shape))
                .setBlobFileValue(Value.BlobFileValue.newBuilder().setFileName("@model_path/weights/weight.bin").setOffset(offset)).build();
    }

    static Value stringValue(String s) {
        return Value.newBuilder().setType(tensorType(DataType.STRING, new long[0]))
                .setImmediateValue(Value.ImmediateValue.newBuilder().setTensor(TensorValue.newBuilder()
                        .setStrings(TensorValue.RepeatedStrings.newBuilder().addValues(s)))).build();
    }

    static Operation constOp(String name, Value v) {
        return Operation.newBuilder().setType("const").putAttributes("name", stringValue(name)).putAttributes("val", v)
                .addOutputs(NamedValueType.newBuilder().setName(name).setType(v.getType())).build();
    }

    static Operation op(String type, String out, ValueType outType, Object... inputs) {
        Operation.Builder b = Operation.newBuilder().setType(type).putAttributes("name", stringValue(out))
                .addOutputs(NamedValueType.newBuilder().setName(out).setType(outType));
        for (int i = 0; i < inputs.length; i += 2) {
            b.putInputs((String) inputs[i], (Argument) inputs[i + 1]);
        }
        return b.build();
    }

    static Argument bind(String name) {
        return Argument.newBuilder().addArguments(Argument.Binding.newBuilder().setName(name)).build();
    }

    /** {@code ArrayFeatureType{shape, dataType FLOAT32}} (declared as bytes in our .proto). */
    private static ByteString multiArray(long[] shape) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(bytes);
            for (long d : shape) {
                c.writeInt64(1, d);
            }
            c.writeEnum(2, 65568);
            c.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
