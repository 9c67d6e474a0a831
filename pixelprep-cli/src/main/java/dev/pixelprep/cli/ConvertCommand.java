package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.geometry.GeometryExport;
import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.Target;
import dev.pixelprep.formats.caffe.CaffeMean;
import dev.pixelprep.formats.caffe.CoreMlArguments;
import dev.pixelprep.formats.config.HfPreprocessorConfig;
import dev.pixelprep.formats.config.Imported;
import dev.pixelprep.formats.config.KerasApplications;
import dev.pixelprep.formats.config.OnnxImageMetadata;
import dev.pixelprep.formats.config.PaddleDetectionConfig;
import dev.pixelprep.formats.config.TfLiteNormalization;
import dev.pixelprep.formats.config.TimmConfig;
import dev.pixelprep.formats.config.TorchvisionWeights;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.ImageInput;
import dev.pixelprep.io.spec.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code pixelprep convert --from SOURCE --to TARGETS}: one framework's preprocessing in another's words. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Translate preprocessing from one convention or file to the others' words, exact or approximate.",
                "Targets: coremltools ct.ImageType and legacy arguments, torchvision, OpenCV blobFromImage, Caffe, Keras, TFLite,",
                "Hugging Face, ONNX metadata, pixelprep JSON, each marked exact or",
                "approximate with the worst-case error per channel over all 256 input levels.",
                "SOURCE: a convention (coreml, torchvision, opencv, caffe, keras, tflite, hf, canonical) with its flags, or",
                "preset:NAME, spec:FILE, hf-config:FILE, timm:FILE, paddle-config:FILE (infer_cfg.yml), tflite-metadata:FILE, keras-app:NAME,",
                "torchvision-weights:NAME,",
                "caffe-mean:FILE (with --mean-order), coreml-model:FILE (with --input when it has several image inputs)."})
final class ConvertCommand implements Callable<Integer> {
    static final List<String> TARGETS = List.of("coreml", "torchvision", "opencv", "caffe", "keras", "tflite", "hf", "onnx", "json");

    @Option(names = "--from", required = true, paramLabel = "SOURCE", description = "Where the preprocessing comes from (see above).")
    String from;

    @Option(names = "--to", split = ",", paramLabel = "TARGET",
            description = "Targets: coreml, torchvision, opencv, caffe, keras, tflite, hf, onnx, json or all (default all).")
    List<String> to;

    @Option(names = "--input", paramLabel = "NAME", description = "coreml-model: the image input to read.")
    String input;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    MeanFileOptions meanOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    /** The spec, where it came from, notes, the mean file when the source is one, and the convention it is written in. */
    private record Source(String description, Spec spec, List<String> notes, CaffeMean mean, String writtenIn) {
        Source(String description, Spec spec, List<String> notes, CaffeMean mean) {
            this(description, spec, notes, mean, null);
        }
    }

    @Override
    public Integer call() throws Exception {
        Set<String> targets = targets();
        Source src = source();
        specOptions.lint(src.spec(), src.writtenIn() == null ? LintContext.none() : LintContext.writtenIn(src.writtenIn()));
        PrintWriter w = command.commandLine().getOut();
        List<Target> out = new ArrayList<>();
        for (String t : targets) {
            if (t.equals("onnx")) {
                out.add(OnnxImageMetadata.express(src.spec()));
            } else if (!t.equals("json")) {
                out.add(Target.of(Export.to(t, src.spec())));
            }
        }
        CoreMlArguments meanArgs = null;
        if (src.mean() != null && targets.contains("coreml")) {
            meanArgs = CoreMlArguments.of(src.mean(), meanOptions.order(), specOptions.inputScale == null ? 1 : specOptions.inputScale, "data");
        }
        if (json) {
            w.print(InspectCommand.MAPPER.writeValueAsString(toJson(src, out, meanArgs, targets)) + "\n");
        } else {
            w.print(toText(src, out, meanArgs, targets));
        }
        w.flush();
        return 0;
    }

    private Set<String> targets() {
        Set<String> t = new LinkedHashSet<>();
        if (to == null || to.isEmpty()) {
            t.addAll(TARGETS);
            return t;
        }
        for (String s : to) {
            String id = s.trim().toLowerCase(Locale.ROOT);
            if (id.equals("all")) {
                t.addAll(TARGETS);
            } else if (TARGETS.contains(id)) {
                t.add(id);
            } else {
                throw new UsageException("--to " + s + ": expected one of " + String.join(", ", TARGETS) + " or all");
            }
        }
        return t;
    }

