package example;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java block of the README is one of this project's example classes verbatim (its file without the package
 * line), every example class is in the README, and each one runs on the bundled examples with the answer the model
 * authors' preprocessing gives. Runs in the repository root (surefire's working directory).
 */
class ReadmeSnippetsTest {
    static final Path SOURCES = Path.of("examples/consumer/src/main/java/example");

    static PixelBuffer photo(String name) {
        return ImageDecoder.defaults().decode(Path.of("examples", name)).pixels();
    }

    static List<String> readmeJavaBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
            if (current == null && line.equals("```java")) {
                current = new StringBuilder();
            } else if (current != null && line.equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    static String withoutPackageLine(Path source) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        return text.replaceFirst("\\Apackage example;\n\n", "");
    }

    @Test
    void theReadmesJavaIsTheseClassesVerbatim() throws IOException {
        List<String> blocks = readmeJavaBlocks();
        List<String> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                classes.add(withoutPackageLine(f));
                assertTrue(blocks.contains(classes.get(classes.size() - 1)), "README.md lacks " + f.getFileName() + " verbatim");
            }
        }
        for (int i = 0; i < blocks.size(); i++) {
            assertTrue(classes.contains(blocks.get(i)), "README.md's Java block " + (i + 1) + " is not an example class:\n" + blocks.get(i));
        }
    }

    @Test
    void classifyAPhotoGivesTheModelZoosAnswer() {
        List<Classification.Prediction> top = ClassifyAPhoto.top5(Path.of("examples/chelsea.png"));
        assertEquals(285, top.get(0).index());
        assertEquals(0.5967, top.get(0).probability(), 0.002);
        assertEquals(967, ClassifyAPhoto.top5(Path.of("examples/coffee.png")).get(0).index(), "espresso");
    }

    @Test
    void aBufferedImageGivesThePipelinesTensor() throws IOException {
        float[] chw = FromBufferedImage.chw(ImageIO.read(Path.of("examples/coffee.png").toFile()));
        float[] viaDecoder = Pipeline.compile(FromBufferedImage.SPEC).tensor(photo("coffee.png")).toFloatArray();
        assertArrayEquals(viaDecoder, chw);
    }

    @Test
    void aPaddedBgraFrameGivesThePhotosTensor() {
        PixelBuffer rgb = photo("chelsea.png");
        int w = rgb.width();
        int h = rgb.height();
        int stride = w * 4 + 64;   // rows padded as a CVPixelBuffer pads them
        ByteBuffer frame = ByteBuffer.allocateDirect(stride * h);
        byte[] px = new byte[w * h * 3];
        ByteBuffer src = Pipeline.compile(Presets.get("raw").applyTo(dev.pixelprep.core.spec.Spec.builder())
                .layout(dev.pixelprep.core.spec.Layout.HWC).dtype(dev.pixelprep.core.spec.DType.UINT8).build()).tensor(rgb).data();
        src.get(px);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int o = y * stride + x * 4;
                frame.put(o, px[i + 2]).put(o + 1, px[i + 1]).put(o + 2, px[i]).put(o + 3, (byte) 255);
            }
        }
        FloatBuffer got = new CameraFrame().prepare(frame, w, h, stride).asFloatBuffer();
        float[] want = Pipeline.compile(Presets.get("torchvision-v1").toSpec()).tensor(rgb).toFloatArray();
        float[] g = new float[want.length];
        got.get(g);
        assertArrayEquals(want, g);
    }

    @Test
    void aTensorByHandAnswersAsTheModelDoes() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path model = Path.of("examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx");
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.addConfigEntry("session.x64quantprecision", "1");
            try (OrtSession s = env.createSession(model.toString(), o); OnnxModel m = TunedSession.open(model)) {
                float[] byHand = OnnxRuntimeByHand.logits(s, photo("rocket.jpg"));
                float[] viaModel = m.run(Presets.get("onnx-zoo-imagenet").toSpec(), List.of(photo("rocket.jpg"))).get("output").toFloatArray();
                assertArrayEquals(viaModel, byHand);
            }
        }
    }

    @Test
    void detectorBoxesMapBackToThePhoto() {
        // 600x400 into 640x640: r = 16/15, sides 640x427, round(106.5 - 0.1) = 106 rows of grey above, 107 below
        double[] box = DetectorBoxes.inPhoto(photo("coffee.png"), new double[] {0, 106, 640, 533});
        assertArrayEquals(new double[] {0, 0, 600, 400}, box, 1e-9);
    }

    @Test
    void anAndroidBitmapsPixelsGiveThePhotosTensor() {
        PixelBuffer rgb = photo("astronaut.png");
        int w = rgb.width();
        int h = rgb.height();
        ByteBuffer copied = ByteBuffer.allocateDirect(w * h * 4);
        ByteBuffer src = Pipeline.compile(Presets.get("raw").applyTo(dev.pixelprep.core.spec.Spec.builder())
                .layout(dev.pixelprep.core.spec.Layout.HWC).dtype(dev.pixelprep.core.spec.DType.UINT8).build()).tensor(rgb).data();
        for (int i = 0; i < w * h; i++) {
            copied.put(src.get()).put(src.get()).put(src.get()).put((byte) 255);   // opaque: premultiplied = straight
        }
        copied.flip();
        float[] want = Pipeline.compile(Presets.get("torchvision-v1").toSpec()).tensor(rgb).toFloatArray();
        FloatBuffer got = AndroidBitmap.prepare(copied, w, h, w * 4, true);
        float[] g = new float[want.length];
        got.get(g);
        assertArrayEquals(want, g);
    }

    @Test
    void aTurnedCameraXFrameOfOneColourGivesThatColoursValuesInTheUprightShape() {
        // a 64x48 sensor frame of Y 140, U 100, V 160 with Android's interleaved chroma (pixel stride 2), turned 90
        int w = 64;
        int h = 48;
        ByteBuffer y = ByteBuffer.allocateDirect(w * h);
        for (int i = 0; i < w * h; i++) {
            y.put(i, (byte) 140);
        }
        ByteBuffer vu = ByteBuffer.allocateDirect(w * h / 2);   // V U V U ...: the V plane from byte 0, the U plane from byte 1
        for (int i = 0; i < vu.capacity(); i++) {
            vu.put(i, (byte) (i % 2 == 0 ? 160 : 100));
        }
        ByteBuffer v = vu.duplicate().limit(w * h / 2 - 1).slice();
        ByteBuffer u = vu.duplicate().position(1).slice();
        FloatBuffer got = new CameraXFrame().prepare(y, w, u, v, w, 2, w, h, 90).asFloatBuffer();
        // the same colour as one RGB pixel through the same conversion, then normalised as torchvision does
        PixelBuffer one = PixelBuffer.builder().size(2, 2).format(dev.pixelprep.core.pixels.PixelFormat.NV21)
                .plane(new byte[] {(byte) 140, (byte) 140, (byte) 140, (byte) 140}, 0, 2)
                .plane(new byte[] {(byte) 160, (byte) 100}, 0, 2)
                .yuv(dev.pixelprep.core.pixels.YuvConversion.LIBYUV_JPEG).build();
        float[] want = Pipeline.compile(Presets.get("torchvision-imagenet").toSpec()).tensor(one).toFloatArray();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 224 * 224; i++) {
                assertEquals(want[c * 4], got.get(c * 224 * 224 + i), "channel " + c + " element " + i);
            }
        }
    }

    @Test
    void djlGivesTheSameTop5AsPixelprep() throws Exception {
        // a PNG: DJL's ImageIO decode gives the pixels pixelprep's decoder gives
        ai.djl.modality.Classifications djl = DjlClassifier.classify(Path.of("examples/coffee.png"));
        List<Classification.Prediction> ours = ClassifyAPhoto.top5(Path.of("examples/coffee.png"));
        List<ai.djl.modality.Classifications.Classification> top = djl.topK(5);
        for (int i = 0; i < 5; i++) {
            assertEquals(ours.get(i).label(), top.get(i).getClassName());
            assertEquals(ours.get(i).probability(), top.get(i).getProbability(), 1e-6);
        }
    }
}
