package dev.pixelprep.fuzz;

import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.MilProto.Block;
import dev.pixelprep.formats.coreml.proto.MilProto.Function;
import dev.pixelprep.formats.coreml.proto.MilProto.Operation;
import dev.pixelprep.formats.coreml.proto.MilProto.Value;

import java.nio.file.Path;

/** The bundled example ML program ({@code examples/coreml/scaled-only.mlpackage}) with its scale constant moved into the weight file. */
final class WeightFileModel {
    private static final Model EXAMPLE = CoreMlFile.read(example()).model();

    /** From the module (Maven's test runs) or from the repository root ({@code scripts/fuzz.sh}). */
    private static Path example() {
        Path here = Path.of("examples", "coreml", "scaled-only.mlpackage");
        return java.nio.file.Files.isDirectory(here) ? here : Path.of("..").resolve(here);
    }

    private WeightFileModel() {
    }

    static Model withScaleAt(long offset) {
        Function main = EXAMPLE.getMlProgram().getFunctionsMap().get("main");
        Block.Builder b = main.getBlockSpecializationsMap().get(main.getOpset()).toBuilder();
        for (int i = 0; i < b.getOperationsCount(); i++) {
            Operation op = b.getOperations(i);
            if (op.getOutputs(0).getName().equals("image__scaled___y_0")) {
                Value v = op.getAttributesMap().get("val").toBuilder().setBlobFileValue(Value.BlobFileValue.newBuilder()
                        .setFileName("@model_path/weights/weight.bin").setOffset(offset)).build();
                b.setOperations(i, op.toBuilder().putAttributes("val", v));
            }
        }
        Function f = main.toBuilder().putBlockSpecializations(main.getOpset(), b.build()).build();
        return EXAMPLE.toBuilder().setMlProgram(EXAMPLE.getMlProgram().toBuilder().putFunctions("main", f)).build();
    }
}
