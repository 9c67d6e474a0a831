package dev.pixelprep.cli;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.files.ModelFile;
import dev.pixelprep.onnx.files.SpecResolver;
import dev.pixelprep.onnx.files.proto.Onnx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pixelprep attach}: store a spec inside an ONNX model, where classify, detect and the API find it. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Store the preprocessing spec in an ONNX model's metadata_props under '" + SpecResolver.METADATA_KEY + "'"
                + " (replacing one already there); everything else in the model is kept as it is.",
                "classify, detect and SpecResolver then use it whenever no spec is given explicitly. A spec the spec lint flags is refused unless --force."})
final class AttachCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The model to read.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.onnx", description = "Where to write the model with the spec (may be MODEL.onnx itself).")
    Path output;

    @Option(names = "--force", description = "Store the spec even when the spec lint flags it.")
    boolean force;

    @Mixin
    SpecOptions specOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (!specOptions.given()) {
            throw new UsageException("attach needs the spec to store: --spec FILE, --preset NAME or --convention NAME with its flags");
        }
        Spec spec = specOptions.build();
        Onnx.ModelProto m = ModelFile.read(model);
        Map<String, String> metadata = new LinkedHashMap<>();
        m.getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        // the stored spec is what attach replaces, so only the standard image keys count as declared
        specOptions.lint(spec, SpecResolver.declared(metadata, model, false));
        specOptions.refuseLinted(force, output.toString());
        boolean had = m.getMetadataPropsList().stream().anyMatch(e -> e.getKey().equals(SpecResolver.METADATA_KEY));
        Onnx.ModelProto out = ModelFile.withSpec(m, spec);
        AtomicFiles.write(output, out::writeTo);
        PrintWriter w = command.commandLine().getOut();
        w.println("wrote " + output + ": metadata_props '" + SpecResolver.METADATA_KEY + "' " + (had ? "replaced" : "added"));
        w.println("preprocessing: " + spec.describe());
        w.flush();
        return 0;
    }
}