    private Source source() {
        String kind = from.trim();
        String arg = null;
        int colon = kind.indexOf(':');
        if (colon > 0) {
            arg = kind.substring(colon + 1);
            kind = kind.substring(0, colon);
        }
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("caffe-mean") && meanOptions.given()) {
            throw new UsageException("--mean-* options need --from caffe-mean:FILE");
        }
        if (!kind.equals("coreml-model") && input != null) {
            throw new UsageException("--input needs --from coreml-model:FILE");
        }
        switch (kind) {
            case "coreml": case "torchvision": case "opencv": case "caffe": case "keras": case "tflite": case "hf": case "canonical":
                if (arg != null) {
                    throw new UsageException("--from " + from + ": a convention takes its values from flags, e.g. --from torchvision --mean ... --std ...");
                }
                requireOnly("--convention", specOptions.convention == null && specOptions.preset == null && specOptions.specFile == null);
                specOptions.convention = kind;
                return new Source(kind + " convention", specOptions.build(), List.of(), null);
            case "preset":
                requireOnly("--preset", specOptions.convention == null && specOptions.preset == null && specOptions.specFile == null);
                specOptions.preset = need(arg);
                return new Source("preset " + arg, specOptions.build(), List.of(), null);
            case "spec":
                requireOnly("--spec", specOptions.convention == null && specOptions.preset == null && specOptions.specFile == null);
                specOptions.specFile = Path.of(need(arg));
                return new Source("spec file " + arg, specOptions.build(), List.of(), null);
            case "hf-config":
                return imported(HfPreprocessorConfig.read(Path.of(need(arg))), "hf");
            case "timm":
                return imported(TimmConfig.read(Path.of(need(arg))), "timm");
            case "paddle-config":
                return imported(PaddleDetectionConfig.read(Path.of(need(arg))), "paddle");
            case "tflite-metadata":
                return imported(TfLiteNormalization.read(Path.of(need(arg))), "tflite");
            case "keras-app":
                return imported(KerasApplications.of(need(arg)), "keras");
            case "torchvision-weights":
                return imported(TorchvisionWeights.of(need(arg)), "torchvision");
            case "caffe-mean": {
                noSpecFlagsBut("--color and --input-scale", specOptions.specFile == null && specOptions.preset == null && specOptions.convention == null);
                meanOptions.meanFile = Path.of(need(arg));
                CaffeMean mean = meanOptions.read();
                StringBuilder how = new StringBuilder();
                ColorOrder color = null;
                if (specOptions.color != null) {
                    try {
                        color = ColorOrder.parse(specOptions.color);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                Spec spec = meanOptions.spec(mean, color, specOptions.inputScale == null ? 1 : specOptions.inputScale, null, how);
                return new Source("Caffe mean " + arg + " (" + how + ")", spec, List.of(), mean, "caffe");
            }
            case "coreml-model": {
                noSpecFlagsBut("none", !specOptions.given());
                CoreMlFile f = CoreMlFile.read(Path.of(need(arg)));
                ImageInput found = null;
                for (ImageInput in : CoreMlInspector.inspect(f).imageInputs()) {
                    if (input == null || in.name().equals(input)) {
                        if (found != null) {
                            throw new FormatException(arg + ": several image inputs; choose one with --input");
                        }
                        found = in;
                    }
                }
                if (found == null) {
                    throw new FormatException(arg + ": " + (input == null ? "no image input" : "no image input named '" + input + "'"));
                }
                Spec s = found.preprocessing().toSpec();
                if (s == null) {
                    throw new FormatException(arg + ": the preprocessing of '" + found.name() + "' cannot be read: " + found.preprocessing().detail());
                }
                return new Source("Core ML model " + arg + ", input '" + found.name() + "': " + found.preprocessing().detail(), s,
                        found.preprocessing().notes(), null, "coreml");
            }
            default:
                throw new UsageException("--from " + from + ": expected a convention (coreml, torchvision, opencv, caffe, keras, tflite, hf, canonical)"
                        + " or preset:, spec:, hf-config:, timm:, paddle-config:, tflite-metadata:, keras-app:, torchvision-weights:, caffe-mean:, coreml-model:");
        }
    }

    private Source imported(Imported i, String writtenIn) {
        noSpecFlagsBut("none", !specOptions.given());
        return new Source(i.source(), i.spec(), i.notes(), null, writtenIn);
    }

    private void noSpecFlagsBut(String allowed, boolean ok) {
        if (!ok) {
            throw new UsageException("--from " + from + " carries its own preprocessing; spec flags are not used with it (allowed: " + allowed + ")");
        }
    }

    private static void requireOnly(String flag, boolean ok) {
        if (!ok) {
            throw new UsageException("give the source once: --from, not also --spec/--preset/--convention");
        }
    }

    private String need(String arg) {
        if (arg == null || arg.isBlank()) {
            throw new UsageException("--from " + from + " needs a value after the colon, e.g. hf-config:preprocessor_config.json");
        }
        return arg;
    }

    static String toText(Source src, List<Target> out, CoreMlArguments meanArgs, Set<String> targets) {
        StringBuilder sb = new StringBuilder();
        sb.append("from: ").append(src.description()).append('\n');
        sb.append(InspectCommand.specLines(src.spec()).replace("  closest known", "closest known").replace("  next:", "next:")
                .replace("  canonical:", "canonical:").replace("  values", "values"));
        for (String n : src.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        String[] names = src.spec().color().channelNames();
        for (Target t : out) {
            sb.append('\n').append(String.format(Locale.ROOT, "%-12s %s", t.id(), !t.expressible() ? "not expressible" : t.exact() ? "exact" : "approximate"));
            if (t.expressible() && !t.exact()) {
                sb.append("  worst error");
                double[] we = t.worstError();
                for (int c = 0; c < we.length; c++) {
                    sb.append(String.format(Locale.ROOT, " %s %.4g", names[c], we[c]));
                }
            }
            sb.append('\n');
            if (t.expressible()) {
                for (String line : t.text().split("\n")) {
                    sb.append("    ").append(line).append('\n');
                }
            }
            for (String n : t.notes()) {
                sb.append("    note: ").append(n).append('\n');
            }
            if (t.id().equals("coreml") && meanArgs != null) {
                sb.append("    from the mean file, per channel: ").append(meanArgs.perChannel().get(0)).append('\n');
                sb.append("        ").append(meanArgs.perChannel().get(1)).append('\n');
                sb.append("    from the mean file, mean image: ").append(meanArgs.meanImage().get(0)).append('\n');
                sb.append("        ").append(meanArgs.meanImage().get(1)).append('\n');
                for (String wn : meanArgs.warnings()) {
                    sb.append("    warning: ").append(wn).append('\n');
                }
            }
        }
        if (src.spec().geometry() != null) {
            sb.append("\ngeometry: ").append(src.spec().geometry()).append('\n');
            for (GeometryExport.Line l : GeometryExport.all(src.spec().geometry())) {
                if (targets.contains(l.convention()) || l.convention().equals("pillow")) {
                    sb.append(String.format(Locale.ROOT, "%-12s %s%n    %s%n", l.convention(), l.exact() ? "exact" : "approximate", l.text()));
                    if (l.note() != null) {
                        sb.append("    note: ").append(l.note()).append('\n');
                    }
                }
            }
        }
        if (targets.contains("json")) {
            if (src.spec().meanImage() == null) {
                sb.append('\n').append(String.format(Locale.ROOT, "%-12s exact%n", "json"));
                for (String line : SpecJson.write(src.spec()).split("\n")) {
                    sb.append("    ").append(line).append('\n');
                }
            } else {
                sb.append('\n').append(String.format(Locale.ROOT, "%-12s %s%n", "json",
                        "with a mean image: save it with 'pixelprep spec explain -o FILE' from a spec file that references the mean"));
            }
        }
        return sb.toString();
    }

    static ObjectNode toJson(Source src, List<Target> out, CoreMlArguments meanArgs, Set<String> targets) {
        ObjectNode root = InspectCommand.MAPPER.createObjectNode();
        root.put("from", src.description());
        InspectCommand.specJson(root, src.spec());
        ArrayNode notes = root.putArray("notes");
        src.notes().forEach(notes::add);
        ArrayNode ts = root.putArray("targets");
        for (Target t : out) {
            ObjectNode o = ExportJson.target(ts, t);
            if (t.id().equals("coreml") && meanArgs != null) {
                ArrayNode per = o.putArray("mean_file_per_channel");
                meanArgs.perChannel().forEach(per::add);
                ArrayNode img = o.putArray("mean_file_mean_image");
                meanArgs.meanImage().forEach(img::add);
                ArrayNode warn = o.putArray("warnings");
                meanArgs.warnings().forEach(warn::add);
            }
        }
        ExportJson.geometry(root, src.spec().geometry());
        return root;
    }
}
