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

    /**
     * A DJL Image that does not wrap a BufferedImage (as DJL's Android and OpenCV images do not) goes through its own
     * {@code toNDArray(COLOR)}: the same top-5 as the BufferedImage it was made from.
     */
    @Test
    void anImageThatWrapsSomethingElseIsReadThroughItsRgbArray() throws Exception {
        Image image = ImageFactory.getInstance().fromFile(Path.of("../examples/chelsea.png"));
        Image other = new OtherImage(image);
        try (Predictor<Image, Classifications> p = images.newPredictor()) {
            Classifications viaRaster = p.predict(image);
            Classifications viaArray = p.predict(other);
            for (int i = 0; i < 5; i++) {
                assertThat(viaArray.topK(5).get(i).getClassName()).isEqualTo(viaRaster.topK(5).get(i).getClassName());
                assertThat(viaArray.topK(5).get(i).getProbability()).isCloseTo(viaRaster.topK(5).get(i).getProbability(), within(1e-9));
            }
        }
        // an implementation breaking DJL's contract (a float or 4-channel array) is refused in one line
        Image wrong = new OtherImage(image) {
            @Override
            public ai.djl.ndarray.NDArray toNDArray(ai.djl.ndarray.NDManager manager, Flag flag) {
                return manager.zeros(new ai.djl.ndarray.types.Shape(getHeight(), getWidth(), 4));
            }
        };
        try (Predictor<Image, Classifications> p = images.newPredictor()) {
            assertThatThrownBy(() -> p.predict(wrong)).rootCause()
                    .hasMessageContaining("gives float32 (300, 451, 4) from toNDArray(COLOR); expected uint8 (300, 451, 3) RGB");
        }
    }

    /** A DJL Image wrapping a plain object, delegating pixels to a real one. */
    static class OtherImage implements Image {
        private final Image inner;

        OtherImage(Image inner) {
            this.inner = inner;
        }

        @Override
        public int getWidth() {
            return inner.getWidth();
        }

        @Override
        public int getHeight() {
            return inner.getHeight();
        }

        @Override
        public Object getWrappedImage() {
            return "not a BufferedImage";
        }

        @Override
        public Image resize(int width, int height, boolean copy) {
            return inner.resize(width, height, copy);
        }

        @Override
        public Image getMask(int[][] mask) {
            return inner.getMask(mask);
        }

        @Override
        public Image getSubImage(int x, int y, int w, int h) {
            return inner.getSubImage(x, y, w, h);
        }

        @Override
        public Image duplicate() {
            return inner.duplicate();
        }

        @Override
        public ai.djl.ndarray.NDArray toNDArray(ai.djl.ndarray.NDManager manager, Flag flag) {
            return inner.toNDArray(manager, flag);
        }

        @Override
        public void save(java.io.OutputStream os, String type) throws java.io.IOException {
            inner.save(os, type);
        }

        @Override
        public List<ai.djl.modality.cv.output.BoundingBox> findBoundingBoxes() {
            return inner.findBoundingBoxes();
        }

        @Override
        public void drawBoundingBoxes(ai.djl.modality.cv.output.DetectedObjects detections, float opacity) {
            inner.drawBoundingBoxes(detections, opacity);
        }

        @Override
        public void drawRectangle(ai.djl.modality.cv.output.Rectangle rect, int rgb, int stroke) {
            inner.drawRectangle(rect, rgb, stroke);
        }

        @Override
        public void drawMarks(List<ai.djl.modality.cv.output.Point> points, int radius) {
            inner.drawMarks(points, radius);
        }

        @Override
        public void drawJoints(ai.djl.modality.cv.output.Joints joints) {
            inner.drawJoints(joints);
        }

        @Override
        public void drawImage(Image overlay, boolean resize) {
            inner.drawImage(overlay, resize);
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
