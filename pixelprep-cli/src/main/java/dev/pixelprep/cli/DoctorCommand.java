package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.Finding;
import dev.pixelprep.doctor.HtmlReport;
import dev.pixelprep.doctor.ModelDiagnosis;
import dev.pixelprep.doctor.ModelDoctor;
import dev.pixelprep.doctor.Probes;
import dev.pixelprep.doctor.Sample;
import dev.pixelprep.doctor.TensorDiagnosis;
import dev.pixelprep.doctor.TensorDoctor;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.SpecResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pixelprep doctor}: why a model's output is wrong, and what the right preprocessing is. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Diagnose wrong preprocessing: compare your tensor with a reference (doctor tensor), or find the preprocessing a model wants (doctor model).",
                "Findings have stable ids (channel-swap, scale-255, mean-units, ...); see the README."},
        subcommands = {DoctorCommand.TensorCmd.class, DoctorCommand.ModelCmd.class, DoctorCoreMlCommand.class})
final class DoctorCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    static Tensor readNpy(Path p) {
        return Npy.read(p);
    }

    static String json(Map<String, Object> tree) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The convention the user wrote the spec in, when it is one {@link Export} speaks. */
    static String convention(SpecOptions o) {
        if (o.convention == null) {
            return null;
        }
        String id = o.convention.trim().toLowerCase(Locale.ROOT);
        return Export.IDS.contains(id) ? id : null;
    }

    /** The corrected spec in the user's convention, else in Core ML's and torchvision's words. */
    static void printCorrected(PrintWriter w, Spec fixed, String convention) {
        w.println("corrected spec: " + fixed.describe());
        for (String id : convention != null ? List.of(convention) : List.of("coreml", "torchvision")) {
            Expression e = Export.to(id, fixed);
            w.printf(Locale.ROOT, "  %s (%s):%n", id, e.exact() ? "exact" : e.expressible() ? "approximate, worst error " + String.format(Locale.ROOT, "%.4g", e.maxError()) : "not expressible");
            for (String line : e.text().split("\n")) {
                w.println("    " + line);
            }
        }
    }

    static void printFindings(PrintWriter w, List<Finding> findings) {
        for (Finding f : findings) {
            w.printf(Locale.ROOT, "  %-22s %s%n", f.id(), f.message());
        }
    }

    @Command(name = "tensor", mixinStandardHelpOptions = true,
            description = {"Compare your tensor with a reference tensor of the same image and name the mistakes between them.",
                    "Give both as .npy (MINE.npy REFERENCE.npy), or make yours from --image IMG and the spec options (then only REFERENCE.npy).",
                    "With the spec options (how yours was made) the corrected spec is printed in your convention's words."})
    static final class TensorCmd implements Callable<Integer> {
        @Parameters(arity = "1..2", paramLabel = "FILE.npy", description = "MINE.npy REFERENCE.npy, or REFERENCE.npy with --image.")
        List<Path> files;

        @Option(names = "--image", paramLabel = "IMG", description = "Make your tensor from this image with the spec options.")
        Path image;

        @Option(names = "--json", description = "Machine-readable findings.")
        boolean json;

        @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML page showing both tensors.")
        Path report;

        @Mixin
        SpecOptions specOptions;

        @Mixin
        ImageLoader loader;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() throws IOException {
            Tensor mine;
            dev.pixelprep.core.pixels.PixelBuffer input = null;
            Tensor reference;
            Spec spec = specOptions.given() ? loader.turned(specOptions.build()) : null;
            if (image != null) {
                if (files.size() != 1) {
                    throw new UsageException("with --image give only REFERENCE.npy");
                }
                if (spec == null) {
                    throw new UsageException("--image needs the spec options that make your tensor (--spec, --preset or --convention ...)");
                }
                input = loader.load(image, specOptions.decodeBase()).pixels();
                mine = Pipeline.compile(spec).tensor(input);
                reference = readNpy(files.get(0));
            } else {
                if (files.size() != 2) {
                    throw new UsageException("give MINE.npy REFERENCE.npy, or --image IMG with REFERENCE.npy");
                }
                mine = readNpy(files.get(0));
                reference = readNpy(files.get(1));
            }
            TensorDiagnosis d = TensorDoctor.diagnose(mine, reference, spec);
            PrintWriter w = command.commandLine().getOut();
            if (report != null) {
                String html = HtmlReport.renderTensor(d, mine, reference, image != null ? image.getFileName() + " (your spec)" : files.get(0).getFileName().toString(),
                        files.get(files.size() - 1).getFileName().toString(), input, convention(specOptions));
                List<Path> inputs = new ArrayList<>(files);
                inputs.add(image);
                inputs.add(specOptions.specFile);
                AtomicFiles.write(report, out -> out.write(html.getBytes(StandardCharsets.UTF_8)), inputs);
            }
            if (json) {
                Map<String, Object> tree = d.toMap();
                if (d.corrected() != null) {
                    Map<String, Object> words = new LinkedHashMap<>();
                    for (Expression e : Export.all(d.corrected())) {
                        words.put(e.id(), e.text());
                    }
                    tree.put("corrected_in_conventions", words);
                }
                w.print(json(tree));
                w.flush();
                return 0;
            }
            w.println("layout: " + d.layoutRelation());
            w.println("channels: reference channel j holds your channel " + java.util.Arrays.toString(d.permutation()) + "[j]");
            w.println("per channel, reference = alpha * yours + beta:");
            for (int c = 0; c < d.alpha().length; c++) {
                w.printf(Locale.ROOT, "  %d: alpha %.7g, beta %.7g, R^2 %.6f%n", c, d.alpha()[c], d.beta()[c], d.r2()[c]);
            }
            w.printf(Locale.ROOT, "PSNR after that map: %s%s%n", Double.isInfinite(d.psnr()) ? "inf (identical)" : String.format(Locale.ROOT, "%.1f dB", d.psnr()),
                    Double.isNaN(d.alignedPsnr()) ? "" : String.format(Locale.ROOT, ", %.1f dB once aligned", d.alignedPsnr()));
            if (d.clean()) {
                w.println("no mistake found: the tensors agree");
            } else {
                w.println("findings:");
                printFindings(w, d.findings());
            }
            if (d.corrected() != null && !d.clean()) {
                printCorrected(w, d.corrected(), convention(specOptions));
            } else if (d.corrected() == null && !d.clean()) {
                w.println("give the spec options that made your tensor (e.g. --convention coreml --image-scale ...) for the corrected spec");
            }
            for (String n : d.notes()) {
                w.println("note: " + n);
            }
            w.flush();
            return 0;
        }
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
            description = {"Find the preprocessing an ONNX model wants: run candidate preprocessings on your images and let the evidence rule"
                    + " candidates out by stated rules: the expected outputs (--expect-file), the expected labels (--label, or a bundled --probe set), the calibrated range of a"
                    + " quantised model's input. Says decided, probably or cannot tell, which evidence decided, and names a mistake in your spec"
                    + " (the spec options, else the model's stored spec) only when every candidate left agrees on it. Confidence alone decides"
                    + " nothing. Warns when the model normalises inside its graph.",
                    "Core ML models cannot be run here: check their stored preprocessing with pixelprep doctor coreml."})
    static final class ModelCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model.")
        Path modelPath;

        @Option(names = "--image", arity = "1..*", paramLabel = "IMG", description = "Images to run (repeat or list several).")
        List<Path> images;

        @Option(names = "--probe", paramLabel = "NAME",
                description = "Add a bundled probe set as labelled evidence: imagenet (a cat, an espresso, a rocket: ImageNet-1k classifiers) or"
                        + " faces (a portrait: face detectors with a 'face' class).")
        String probe;

        @Option(names = "--label", arity = "1..*", paramLabel = "L",
                description = "Expected class per image (a name from the labels file or an index); one label applies to every image.")
        List<String> labels;

        @Option(names = "--expect-file", arity = "1..*", paramLabel = "F.npy", description = "Expected model output per image (.npy, e.g. the authors' logits).")
        List<Path> expectFiles;

        @Option(names = "--labels", paramLabel = "FILE",
                description = "Class names one per line (default: an Ultralytics export's names, else synset.txt, labels.txt or *-labels.txt beside the model).")
        Path labelsFile;

        @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Classes listed per candidate (default 3).")
        int top;

        @Option(names = "--json", description = "Machine-readable result.")
        boolean json;

        @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
        Path report;

        @Mixin
        SpecOptions specOptions;

        @Mixin
        ImageLoader loader;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() throws IOException {
            if (images == null && probe == null) {
                throw new UsageException("give --image IMG (your images) or --probe NAME (a bundled labelled set), or both");
            }
            if (images == null) {
                images = List.of();
                if (labels != null || expectFiles != null) {
                    throw new UsageException("--label and --expect-file belong to --image; a probe brings its own labels");
                }
            }
            if (labels != null && labels.size() != 1 && labels.size() != images.size()) {
                throw new UsageException("give one --label for all images or one per image (" + images.size() + "), got " + labels.size());
            }
            if (expectFiles != null && expectFiles.size() != images.size()) {
                throw new UsageException("give one --expect-file per image (" + images.size() + "), got " + expectFiles.size());
            }
            if (top < 1) {
                throw new UsageException("--top must be at least 1");
            }
            PrintWriter w = command.commandLine().getOut();
            try (OnnxModel model = OnnxModel.open(modelPath)) {
                ModelLabels modelLabels = ModelLabels.of(labelsFile, model, true);
                List<String> names = modelLabels.names();
                String labelsFrom = modelLabels.from();
                Spec current;
                String source;
                if (specOptions.given()) {
                    current = specOptions.build();
                    source = "the command line";
                } else {
                    SpecResolver.Resolved r;
                    try {
                        r = SpecResolver.resolve(model, null, null);
                    } catch (PixelprepException e) {
                        r = null;
                    }
                    current = r == null ? null : r.spec();
                    source = r == null ? null : r.source();
                }
                if (current != null) {
                    specOptions.lint(current, SpecResolver.declared(model.metadata(), modelPath, specOptions.given()));
                }
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < images.size(); i++) {
                    Path img = images.get(i);
                    String label = labels == null ? null : labels.get(labels.size() == 1 ? 0 : i);
                    Tensor expected = expectFiles == null ? null : readNpy(expectFiles.get(i));
                    samples.add(new Sample(img.getFileName().toString(), loader.upright(loader.load(img, specOptions.decodeBase()).pixels()), label, expected));
                }
                if (probe != null) {
                    samples.addAll(Probes.samples(probe, names, loader.options(specOptions.decodeBase())));
                }
                ModelDoctor doctor = new ModelDoctor(model, samples, names, top);
                ModelDiagnosis d = doctor.diagnose(current, source);
                String convention = convention(specOptions);
                if (report != null) {
                    String html = HtmlReport.render(d, doctor, modelPath.getFileName().toString(), convention);
                    List<Path> inputs = new ArrayList<>(images);
                    inputs.add(modelPath);
                    inputs.add(specOptions.specFile);
                    if (expectFiles != null) {
                        inputs.addAll(expectFiles);
                    }
                    AtomicFiles.write(report, out -> out.write(html.getBytes(StandardCharsets.UTF_8)), inputs);
                }
                if (json) {
                    Map<String, Object> tree = d.toMap();
                    tree.put("labelsFrom", labelsFrom);
                    w.print(json(tree));
                } else {
                    print(w, d, convention, labelsFrom);
                }
            }
            w.flush();
            return 0;
        }

        private void print(PrintWriter w, ModelDiagnosis d, String convention, String labelsFrom) {
            dev.pixelprep.doctor.Decision dec = d.decision();
            w.println(dec.verdict().text() + ": " + dec.summary());
            w.println("evidence:");
            for (String e : dec.evidence()) {
                w.println("  " + e);
            }
            w.println("labels from: " + (labelsFrom != null ? labelsFrom : "none"));
            for (String n : dec.notes()) {
                w.println("note: " + n);
            }
            w.println("kept (" + dec.kept().size() + " of " + d.ranked().size() + ", first shown):");
            w.println("  " + d.winner().candidate().name());
            w.println("  " + d.winner().candidate().spec().describe());
            if (d.current() != null) {
                w.println("your spec (" + d.currentSource() + "): " + d.currentStatus());
                w.println("  " + d.current().describe());
                if (!d.findings().isEmpty()) {
                    w.println("findings (every kept candidate agrees):");
                    printFindings(w, d.findings());
                    if (d.comparison() != null && d.comparison().corrected() != null) {
                        printCorrected(w, d.comparison().corrected(), convention);
                        for (String n : d.comparison().notes()) {
                            w.println("note: " + n);
                        }
                    } else {
                        w.println("corrected spec: not given, the evidence leaves " + dec.kept().size() + " candidates");
                    }
                }
            }
            for (String warning : d.warnings()) {
                w.println("warning: " + warning);
            }
            w.println("candidates (first image; ordered by " + d.mode() + (d.mode().equals("confidence") ? ", which is not evidence" : "") + "):");
            for (int i = 0; i < Math.min(10, d.ranked().size()); i++) {
                ModelDiagnosis.Evaluation e = d.ranked().get(i);
                String why = dec.ruledOut().get(e.candidate().name());
                w.printf(Locale.ROOT, "  %2d. %s%n        %s; %s%n        %s%n", i + 1, e.candidate().name(), why == null ? "kept" : "ruled out by " + why,
                        d.scoreText(e), e.samples().get(0).summary());
            }
            if (report != null) {
                w.println("report: " + report);
            }
        }
    }
}
