package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.GeometryExport;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.Target;
import dev.pixelprep.io.spec.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code pixelprep spec ...}: explain, save and list specs. */
@Command(name = "spec", mixinStandardHelpOptions = true, description = "Explain a spec in every framework's words, save it as JSON, list presets.",
        subcommands = {SpecCommand.Explain.class, SpecCommand.Presets_.class})
final class SpecCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public void run() {
        command.commandLine().usage(command.commandLine().getOut());
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Write the spec in every convention (coremltools, torchvision, OpenCV blobFromImage, Caffe, Keras, TFLite, Hugging Face, JSON),",
                    "each marked exact or approximate with its worst-case error per channel over all 256 input levels."})
    static final class Explain implements Callable<Integer> {
        @Mixin
        SpecOptions specOptions;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also save the canonical JSON spec to FILE.")
        Path output;

        @Option(names = "--raw-format", paramLabel = "FMT",
                description = "Also explain how a camera frame in this YUV format (NV21, NV12, I420, YV12, YUV_420_888, YUYV, UYVY) becomes RGB.")
        String rawFormat;

        @Option(names = "--yuv", paramLabel = "CONV", description = "The frame's conversion (see tensor --yuv); default per format.")
        String yuv;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() throws Exception {
            Spec spec = specOptions.build();
            PrintWriter w = command.commandLine().getOut();
            if (output != null) {
                String text = SpecJson.write(spec);
                AtomicFiles.write(output, out -> out.write(text.getBytes(StandardCharsets.UTF_8)), java.util.Collections.singletonList(specOptions.specFile));
            }
            if (yuv != null && rawFormat == null) {
                throw new UsageException("--yuv describes a camera frame; give --raw-format too");
            }
            String frame = rawFormat == null ? null : explainFrame(rawFormat, yuv, json);
            if (json) {
                String text = explainJson(spec);
                if (frame != null) {
                    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                    ObjectNode root = (ObjectNode) m.readTree(text);
                    root.set("frame", m.readTree(frame));
                    text = m.writeValueAsString(root) + "\n";
                }
                w.print(text);
            } else {
                w.print(explainText(spec));
                if (frame != null) {
                    w.print(frame);
                }
            }
            w.flush();
            return 0;
        }

        /** The frame conversion in each platform's words (text, or one JSON object after the spec's). */
        static String explainFrame(String formatName, String yuvName, boolean json) throws Exception {
            dev.pixelprep.core.pixels.PixelFormat f;
            try {
                f = dev.pixelprep.core.pixels.PixelFormat.parse(formatName);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--raw-format " + formatName + ": " + e.getMessage());
            }
            if (!f.isYuv()) {
                throw new UsageException("--raw-format " + formatName + ": spec explain describes YUV frame conversions; " + f + " needs none");
            }
            dev.pixelprep.core.pixels.YuvConversion c;
            try {
                c = yuvName == null ? dev.pixelprep.core.pixels.YuvConversion.defaultFor(f) : dev.pixelprep.core.pixels.YuvConversion.parse(yuvName);
            } catch (dev.pixelprep.core.InvalidPixelsException e) {
                throw new UsageException("--yuv " + yuvName + ": " + e.getMessage());
            }
            java.util.List<dev.pixelprep.core.pixels.YuvExport.Line> lines = dev.pixelprep.core.pixels.YuvExport.all(f, c);
            if (json) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode root = m.createObjectNode();
                root.put("frame_format", f.name());
                root.put("conversion", c.id());
                ArrayNode a = root.putArray("platforms");
                for (dev.pixelprep.core.pixels.YuvExport.Line l : lines) {
                    ObjectNode o = a.addObject();
                    o.put("platform", l.platform());
                    o.put("text", l.text());
                    o.put("exact", l.exact());
                    if (l.note() != null) {
                        o.put("note", l.note());
                    }
                }
                return m.writeValueAsString(root) + "\n";
            }
            StringBuilder sb = new StringBuilder("\nframe: " + f + " read as " + c.id() + " (" + c.matrix().id() + ", " + c.range().id()
                    + " range, " + c.arithmetic().id() + " arithmetic, chroma nearest)" + (yuvName == null ? ", the default for " + f : "") + "\n");
            for (dev.pixelprep.core.pixels.YuvExport.Line l : lines) {
                sb.append(String.format(Locale.ROOT, "%-12s %s%n    %s%n", l.platform(), l.exact() ? "exact" : "approximate", l.text()));
                if (l.note() != null) {
                    sb.append("    note: ").append(l.note()).append('\n');
                }
            }
            return sb.toString();
        }
    }

    @Command(name = "presets", mixinStandardHelpOptions = true, description = "List the named presets and recipes, their sources and canonical form.")
    static final class Presets_ implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            PrintWriter w = command.commandLine().getOut();
            w.println("presets (--preset NAME): a normalisation, and the resize and crop of the model source where the preset has them");
            for (Presets.Preset p : Presets.all().values()) {
                w.printf(Locale.ROOT, "%-22s %s%n%-22s   = %s%n", p.name(), p.description(), "", p.toSpec().describe());
            }
            w.println();
            w.println("recipes (--recipe NAME): a model family's whole preprocessing, as its authors' code does it");
            for (Recipes.Recipe r : Recipes.all().values()) {
                w.printf(Locale.ROOT, "%-26s %s%n%-26s   %s%n%-26s   source: %s%n%-26s   = %s%n", r.name(), r.family(), "", r.description(), "",
                        r.source(), "", r.spec().describe());
            }
            w.flush();
            return 0;
        }
    }

    static String explainText(Spec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append("canonical: ").append(spec.describe()).append('\n');
        double[][] range = spec.outputRange();
        String[] names = spec.color().channelNames();
        sb.append("values the network sees for pixels 0..255:");
        for (int c = 0; c < range.length; c++) {
            sb.append(String.format(Locale.ROOT, " %s [%.6g, %.6g]", names[c], range[c][0], range[c][1]));
        }
        sb.append(spec.meanImage() != null ? " (before the mean image)" : "").append("\n\n");
        for (Expression e : Export.all(spec)) {
            sb.append(String.format(Locale.ROOT, "%-12s %s", e.id(), !e.expressible() ? "not expressible" : e.exact() ? "exact" : "approximate"));
            if (e.expressible() && !e.exact()) {
                sb.append("  worst error");
                for (int c = 0; c < e.worstError().length; c++) {
                    sb.append(String.format(Locale.ROOT, " %s %.4g", names[c], e.worstError()[c]));
                }
            }
            sb.append('\n');
            if (e.expressible()) {
                for (String line : e.text().split("\n")) {
                    sb.append("    ").append(line).append('\n');
                }
            }
            for (String n : e.notes()) {
                sb.append("    note: ").append(n).append('\n');
            }
        }
        if (spec.geometry() != null) {
            sb.append("\ngeometry: ").append(spec.geometry()).append('\n');
            for (GeometryExport.Line l : GeometryExport.all(spec.geometry())) {
                sb.append(String.format(Locale.ROOT, "%-12s %s%n    %s%n", l.convention(), l.exact() ? "exact" : "approximate", l.text()));
                if (l.note() != null) {
                    sb.append("    note: ").append(l.note()).append('\n');
                }
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-12s exact%n", "json"));
        for (String line : SpecJson.write(spec).split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    static String explainJson(Spec spec) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("canonical", spec.describe());
        root.set("spec", SpecJson.toJson(spec));
        ArrayNode conv = root.putArray("conventions");
        for (Expression e : Export.all(spec)) {
            ExportJson.target(conv, Target.of(e));
        }
        ExportJson.geometry(root, spec.geometry());
        return m.writeValueAsString(root) + "\n";
    }
}
