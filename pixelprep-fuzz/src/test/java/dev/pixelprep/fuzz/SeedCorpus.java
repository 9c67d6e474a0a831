package dev.pixelprep.fuzz;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.caffe.proto.CaffeProto.BlobProto;
import dev.pixelprep.formats.caffe.proto.CaffeProto.BlobShape;
import dev.pixelprep.formats.config.KerasApplications;
import dev.pixelprep.formats.config.TorchvisionWeights;
import dev.pixelprep.formats.coreml.CoreMlEditor;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Pipeline;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.files.SpecResolver;
import dev.pixelprep.onnx.files.proto.Onnx;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes the committed seed corpora of the fuzz targets (run by {@code scripts/fuzz-seeds.sh}; re-running it gives
 * the same files). Seeds are copies of small licensed files already in the repository (their NOTICE files say where
 * they are from) and files generated here: images in every decoded format, specs, {@code .npy} files, Core ML models
 * with their weights removed, Caffe blobs, tiny ONNX graphs with normalisation and stored specs.
 *
 * <p>Arguments: the repository root. Writes under {@code pixelprep-fuzz/src/test/resources/dev/pixelprep/fuzz/} into
 * {@code <TestClass>Inputs/<method>/seed-*} and leaves any other file there (regression inputs) alone.
 */
public final class SeedCorpus {
    private final Path repo;
    private final Path out;

    private SeedCorpus(Path repo) {
        this.repo = repo;
        this.out = repo.resolve("pixelprep-fuzz/src/test/resources/dev/pixelprep/fuzz");
    }

    public static void main(String[] args) throws Exception {
        SeedCorpus s = new SeedCorpus(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize());
        s.images();
        s.specs();
        s.npy();
        s.coreMl();
        s.program();
        s.caffe();
        s.configs();
        s.onnx();
        s.geometry();
    }

    private Path dir(String cls, String method) throws IOException {
        Path d = out.resolve(cls + "Inputs").resolve(method);
        Files.createDirectories(d);
        return d;
    }

    private void put(String cls, String method, String name, byte[] bytes) throws IOException {
        Files.write(dir(cls, method).resolve("seed-" + name), bytes);
    }

    private byte[] file(String rel) throws IOException {
        return Files.readAllBytes(repo.resolve(rel));
    }

    // ---- images ----

