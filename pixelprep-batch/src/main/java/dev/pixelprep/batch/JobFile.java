package dev.pixelprep.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.io.spec.SpecDocument;
import dev.pixelprep.io.spec.SpecJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code job.json}: the fingerprint of a batch run, everything that decides its outputs: the spec and decoding in
 * spec-file form, the inputs and globs (as absolute paths, so that the same relative arguments from another
 * directory are another run), the shard size, whether tensors are written, and the model, its labels (by content
 * hash) and how their results are read. A run resumes a directory only with the same fingerprint, byte for byte.
 *
 * <p>Stateless utility.
 */
final class JobFile {
    static final String FORMAT = "pixelprep-batch 1";

    private JobFile() {
    }

    static String of(BatchOptions o) {
        ObjectNode n = ManifestEntry.MAPPER.createObjectNode();
        n.put("format", FORMAT);
        try {
            n.set("spec", ManifestEntry.MAPPER.readTree(SpecJson.write(new SpecDocument(o.spec(), o.decode()))));
        } catch (IOException e) {
            throw new IllegalStateException("the spec writer wrote JSON its reader refuses", e);
        }
        n.set("inputs", paths(o.inputs()));
        n.set("lists", paths(o.lists()));
        ArrayNode inc = n.putArray("include");
        o.include().forEach(inc::add);
        ArrayNode exc = n.putArray("exclude");
        o.exclude().forEach(exc::add);
        n.put("shard_size", o.shardSize());
        n.put("tensors", o.tensors());
        if (o.model() != null) {
            ObjectNode m = n.putObject("model");
            m.put("file", o.model().toAbsolutePath().normalize().toString());
            m.put("sha256", sha256(o.model()));
            m.put("task", o.task().name().toLowerCase(java.util.Locale.ROOT));
            m.put("batch_size", o.batchSize());
            m.put("top", o.top());
            if (o.labels() != null) {
                m.put("labels_sha256", sha256(o.labels()));
            }
        }
        try {
            return ManifestEntry.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArrayNode paths(List<Path> ps) {
        ArrayNode a = ManifestEntry.MAPPER.createArrayNode();
        for (Path p : ps) {
            a.add(p.toAbsolutePath().normalize().toString());
        }
        return a;
    }

    static String sha256(Path file) {
        java.security.MessageDigest d = OutputDirectory.sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new BatchException("cannot read " + file + ": " + e.getMessage());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** The first key whose value differs, in words, e.g. {@code "shard_size": 1024 here, 256 before}. */
    static String difference(String before, String now) {
        JsonNode a;
        JsonNode b;
        try {
            a = ManifestEntry.MAPPER.readTree(before);
            b = ManifestEntry.MAPPER.readTree(now);
        } catch (IOException e) {
            return "its job.json is not a batch fingerprint";
        }
        if (a == null || !a.isObject()) {
            return "its job.json is not a batch fingerprint";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = a.get(e.getKey());
            if (!e.getValue().equals(old)) {
                return e.getKey() + " differs: " + shorten(e.getValue()) + " now, " + (old == null ? "absent" : shorten(old)) + " before";
            }
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!b.has(k)) {
                return k + " was given before, not now";
            }
        }
        return "the same options written differently";
    }

    private static String shorten(JsonNode n) {
        String s = n.toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
