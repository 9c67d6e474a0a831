package dev.pixelprep.formats.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.pixelprep.formats.BoundedFiles;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.io.LimitedJson;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The YAML reader of the config importers (PaddleDetection's {@code infer_cfg.yml}): SnakeYAML through Jackson, held
 * to limits checked while the text is read, before a tree is built: at most {@value #MAX_BYTES} bytes (files are
 * checked by size first), {@link LimitedJson#MAX_DEPTH} levels of nesting, no aliases (Jackson would read {@code *x} as
 * the text {@code x}, a silent misreading, so a document with one is refused; no "billion laughs" either), no duplicate keys, and {@link LimitedJson}'s string, key and number lengths. Every failure is one
 * {@link FormatException} line naming the file and, where the parser knows it, the line and column.
 *
 * <p>Stateless utility: static methods over immutable Jackson configuration; safe to call from any thread.
 */
final class LimitedYaml {
    /** Largest YAML document accepted, in bytes; an exported config is a few KB, its label list included. */
    static final int MAX_BYTES = 4 << 20;

    private static final ObjectMapper MAPPER = mapper();

    private LimitedYaml() {
    }

    private static ObjectMapper mapper() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_BYTES);
        loader.setNestingDepthLimit(LimitedJson.MAX_DEPTH);
        loader.setMaxAliasesForCollections(0);
        loader.setAllowDuplicateKeys(false);
        YAMLFactory f = YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(LimitedJson.MAX_DEPTH)
                        .maxStringLength(LimitedJson.MAX_STRING_CHARS)
                        .maxNameLength(LimitedJson.MAX_NAME_CHARS)
                        .maxNumberLength(LimitedJson.MAX_NUMBER_CHARS)
                        .maxDocumentLength(MAX_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return YAMLMapper.builder(f).build();
    }

    static JsonNode read(Path file) {
        return parse(new String(BoundedFiles.read(file, MAX_BYTES, "YAML config"), StandardCharsets.UTF_8), file.toString());
    }

    /** The document as a tree; its root must be a mapping. */
    static JsonNode parse(String text, String name) {
        if (text.length() > MAX_BYTES) {
            throw new FormatException(name + ": a YAML config of " + text.length() + " characters is over the limit of " + MAX_BYTES);
        }
        JsonNode n;
        try {
            refuseAliases(text, name);
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new FormatException(name + ": not valid YAML" + (at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr() : "") + ": " + oneLine(e.getOriginalMessage()));
        } catch (FormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // SnakeYAML's own limit and syntax errors (code point, nesting) arrive unwrapped
            throw new FormatException(name + ": not valid YAML: " + oneLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new FormatException(name + ": expected a YAML mapping at the top, got " + (n == null || n.isMissingNode() ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return n;
    }

    /** One streaming pass that stops at the first alias, before any tree is built. */
    private static void refuseAliases(String text, String name) throws IOException {
        try (JsonParser p = MAPPER.createParser(text)) {
            while (p.nextToken() != null) {
                if (((YAMLParser) p).isCurrentAlias()) {
                    JsonLocation at = p.currentLocation();
                    throw new FormatException(name + ": a YAML alias (*" + p.getText() + ") at line " + at.getLineNr()
                            + "; aliases are not read (PaddleDetection's exporter writes none)");
                }
            }
        }
    }

    private static String oneLine(String m) {
        if (m == null) {
            return "unreadable";
        }
        String t = m.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
