package dev.pixelprep.formats.coreml;

import com.google.protobuf.ByteString;
import dev.pixelprep.core.engine.Half;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType.ColorSpace;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkImageScaler;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkPreprocessing;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.SizeRange;
import dev.pixelprep.formats.coreml.proto.MilProto;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InspectorDetailsTest {
    static ImageInput only(Model m) {
        return CoreMlInspector.inspect(CoreMlFile.parse(m.toByteArray(), "t")).imageInputs().get(0);
    }

    @Test
    void size_flexibility_is_reported() {
        FeatureDescription.Builder f = TestModels.image("img", 224, 224, ColorSpace.RGB).toBuilder();
        f.getTypeBuilder().getImageTypeBuilder().setEnumeratedSizes(ImageFeatureType.EnumeratedImageSizes.newBuilder()
                .addSizes(ImageFeatureType.ImageSize.newBuilder().setWidth(224).setHeight(224))
                .addSizes(ImageFeatureType.ImageSize.newBuilder().setWidth(320).setHeight(240)));
        assertThat(only(TestModels.network(f.build())).flexibility()).isEqualTo("enumerated sizes 224x224 320x240");
        f.getTypeBuilder().getImageTypeBuilder().setImageSizeRange(ImageFeatureType.ImageSizeRange.newBuilder()
                .setWidthRange(SizeRange.newBuilder().setLowerBound(64).setUpperBound(-1))
                .setHeightRange(SizeRange.newBuilder().setLowerBound(64).setUpperBound(512)));
        ImageInput in = only(TestModels.network(f.build()));
        assertThat(in.flexibility()).isEqualTo("width 64..unbounded, height 64..512");
        assertThat(in.flexible()).isTrue();
    }

    @Test
    void bgr_scaler_puts_blue_bias_on_channel_zero_and_unset_scale_is_flagged() {
        Model m = TestModels.network(TestModels.image("img", 8, 8, ColorSpace.BGR));
        Model.Builder b = m.toBuilder();
        b.getNeuralNetworkBuilder().addPreprocessing(NeuralNetworkPreprocessing.newBuilder().setFeatureName("img")
                .setScaler(NeuralNetworkImageScaler.newBuilder().setBlueBias(-1).setGreenBias(-2).setRedBias(-3)));
        ImageInput in = only(b.build());
        assertThat(in.preprocessing().bias()).containsExactly(-1, -2, -3);
        assertThat(in.preprocessing().scale()).isEqualTo(0);
        assertThat(in.preprocessing().notes()).anyMatch(n -> n.contains("channelScale is 0 or not set"));
    }

    @Test
    void float16_constants_are_decoded_and_weight_file_constants_are_named() {
        Model p = TestModels.program("image", 1 / 127.5f, new float[] {-1, -1, -1});
        Model.Builder b = p.toBuilder();
        MilProto.Block.Builder block = b.getMlProgramBuilder().getFunctionsOrThrow("main").toBuilder()
                .getBlockSpecializationsOrThrow("CoreML5").toBuilder();
        ByteBuffer half = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {-0.5f, -0.25f, -2f}) {
            half.putShort(Half.fromFloat(v));
        }
        MilProto.Value fp16 = MilProto.Value.newBuilder()
                .setType(MilProto.ValueType.newBuilder().setTensorType(MilProto.TensorType.newBuilder().setDataType(MilProto.DataType.FLOAT16)))
                .setImmediateValue(MilProto.Value.ImmediateValue.newBuilder().setTensor(MilProto.TensorValue.newBuilder()
                        .setBytes(MilProto.TensorValue.RepeatedBytes.newBuilder().setValues(ByteString.copyFrom(half.array()))))).build();
        block.setOperations(1, block.getOperations(1).toBuilder().putAttributes("val", fp16));
        MilProto.Function f = b.getMlProgramBuilder().getFunctionsOrThrow("main").toBuilder().putBlockSpecializations("CoreML5", block.build()).build();
        b.getMlProgramBuilder().putFunctions("main", f);
        ImageInput in = only(b.build());
        assertThat(in.preprocessing().bias()).containsExactly(-0.5, -0.25, -2);
        assertThat(in.preprocessing().scale()).isCloseTo(1 / 127.5, within(1e-8));

        MilProto.Value blob = MilProto.Value.newBuilder().setBlobFileValue(MilProto.Value.BlobFileValue.newBuilder()
                .setFileName("@model_path/weights/weight.bin").setOffset(64)).build();
        block.setOperations(1, block.getOperations(1).toBuilder().putAttributes("val", blob));
        b.getMlProgramBuilder().putFunctions("main", f.toBuilder().putBlockSpecializations("CoreML5", block.build()).build());
        ImageInput unread = only(b.build());
        assertThat(unread.preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.UNKNOWN);
        assertThat(unread.preprocessing().toSpec()).isNull();
        assertThat(unread.preprocessing().notes()).anyMatch(n -> n.contains("weight.bin at offset 64"));
    }

    @Test
    void program_without_ops_on_the_input_has_no_preprocessing() {
        Model p = TestModels.program("image", 1, new float[] {0, 0, 0});
        ImageInput other = CoreMlInspector.inspect(p.toBuilder().setDescription(p.getDescription().toBuilder()
                .setInput(0, TestModels.image("photo", 8, 8, ColorSpace.RGB))).build()).imageInputs().get(0);
        assertThat(other.preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.NONE);
    }
}
