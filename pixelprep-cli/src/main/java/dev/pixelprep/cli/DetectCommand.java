package dev.pixelprep.cli;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.Detection;
import dev.pixelprep.onnx.InvalidModelException;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.SpecResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pixelprep detect}: run the UltraFace-style face detector and print (and optionally draw) the boxes. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect faces with an UltraFace-style ONNX model (default: the bundled RFB-320) and draw or list them.",
                "The model outputs scores [1,N,2] and normalised boxes [1,N,4]; boxes are mapped back through the spec's geometry",
                "to the original image."})
final class DetectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE", description = "Image file.")
    Path image;

    @Option(names = "--model", paramLabel = "MODEL.onnx", description = "Detector (default: examples/" + Bundled.ULTRAFACE + ").")
    Path model;

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.7", description = "Minimum face score (default 0.7, the authors').")
    double threshold;

    @Option(names = "--iou", paramLabel = "T", defaultValue = "0.3", description = "NMS overlap threshold (default 0.3, the authors').")
    double iou;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.png", description = "Write the image with the boxes drawn.")
    Path output;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    ImageLoader loader;

    @Mixin
    RuntimeOptions runtime;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (!(threshold >= 0 && threshold <= 1) || !(iou >= 0 && iou <= 1)) {
            throw new UsageException("--threshold and --iou must be in 0..1");
        }
        Path modelPath = model != null ? model : Bundled.path(Bundled.ULTRAFACE);
        PrintWriter w = command.commandLine().getOut();
        DecodedImage d = loader.load(image, specOptions.decodeBase());
        List<Detection.Box> boxes;
        Spec spec;
        SpecResolver.Resolved resolved;
        try (OnnxModel m = runtime.open(modelPath)) {
            resolved = SpecResolver.resolve(m, specOptions.given() ? specOptions.build() : null, "the command line");
            specOptions.lint(resolved.spec(), SpecResolver.declared(m.metadata(), m.file(), specOptions.given()));
            spec = loader.turned(resolved.spec());
            Map<String, Tensor> out = m.run(spec, List.of(d.pixels()));
            Tensor scores = out.get("scores");
            Tensor bx = out.get("boxes");
            if (scores == null || bx == null) {
                throw new InvalidModelException(modelPath.getFileName() + " has outputs " + out.keySet() + "; detect needs 'scores' and 'boxes'");
            }
            Plan plan = spec.geometry() == null ? null : spec.geometry().plan(d.pixels().width(), d.pixels().height());
            if (plan == null) {
                throw new InvalidModelException("detect needs a spec with a resize to the model input size");
            }
            boxes = Detection.ultraFace(scores, bx, 1, threshold, iou, plan);
        }
        List<String> labels = model == null ? Classification.readLabels(Bundled.path(Bundled.ULTRAFACE_LABELS)) : List.of();
        String name = labels.size() > 1 ? labels.get(1) : "object";
        w.printf(Locale.ROOT, "%s: %d %s(s)%n", image, boxes.size(), name);
        for (Detection.Box b : boxes) {
            w.printf(Locale.ROOT, "  %s %.4f at (%.0f, %.0f, %.0f, %.0f)%n", name, b.score(), b.x1(), b.y1(), b.x2(), b.y2());
        }
        w.println("preprocessing: " + spec.describe());
        w.println("spec from: " + resolved.source());
        if (output != null) {
            BufferedImage img = toImage(d.pixels());
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setStroke(new BasicStroke(Math.max(2f, img.getWidth() / 200f)));
            for (Detection.Box b : boxes) {
                g.setColor(new Color(0, 220, 0));
                g.drawRect((int) Math.round(b.x1()), (int) Math.round(b.y1()), (int) Math.round(b.x2() - b.x1()), (int) Math.round(b.y2() - b.y1()));
                g.drawString(String.format(Locale.ROOT, "%s %.2f", name, b.score()), (float) b.x1(), (float) Math.max(12, b.y1() - 4));
            }
            g.dispose();
            AtomicFiles.write(output, out -> {
                if (!ImageIO.write(img, "png", out)) {
                    throw new java.io.IOException("no PNG writer available");
                }
            }, java.util.Arrays.asList(image, modelPath, specOptions.specFile));
            w.println("wrote " + output);
        }
        w.flush();
        return 0;
    }

    /** The decoded pixels as an sRGB image to draw on (alpha dropped). */
    static BufferedImage toImage(PixelBuffer px) {
        Pipeline p = Pipeline.compile(Spec.builder().color(ColorOrder.BGR).layout(Layout.HWC).dtype(DType.UINT8).build());
        BufferedImage img = new BufferedImage(px.width(), px.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        p.run(px, ByteBuffer.wrap(data), 0);
        return img;
    }
}
