package dev.pixelprep.cli;

import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.caffe.CaffeMean;
import dev.pixelprep.formats.coreml.CoreMlEditor;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.ImageInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pixelprep fix MODEL.mlmodel ... -o OUT.mlmodel}: write preprocessing into a Core ML neural network. */
@Command(name = "fix", mixinStandardHelpOptions = true,
        description = {"Write a spec's normalisation into a Core ML neural network (.mlmodel).",
                "Stores it as NeuralNetworkPreprocessing (scaler or meanImage) and sets the input's colour space; every other field is kept. Refuses what Core ML cannot store",
                "(per-channel scales without --approximate, a mean image together with a scale or bias, mlprogram models), and a spec",
                "the spec lint flags (see the warning) unless --force."})
final class FixCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The .mlmodel to read.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write the fixed .mlmodel (may be MODEL itself).")
    Path output;

    @Option(names = "--input", paramLabel = "NAME", description = "The image input to fix (needed when the model has several).")
    String input;

    @Option(names = "--force", description = "Write the spec even when the spec lint flags it (a bias not multiplied by the scale, means in the wrong units, ...).")
    boolean force;

    @Option(names = "--approximate", description = "Write the best single channelScale when the spec's per-channel scales differ (reports the worst error).")
    boolean approximate;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    MeanFileOptions meanOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (java.nio.file.Files.isDirectory(model)) {
            throw new FormatException(model + ": fixing .mlpackage directories is not supported; their models are normally mlprograms,"
                    + " whose preprocessing lives in operations (convert again with ct.ImageType)");
        }
        CoreMlFile file = CoreMlFile.read(model);
        PrintWriter w = command.commandLine().getOut();
        Spec spec;
        if (meanOptions.given()) {
            if (specOptions.specFile != null || specOptions.preset != null || specOptions.recipe != null || specOptions.convention != null) {
                throw new UsageException("give the normalisation once: --mean-file or --spec/--preset/--recipe/--convention");
            }
            if (meanOptions.meanSize != null) {
                throw new UsageException("fix takes the mean image size from the model's input; leave out --mean-size");
            }
            CaffeMean mean = meanOptions.read();
            int[] size = null;
            if (meanOptions.asImage()) {
                ImageInput target = target(file, input);
                size = new int[] {(int) target.width(), (int) target.height()};
            }
            StringBuilder how = new StringBuilder();
            ColorOrder color = specOptions.color == null ? null : parseColor(specOptions.color);
            spec = meanOptions.spec(mean, color, specOptions.inputScale == null ? 1 : specOptions.inputScale, size, how);
            specOptions.lint(spec, LintContext.writtenIn("caffe"));
            w.println("mean: " + how);
        } else {
            if (!specOptions.given()) {
                throw new UsageException("say what to write: --spec FILE, --preset NAME, --convention ... or --mean-file FILE --mean-order bgr|rgb");
            }
            spec = specOptions.build();
        }
        specOptions.refuseLinted(force, output.toString());
        CoreMlEditor.Result r = CoreMlEditor.fix(file.model(), input, spec, approximate);
        byte[] bytes = r.model().toByteArray();
        AtomicFiles.write(output, out -> out.write(bytes));
        w.println("wrote " + output + ": input '" + r.input() + "': " + r.written());
        for (String n : r.notes()) {
            w.println("  note: " + n);
        }
        // read back what was written, as inspect would
        CoreMlFile back = CoreMlFile.read(output);
        for (ImageInput in : CoreMlInspector.inspect(back).imageInputs()) {
            if (in.name().equals(r.input())) {
                w.println("read back: " + in.preprocessing().detail() + ", colour space " + in.colorSpace());
                if (in.preprocessing().toSpec() != null) {
                    w.print(InspectCommand.specLines(in.preprocessing().toSpec()));
                }
            }
        }
        w.flush();
        return 0;
    }

    private static ColorOrder parseColor(String s) {
        try {
            return ColorOrder.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static ImageInput target(CoreMlFile f, String input) {
        ImageInput found = null;
        for (ImageInput in : CoreMlInspector.inspect(f).imageInputs()) {
            if (input == null || in.name().equals(input)) {
                if (found != null && !found.name().equals(in.name())) {
                    throw new FormatException("the model has several image inputs; choose one with --input");
                }
                found = in;
            }
        }
        if (found == null) {
            throw new FormatException(input == null ? "the model has no image input" : "no image input named '" + input + "'");
        }
        return found;
    }
}
