package dev.pixelprep.onnx.files;

import dev.pixelprep.core.InvalidSpecException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The class names an Ultralytics export keeps in its {@code metadata_props}: {@code names} is {@code str()} of the
 * model's {@code dict} of class index to name ({@code ultralytics/engine/exporter.py}), for example
 * {@code {0: 'person', 1: 'bicycle'}}; Python quotes a name that holds an apostrophe with double quotes
 * ({@code "yellow lady's slipper"}) and escapes what it must with a backslash. They are the labels the doctor and
 * {@code classify} use when no labels file is given: with them, {@code --label} and the bundled probe sets work on an
 * exported classifier.
 *
 * <p>Strict: the indices must be 0, 1, 2, ... in order (as the exporter writes them), at most {@link #MAX_NAMES};
 * anything else is refused in one line rather than read as a shifted label list.
 *
 * <p>Stateless utility.
 */
public final class UltralyticsNames {
    /** More classes than any Ultralytics model has (ImageNet-21k is 21,843). */
    public static final int MAX_NAMES = 100_000;

    private final String text;
    private int pos;

    private UltralyticsNames(String text) {
        this.text = text;
    }

    /**
     * The class names of an Ultralytics export ({@code author: Ultralytics} with {@code names}), in index order, or an
     * empty list for any other model.
     *
     * @throws InvalidSpecException when {@code names} is not a dict of consecutive indices to strings
     */
    public static List<String> fromMetadata(Map<String, String> metadata) {
        String names = metadata.get("names");
        if (!"Ultralytics".equals(metadata.get("author")) || names == null) {
            return List.of();
        }
        return parse(names);
    }

    /** Parses {@code str()} of a Python dict {@code {0: 'a', 1: 'b'}}; see the class comment. */
    public static List<String> parse(String names) {
        return new UltralyticsNames(names).dict();
    }

    private InvalidSpecException bad(String why) {
        return new InvalidSpecException("Ultralytics metadata names: " + why + " at character " + pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw bad("expected '" + c + "'");
        }
        pos++;
    }

    private List<String> dict() {
        List<String> out = new ArrayList<>();
        expect('{');
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
        } else {
            while (true) {
                int index = index();
                if (index != out.size()) {
                    throw bad("index " + index + " where " + out.size() + " was due");
                }
                if (out.size() == MAX_NAMES) {
                    throw bad("more than " + MAX_NAMES + " names");
                }
                expect(':');
                out.add(string());
                skipSpaces();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                break;
            }
        }
        skipSpaces();
        if (pos != text.length()) {
            throw bad("text after the closing '}'");
        }
        return List.copyOf(out);
    }

    private int index() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && pos - start < 7 && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw bad("expected a class index");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    /** A Python string literal in single or double quotes, with its backslash escapes. */
    private String string() {
        skipSpaces();
        if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw bad("expected a quoted name");
        }
        char quote = text.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw bad("a name is not closed");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw bad("a name ends in a backslash");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '\\': case '\'': case '"': b.append(e); break;
                case 'n': b.append('\n'); break;
                case 't': b.append('\t'); break;
                case 'r': b.append('\r'); break;
                case 'x': b.append((char) hex(2)); break;
                case 'u': b.append((char) hex(4)); break;
                case 'U': b.appendCodePoint(codePoint(hex(8))); break;
                default: throw bad("unknown escape \\" + e);
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw bad("a \\x, \\u or \\U escape is cut short");
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw bad("a \\x, \\u or \\U escape has a non-hex digit");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private int codePoint(int v) {
        if (v < 0 || v > Character.MAX_CODE_POINT) {
            throw bad("a \\U escape beyond Unicode");
        }
        return v;
    }
}
