package dev.pixelprep.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The one-call classification, session options passed through, and tensors handed to ONNX Runtime by hand. */
class LibraryApiTest {
    static final List<String> LABELS = Classification.readLabels(OnnxModelTest.SYNSET);

    static PixelBuffer image(String name) {
        return dev.pixelprep.io.ImageDecoder.defaults().decode(java.nio.file.Path.of("../examples", name)).pixels();
    }

    @Test
    void classifyGivesTheAuthorsTop5FromAPresetAlone() {
        try (OnnxModel m = OnnxModel.open(OnnxModelTest.MOBILENET, o -> o.setIntraOpNumThreads(1))) {
            List<Classification.Prediction> top = m.classify(Presets.get("onnx-zoo-imagenet").toSpec(), image("chelsea.png"), 5, LABELS);
            assertThat(top).hasSize(5);
            assertThat(top.get(0).index()).isEqualTo(285);
            assertThat(top.get(0).label()).isEqualTo("n02124075 Egyptian cat");
            // the model zoo's expected output (examples/NOTICE.md, MANIFEST 2.2): 0.5967, 0.2283, 0.1657
            assertThat(top.get(0).probability()).isCloseTo(0.5967, within(0.002));
            assertThat(top.get(1).index()).isEqualTo(282);
            assertThat(top.get(2).index()).isEqualTo(281);
        }
    }

    @Test
    void aSessionOptionTheRuntimeRefusesIsNamedInOneLine() {
        // this build of ONNX Runtime is the CPU one: asking for CUDA fails when the options are set
        assertThatThrownBy(() -> OnnxModel.open(OnnxModelTest.MOBILENET, o -> o.addCUDA(0)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx: ONNX Runtime refused the session options: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void tensorsOfEveryDtypeReachOnnxRuntimeWithTheirValues() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        PixelBuffer photo = image("coffee.png");
        Spec zoo = Presets.get("onnx-zoo-imagenet").toSpec();
        Tensor f32 = Pipeline.compile(zoo).tensor(photo);
        try (OnnxTensor t = OnnxTensors.create(env, f32)) {
            assertThat(t.getInfo().type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(t.getInfo().getShape()).containsExactly(1, 3, 224, 224);
            FloatBuffer got = t.getFloatBuffer();
            float[] want = f32.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(Float.floatToIntBits(got.get(i))).isEqualTo(Float.floatToIntBits(want[i]));
            }
        }
        for (DType d : List.of(DType.FLOAT16, DType.UINT8)) {
            Spec spec = d == DType.UINT8 ? Presets.get("raw").applyTo(Spec.builder()).geometry(zoo.geometry()).dtype(d).build()
                    : zoo.toBuilder().dtype(d).build();
            Tensor x = Pipeline.compile(spec).tensor(photo);
            try (OnnxTensor t = OnnxTensors.create(env, x)) {
                assertThat(t.getInfo().type).isEqualTo(d == DType.UINT8 ? OnnxJavaType.UINT8 : OnnxJavaType.FLOAT16);
                ByteBuffer got = t.getByteBuffer();
                ByteBuffer want = x.data();
                assertThat(got.remaining()).isEqualTo(want.remaining());
                for (int i = 0; i < want.remaining(); i++) {
                    assertThat(got.get(i)).as("%s byte %d", d, i).isEqualTo(want.get(i));
                }
            }
        }
    }

    @Test
    void aTensorHandedToTheCallersOwnSessionAnswersAsOnnxModelDoes() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Spec zoo = Presets.get("onnx-zoo-imagenet").toSpec();
        PixelBuffer photo = image("chelsea.png");
        float[] byHand;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.addConfigEntry("session.x64quantprecision", "1");
            try (OrtSession s = env.createSession(OnnxModelTest.MOBILENET.toString(), o);
                 OnnxTensor in = OnnxTensors.create(env, Pipeline.compile(zoo).tensor(photo));
                 OrtSession.Result r = s.run(Map.of("input", in))) {
                byHand = ((float[][]) r.get(0).getValue())[0];
            }
        }
        try (OnnxModel m = OnnxModel.open(OnnxModelTest.MOBILENET)) {
            float[] viaModel = m.run(zoo, List.of(photo)).get("output").toFloatArray();
            assertThat(byHand).containsExactly(viaModel);
        }
    }
}
