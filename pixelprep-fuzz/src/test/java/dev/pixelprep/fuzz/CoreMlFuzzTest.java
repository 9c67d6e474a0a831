package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.coreml.CoreMlEditor;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.ImageInput;
import dev.pixelprep.formats.coreml.StoredPreprocessing;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Core ML {@code .mlmodel} bytes: parsing, inspecting (image inputs, stored preprocessing as a spec, metadata), and
 * writing a preprocessing into the model, whose result must parse and inspect again.
 */
class CoreMlFuzzTest {
    private static final Spec UNIT = Presets.get("unit").toSpec();

    @FuzzTest
    void parseAndInspect(byte[] data) throws Exception {
        Expected.refusalOk(() -> {
            Model m = CoreMlFile.parse(data, "fuzz.mlmodel");
            CoreMlInspector.Report report = CoreMlInspector.inspect(m);
            CoreMlInspector.typeName(m);
            for (ImageInput in : report.imageInputs()) {
                StoredPreprocessing p = in.preprocessing();
                if (p != null) {
                    p.toSpec();
                }
            }
            if (report.imageInputs().size() == 1) {
                CoreMlEditor.Result r = CoreMlEditor.fix(m, null, UNIT, true);
                Model again = CoreMlFile.parse(r.model().toByteArray(), "fixed.mlmodel");
                CoreMlInspector.inspect(again);
            }
        });
    }

    @FuzzTest
    void readFile(byte[] data) throws Exception {
        Path f = Files.createTempFile("pixelprep-fuzz", ".mlmodel");
        try {
            Files.write(f, data);
            Expected.refusalOk(() -> CoreMlInspector.inspect(CoreMlFile.read(f)));
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
