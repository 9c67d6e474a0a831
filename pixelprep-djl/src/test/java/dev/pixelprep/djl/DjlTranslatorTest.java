package dev.pixelprep.djl;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OrtSession;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The bundled MobileNet through DJL's ONNX Runtime engine with pixelprep's translator, against pixelprep classify. */
class DjlTranslatorTest {
    static final Path MODEL_DIR = Path.of("../examples/models/mobilenetv2-12-int8");
    static OrtSession.SessionOptions options;
    static ZooModel<Image, Classifications> images;
    static ZooModel<PixelBuffer, Classifications> buffers;
    static OnnxModel reference;

    @BeforeAll
    static void load() throws Exception {
        // the quantised model needs ONNX Runtime's exact U8U8 kernels on x86-64 without VNNI, as OnnxModel sets them
        options = new OrtSession.SessionOptions();
        options.addConfigEntry("session.x64quantprecision", "1");
        images = Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(MODEL_DIR).optEngine("OnnxRuntime")
                .optTranslatorFactory(new PixelprepTranslatorFactory()).optArgument("preset", "onnx-zoo-imagenet")
                .optArgument("sessionOptions", options).build().loadModel();
        buffers = Criteria.builder().setTypes(PixelBuffer.class, Classifications.class).optModelPath(MODEL_DIR).optEngine("OnnxRuntime")
                .optTranslatorFactory(new PixelprepTranslatorFactory()).optArgument("preset", "onnx-zoo-imagenet")
                .optArgument("sessionOptions", options).build().loadModel();
        reference = OnnxModel.open(MODEL_DIR.resolve("mobilenetv2-12-int8.onnx"));
    }

    @AfterAll
    static void close() {
        images.close();
        buffers.close();
        reference.close();
        options.close();
    }

    static List<Classification.Prediction> pixelprepTop5(PixelBuffer photo) {
        return reference.classify(Presets.get("onnx-zoo-imagenet").toSpec(), photo, 5,
                Classification.readLabels(MODEL_DIR.resolve("synset.txt")));
    }

    static void assertSameTop5(Classifications djl, List<Classification.Prediction> want) {
        List<Classifications.Classification> got = djl.topK(5);
        for (int i = 0; i < 5; i++) {
            assertThat(got.get(i).getClassName()).as("rank %d", i + 1).isEqualTo(want.get(i).label());
            assertThat(got.get(i).getProbability()).as("rank %d", i + 1).isCloseTo(want.get(i).probability(), within(1e-6));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chelsea.png", "coffee.png", "rocket.jpg"})
    void djlsTop5EqualsPixelprepClassifyFromPixelBuffersAndFromDjlImages(String name) throws Exception {
        Path file = Path.of("../examples", name);
        PixelBuffer photo = ImageDecoder.defaults().decode(file).pixels();
        List<Classification.Prediction> want = pixelprepTop5(photo);
        try (Predictor<PixelBuffer, Classifications> p = buffers.newPredictor()) {
            assertSameTop5(p.predict(photo), want);
        }
        // DJL's own decoding is ImageIO's: the same pixels as pixelprep's decoder for these PNGs, not for rocket.jpg,
        // whose Adobe RGB profile ImageIO applies; so DJL images are compared with pixelprep on DJL's pixels
        Image image = ImageFactory.getInstance().fromFile(file);
        PixelBuffer djlPixels = dev.pixelprep.awt.BufferedImages.toPixelBuffer((java.awt.image.BufferedImage) image.getWrappedImage());
        try (Predictor<Image, Classifications> p = images.newPredictor()) {
            assertSameTop5(p.predict(image), pixelprepTop5(djlPixels));
        }
        if (name.equals("chelsea.png")) {
            assertThat(want.get(0).label()).isEqualTo("n02124075 Egyptian cat");
            assertThat(want.get(0).probability()).isCloseTo(0.5967, within(0.002));
        }
    }

    @Test
    void aMissingPresetOrAnUnknownOneIsRefusedWhenTheModelLoads() {
        assertThatThrownBy(() -> Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(MODEL_DIR).optEngine("OnnxRuntime")
                .optTranslatorFactory(new PixelprepTranslatorFactory()).build().loadModel())
                .hasRootCauseMessage("give the preprocessing as exactly one of the arguments preset or recipe (pixelprep spec presets lists them)");
        assertThatThrownBy(() -> Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(MODEL_DIR).optEngine("OnnxRuntime")
                .optTranslatorFactory(new PixelprepTranslatorFactory()).optArgument("preset", "nonesuch").build().loadModel())
                .rootCause().hasMessageStartingWith("unknown preset 'nonesuch'; expected one of raw, unit");
    }
}
