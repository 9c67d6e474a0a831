package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.lint.KnownSpecs;
import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.lint.SpecLint;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.caffe.CaffeMean;
import dev.pixelprep.formats.caffe.CoreMlArguments;
import dev.pixelprep.formats.config.HfPreprocessorConfig;
import dev.pixelprep.formats.config.Imported;
import dev.pixelprep.formats.config.PaddleDetectionConfig;
import dev.pixelprep.formats.config.TfLiteNormalization;
import dev.pixelprep.formats.config.TimmConfig;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.Float16Effect;
import dev.pixelprep.formats.coreml.ImageInput;
import dev.pixelprep.formats.coreml.StoredPreprocessing;
import dev.pixelprep.io.spec.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code pixelprep inspect FILE}: the preprocessing a Core ML model, a Caffe mean file or a framework config stores. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show the preprocessing stored in a model, mean file or preprocessing config.",
                "Reads a Core ML model (.mlmodel, .mlpackage), a Caffe mean.binaryproto,",
                "a preprocessor_config.json / timm config / TFLite metadata JSON, or PaddleDetection's infer_cfg.yml: per image input its size, colour space and",
                "stored scale, bias or mean image, the value range the network sees for pixels 0..255, and the closest known convention."})
final class InspectCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Model, mean file or config.")
    Path file;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LintWarnings lint = new LintWarnings();

    /** Lints a spec read from the file, written in {@code convention}, and warns on stderr. */
    private void lint(Spec s, String convention) {
        lint(s, convention, convention);
    }

    /** As {@link #lint(Spec, String)}, with the corrected arguments written in {@code shownIn} (e.g. {@code coreml-imagetype}). */
    private void lint(Spec s, String convention, String shownIn) {
        if (s != null) {
            lint.print(command.commandLine().getErr(), SpecLint.lint(s, LintContext.writtenIn(convention)), shownIn);
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter w = command.commandLine().getOut();
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(file) || name.endsWith(".mlmodel") || name.endsWith(".mlpackage")) {
            print(w, CoreMlFile.read(file));
        } else if (name.endsWith(".binaryproto")) {
            print(w, CaffeMean.read(file));
        } else if (name.endsWith(".json")) {
            Imported i = importConfig(file);
            lint(i.spec(), convention(i));
            w.print(json ? MAPPER.writeValueAsString(importedJson(i)) + "\n" : importedText(i));
        } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            Imported i = PaddleDetectionConfig.read(file);
            lint(i.spec(), "paddle");
            w.print(json ? MAPPER.writeValueAsString(importedJson(i)) + "\n" : importedText(i));
        } else {
            Object parsed;
            try {
                parsed = CoreMlFile.read(file);
            } catch (FormatException coreml) {
                try {
                    parsed = CaffeMean.read(file);
                } catch (FormatException caffe) {
                    throw new FormatException(file + ": neither a Core ML model nor a Caffe mean blob");
                }
            }
            if (parsed instanceof CoreMlFile) {
                print(w, (CoreMlFile) parsed);
            } else {
                print(w, (CaffeMean) parsed);
            }
        }
        w.flush();
        return 0;
    }

    private void print(PrintWriter w, CoreMlFile f) throws IOException {
        CoreMlInspector.Report r = CoreMlInspector.inspect(f);
        for (ImageInput in : r.imageInputs()) {
            // an ML program is made by ct.convert: show the corrected ct.ImageType, not the legacy converters' arguments
            lint(in.preprocessing().toSpec(), "coreml", in.modelType().equals("mlProgram") ? "coreml-imagetype" : "coreml");
        }
        w.print(json ? MAPPER.writeValueAsString(coreMlJson(f, r)) + "\n" : coreMlText(f, r));
    }

    private void print(PrintWriter w, CaffeMean m) throws IOException {
        w.print(json ? MAPPER.writeValueAsString(caffeJson(m)) + "\n" : caffeText(m));
    }

    /** The convention a config's numbers are written in, from its reader's source line (timm's mean/std are torchvision's). */
    private static String convention(Imported i) {
        return i.source().startsWith("TFLite") ? "tflite" : i.source().startsWith("timm") ? "torchvision" : "hf";
    }

    /** A JSON config: Hugging Face, timm or TFLite metadata, told apart by their keys. */
    static Imported importConfig(Path file) {
        JsonNode n = dev.pixelprep.io.LimitedJson.parse(new String(dev.pixelprep.formats.BoundedFiles.read(file, 4 << 20, "JSON config"),
                java.nio.charset.StandardCharsets.UTF_8), file.toString(), false, FormatException::new);
        if (n != null && n.has("subgraph_metadata")) {
            return TfLiteNormalization.read(file);
        }
        if (n != null && (n.has("pretrained_cfg") || n.has("input_size"))) {
            return TimmConfig.read(file);
        }
        return HfPreprocessorConfig.read(file);
    }

    static String coreMlText(CoreMlFile f, CoreMlInspector.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Core ML model %s: specification version %d, %s%n", f.source(), r.specificationVersion(), r.modelType()));
        if (f.isPackage()) {
            sb.append("  model spec: ").append(f.specFile()).append('\n');
        }
        for (Map.Entry<String, String> e : r.metadata().entrySet()) {
            sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        for (Map.Entry<String, String> e : r.userDefined().entrySet()) {
            sb.append("  metadata ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        sb.append("  class labels: ").append(r.classLabels() < 0 ? "none (not a classifier)" : Integer.toString(r.classLabels())).append('\n');
        if (r.imageInputs().isEmpty()) {
            sb.append("  no image inputs (MultiArray inputs take tensors as they are)\n");
        }
        for (ImageInput in : r.imageInputs()) {
            sb.append(String.format(Locale.ROOT, "%nimage input '%s' (%s, %s): %dx%d, %s, colour space %s%n", in.name(), in.where(), in.modelType(),
                    in.width(), in.height(), in.flexibility(), in.colorSpace()));
            StoredPreprocessing p = in.preprocessing();
            sb.append("  stored preprocessing: ").append(p.detail()).append('\n');
            for (String n : p.notes()) {
                sb.append("  note: ").append(n).append('\n');
            }
            Spec s = p.toSpec();
            if (s != null) {
                sb.append(specLines(s));
                sb.append(float16Text(p, s, "the stored constants in exact arithmetic"));
            } else if (p.float16() != null && p.float16().castOp() != null && p.kind() == StoredPreprocessing.Kind.NONE) {
                sb.append("  float16: the raw pixels are cast to float16 by '").append(p.float16().castOp())
                        .append("' (0..255 are exact in binary16)\n");
            }
        }
        return sb.toString();
    }

    /**
     * What float16 does to an ML program's preprocessing against {@code reference} (the empty string when the
     * program computes it in float32 or a mean image is involved).
     */
    static String float16Text(StoredPreprocessing p, Spec reference, String against) {
        if (p.float16() == null || reference == null || reference.meanImage() != null || p.kind() != StoredPreprocessing.Kind.PROGRAM_OPS) {
            return "";
        }
        Float16Effect.Report r = Float16Effect.compare(p, reference);
        StringBuilder sb = new StringBuilder("  float16: ");
        sb.append(p.float16().opsInFloat16() ? "the mul/add compute in float16 (constants, product and sum each rounded to binary16)"
                : "the float32 mul/add result is cast to float16 by '" + p.float16().castOp() + "'");
        sb.append("; worst error against ").append(against).append(" over pixels 0..255:");
        String[] names = reference.color().channelNames();
        double[] e = r.worstError();
        int[] at = r.worstLevel();
        double[] g = r.greyLevels();
        for (int c = 0; c < e.length; c++) {
            sb.append(String.format(Locale.ROOT, " %s %.3g at %d (%.3g grey levels)", names[c], e[c], at[c], g[c]));
        }
        sb.append('\n');
        if (p.float16().opsInFloat16()) {
            sb.append("  float16 constants as the network uses them: scale ").append(list(r.scaleSeen())).append(", bias ").append(list(r.biasSeen()))
                    .append('\n');
        }
        if (r.warn()) {
            sb.append(String.format(Locale.ROOT, "  warning: float16 moves values by up to %.3g grey levels (more than %.3g); convert with"
                    + " compute_precision=ct.precision.FLOAT32 to keep the program in float32%n", r.worstGreyLevels(), Float16Effect.WARN_GREY_LEVELS));
        }
        return sb.toString();
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(KnownConventions.pretty(v[i]));
        }
        return sb.append(']').toString();
    }

    static ObjectNode float16Json(StoredPreprocessing p, Spec reference) {
        if (p.float16() == null) {
            return null;
        }
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mode", p.float16().opsInFloat16() ? "ops_in_float16" : "cast_after");
        if (p.float16().castOp() != null) {
            o.put("cast_op", p.float16().castOp());
        } else {
            o.putNull("cast_op");
        }
        if (reference != null && reference.meanImage() == null && p.kind() == StoredPreprocessing.Kind.PROGRAM_OPS) {
            Float16Effect.Report r = Float16Effect.compare(p, reference);
            ArrayNode we = o.putArray("worst_error");
            ArrayNode wl = o.putArray("worst_level");
            ArrayNode gl = o.putArray("grey_levels");
            ArrayNode ss = o.putArray("scale_seen");
            ArrayNode bs = o.putArray("bias_seen");
            for (int c = 0; c < r.worstError().length; c++) {
                we.add(r.worstError()[c]);
                wl.add(r.worstLevel()[c]);
                gl.add(r.greyLevels()[c]);
                ss.add(r.scaleSeen()[c]);
                bs.add(r.biasSeen()[c]);
            }
            o.put("warn", r.warn());
        }
        return o;
    }

    /** Canonical form, range per channel and the closest known conventions. */
    static String specLines(Spec s) {
        StringBuilder sb = new StringBuilder();
        sb.append("  canonical: ").append(s.describe()).append('\n');
        sb.append("  values the network sees for pixels 0..255:");
        String[] names = s.color().channelNames();
        double[][] range = range(s);
        for (int c = 0; c < range.length; c++) {
            sb.append(String.format(Locale.ROOT, " %s [%.6g, %.6g]", names[c], range[c][0], range[c][1]));
        }
        sb.append('\n');
        if (s.meanImage() != null) {
            // what a user compares with a Caffe mean file's channel means (those are in B, G, R order)
            double[] means = s.meanImage().channelMeans();
            sb.append(String.format(Locale.ROOT, "  mean image %dx%d, averages per channel (0..255 pixel units):", s.meanImage().width(),
                    s.meanImage().height()));
            for (int c = 0; c < means.length; c++) {
                sb.append(String.format(Locale.ROOT, " %s %.4f", names[c], means[c]));
            }
            sb.append('\n');
        }
        List<KnownSpecs.Match> m = KnownConventions.rank(s);
        for (int i = 0; i < Math.min(3, m.size()); i++) {
            KnownSpecs.Match k = m.get(i);
            sb.append(i == 0 ? "  closest known convention: " : "  next: ").append(k.name()).append(" - ").append(k.description())
                    .append(": ").append(KnownConventions.verdict(k)).append('\n');
        }
        for (String warning : KnownConventions.orderWarnings(s)) {
            sb.append("  warning: ").append(warning).append('\n');
        }
        return sb.toString();
    }

    /** Per channel {lo, hi} over pixels 0..255 and, with a mean image, over every pixel position. */
    static double[][] range(Spec s) {
        if (s.meanImage() == null) {
            return s.outputRange();
        }
        double[][] out = new double[s.channels()][];
        for (int c = 0; c < out.length; c++) {
            double mlo = Double.POSITIVE_INFINITY;
            double mhi = Double.NEGATIVE_INFINITY;
            for (int y = 0; y < s.meanImage().height(); y++) {
                for (int x = 0; x < s.meanImage().width(); x++) {
                    mlo = Math.min(mlo, s.meanImage().at(c, y, x));
                    mhi = Math.max(mhi, s.meanImage().at(c, y, x));
                }
            }
            double sc = s.scale(c);
            double b = s.bias(c);
            double[] v = {sc * (0 - mhi) + b, sc * (0 - mlo) + b, sc * (255 - mhi) + b, sc * (255 - mlo) + b};
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            out[c] = new double[] {lo, hi};
        }
        return out;
    }

    static ObjectNode coreMlJson(CoreMlFile f, CoreMlInspector.Report r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", "coreml");
        o.put("file", f.source().toString());
        o.put("specification_version", r.specificationVersion());
        o.put("model_type", r.modelType());
        ObjectNode md = o.putObject("metadata");
        r.metadata().forEach(md::put);
        ObjectNode ud = o.putObject("user_defined");
        r.userDefined().forEach(ud::put);
        if (r.classLabels() >= 0) {
            o.put("class_labels", r.classLabels());
        } else {
            o.putNull("class_labels");
        }
        ArrayNode ins = o.putArray("image_inputs");
        for (ImageInput in : r.imageInputs()) {
            ObjectNode i = ins.addObject();
            i.put("name", in.name());
            i.put("where", in.where());
            i.put("model_type", in.modelType());
            i.put("width", in.width());
            i.put("height", in.height());
            i.put("flexibility", in.flexibility());
            i.put("color_space", in.colorSpace());
            StoredPreprocessing p = in.preprocessing();
            ObjectNode pre = i.putObject("preprocessing");
            pre.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            pre.put("detail", p.detail());
            if (p.kind() == StoredPreprocessing.Kind.SCALER || p.kind() == StoredPreprocessing.Kind.PROGRAM_OPS) {
                pre.put("scale", p.scale());
                if (p.scales() != null) {
                    ArrayNode sc = pre.putArray("scales");
                    for (double v : p.scales()) {
                        sc.add(v);
                    }
                }
                ArrayNode b = pre.putArray("bias");
                for (double v : p.bias()) {
                    b.add(v);
                }
            }
            ObjectNode f16 = float16Json(p, p.toSpec());
            if (f16 != null) {
                pre.set("float16", f16);
            }
            ArrayNode notes = pre.putArray("notes");
            p.notes().forEach(notes::add);
            Spec s = p.toSpec();
            if (s != null) {
                specJson(i, s);
            }
        }
        return o;
    }

    static void specJson(ObjectNode o, Spec s) {
        o.put("canonical", s.describe());
        if (s.meanImage() == null) {
            o.set("spec", SpecJson.toJson(s));
        }
        if (s.meanImage() != null) {
            ObjectNode mi = o.putObject("mean_image");
            mi.put("width", s.meanImage().width());
            mi.put("height", s.meanImage().height());
            ArrayNode avg = mi.putArray("channel_means");
            for (double v : s.meanImage().channelMeans()) {
                avg.add(v);
            }
        }
        ArrayNode range = o.putArray("range");
        for (double[] r : range(s)) {
            range.addArray().add(r[0]).add(r[1]);
        }
        ArrayNode warnings = o.putArray("order_warnings");
        KnownConventions.orderWarnings(s).forEach(warnings::add);
        ArrayNode known = o.putArray("known_conventions");
        for (KnownSpecs.Match m : KnownConventions.rank(s)) {
            ObjectNode k = known.addObject();
            k.put("name", m.name());
            k.put("description", m.description());
            k.put("exact", m.exact());
            ArrayNode we = k.putArray("worst_error");
            for (double v : m.worstError()) {
                we.add(v);
            }
        }
    }

    static String caffeText(CaffeMean m) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Caffe mean blob: %d x %d x %d x %d (num x channels x height x width, from the %s)%n", m.num(), m.channels(),
                m.height(), m.width(), m.legacyShape() ? "legacy num/channels/height/width fields" : "shape field"));
        double[] means = m.channelMeans();
        double[][] r = m.channelRanges();
        String[] bgr = {"B", "G", "R"};
        String[] rgb = {"R", "G", "B"};
        for (int c = 0; c < means.length; c++) {
            sb.append(String.format(Locale.ROOT, "  channel %d: mean %.4f, range [%.4f, %.4f]%s%n", c, means[c], r[c][0], r[c][1],
                    m.channels() == 3 ? " (" + bgr[c] + " if the file is BGR, " + rgb[c] + " if RGB)" : ""));
        }
        if (m.channels() == 3) {
            sb.append("  Caffe means are normally in BGR order (compute_image_mean averages Datums made from OpenCV-decoded, BGR images);"
                    + " the file itself does not record it, and some are RGB (Caffe's CIFAR-10 example): say which with --mean-order bgr|rgb\n");
            for (CaffeMean.Order o : CaffeMean.Order.values()) {
                CoreMlArguments a = CoreMlArguments.of(m, o, 1, "data");
                sb.append("  coremltools, if the file is ").append(o).append(": ").append(a.perChannel().get(0)).append('\n');
            }
        }
        sb.append("  as a spec: pixelprep convert --from caffe-mean:FILE --mean-order bgr [--mean-as image --mean-size WxH --mean-fit crop|resize]\n");
        return sb.toString();
    }

    static ObjectNode caffeJson(CaffeMean m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", "caffe_mean");
        o.putArray("shape").add(m.num()).add(m.channels()).add(m.height()).add(m.width());
        o.put("legacy_shape_fields", m.legacyShape());
        ArrayNode means = o.putArray("channel_means");
        for (double v : m.channelMeans()) {
            means.add(v);
        }
        ArrayNode ranges = o.putArray("channel_ranges");
        for (double[] r : m.channelRanges()) {
            ranges.addArray().add(r[0]).add(r[1]);
        }
        o.put("channel_order", "not recorded in the file; normally BGR");
        return o;
    }

    static String importedText(Imported i) {
        StringBuilder sb = new StringBuilder();
        sb.append(i.source()).append('\n');
        sb.append(specLines(i.spec()));
        if (i.spec().geometry() != null) {
            sb.append("  geometry: ").append(i.spec().geometry()).append('\n');
        }
        for (String n : i.notes()) {
            sb.append("  note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    static ObjectNode importedJson(Imported i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", "config");
        o.put("source", i.source());
        specJson(o, i.spec());
        ArrayNode notes = o.putArray("notes");
        i.notes().forEach(notes::add);
        return o;
    }
}