    private void images() throws IOException {
        List<String[]> generated = new ArrayList<>();
        BufferedImage rgb = pattern(13, 9, BufferedImage.TYPE_INT_RGB);
        BufferedImage argb = pattern(7, 5, BufferedImage.TYPE_INT_ARGB);
        BufferedImage gray = pattern(11, 6, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage indexed = pattern(9, 9, BufferedImage.TYPE_BYTE_INDEXED);
        BufferedImage gray16 = pattern(5, 4, BufferedImage.TYPE_USHORT_GRAY);
        BufferedImage one = pattern(1, 1, BufferedImage.TYPE_INT_RGB);
        List<Object[]> all = List.of(
                new Object[] {"rgb.png", "png", rgb}, new Object[] {"argb.png", "png", argb}, new Object[] {"gray.png", "png", gray},
                new Object[] {"indexed.png", "png", indexed}, new Object[] {"gray16.png", "png", gray16}, new Object[] {"1x1.png", "png", one},
                new Object[] {"rgb.jpg", "jpeg", rgb}, new Object[] {"gray.jpg", "jpeg", gray},
                new Object[] {"rgb.gif", "gif", indexed}, new Object[] {"1x1.gif", "gif", one},
                new Object[] {"rgb.bmp", "bmp", rgb}, new Object[] {"indexed.bmp", "bmp", indexed}, new Object[] {"gray.bmp", "bmp", gray},
                new Object[] {"rgb.tif", "tiff", rgb}, new Object[] {"argb.tif", "tiff", argb}, new Object[] {"gray.tif", "tiff", gray},
                new Object[] {"gray16.tif", "tiff", gray16});
        List<byte[]> small = new ArrayList<>();
        for (Object[] g : all) {
            byte[] bytes = encode((BufferedImage) g[2], (String) g[1]);
            put("ImageDecoderFuzzTest", "decodeBytes", (String) g[0], bytes);
            put("ImageDecoderFuzzTest", "decodeFile", (String) g[0], bytes);
            small.add(bytes);
            generated.add(new String[] {(String) g[0]});
        }
        // real files already in the repository (see pixelprep-io/src/test/resources/images/NOTICE.md, examples/NOTICE.md)
        String[] copies = {
            "pixelprep-io/src/test/resources/images/chelsea-crop-alpha-lossless.webp",
            "pixelprep-io/src/test/resources/images/chelsea-crop-lossless.webp",
            "pixelprep-io/src/test/resources/images/chelsea-crop-lossy.webp",
            "pixelprep-io/src/test/resources/images/chelsea-crop-baseline.jpg",
            "pixelprep-io/src/test/resources/images/chelsea-crop-progressive.jpg",
            "pixelprep-io/src/test/resources/images/chelsea-crop-cmyk.jpg",
            "pixelprep-io/src/test/resources/images/chelsea-crop-alpha.png",
            "pixelprep-io/src/test/resources/images/phototest.tif",
            "pixelprep-io/src/test/resources/exif/chelsea-crop-exif6.jpg",
            "pixelprep-io/src/test/resources/exif/chelsea-crop-exif6-intel.jpg",
            "pixelprep-core/src/test/resources/golden/inputs/synth_rgb_37x23.png",
            "pixelprep-core/src/test/resources/golden/inputs/synth_gray_157x93.png",
            "pixelprep-core/src/test/resources/golden/inputs/synth_rgba_123x77.png",
        };
        for (String c : copies) {
            byte[] bytes = file(c);
            String name = Path.of(c).getFileName().toString();
            put("ImageDecoderFuzzTest", "decodeBytes", name, bytes);
            if (bytes.length < 4096) {
                put("ImageDecoderFuzzTest", "decodeFile", name, bytes);
                small.add(bytes);
            }
        }
        // decode-then-pipeline: 8 bytes of geometry (see ImageDecoderFuzzTest.geometry) before the image
        byte[][] prefixes = {
            {1, 0, 31, 31, 8, 23, 23, 0},            // shorter side 32 (Pillow nearest), centre crop 24
            {0, 1, 15, 11, 1, 0, 0, 0},              // exact 16x12 bilinear, antialias
            {3, 4, 63, 47, 4, 0, 0, -1},             // letterbox 64x48 centred, BGR
            {4, 9, 19, 19, 0, 0, 0, 0},              // cover-crop 20x20, OpenCV kernel
            {0, 0, 0, 0, 2 | 32, 40, 40, 0},         // crop only, larger than the image, padded
        };
        int i = 0;
        for (byte[] img : small) {
            byte[] p = prefixes[i % prefixes.length];
            byte[] seed = new byte[p.length + img.length];
            System.arraycopy(p, 0, seed, 0, p.length);
            System.arraycopy(img, 0, seed, p.length, img.length);
            put("ImageDecoderFuzzTest", "decodeThenPipeline", String.format("%02d", i++), seed);
        }
    }

    private static BufferedImage pattern(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = type == BufferedImage.TYPE_INT_ARGB ? (x * 255 / Math.max(1, w - 1)) : 255;
                img.setRGB(x, y, a << 24 | (x * 37 & 255) << 16 | (y * 53 & 255) << 8 | ((x + y) * 29 & 255));
            }
        }
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, bytes)) {
            throw new IOException("no ImageIO writer for " + format + " and image type " + img.getType());
        }
        return bytes.toByteArray();
    }

    // ---- specs ----

    private void specs() throws IOException {
        List<Spec> specs = new ArrayList<>();
        for (String name : Presets.all().keySet()) {
            specs.add(Presets.get(name).toSpec());
        }
        Spec tv = Presets.get("torchvision-imagenet").toSpec();
        specs.add(Spec.builder().color(tv.color()).scale(tv.scale()).bias(tv.bias())
                .geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build());
        specs.add(Spec.builder().geometry(new Geometry(new Resize(ResizeMode.FIT, 640, 640, 0, 0, Interpolation.BILINEAR,
                ResizeFamily.OPENCV, false, new int[] {114, 114, 114}, true), null)).layout(Layout.NHWC).dtype(DType.UINT8).build());
        specs.add(Spec.builder().geometry(new Geometry(Resize.exact(320, 240, Interpolation.BILINEAR, ResizeFamily.OPENCV), null))
                .scale(1 / 128.0).bias(-127 / 128.0).batch(2).build());
        specs.add(Spec.builder().geometry(new Geometry(new Resize(ResizeMode.SHORTER_SIDE, 0, 0, 800, 1333, Interpolation.BICUBIC,
                ResizeFamily.PILLOW, true, null, false), new Crop(800, 800, CropRounding.FLOOR, true, new int[] {0, 0, 0}))).build());
        int i = 0;
        for (Spec s : specs) {
            byte[] json = SpecJson.write(s).getBytes(StandardCharsets.UTF_8);
            put("SpecJsonFuzzTest", "parseAndRender", String.format("%02d.json", i), json);
            put("SpecJsonFuzzTest", "parseDocument", String.format("%02d.json", i), json);
            i++;
        }
        for (String sidecar : new String[] {"examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx.pixelprep.json",
                "examples/models/ultraface/version-RFB-320.onnx.pixelprep.json"}) {
            put("SpecJsonFuzzTest", "parseAndRender", Path.of(sidecar).getFileName().toString(), file(sidecar));
            put("SpecJsonFuzzTest", "parseDocument", Path.of(sidecar).getFileName().toString(), file(sidecar));
        }
    }

    // ---- npy ----

    private void npy() throws IOException {
        Random r = new Random(16);
        int[][] shapes = {{}, {0}, {5}, {2, 3}, {1, 3, 4, 5}, {1, 4, 5, 3}, {2, 1, 2, 2}};
        int i = 0;
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT16, DType.UINT8, DType.INT8}) {
            for (int[] shape : shapes) {
                int n = (int) Tensor.elementCount(shape);
                ByteBuffer data = ByteBuffer.allocate(n * t.size()).order(ByteOrder.LITTLE_ENDIAN);
                r.nextBytes(data.array());
                Layout layout = shape.length == 4 ? Layout.NCHW : shape.length == 3 ? Layout.CHW : Npy.guessLayout(shape);
                byte[] bytes;
                try {
                    bytes = Npy.toBytes(new Tensor(shape, t, layout, data));
                } catch (RuntimeException e) {
                    continue; // a shape the tensor type does not take
                }
                put("NpyFuzzTest", "read", String.format("%02d-%s.npy", i++, t.name().toLowerCase()), bytes);
            }
        }
        // a float64 file and a version 2 header, as numpy writes them
        put("NpyFuzzTest", "read", "f8.npy", npyFile(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 32));
        put("NpyFuzzTest", "read", "v2.npy", npyFile(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 12));
        put("NpyFuzzTest", "read", "logits.npy", file("pixelprep-doctor/src/test/resources/reference/mobilenetv2-12-int8.chelsea.output-logits.npy"));
    }

    private static byte[] npyFile(int version, String header, int dataBytes) {
        int pre = version == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(header);
        while ((pre + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(pre + hb.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) hb.length);
        } else {
            b.putInt(hb.length);
        }
        b.put(hb);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    // ---- Core ML ----

    private void coreMl() throws IOException {
        Spec fix = Presets.get("torchvision-imagenet").toSpec();
        for (String name : new String[] {"Image2Image", "NeuralMcNeuralNet", "TinyDrawingEmbedding", "mnistCNN", "ultraface_face_detector"}) {
            Model m = CoreMlFile.parse(file("pixelprep-formats/src/test/resources/coreml/" + name + ".mlmodel"), name);
            Model light = withoutWeights(m);
            byte[] bytes = light.toByteArray();
            put("CoreMlFuzzTest", "parseAndInspect", name + ".mlmodel", bytes);
            put("CoreMlFuzzTest", "readFile", name + ".mlmodel", bytes);
            if (CoreMlInspector.inspect(light).imageInputs().size() == 1) {
                try {
                    Model fixed = CoreMlEditor.fix(light, null, fix, true).model();
                    put("CoreMlFuzzTest", "parseAndInspect", name + "-fixed.mlmodel", fixed.toByteArray());
                } catch (RuntimeException e) {
                    // mlProgram and other inputs fix refuses: the original is seed enough
                }
            }
        }
    }

    /** The example ML program, fixed, and weight files for {@code weightFile} (8-byte offset, then the file). */
    private void program() throws IOException {
        Path pkg = repo.resolve("examples/coreml/scaled-only.mlpackage");
        byte[] model = file("examples/coreml/scaled-only.mlpackage/Data/com.apple.CoreML/model.mlmodel");
        put("CoreMlFuzzTest", "parseAndInspect", "scaled-only.mlmodel", model);
        Model m = CoreMlFile.read(pkg).model();
        put("CoreMlFuzzTest", "parseAndInspect", "scaled-only-fixed.mlmodel",
                CoreMlEditor.fix(m, null, Presets.get("torchvision-imagenet").toSpec(), false).model().toByteArray());
        byte[] weights = file("examples/coreml/scaled-only.mlpackage/Data/com.apple.CoreML/weights/weight.bin");
        for (long offset : new long[] {64, 0, 576, 1L << 40}) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + weights.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putLong(offset).put(weights);
            put("CoreMlFuzzTest", "weightFile", "offset-" + offset + ".bin", b.array());
        }
    }

    /** The model with its layers' bytes (the weights) removed: the structure and preprocessing stay, 100x smaller. */
    private static Model withoutWeights(Model m) {
        Model.Builder b = m.toBuilder();
        switch (m.getTypeCase()) {
            case NEURALNETWORK: b.setNeuralNetwork(m.getNeuralNetwork().toBuilder().clearLayers().clearUpdateParams()); break;
            case NEURALNETWORKCLASSIFIER: b.setNeuralNetworkClassifier(m.getNeuralNetworkClassifier().toBuilder().clearLayers().clearUpdateParams()); break;
            case NEURALNETWORKREGRESSOR: b.setNeuralNetworkRegressor(m.getNeuralNetworkRegressor().toBuilder().clearLayers().clearUpdateParams()); break;
            case PIPELINE: b.setPipeline(pipeline(m.getPipeline())); break;
            case PIPELINECLASSIFIER: b.setPipelineClassifier(m.getPipelineClassifier().toBuilder().setPipeline(pipeline(m.getPipelineClassifier().getPipeline()))); break;
            case PIPELINEREGRESSOR: b.setPipelineRegressor(m.getPipelineRegressor().toBuilder().setPipeline(pipeline(m.getPipelineRegressor().getPipeline()))); break;
            default: break;
        }
        return b.build();
    }

    private static Pipeline pipeline(Pipeline p) {
        Pipeline.Builder b = p.toBuilder().clearModels();
        for (Model inner : p.getModelsList()) {
            b.addModels(withoutWeights(inner));
        }
        return b.build();
    }

    // ---- Caffe ----

    private void caffe() throws IOException {
        put("CaffeMeanFuzzTest", "parse", "cifar10_mean.binaryproto", file("pixelprep-formats/src/test/resources/caffe/cifar10_mean.binaryproto"));
        put("CaffeMeanFuzzTest", "parse", "legacy-1x3x4x4", blob(true, 1, 3, 4, 4, false));
        put("CaffeMeanFuzzTest", "parse", "shape-3x6x5", blob(false, 0, 3, 6, 5, false));
        put("CaffeMeanFuzzTest", "parse", "shape-1x1x8x8-double", blob(false, 1, 1, 8, 8, true));
        put("CaffeMeanFuzzTest", "parse", "legacy-1x3x1x1", blob(true, 1, 3, 1, 1, false));
    }

    private static byte[] blob(boolean legacy, int num, int c, int h, int w, boolean doubles) {
        BlobProto.Builder b = BlobProto.newBuilder();
        if (legacy) {
            b.setNum(num).setChannels(c).setHeight(h).setWidth(w);
        } else {
            BlobShape.Builder s = BlobShape.newBuilder();
            if (num > 0) {
                s.addDim(num);
            }
            b.setShape(s.addDim(c).addDim(h).addDim(w));
        }
        for (int i = 0; i < Math.max(1, num) * c * h * w; i++) {
            double v = 100 + (i * 13 % 50);
            if (doubles) {
                b.addDoubleData(v);
            } else {
                b.addData((float) v);
            }
        }
        return b.build().toByteArray();
    }

    // ---- configs ----

    private void configs() throws IOException {
        try (var files = Files.list(repo.resolve("pixelprep-formats/src/test/resources/hf"))) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                put("ConfigFuzzTest", "huggingFace", p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        try (var files = Files.list(repo.resolve("pixelprep-formats/src/test/resources/timm"))) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                put("ConfigFuzzTest", "timm", p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        put("ConfigFuzzTest", "tflite", "mobilenet_v2_metadata.json", file("pixelprep-formats/src/test/resources/tflite/mobilenet_v2_metadata.json"));
        put("ConfigFuzzTest", "tflite", "gray.json", "{\"mean\": [0.0], \"std\": [255.0]}".getBytes(StandardCharsets.UTF_8));
        for (String n : KerasApplications.names()) {
            put("ConfigFuzzTest", "names", "keras-" + n, n.getBytes(StandardCharsets.UTF_8));
        }
        for (String n : TorchvisionWeights.names()) {
            put("ConfigFuzzTest", "names", "torchvision-" + n, n.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---- ONNX ----

    private void onnx() throws IOException {
        String spec = SpecJson.write(Presets.get("torchvision-imagenet").toSpec());
        put2("normalize-initializers.onnx", model(false, List.of(
                meta(SpecResolver.METADATA_KEY, spec)), "Sub", "Div"));
        put2("normalize-constants.onnx", model(true, List.of(
                meta("Image.BitmapPixelFormat", "Bgr8"), meta("Image.NominalPixelRange", "Normalized_0_1")), "Mul", "Add"));
        put2("no-normalization.onnx", model(false, List.of(), "Identity"));
        // the bundled models' structure with their weights removed (examples/NOTICE.md: Apache-2.0 and MIT)
        for (String m : new String[] {"examples/models/ultraface/version-RFB-320.onnx", "examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx"}) {
            Onnx.ModelProto model = Onnx.ModelProto.parseFrom(file(m));
            Onnx.GraphProto.Builder g = model.getGraph().toBuilder();
            for (int i = 0; i < g.getInitializerCount(); i++) {
                Onnx.TensorProto t = g.getInitializer(i);
                long n = 1;
                for (long d : t.getDimsList()) {
                    n *= d;
                }
                if (n > 8) {
                    g.setInitializer(i, t.toBuilder().clearRawData().clearFloatData().clearInt32Data().clearInt64Data().clearDims().addDims(0));
                }
            }
            for (int i = 0; i < g.getNodeCount(); i++) {
                Onnx.NodeProto.Builder node = g.getNode(i).toBuilder();
                for (int a = 0; a < node.getAttributeCount(); a++) {
                    Onnx.AttributeProto at = node.getAttribute(a);
                    if (at.hasT() && at.getT().getSerializedSize() > 64) {
                        node.setAttribute(a, at.toBuilder().setT(at.getT().toBuilder().clearRawData().clearFloatData().clearDims().addDims(0)));
                    }
                }
                g.setNode(i, node);
            }
            Onnx.ModelProto light = model.toBuilder().setGraph(g).build();
            put2(Path.of(m).getFileName().toString().replace(".onnx", "-structure.onnx"), light.toByteArray());
        }
    }

    private void put2(String name, byte[] bytes) throws IOException {
        put("OnnxModelFuzzTest", "modelFile", name, bytes);
        put("OnnxModelFuzzTest", "graphNormalization", name, bytes);
    }

    private static Onnx.StringStringEntryProto meta(String k, String v) {
        return Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    /** input "data" [1,3,224,224] float through the named element-wise ops with 3-channel constants, then Identity. */
    private static byte[] model(boolean constantNodes, List<Onnx.StringStringEntryProto> metadata, String... ops) {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("g");
        g.addInput(value("data", 1, 3, 224, 224));
        String prev = "data";
        int i = 0;
        for (String op : ops) {
            String out = "t" + i;
            Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setOpType(op).addInput(prev).addOutput(out).setName("n" + i);
            if (!op.equals("Identity")) {
                String c = "c" + i;
                Onnx.TensorProto t = Onnx.TensorProto.newBuilder().setName(c).setDataType(1).addDims(1).addDims(3).addDims(1).addDims(1)
                        .addFloatData(0.485f + i).addFloatData(0.456f + i).addFloatData(0.406f + i).build();
                if (constantNodes) {
                    g.addNode(Onnx.NodeProto.newBuilder().setOpType("Constant").addOutput(c).setName("k" + i)
                            .addAttribute(Onnx.AttributeProto.newBuilder().setName("value").setType(Onnx.AttributeProto.AttributeType.TENSOR).setT(t)));
                } else {
                    g.addInitializer(t);
                }
                node.addInput(c);
            }
            g.addNode(node);
            prev = out;
            i++;
        }
        g.addOutput(value(prev, 1, 3, 224, 224));
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("pixelprep-fuzz").setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).addAllMetadataProps(metadata)
                .build().toByteArray();
    }

    private static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    // ---- geometry ----

    private void geometry() throws IOException {
        Random r = new Random(16);
        for (int i = 0; i < 12; i++) {
            byte[] b = new byte[24 + 8 * i];
            r.nextBytes(b);
            put("GeometryFuzzTest", "plan", String.format("%02d", i), b);
        }
    }
}
