package dev.pixelprep.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pixelprep.core.PixelprepException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one JSON reader of pixelprep: every spec file, spec stored in a model, sidecar, config and manifest is parsed
 * here, with limits that are checked while the text is tokenised, before any tree is built:
 *
 * <ul>
 *   <li>documents of at most {@value #MAX_DOCUMENT_CHARS} characters (16 MiB; files are checked by size first);</li>
 *   <li>at most {@value #MAX_DEPTH} nested arrays or objects;</li>
 *   <li>strings (values) of at most {@value #MAX_STRING_CHARS} characters (1 MiB), keys of at most
 *       {@value #MAX_NAME_CHARS};</li>
 *   <li>numbers of at most {@value #MAX_NUMBER_CHARS} characters;</li>
 *   <li>exactly one root value: anything but white space after it (a second object, trailing garbage) is refused.</li>
 * </ul>
 *
 * <p>A spec is a few hundred bytes and the largest real inputs (a spec with an inline 3×224×224 mean image, a
 * Hugging Face config) a few MiB, so the limits leave room while keeping a hostile file from costing more than a
 * bounded amount of memory and stack. Every failure is a one-line exception of the caller's type naming the
 * document, the line and column, and the JSON path when it is short enough to help.
 *
 * <p>Stateless utility: static methods over immutable Jackson configuration.
 */
public final class LimitedJson {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;
    /** Longest string value accepted, in characters. */
    public static final int MAX_STRING_CHARS = 1 << 20;
    /** Longest object key accepted, in characters. */
    public static final int MAX_NAME_CHARS = 1000;
    /** Longest number accepted, in characters (a double needs at most 24). */
    public static final int MAX_NUMBER_CHARS = 100;
    /** Largest document accepted, in characters (and, for files, in bytes). */
    public static final int MAX_DOCUMENT_CHARS = 16 << 20;

    private static final ObjectMapper STRICT = mapper(false);
    private static final ObjectMapper NON_NUMERIC = mapper(true);

    private LimitedJson() {
    }

    private static ObjectMapper mapper(boolean nonNumeric) {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING_CHARS)
                        .maxNameLength(MAX_NAME_CHARS)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .maxDocumentLength(MAX_DOCUMENT_CHARS)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .configure(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, nonNumeric)
                .build();
        return JsonMapper.builder(f).build();
    }

    /**
     * Parses one JSON document.
     *
     * @param text       the document
     * @param name       what it is, for messages (a file name, "the spec stored in model.onnx")
     * @param nonNumeric whether {@code NaN} and {@code Infinity} are read as numbers (so that the caller can name
     *                   them as not finite) instead of as a syntax error
     * @param error      makes the caller's exception from a one-line message that already starts with {@code name}
     * @return the root value, never {@code null} (an empty document is an error)
     */
    public static JsonNode parse(String text, String name, boolean nonNumeric, Function<String, ? extends PixelprepException> error) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw error.apply(name + ": " + text.length() + " characters of JSON is more than the " + MAX_DOCUMENT_CHARS + " accepted");
        }
        ObjectMapper m = nonNumeric ? NON_NUMERIC : STRICT;
        JsonParser p = null;
        try {
            p = m.getFactory().createParser(text);
            JsonNode n = m.readTree(p);
            if (n == null || n.isMissingNode()) {
                throw error.apply(name + ": empty document, expected a JSON object");
            }
            JsonLocation end = null;
            try {
                if (p.nextToken() != null) {
                    end = p.currentTokenLocation();
                }
            } catch (JsonProcessingException e) {
                end = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            }
            if (end != null) {
                throw error.apply(name + ": text after the JSON value (line " + end.getLineNr() + ", column " + end.getColumnNr()
                        + "); a document holds exactly one value");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw error.apply(name + ": " + describe(e, p, text));
        } catch (IOException e) {
            throw error.apply(name + ": cannot read JSON: " + oneLine(e.getMessage()));
        } catch (StackOverflowError e) {
            // the depth limit keeps this from happening; kept so a too-small thread stack is still one line
            throw error.apply(name + ": JSON nested too deeply for this thread's stack");
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // closing a parser over a string cannot fail
                }
            }
        }
    }

    /**
     * Reads and parses a JSON file of at most {@code maxBytes} (and at most {@value #MAX_DOCUMENT_CHARS}) bytes,
     * refusing a missing file, a directory, a FIFO or a device before opening it.
     */
    public static JsonNode read(Path file, long maxBytes, String what, boolean nonNumeric, Function<String, ? extends PixelprepException> error) {
        return parse(readText(file, maxBytes, what, error), file.toString(), nonNumeric, error);
    }

    /** The text of a JSON file, bounded as {@link #read} does. */
    public static String readText(Path file, long maxBytes, String what, Function<String, ? extends PixelprepException> error) {
        long limit = Math.min(maxBytes, MAX_DOCUMENT_CHARS);
        try {
            if (!Files.exists(file)) {
                throw error.apply("no such file: " + file);
            }
            if (!Files.isRegularFile(file)) {
                throw error.apply(file + ": not a regular file (a " + what + " must be a file)");
            }
            long size = Files.size(file);
            if (size > limit) {
                throw error.apply(file + ": " + size + " bytes is more than the " + limit + " accepted for a " + what);
            }
            byte[] b;
            try (InputStream in = Files.newInputStream(file)) {
                b = in.readNBytes((int) limit + 1);
            }
            if (b.length > limit) {
                throw error.apply(file + ": grew beyond the " + limit + " bytes accepted for a " + what + " while being read");
            }
            return new String(b, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw error.apply("no such file: " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw error.apply("permission denied: " + file);
        } catch (IOException e) {
            throw error.apply("cannot read " + file + ": " + oneLine(e.getMessage()));
        }
    }

    private static String describe(JsonProcessingException e, JsonParser p, String text) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof StreamConstraintsException) {
            String m = limitMessage(e.getOriginalMessage());
            // a number long enough to fill the token buffer is reported by Jackson as a long string
            if (m.startsWith("a JSON string") && p != null && inNumber(text, p.currentLocation())) {
                m = "a JSON number longer than the " + MAX_NUMBER_CHARS + " characters accepted";
            }
            sb.append(m);
        } else {
            sb.append("not valid JSON: ").append(oneLine(e.getOriginalMessage()));
        }
        JsonLocation loc = e.getLocation();
        if (loc == null && p != null) {
            loc = p.currentLocation();
        }
        if (loc != null && loc.getLineNr() > 0) {
            sb.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
            String path = p == null ? null : path(p.getParsingContext());
            if (path != null && path.length() > 1 && path.length() <= 80) {
                sb.append(", at ").append(path);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** Whether the text just before {@code loc} is an unquoted run of number characters. */
    private static boolean inNumber(String text, JsonLocation loc) {
        long off = loc == null ? -1 : loc.getCharOffset();
        if (off <= 0 || off > text.length()) {
            return false;
        }
        int i = (int) off - 1;
        int n = 0;
        while (i >= 0 && "0123456789+-.eE".indexOf(text.charAt(i)) >= 0) {
            i--;
            n++;
        }
        return n > MAX_NUMBER_CHARS && (i < 0 || text.charAt(i) != '"');
    }

    private static String limitMessage(String jackson) {
        String m = jackson == null ? "" : jackson.toLowerCase(Locale.ROOT);
        if (m.contains("nesting depth")) {
            return "JSON nested deeper than the " + MAX_DEPTH + " levels accepted";
        }
        if (m.contains("string value length")) {
            return "a JSON string longer than the " + MAX_STRING_CHARS + " characters accepted";
        }
        if (m.contains("name length")) {
            return "a JSON key longer than the " + MAX_NAME_CHARS + " characters accepted";
        }
        if (m.contains("number value length")) {
            return "a JSON number longer than the " + MAX_NUMBER_CHARS + " characters accepted";
        }
        if (m.contains("document length")) {
            return "JSON longer than the " + MAX_DOCUMENT_CHARS + " characters accepted";
        }
        String s = oneLine(jackson);
        int from = s.indexOf(" (from");
        return "JSON over a size limit: " + (from > 0 ? s.substring(0, from) : s);
    }

    /** The parser's position as a JSON path ({@code $.resize.width}, {@code $.bias[2]}); {@code null} if unknown. */
    private static String path(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject()) {
                String n = c.getCurrentName();
                if (n != null) {
                    parts.push("." + n);
                }
            }
            if (parts.size() > MAX_DEPTH) {
                return null;
            }
        }
        StringBuilder sb = new StringBuilder("$");
        parts.forEach(sb::append);
        return sb.toString();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        int nl = s.indexOf('\n');
        String t = nl < 0 ? s : s.substring(0, nl);
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
