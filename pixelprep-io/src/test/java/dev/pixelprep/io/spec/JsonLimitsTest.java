package dev.pixelprep.io.spec;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.io.LimitedJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16 items 4 and 5: hostile JSON is refused in one line, before a tree is built. */
class JsonLimitsTest {
    private static final String OK = "{\"pixelprep_spec\": 1, \"preset\": \"unit\"}";

    @TempDir
    Path dir;

    static InvalidSpecException refused(String json) {
        try {
            SpecJson.parse(json, null);
        } catch (InvalidSpecException e) {
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("java.").doesNotContain("Exception")
                    .doesNotContain("StreamReadConstraints").hasSizeLessThan(400);
            return e;
        }
        throw new AssertionError("accepted: " + json.substring(0, Math.min(80, json.length())));
    }

    @Test
    void nestingTenThousandDeepIsRefusedAtTheDepthLimit() {
        String deep = "{\"pixelprep_spec\": 1, \"description\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThat(refused(deep)).hasMessageStartingWith("$: JSON nested deeper than the 64 levels accepted (line 1, column");
        // one level below the limit still parses as far as the spec reader, which names the key
        String ok = "{\"pixelprep_spec\": 1, \"description\": " + "[".repeat(62) + "]".repeat(62) + "}";
        assertThat(SpecJson.parse(ok, null)).isEqualTo(SpecJson.parse("{\"pixelprep_spec\": 1}", null));
    }

    @Test
    void hugeStringsAndNumbersAreRefused() {
        assertThat(refused("{\"pixelprep_spec\": 1, \"description\": \"" + "a".repeat(2 << 20) + "\"}"))
                .hasMessageStartingWith("$: a JSON string longer than the 1048576 characters accepted");
        assertThat(refused("{\"pixelprep_spec\": 1, \"batch\": " + "9".repeat(5000) + "}"))
                .hasMessageStartingWith("$: a JSON number longer than the 100 characters accepted");
        assertThat(refused("{\"pixelprep_spec\": 1, \"" + "k".repeat(5000) + "\": 1}"))
                .hasMessageStartingWith("$: a JSON key longer than the 1000 characters accepted");
        // 50 MB of string or number: refused by the document limit before tokenising
        assertThat(refused("{\"pixelprep_spec\": 1, \"description\": \"" + "a".repeat(50 << 20) + "\"}"))
                .hasMessageContaining("characters of JSON is more than the 16777216 accepted");
        assertThat(refused("{\"pixelprep_spec\": 1, \"batch\": " + "1".repeat(50 << 20) + "}"))
                .hasMessageContaining("characters of JSON is more than the 16777216 accepted");
    }

    @Test
    void trailingGarbageAndASecondObjectAreRefused() {
        assertThat(refused(OK + " x")).hasMessage("$: text after the JSON value (line 1, column 41); a document holds exactly one value");
        assertThat(refused(OK + "\n" + OK)).hasMessageStartingWith("$: text after the JSON value (line 2, column 1)");
        assertThat(refused(OK + "}")).hasMessageStartingWith("$: text after the JSON value");
        assertThat(refused("")).hasMessage("$: empty document, expected a JSON object");
        // white space after the value is fine
        assertThat(SpecJson.parse(OK + "\n\n  ", null)).isEqualTo(SpecJson.parse(OK, null));
    }

    @Test
    void syntaxErrorsNameLineColumnAndPath() {
        assertThat(refused("{\"pixelprep_spec\": 1,\n \"resize\": {\"width\": 1x}}"))
                .hasMessageStartingWith("$: not valid JSON: ").hasMessageContaining("(line 2, column").hasMessageContaining("at $.resize.width");
    }

    @Test
    void specFilesNameTheFileAndMustBeRegularFiles() throws IOException {
        Path f = dir.resolve("deep.json");
        Files.writeString(f, "{\"pixelprep_spec\": 1, \"description\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        assertThatThrownBy(() -> SpecJson.read(f)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith(f + ": $: JSON nested deeper than the 64 levels accepted");
        Path two = dir.resolve("two.json");
        Files.writeString(two, OK + OK);
        assertThatThrownBy(() -> SpecJson.read(two)).hasMessageStartingWith(two + ": $: text after the JSON value");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"pixelprep_spec\": 1, \"torchvision\": {\"mean\": 0, \"std\": 0}}");
        assertThatThrownBy(() -> SpecJson.read(bad)).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith(bad + ": $.torchvision.std")
                .satisfies(e -> assertThat(((InvalidSpecException) e).path()).isEqualTo("$.torchvision.std[0]"));
        assertThatThrownBy(() -> SpecJson.read(dir)).hasMessage(dir + ": not a regular file (a spec must be a file)");
        assertThatThrownBy(() -> SpecJson.read(dir.resolve("none.json"))).hasMessage("no such file: " + dir.resolve("none.json"));
        Path big = dir.resolve("big.json");
        Files.write(big, ("{\"pixelprep_spec\": 1, \"description\": \"" + "a".repeat(17 << 20) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SpecJson.read(big)).hasMessageStartingWith(big + ": ").hasMessageContaining("bytes is more than the 16777216 accepted for a spec");
    }

    @Test
    void theLimitsAreThoseDocumented() {
        assertThat(LimitedJson.MAX_DEPTH).isEqualTo(64);
        assertThat(LimitedJson.MAX_STRING_CHARS).isEqualTo(1 << 20);
        assertThat(LimitedJson.MAX_NUMBER_CHARS).isEqualTo(100);
        assertThat(LimitedJson.MAX_DOCUMENT_CHARS).isEqualTo(16 << 20);
    }
}
