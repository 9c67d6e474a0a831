package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.formats.BoundedFiles;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.io.LimitedJson;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Small JSON helpers for the config importers: bounded reading and typed access with one-line errors. */
final class Json {
    static final long MAX_BYTES = 4 << 20;

    private Json() {
    }

    static JsonNode read(Path file) {
        return parse(new String(BoundedFiles.read(file, MAX_BYTES, "JSON config"), StandardCharsets.UTF_8), file.toString());
    }

    /** Parses within the {@link LimitedJson} limits (depth, sizes, a single root value); the root must be an object. */
    static JsonNode parse(String text, String name) {
        JsonNode n = LimitedJson.parse(text, name, false, FormatException::new);
        if (!n.isObject()) {
            throw new FormatException(name + ": expected a JSON object");
        }
        return n;
    }

    /** A number or a list of numbers; {@code null} when absent or JSON null. */
    static double[] numbers(JsonNode parent, String key, String name) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return new double[] {n.asDouble()};
        }
        if (n.isArray() && n.size() > 0) {
            double[] v = new double[n.size()];
            for (int i = 0; i < v.length; i++) {
                if (!n.get(i).isNumber()) {
                    throw new FormatException(name + ": " + key + "[" + i + "] is not a number");
                }
                v[i] = n.get(i).asDouble();
            }
            return v;
        }
        throw new FormatException(name + ": " + key + " must be a number or a list of numbers, got " + n);
    }

    static Boolean bool(JsonNode parent, String key, String name) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new FormatException(name + ": " + key + " must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    static Double number(JsonNode parent, String key, String name) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new FormatException(name + ": " + key + " must be a number, got " + n);
        }
        return n.asDouble();
    }

    static String text(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    static int positiveInt(JsonNode n, String what, String name) {
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw new FormatException(name + ": " + what + " must be a positive integer, got " + n);
        }
        return n.asInt();
    }

    static int nonNegativeInt(JsonNode n, String what, String name) {
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
            throw new FormatException(name + ": " + what + " must be a whole number 0 or more, got " + n);
        }
        return n.asInt();
    }
}
