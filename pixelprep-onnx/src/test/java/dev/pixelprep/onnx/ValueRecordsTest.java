package dev.pixelprep.onnx;

import ai.onnxruntime.OnnxJavaType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A model input is a value: equal by content (names included), its arrays copied in and out. */
class ValueRecordsTest {
    @Test
    void modelInputsAreValues() {
        try (OnnxModel a = OnnxModel.open(OnnxModelTest.MOBILENET); OnnxModel b = OnnxModel.open(OnnxModelTest.MOBILENET)) {
            assertThat(a.imageInput()).isEqualTo(b.imageInput());
            assertThat(a.imageInput().hashCode()).isEqualTo(b.imageInput().hashCode());
            ModelInput in = a.imageInput();
            in.shape()[1] = 7;
            in.dimNames()[0] = "changed";
            assertThat(in.describe()).isEqualTo("float32 [batch_size,3,224,224]");
        }
        long[] shape = {-1, 3, 224, 224};
        String[] names = {"n", "", "", ""};
        ModelInput m = new ModelInput("input", shape, names, OnnxJavaType.FLOAT);
        shape[1] = 1;
        names[0] = "x";
        assertThat(m.describe()).isEqualTo("float32 [n,3,224,224]");
        assertThat(m).isEqualTo(new ModelInput("input", new long[] {-1, 3, 224, 224}, new String[] {"n", "", "", ""}, OnnxJavaType.FLOAT));
        assertThat(m).isNotEqualTo(new ModelInput("input", new long[] {-1, 3, 224, 224}, new String[] {"batch", "", "", ""}, OnnxJavaType.FLOAT));
    }
}
