package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecDocument;
import dev.pixelprep.io.spec.SpecJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON spec format: parsing arbitrary text, and rendering what parsed back to JSON. A rendering must parse again
 * and render to the same text (the writer writes only what the reader reads).
 */
class SpecJsonFuzzTest {
    private static final Path BASE;

    static {
        try {
            BASE = Files.createTempDirectory("pixelprep-fuzz-spec");
            BASE.toFile().deleteOnExit();
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest
    void parseAndRender(byte[] data) throws Exception {
        String json = new String(data, StandardCharsets.UTF_8);
        Expected.refusalOk(() -> {
            Spec spec = SpecJson.parse(json, BASE);
            String out = SpecJson.write(spec);
            Spec again = SpecJson.parse(out, BASE);
            String out2 = SpecJson.write(again);
            if (!out.equals(out2)) {
                throw new AssertionError("rendering is not stable:\n" + out + "\n---\n" + out2);
            }
        });
    }

    @FuzzTest
    void parseDocument(byte[] data) throws Exception {
        String json = new String(data, StandardCharsets.UTF_8);
        Expected.refusalOk(() -> {
            SpecDocument doc = SpecJson.parseDocument(json, BASE);
            String out = SpecJson.write(doc);
            SpecJson.parseDocument(out, BASE);
        });
    }
}
