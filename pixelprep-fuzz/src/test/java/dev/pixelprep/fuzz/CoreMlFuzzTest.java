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

    /**
     * An ML program package whose weight file is the fuzzer's bytes after an 8-byte little-endian blob offset: the
     * scale constant of the example program is moved into the weight file at that offset, then the package is
     * inspected and fixed. Every offset and size must be refused or read within the file.
     */
    @FuzzTest
    void weightFile(byte[] data) throws Exception {
        if (data.length < 8) {
            return;
        }
        long offset = java.nio.ByteBuffer.wrap(data, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        Path pkg = Files.createTempDirectory("pixelprep-fuzz-pkg");
        Path out = pkg.resolveSibling(pkg.getFileName() + "-fixed.mlpackage");
        try {
            Path data1 = Files.createDirectories(pkg.resolve("Data/com.apple.CoreML/weights"));
            Files.writeString(pkg.resolve("Manifest.json"), "{\"fileFormatVersion\": \"1.0.0\", \"itemInfoEntries\": {\"M\": {\"path\":"
                    + " \"com.apple.CoreML/model.mlmodel\", \"name\": \"model.mlmodel\", \"author\": \"com.apple.CoreML\"}},"
                    + " \"rootModelIdentifier\": \"M\"}");
            Files.write(data1.getParent().resolve("model.mlmodel"), WeightFileModel.withScaleAt(offset).toByteArray());
            Files.write(data1.resolve("weight.bin"), java.util.Arrays.copyOfRange(data, 8, data.length));
            Expected.refusalOk(() -> {
                CoreMlFile f = CoreMlFile.read(pkg);
                for (ImageInput in : CoreMlInspector.inspect(f).imageInputs()) {
                    in.preprocessing().toSpec();
                }
                CoreMlEditor.Result r = CoreMlEditor.fix(f.model(), null, UNIT, true);
                dev.pixelprep.formats.coreml.PackageWriter.write(f, r.model(), out);
                CoreMlInspector.inspect(CoreMlFile.read(out));
            });
        } finally {
            for (Path root : new Path[] {out, pkg}) {
                if (Files.exists(root)) {
                    try (java.util.stream.Stream<Path> s = Files.walk(root)) {
                        for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
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
