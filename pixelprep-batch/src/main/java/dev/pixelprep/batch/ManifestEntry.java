package dev.pixelprep.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One line of {@code manifest.jsonl}: what became of one input. Keys, always in this order:
 * <pre>
 * index   0-based position in the input listing
 * path    the input as listed
 * status  "ok" or "error"
 * bytes   file size (absent when the file could not be read)
 * sha256  of the file's bytes (absent when the file could not be read)
 * width, height  the decoded image (ok only)
 * shard, row     where its tensor is (ok, with tensors)
 * top     the model's classes, best first: [{"class": i, "label": name, "p": probability}] (ok, with a model)
 * error   the one-line reason (error only)
 * </pre>
 * Nothing in a line depends on time, threads or interruptions, so the same inputs give the same bytes.
 *
 * <p>Immutable value type (a record).
 */
record ManifestEntry(long index, String path, boolean ok, long bytes, String sha256, int width, int height, int shard,
                     int row, ArrayNode top, String error) {
    private static final JsonFactory JSON = new JsonFactory();
    static final ObjectMapper MAPPER = new ObjectMapper();

    static ManifestEntry failed(long index, String path, long bytes, String sha256, String error) {
        return new ManifestEntry(index, path, false, bytes, sha256, 0, 0, -1, -1, null, error);
    }

    ManifestEntry withTop(ArrayNode classes) {
        return new ManifestEntry(index, path, ok, bytes, sha256, width, height, shard, row, classes, error);
    }

    /** The line, without its newline. */
    String toJson() {
        StringWriter sw = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeNumberField("index", index);
            g.writeStringField("path", path);
            g.writeStringField("status", ok ? "ok" : "error");
            if (sha256 != null) {
                g.writeNumberField("bytes", bytes);
                g.writeStringField("sha256", sha256);
            }
            if (ok) {
                g.writeNumberField("width", width);
                g.writeNumberField("height", height);
                if (shard >= 0) {
                    g.writeNumberField("shard", shard);
                    g.writeNumberField("row", row);
                }
                if (top != null) {
                    g.writeFieldName("top");
                    MAPPER.writeTree(g, top);
                }
            } else {
                g.writeStringField("error", error);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** The keys recovery needs from a line written by {@link #toJson()}, or null when it is not such a line. */
    static Parsed parse(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.path("index").canConvertToLong() || !n.path("path").isTextual()) {
            return null;
        }
        String status = n.path("status").asText("");
        if (!status.equals("ok") && !status.equals("error")) {
            return null;
        }
        return new Parsed(n.get("index").asLong(), n.get("path").asText(), status.equals("ok"),
                n.has("shard") ? n.get("shard").asInt() : -1, n.has("row") ? n.get("row").asInt() : -1);
    }

    /** What a manifest line says, as far as resuming needs it. */
    record Parsed(long index, String path, boolean ok, int shard, int row) {
    }
}
