package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.doctor.GraphNormalization;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.files.ModelFile;
import dev.pixelprep.onnx.files.SpecResolver;
import dev.pixelprep.onnx.files.proto.Onnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX model files without ONNX Runtime: the protobuf parse and sanity checks of {@link ModelFile}, the real inputs,
 * the spec stored in {@code metadata_props}, a metadata edit that must parse again; and the doctor's own protobuf
 * reader of in-graph normalisation ({@link GraphNormalization}).
 */
class OnnxModelFuzzTest {
    @FuzzTest
    void modelFile(byte[] data) throws Exception {
        Expected.refusalOk(() -> {
            Onnx.ModelProto m = ModelFile.parse(data, "fuzz.onnx");
            ModelFile.realInputs(m.getGraph());
            for (Onnx.StringStringEntryProto p : m.getMetadataPropsList()) {
                if (p.getKey().equals(SpecResolver.METADATA_KEY)) {
                    Expected.refusalOk(() -> SpecJson.parse(p.getValue(), Path.of(".")));
                }
            }
            Onnx.ModelProto edited = ModelFile.withMetadata(m, "fuzz", "value");
            ModelFile.parse(edited.toByteArray(), "edited.onnx");
            ModelFile.withoutMetadata(edited, "fuzz");
        });
    }

    @FuzzTest
    void graphNormalization(byte[] data) throws Exception {
        Path f = Files.createTempFile("pixelprep-fuzz", ".onnx");
        try {
            Files.write(f, data);
            String input = "input";
            try {
                List<Onnx.ValueInfoProto> in = ModelFile.realInputs(ModelFile.parse(data, "fuzz.onnx").getGraph());
                if (!in.isEmpty()) {
                    input = in.get(0).getName();
                }
            } catch (PixelprepException e) {
                // not a model ModelFile accepts; the doctor's reader still has to cope
            }
            String name = input;
            Expected.refusalOk(() -> {
                List<GraphNormalization.Step> steps;
                try {
                    steps = GraphNormalization.read(f, name);
                } catch (PixelprepException e) {
                    // read() wraps whatever its parser throws: an unchecked JDK exception under it is still a finding
                    if (e.getCause() instanceof RuntimeException && !(e.getCause() instanceof PixelprepException)) {
                        throw (RuntimeException) e.getCause();
                    }
                    throw e;
                }
                GraphNormalization.describe(steps);
                GraphNormalization.affine(steps, 3);
                GraphNormalization.affine(steps, 1);
            });
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
