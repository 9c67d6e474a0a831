package dev.pixelprep.formats.coreml;

import com.google.protobuf.ByteString;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ModelDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetwork;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Pipeline;
import dev.pixelprep.formats.coreml.proto.MilProto;

/** Small models built in the tests, for the cases the real files do not cover. */
final class TestModels {
    private TestModels() {
    }

    static FeatureDescription image(String name, int w, int h, ImageFeatureType.ColorSpace cs) {
        return FeatureDescription.newBuilder().setName(name)
                .setType(FeatureType.newBuilder().setImageType(ImageFeatureType.newBuilder().setWidth(w).setHeight(h).setColorSpace(cs))).build();
    }

    /** A neural network with the given image inputs, one opaque layer and no preprocessing. */
    static Model network(FeatureDescription... inputs) {
        return Model.newBuilder().setSpecificationVersion(4)
                .setDescription(ModelDescription.newBuilder().addAllInput(java.util.List.of(inputs)))
                .setNeuralNetwork(NeuralNetwork.newBuilder().addLayers(ByteString.copyFromUtf8("\n\u0005conv1"))).build();
    }

    static Model pipeline(Model... models) {
        Pipeline.Builder p = Pipeline.newBuilder();
        for (Model m : models) {
            p.addModels(m);
            p.addNames("m" + p.getNamesCount());
        }
        return Model.newBuilder().setSpecificationVersion(4).setDescription(models[0].getDescription()).setPipeline(p).build();
    }

    /** An ML program whose main function multiplies the input by {@code scale} and adds {@code bias} (a const op). */
    static Model program(String input, float scale, float[] bias) {
        MilProto.Value scaleValue = floats(new float[] {scale}, 0);
        MilProto.Value biasValue = floats(bias, 4);
        MilProto.Operation mul = MilProto.Operation.newBuilder().setType("mul")
                .putInputs("x", arg(input))
                .putInputs("y", MilProto.Argument.newBuilder().addArguments(MilProto.Argument.Binding.newBuilder().setValue(scaleValue)).build())
                .addOutputs(MilProto.NamedValueType.newBuilder().setName(input + "__scaled__")).build();
        MilProto.Operation constant = MilProto.Operation.newBuilder().setType("const")
                .addOutputs(MilProto.NamedValueType.newBuilder().setName(input + "__bias__"))
                .putAttributes("val", biasValue).build();
        MilProto.Operation add = MilProto.Operation.newBuilder().setType("add")
                .putInputs("x", arg(input + "__scaled__")).putInputs("y", arg(input + "__bias__"))
                .addOutputs(MilProto.NamedValueType.newBuilder().setName(input + "__biased__")).build();
        MilProto.Block block = MilProto.Block.newBuilder().addOperations(mul).addOperations(constant).addOperations(add)
                .addOutputs(input + "__biased__").build();
        MilProto.Function main = MilProto.Function.newBuilder().setOpset("CoreML5").putBlockSpecializations("CoreML5", block).build();
        return Model.newBuilder().setSpecificationVersion(6)
                .setDescription(ModelDescription.newBuilder().addInput(image(input, 224, 224, ImageFeatureType.ColorSpace.RGB)))
                .setMlProgram(MilProto.Program.newBuilder().setVersion(1).putFunctions("main", main)).build();
    }

    private static MilProto.Argument arg(String name) {
        return MilProto.Argument.newBuilder().addArguments(MilProto.Argument.Binding.newBuilder().setName(name)).build();
    }

    private static MilProto.Value floats(float[] v, int rank) {
        MilProto.TensorValue.RepeatedFloats.Builder f = MilProto.TensorValue.RepeatedFloats.newBuilder();
        for (float x : v) {
            f.addValues(x);
        }
        return MilProto.Value.newBuilder()
                .setType(MilProto.ValueType.newBuilder().setTensorType(MilProto.TensorType.newBuilder().setDataType(MilProto.DataType.FLOAT32).setRank(rank)))
                .setImmediateValue(MilProto.Value.ImmediateValue.newBuilder().setTensor(MilProto.TensorValue.newBuilder().setFloats(f))).build();
    }
}
