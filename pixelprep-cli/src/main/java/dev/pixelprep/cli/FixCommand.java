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
import dev.pixelprep.formats.coreml.PackageWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code pixelprep fix MODEL -o OUT}: write preprocessing into a Core ML neural network ({@code .mlmodel}) or ML program
 * ({@code .mlmodel} or {@code .mlpackage}).
 */
@Command(name = "fix", mixinStandardHelpOptions = true,
        description = {"Write a spec's normalisation into a Core ML model: a neural network (.mlmodel) or an ML program (.mlmodel or .mlpackage).",
                "A neural network gets NeuralNetworkPreprocessing (scaler or meanImage), a program the mul/add operations coremltools writes; the input's colour",
                "space is set and every other field, operation and weight is kept. An .mlpackage is written as a new package next to the old one.",
                "Refuses what the format cannot store (per-channel scales in a neural network without --approximate, a mean image with a scale or bias,",
                "a mean image in a program), and a spec the spec lint flags (see the warning) unless --force."})
final class FixCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The .mlmodel file or .mlpackage directory to read.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write the fixed model: an .mlmodel file (may be MODEL itself) or, for an .mlpackage, a new directory next to it.")
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
        CoreMlFile file = CoreMlFile.read(model);
        if (file.isPackage()) {
            PackageWriter.check(file, output);
        }
        // reads the stored preprocessing, weight-file constants included: a broken package is refused before writing
        CoreMlInspector.inspect(file);
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
        if (file.isPackage()) {
            PackageWriter.write(file, r.model(), output);
        } else {
            byte[] bytes = r.model().toByteArray();
            AtomicFiles.write(output, out -> out.write(bytes));
        }
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
                    w.print(InspectCommand.float16Text(in.preprocessing(), spec, "the spec written"));
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
