package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.InvalidModelException;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.files.proto.Onnx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Embedded preprocessing against the original model fed pixelprep's tensor: both paths start from the same
 * 8-bit pixels at the model's size (pixelprep's own resize and crop ran first), so only the embedded part differs.
 */
class EmbedderTest {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    static OnnxModel mobilenet;
    static OnnxModel ultraface;

    @BeforeAll
    static void open() {
        mobilenet = OnnxModel.open(Bundled.MOBILENET);
        ultraface = OnnxModel.open(Bundled.ULTRAFACE);
    }

    @AfterAll
    static void close() {
        mobilenet.close();
        ultraface.close();
    }

    /** The spec's geometry applied by pixelprep: 8-bit RGB pixels at the model's input size. */
    static PixelBuffer modelSizedRgb(Spec spec, String image) {
        Spec pixels = Spec.builder().geometry(spec.geometry()).color(ColorOrder.RGB).layout(Layout.HWC).dtype(DType.UINT8).build();
        Tensor t = Pipeline.compile(pixels).tensor(Bundled.image(image));
        byte[] rgb = new byte[(int) t.size()];
        t.data().duplicate().get(rgb);
        return PixelBuffer.of(rgb, t.shape()[1], t.shape()[0], PixelFormat.RGB888);
    }

    /** The same pixels in another byte format; alpha or padding bytes get noise, which the model must ignore. */
    static byte[] repack(PixelBuffer rgb, PixelFormat f, long seed) {
        byte[] src = rgb.byteArray();
        int n = rgb.width() * rgb.height();
        int p = f.pixelStride();
        byte[] out = new byte[n * p];
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            int r = src[3 * i] & 0xFF;
            int g = src[3 * i + 1] & 0xFF;
            int b = src[3 * i + 2] & 0xFF;
            for (int k = 0; k < p; k++) {
                out[i * p + k] = (byte) rnd.nextInt(256);
            }
            if (f.isGray()) {
                out[i] = (byte) r;
            } else {
                out[i * p + f.redIndex()] = (byte) r;
                out[i * p + f.greenIndex()] = (byte) g;
                out[i * p + f.blueIndex()] = (byte) b;
            }
        }
        return out;
    }

    /** Runs a model (bytes) on a uint8 [N,H,W,P] or [H,W,P] pixel tensor with ONNX Runtime; every float output by name. */
    static Map<String, float[]> runPixels(Onnx.ModelProto model, String input, byte[] pixels, long[] shape) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            // as OnnxModel's sessions: exact quantised kernels on x86-64 without VNNI, two threads
            o.addConfigEntry("session.x64quantprecision", "1");
            o.setIntraOpNumThreads(2);
            try (OrtSession s = ENV.createSession(model.toByteArray(), o);
                 OnnxTensor t = OnnxTensor.createTensor(ENV, ByteBuffer.wrap(pixels), shape, OnnxJavaType.UINT8);
                 OrtSession.Result r = s.run(Map.of(input, t))) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : r) {
                    OnnxTensor ot = (OnnxTensor) e.getValue();
                    float[] v = new float[(int) ot.getInfo().getNumElements()];
                    ot.getFloatBuffer().get(v);
                    out.put(e.getKey(), v);
                }
                return out;
            }
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a.length).isEqualTo(b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Indices of the k largest values, largest first (ties by lower index). */
    static List<Integer> topK(float[] v, int from, int count, int stride, int k) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            idx.add(i);
        }
        idx.sort((x, y) -> {
            int c = Float.compare(v[from + y * stride], v[from + x * stride]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        return idx.subList(0, k);
    }

    @ParameterizedTest
    @CsvSource({"BGRA8888, chelsea.png", "RGB888, chelsea.png", "BGR888, rocket.jpg", "RGBA8888, coffee.png"})
    void mobileNetWithEmbeddedPreprocessingAgreesWithTheOriginalOnPixelprepsTensor(PixelFormat format, String image) throws OrtException {
        Spec spec = SpecResolver.resolve(mobilenet, null, null).spec();
        PixelBuffer rgb = modelSizedRgb(spec, image);
        float[] want = mobilenet.run(spec.toBuilder().geometry(null).build(), List.of(rgb)).get("output").toFloatArray();

        Embedder.Result e = Embedder.embed(ModelFile.read(Bundled.MOBILENET), spec, format);
        assertThat(e.inputShape()).containsExactly(-1, 224, 224, format.pixelStride());
        float[] got = runPixels(e.model(), e.inputName(), repack(rgb, format, 1), new long[] {1, 224, 224, format.pixelStride()}).get("output");
        System.out.printf("embedded MobileNet, %s %s: max |logit difference| %.3g%n", format, image, maxAbsDiff(got, want));
        assertThat(maxAbsDiff(got, want)).as("max |logit difference|").isLessThanOrEqualTo(1e-4);
        assertThat(topK(got, 0, 1000, 1, 5)).isEqualTo(topK(want, 0, 1000, 1, 5));
    }

    @ParameterizedTest
    @CsvSource({"BGRA8888", "RGB888", "BGRX8888"})
    void ultraFaceWithEmbeddedPreprocessingAgreesWithTheOriginalOnPixelprepsTensor(PixelFormat format) throws OrtException {
        Spec spec = SpecResolver.resolve(ultraface, null, null).spec();
        PixelBuffer rgb = modelSizedRgb(spec, "astronaut.png");
        Map<String, Tensor> want = ultraface.run(spec.toBuilder().geometry(null).build(), List.of(rgb));

        Embedder.Result e = Embedder.embed(ModelFile.read(Bundled.ULTRAFACE), spec, format);
        assertThat(e.inputShape()).containsExactly(1, 240, 320, format.pixelStride());
        Map<String, float[]> got = runPixels(e.model(), e.inputName(), repack(rgb, format, 2), e.inputShape());
        float[] wantScores = want.get("scores").toFloatArray();
        System.out.printf("embedded UltraFace, %s: max |score difference| %.3g, max |box difference| %.3g%n", format,
                maxAbsDiff(got.get("scores"), wantScores), maxAbsDiff(got.get("boxes"), want.get("boxes").toFloatArray()));
        assertThat(maxAbsDiff(got.get("scores"), wantScores)).isLessThanOrEqualTo(1e-4);
        assertThat(maxAbsDiff(got.get("boxes"), want.get("boxes").toFloatArray())).isLessThanOrEqualTo(1e-4);
        // the ten best face anchors (column 1 of [1,4420,2]) in the same order
        assertThat(topK(got.get("scores"), 1, 4420, 2, 10)).isEqualTo(topK(wantScores, 1, 4420, 2, 10));
        assertThat(wantScores[1 + 2 * topK(wantScores, 1, 4420, 2, 1).get(0)]).isGreaterThan(0.99f);
    }

    @Test
    void aBatchOfTwoRunsThroughTheSymbolicBatchDimension() throws OrtException {
        Spec spec = SpecResolver.resolve(mobilenet, null, null).spec();
        PixelBuffer a = modelSizedRgb(spec, "chelsea.png");
        PixelBuffer b = modelSizedRgb(spec, "coffee.png");
        float[] want = mobilenet.run(spec.toBuilder().geometry(null).build(), List.of(a, b)).get("output").toFloatArray();
        Embedder.Result e = Embedder.embed(ModelFile.read(Bundled.MOBILENET), spec, PixelFormat.BGRA8888);
        byte[] pa = repack(a, PixelFormat.BGRA8888, 3);
        byte[] pb = repack(b, PixelFormat.BGRA8888, 4);
        byte[] both = new byte[pa.length * 2];
        System.arraycopy(pa, 0, both, 0, pa.length);
        System.arraycopy(pb, 0, both, pa.length, pb.length);
        float[] got = runPixels(e.model(), e.inputName(), both, new long[] {2, 224, 224, 4}).get("output");
        assertThat(maxAbsDiff(got, want)).isLessThanOrEqualTo(1e-4);
        assertThat(topK(got, 1000, 1000, 1, 5)).isEqualTo(topK(want, 1000, 1000, 1, 5)).startsWith(967);
    }

    @Test
    void theRewrittenGraphKeepsTheIrRules() {
        Spec spec = SpecResolver.resolve(ultraface, null, null).spec();
        Onnx.ModelProto original = ModelFile.read(Bundled.ULTRAFACE);
        Embedder.Result e = Embedder.embed(original, spec, PixelFormat.BGRA8888);
        Onnx.GraphProto g = e.model().getGraph();
        Onnx.GraphProto o = original.getGraph();
        assertThat(e.model().getOpsetImportList()).isEqualTo(original.getOpsetImportList());
        assertThat(e.model().getIrVersion()).isEqualTo(original.getIrVersion());
        assertThat(ModelFile.realInputs(g)).extracting(Onnx.ValueInfoProto::getName).containsExactly(e.inputName());
        assertThat(g.getInputList()).extracting(Onnx.ValueInfoProto::getName).doesNotContain("input");
        assertThat(g.getInputCount()).isEqualTo(o.getInputCount());
        assertThat(g.getValueInfoList()).extracting(Onnx.ValueInfoProto::getName).contains("input");
        // new nodes first, the original ones after them unchanged; every output name written once
        int added = g.getNodeCount() - o.getNodeCount();
        assertThat(g.getNodeList().subList(added, g.getNodeCount())).isEqualTo(o.getNodeList());
        assertThat(g.getNodeList().subList(0, added)).extracting(Onnx.NodeProto::getOpType).containsExactly("Gather", "Transpose", "Cast", "Mul", "Add");
        assertThat(g.getNode(added - 1).getOutput(0)).isEqualTo("input");
        List<String> outputs = new ArrayList<>();
        g.getNodeList().forEach(n -> outputs.addAll(n.getOutputList()));
        assertThat(outputs).doesNotHaveDuplicates();
        assertThat(e.model().getMetadataPropsList()).extracting(Onnx.StringStringEntryProto::getKey).containsExactly(Embedder.EMBEDDED_KEY);
    }

    /** A model that returns its float input [1,C,H,W] (or another layout) unchanged: shows the embedded tensor itself. */
    static Onnx.ModelProto identity(int elemType, long... shape) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        Onnx.TypeProto in = Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s)).build();
        Onnx.TypeProto out = Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(s)).build();
        Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setName("n").addInput("x").addOutput("y");
        if (elemType == Onnx.TensorProto.DataType.FLOAT_VALUE) {
            node.setOpType("Identity");
        } else {
            node.setOpType("Cast").addAttribute(Onnx.AttributeProto.newBuilder().setName("to")
                    .setType(Onnx.AttributeProto.AttributeType.INT).setI(Onnx.TensorProto.DataType.FLOAT_VALUE));
        }
        return Onnx.ModelProto.newBuilder().setIrVersion(7).addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(12))
                .setGraph(Onnx.GraphProto.newBuilder().setName("identity").addNode(node)
                        .addInput(Onnx.ValueInfoProto.newBuilder().setName("x").setType(in))
                        .addOutput(Onnx.ValueInfoProto.newBuilder().setName("y").setType(out))).build();
    }

    static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Embeds {@code spec} into an identity model and compares its output with pixelprep's tensor of the same pixels. */
    static double embeddedVsPipeline(Spec spec, PixelFormat f, int elemType, double tolerance) throws OrtException {
        int w = 7;
        int h = 5;
        int[] shape = spec.shape(w, h);
        long[] ls = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ls[i] = shape[i];
        }
        byte[] px = noise(w * h * f.pixelStride(), 42);
        float[] want = Pipeline.compile(spec).tensor(PixelBuffer.of(px, w, h, f)).toFloatArray();
        Embedder.Result e = Embedder.embed(identity(elemType, ls), spec, f);
        ModelFile.checkLoads(e.model().toByteArray(), "identity");
        float[] got = runPixels(e.model(), e.inputName(), px, e.inputShape()).get("y");
        double d = maxAbsDiff(got, want);
        assertThat(d).as(spec.describe() + " from " + f).isLessThanOrEqualTo(tolerance);
        return d;
    }

    @Test
    void grayFromColourUsesTheSpecsIntegerLumaExactly() throws OrtException {
        for (Luma l : Luma.values()) {
            for (PixelFormat f : List.of(PixelFormat.BGRA8888, PixelFormat.RGB888, PixelFormat.ABGR8888)) {
                Spec raw = Spec.builder().color(ColorOrder.GRAY).luma(l).build();
                assertThat(embeddedVsPipeline(raw, f, Onnx.TensorProto.DataType.FLOAT_VALUE, 0)).isZero();
            }
        }
        embeddedVsPipeline(Spec.builder().color(ColorOrder.GRAY).scale(1 / 255.0).bias(-0.5).layout(Layout.NHWC).build(),
                PixelFormat.RGBA8888, Onnx.TensorProto.DataType.FLOAT_VALUE, 1e-6);
    }

    @Test
    void colourFromGrayRepeatsTheChannelAndGrayFromGrayPassesIt() throws OrtException {
        embeddedVsPipeline(Spec.builder().color(ColorOrder.RGB).scale(1 / 127.5).bias(-1).build(), PixelFormat.GRAY8,
                Onnx.TensorProto.DataType.FLOAT_VALUE, 1e-6);
        embeddedVsPipeline(Spec.builder().color(ColorOrder.GRAY).build(), PixelFormat.GRAY8, Onnx.TensorProto.DataType.FLOAT_VALUE, 0);
    }

    @Test
    void meanImageInversionAndInterleavedLayoutsFollowTheSpecFormula() throws OrtException {
        float[] mean = new float[3 * 5 * 7];
        Random rnd = new Random(7);
        for (int i = 0; i < mean.length; i++) {
            mean[i] = rnd.nextFloat() * 255;
        }
        MeanImage m = new MeanImage(3, 5, 7, mean);
        for (Layout layout : Layout.values()) {
            for (boolean invert : new boolean[] {false, true}) {
                Spec s = Spec.builder().color(ColorOrder.BGR).meanImage(m).scale(0.017, 0.0175, 0.0171).bias(0.1, -0.2, 0.3)
                        .invert(invert).layout(layout).build();
                embeddedVsPipeline(s, PixelFormat.RGBA8888, Onnx.TensorProto.DataType.FLOAT_VALUE, 1e-5);
                embeddedVsPipeline(s.toBuilder().meanImage(null).build(), PixelFormat.BGR888, Onnx.TensorProto.DataType.FLOAT_VALUE, 1e-5);
            }
        }
    }

    @Test
    void aFloat16ModelInputGetsAFinalCast() throws OrtException {
        Spec s = Spec.builder().color(ColorOrder.RGB).scale(1 / 58.0).bias(-2).dtype(DType.FLOAT16).build();
        // float16 has 11 significant bits: values near 2 are 2^-10 apart
        embeddedVsPipeline(s, PixelFormat.ARGB8888, Onnx.TensorProto.DataType.FLOAT16_VALUE, 0);
    }

    @Test
    void whatCannotBeEmbeddedIsRefusedWithTheReason() {
        Spec spec = SpecResolver.resolve(mobilenet, null, null).spec();
        Onnx.ModelProto m = ModelFile.read(Bundled.MOBILENET);
        assertThatThrownBy(() -> Embedder.embed(m, spec.toBuilder().alpha(AlphaPolicy.composite(255, 255, 255)).build(), PixelFormat.BGRA8888))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("alpha policy composite over rgb(255,255,255) is not embedded");
        assertThatThrownBy(() -> Embedder.embed(m, spec.toBuilder().color(ColorOrder.GRAY).scale(1).bias(0).build(), PixelFormat.RGB888))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("[batch_size,3,224,224] (NCHW) has 3 channel(s) but the spec's GRAY has 1");
        assertThatThrownBy(() -> Embedder.embed(m, spec.toBuilder().layout(Layout.NHWC).build(), PixelFormat.RGB888))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("has 224 channel(s)");
        assertThatThrownBy(() -> Embedder.embed(m, spec, PixelFormat.INT_ARGB)).hasMessageContaining("packed into ints");
        assertThatThrownBy(() -> Embedder.embed(m, spec.toBuilder().dtype(DType.UINT8).build(), PixelFormat.RGB888))
                .hasMessageContaining("model input `input` is float32 and the spec produces uint8");
        Onnx.ModelProto unsized = identity(Onnx.TensorProto.DataType.FLOAT_VALUE, 1, 3, 5, 7).toBuilder()
                .setGraph(identity(Onnx.TensorProto.DataType.FLOAT_VALUE, 1, 3, 5, 7).getGraph().toBuilder().setInput(0,
                        Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder().setTensorType(
                                Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(Onnx.TensorShapeProto.newBuilder()
                                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(3))
                                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("h"))
                                        .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("w"))))))).build();
        assertThatThrownBy(() -> Embedder.embed(unsized, Spec.builder().build(), PixelFormat.RGB888))
                .hasMessageContaining("has no fixed height and width [1,3,h,w]");
    }

    @Test
    void newNamesNeverCollideWithTheGraphs() throws OrtException {
        Onnx.ModelProto m = identity(Onnx.TensorProto.DataType.FLOAT_VALUE, 1, 3, 5, 7);
        // a graph that already uses the names the embedder would pick first
        Onnx.GraphProto g = m.getGraph().toBuilder().setInput(0, m.getGraph().getInput(0).toBuilder().setName("pixels"))
                .setNode(0, m.getGraph().getNode(0).toBuilder().setName("pixelprep/cast").setInput(0, "pixels")).build();
        Spec s = Spec.builder().color(ColorOrder.BGR).scale(2).build();
        Embedder.Result e = Embedder.embed(m.toBuilder().setGraph(g).build(), s, PixelFormat.RGB888);
        assertThat(e.inputName()).isEqualTo("pixels_1");
        List<String> nodeNames = new ArrayList<>();
        e.model().getGraph().getNodeList().forEach(n -> nodeNames.add(n.getName()));
        assertThat(nodeNames).doesNotHaveDuplicates().contains("pixelprep/cast_1");
        byte[] px = noise(5 * 7 * 3, 9);
        float[] got = runPixels(e.model(), "pixels_1", px, e.inputShape()).get("y");
        assertThat(got).containsExactly(Pipeline.compile(s).tensor(PixelBuffer.of(px, 7, 5, PixelFormat.RGB888)).toFloatArray());
    }

    @Test
    void constantsAreAlsoListedAsInputsBelowIrVersion4() throws OrtException {
        Onnx.ModelProto m = identity(Onnx.TensorProto.DataType.FLOAT_VALUE, 1, 3, 5, 7).toBuilder().setIrVersion(3)
                .setOpsetImport(0, Onnx.OperatorSetIdProto.newBuilder().setVersion(8)).build();
        Embedder.Result e = Embedder.embed(m, Spec.builder().color(ColorOrder.BGR).scale(0.5).bias(1).build(), PixelFormat.RGB888);
        assertThat(e.model().getGraph().getInputCount()).isEqualTo(1 + e.model().getGraph().getInitializerCount());
        ModelFile.checkLoads(e.model().toByteArray(), "ir3");
        Onnx.ModelProto tooOld = m.toBuilder().setOpsetImport(0, Onnx.OperatorSetIdProto.newBuilder().setVersion(6)).build();
        assertThatThrownBy(() -> Embedder.embed(tooOld, Spec.builder().build(), PixelFormat.RGB888)).hasMessageContaining("opset 6");
    }
}
