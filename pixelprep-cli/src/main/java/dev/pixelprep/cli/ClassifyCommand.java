package dev.pixelprep.cli;

import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.SpecResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pixelprep classify}: run an image classifier with the right preprocessing and print the top classes. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify images with an ONNX model (default: the bundled MobileNet v2 int8) and print the top classes.",
                "The preprocessing comes from --spec/--preset/--convention, else the model's stored spec, its sidecar"
                        + " MODEL.onnx.pixelprep.json, or its ONNX image metadata; the source is printed."})
final class ClassifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files, directories (their image files, sorted) or quoted globs ('photos/*.jpg').")
    List<Path> images;

    @Option(names = "--model", paramLabel = "MODEL.onnx", description = "ONNX classifier (default: examples/" + Bundled.MOBILENET + ").")
    Path model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line (default: the bundled model's synset.txt, "
            + "or an Ultralytics export's names).")
    Path labels;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many classes to print (default 5).")
    int top;

    @Option(names = "--no-softmax", description = "The model outputs probabilities already; do not apply softmax.")
    boolean noSoftmax;

    @Option(names = "--show-wrong", description = "Also show what the most common wrong preprocessings would have answered.")
    boolean showWrong;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    ImageLoader loader;

    @Mixin
    RuntimeOptions runtime;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Path modelPath = model != null ? model : Bundled.path(Bundled.MOBILENET);
        Path labelsPath = labels != null ? labels : model == null ? Bundled.path(Bundled.MOBILENET_LABELS) : null;
        if (top < 1) {
            throw new UsageException("--top must be at least 1");
        }
        PrintWriter w = command.commandLine().getOut();
        try (OnnxModel m = runtime.open(modelPath)) {
            ModelLabels modelLabels = ModelLabels.of(labelsPath, m, false);
            List<String> names = modelLabels.names();
            String labelsFrom = modelLabels.from();
            SpecResolver.Resolved resolved = SpecResolver.resolve(m, specOptions.given() ? specOptions.build() : null, "the command line");
            specOptions.lint(resolved.spec(), SpecResolver.declared(m.metadata(), m.file(), specOptions.given()));
            Spec spec = loader.turned(resolved.spec());
            for (Path img : ImageArguments.expand(images)) {
                DecodedImage d = loader.load(img, specOptions.decodeBase());
                List<Classification.Prediction> preds = classify(m, spec, d.pixels(), names, top);
                w.println(img + " (" + TensorCommand.describe(d) + "):");
                for (int i = 0; i < preds.size(); i++) {
                    Classification.Prediction p = preds.get(i);
                    w.printf(Locale.ROOT, "  %d. %-44s %.4f%n", i + 1, p.label(), p.probability());
                }
                if (showWrong) {
                    showWrong(w, m, spec, d.pixels(), names, preds.get(0));
                }
            }
            w.println("model: " + modelPath);
            w.println("preprocessing: " + spec.describe());
            w.println("spec from: " + resolved.source());
            w.println("labels from: " + (labelsFrom != null ? labelsFrom : "none (class indices; give --labels)"));
        }
        w.flush();
        return 0;
    }

    private List<Classification.Prediction> classify(OnnxModel m, Spec spec, PixelBuffer px, List<String> names, int k) {
        return m.classify(spec, px, k, names, !noSoftmax);
    }

    private void showWrong(PrintWriter w, OnnxModel m, Spec spec, PixelBuffer px, List<String> names, Classification.Prediction right) {
        w.println("  what common mistakes would have answered (top-1, its probability; right answer's probability):");
        for (Map.Entry<String, Spec> e : mistakes(spec, px).entrySet()) {
            List<Classification.Prediction> p = classify(m, e.getValue(), px, names, Integer.MAX_VALUE);
            double rightProb = 0;
            for (Classification.Prediction q : p) {
                if (q.index() == right.index()) {
                    rightProb = q.probability();
                }
            }
            w.printf(Locale.ROOT, "    %-36s %-44s %.4f   (%s %.4f)%n", e.getKey(), p.get(0).label(), p.get(0).probability(),
                    right.index() == p.get(0).index() ? "same class," : "right class", rightProb);
        }
    }

    /** The classic wrong preprocessings of a spec, by name. */
    static Map<String, Spec> mistakes(Spec spec, PixelBuffer px) {
        Map<String, Spec> m = new LinkedHashMap<>();
        if (spec.color() != ColorOrder.GRAY) {
            m.put(spec.color() == ColorOrder.RGB ? "BGR fed to an RGB model" : "RGB fed to a BGR model",
                    spec.toBuilder().color(spec.color() == ColorOrder.RGB ? ColorOrder.BGR : ColorOrder.RGB).build());
        }
        m.put("only x/255 (no mean/std)", spec.toBuilder().scale(1 / 255.0).bias(0).build());
        m.put("raw 0..255 pixels", spec.toBuilder().scale(1).bias(0).build());
        Geometry g = spec.geometry();
        if (g != null && (g.crop() != null || (g.resize() != null && g.resize().mode() != dev.pixelprep.core.geometry.ResizeMode.EXACT))) {
            Plan p = g.plan(px.width(), px.height());
            Resize base = g.resize();
            Resize stretch = Resize.exact(p.outputWidth(), p.outputHeight(), base == null ? dev.pixelprep.core.geometry.Interpolation.BILINEAR
                    : base.interpolation(), base == null ? dev.pixelprep.core.geometry.ResizeFamily.PILLOW : base.family());
            m.put("stretched instead of resize + crop", spec.toBuilder().geometry(new Geometry(stretch, null)).build());
        }
        return m;
    }
}
