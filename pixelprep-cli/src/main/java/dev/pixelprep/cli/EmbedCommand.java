package dev.pixelprep.cli;

import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.files.Embedder;
import dev.pixelprep.onnx.files.ModelFile;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.SpecResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pixelprep embed}: put the pixel preprocessing into the model itself. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Rewrite an ONNX model so that it takes raw uint8 pixels [N,H,W,channels] in one pixel format and does the"
                + " spec's channel selection, gray conversion, layout change, cast, mean, scale and bias itself.",
                "The resize and crop are not embedded unless --embed-resize is given: feed pixels already at the model's size. The result is loaded in ONNX Runtime"
                        + " before it is written. The spec comes from --spec/--preset/--convention, else from the model as classify finds it;"
                        + " a spec the spec lint flags is refused unless --force."})
final class EmbedCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The model to rewrite.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.onnx", description = "Where to write the rewritten model.")
    Path output;

    @Option(names = "--input-format", required = true, paramLabel = "FORMAT",
            description = "Byte layout of the pixels the new model takes: BGRA8888, RGBA8888, ARGB8888, ABGR8888, BGRX8888, RGBX8888, RGB888, BGR888 or GRAY8.")
    String inputFormat;

    @Option(names = "--embed-resize",
            description = "Also embed the spec's resize as ONNX Resize (exact WxH resizes only, opset >= 11; approximate, see the printed caveat); the new input then takes any height and width.")
    boolean embedResize;

    @Option(names = "--force", description = "Embed the spec even when the spec lint flags it.")
    boolean force;

    @Mixin
    SpecOptions specOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PixelFormat format;
        try {
            format = PixelFormat.parse(inputFormat);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--input-format: " + e.getMessage());
        }
        Spec explicit = specOptions.given() ? specOptions.build() : null;
        dev.pixelprep.onnx.files.proto.Onnx.ModelProto proto = ModelFile.read(model);
        SpecResolver.Resolved resolved;
        try (OnnxModel m = OnnxModel.open(model)) {
            resolved = SpecResolver.resolve(m, explicit, "the command line");
            specOptions.lint(resolved.spec(), SpecResolver.declared(m.metadata(), model, explicit != null));
        }
        specOptions.refuseLinted(force, output.toString());
        Spec spec = resolved.spec();
        Embedder.Result r = Embedder.embed(proto, spec, format, embedResize);
        byte[] bytes = r.model().toByteArray();
        ModelFile.checkLoads(bytes, output.toString());
        AtomicFiles.write(output, out -> out.write(bytes), java.util.Arrays.asList(model, specOptions.specFile));
        PrintWriter w = command.commandLine().getOut();
        StringBuilder shape = new StringBuilder();
        for (long d : r.inputShape()) {
            shape.append(shape.length() == 0 ? "" : ",").append(d >= 0 ? Long.toString(d) : shape.length() == 0 ? "N" : "?");
        }
        w.println("wrote " + output + ": input `" + r.inputName() + "` uint8 [" + shape + "] " + format + " pixels");
        for (String step : r.steps()) {
            w.println("  " + step);
        }
        if (spec.geometry() != null && !embedResize) {
            w.println("not embedded: " + spec.geometry() + " (resize and crop the pixels before feeding them)");
        }
        w.println("spec from: " + resolved.source());
        w.flush();
        return 0;
    }
}
