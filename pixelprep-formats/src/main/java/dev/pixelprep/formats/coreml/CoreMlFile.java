package dev.pixelprep.formats.coreml;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pixelprep.formats.BoundedFiles;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.io.LimitedJson;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Core ML model read from a {@code .mlmodel} file (the bare {@code CoreML.Specification.Model} protobuf) or an
 * {@code .mlpackage} directory (whose {@code Manifest.json} names the root model file under {@code Data/}).
 * Fields this project's .proto does not declare are kept by protobuf and written back unchanged.
 *
 * <p>Immutable: the paths and the parsed protobuf message (itself immutable) it was read as.
 */
public final class CoreMlFile {
    /** Largest model spec read (weights of an mlprogram live in a separate file). */
    public static final long MAX_BYTES = 1L << 30;
    private static final long MAX_MANIFEST_BYTES = 1 << 20;

    private final Path source;
    private final Path specFile;
    private final Model model;

    private CoreMlFile(Path source, Path specFile, Model model) {
        this.source = source;
        this.specFile = specFile;
        this.model = model;
    }

    /** Reads an {@code .mlmodel} file or an {@code .mlpackage} directory. */
    public static CoreMlFile read(Path path) {
        Path spec = Files.isDirectory(path) ? packageSpec(path) : path;
        byte[] bytes = BoundedFiles.read(spec, MAX_BYTES, "Core ML model");
        return new CoreMlFile(path, spec, parse(bytes, spec.toString()));
    }

    /** Parses and sanity-checks a serialized model; {@code name} is used in errors. */
    public static Model parse(byte[] bytes, String name) {
        Model m;
        try {
            m = Model.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new FormatException(name + ": not a Core ML model (" + FormatException.protobufReason(e.getMessage()) + ")");
        }
        if (m.getSpecificationVersion() <= 0 || !m.hasDescription()) {
            throw new FormatException(name + ": not a Core ML model (no specificationVersion and model description)");
        }
        return m;
    }

    /** The model spec file inside an {@code .mlpackage}, as its {@code Manifest.json} names it. */
    static Path packageSpec(Path dir) {
        Path manifest = dir.resolve("Manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new FormatException(dir + ": a directory without Manifest.json is not an .mlpackage");
        }
        JsonNode root = LimitedJson.parse(new String(BoundedFiles.read(manifest, MAX_MANIFEST_BYTES, "Manifest.json"),
                java.nio.charset.StandardCharsets.UTF_8), manifest.toString(), false, FormatException::new);
        String rootId = root == null ? "" : root.path("rootModelIdentifier").asText("");
        JsonNode entries = root == null ? null : root.get("itemInfoEntries");
        if (rootId.isEmpty() || entries == null) {
            throw new FormatException(manifest + ": no rootModelIdentifier / itemInfoEntries");
        }
        JsonNode item = null;
        if (entries.isObject()) {
            item = entries.get(rootId);
        } else if (entries.isArray()) {
            for (JsonNode e : entries) {
                if (rootId.equals(e.path("identifier").asText())) {
                    item = e;
                }
            }
        }
        if (item == null || !item.path("path").isTextual()) {
            throw new FormatException(manifest + ": root model " + rootId + " has no item entry with a path");
        }
        Path data = dir.resolve("Data").normalize();
        Path spec = data.resolve(item.get("path").asText()).normalize();
        if (!spec.startsWith(data)) {
            throw new FormatException(manifest + ": root model path " + item.get("path").asText() + " leaves the package's Data folder");
        }
        if (!Files.isRegularFile(spec)) {
            throw new FormatException(manifest + ": root model file " + spec + " does not exist");
        }
        return spec;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** The path given to {@link #read}. */
    public Path source() {
        return source;
    }

    /** The protobuf file itself ({@code source} for an .mlmodel, the root model inside an .mlpackage). */
    public Path specFile() {
        return specFile;
    }

    public boolean isPackage() {
        return !source.equals(specFile);
    }

    public Model model() {
        return model;
    }

    /** User-defined metadata keys and values, in file order. */
    public Map<String, String> userMetadata() {
        return model.getDescription().getMetadata().getUserDefinedMap();
    }
}
