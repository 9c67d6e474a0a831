package dev.pixelprep.cli;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.TensorDiagnosis;
import dev.pixelprep.doctor.TensorDoctor;
import dev.pixelprep.formats.coreml.CoreMlFile;
import dev.pixelprep.formats.coreml.CoreMlInspector;
import dev.pixelprep.formats.coreml.ImageInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pixelprep doctor coreml}: a Core ML model cannot run here, so its stored preprocessing is compared with
 * what the user says the model was trained with: both are applied to a real photo at the input's size and the
 * tensor diagnosis names the difference (channel swap, scale off by 255, bias not multiplied by the scale, ...).
 */
@Command(name = "coreml", mixinStandardHelpOptions = true,
        description = {"Check the preprocessing stored in a Core ML model (.mlmodel or .mlpackage) against the one the model was trained with",
                "(give it with --spec, --preset or --convention ...): names each mistake and prints the corrected coremltools arguments."})
final class DoctorCoreMlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL.mlmodel", description = "Core ML model file or .mlpackage directory.")
    Path model;

    @Option(names = "--input", paramLabel = "NAME", description = "Image input to check (default: the only one).")
    String input;

    @Option(names = "--image", paramLabel = "IMG", description = "Photo to compare on (default: the bundled examples/chelsea.png).")
    Path image;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    ImageLoader loader;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (!specOptions.given()) {
            throw new UsageException("say what the model was trained with: --spec, --preset or --convention ... (e.g. --preset torchvision-imagenet)");
        }
        Spec trained = specOptions.build();
        CoreMlInspector.Report report = CoreMlInspector.inspect(CoreMlFile.read(model));
        ImageInput in = pick(report.imageInputs());
        Spec stored = in.preprocessing().toSpec();
        if (stored == null) {
            throw new InvalidSpecException(model.getFileName() + ": the preprocessing of input '" + in.name() + "' cannot be read: "
                    + in.preprocessing().detail());
        }
        if (stored.channels() != trained.channels()) {
            throw new InvalidSpecException("input '" + in.name() + "' is " + stored.color() + " (" + stored.channels() + " channel(s)) but the training spec is "
                    + trained.color() + "; the colour space itself is wrong");
        }
        PixelBuffer px = loader.load(image != null ? image : Bundled.path("chelsea.png"), specOptions.decodeBase()).pixels();
        Geometry g = in.width() > 0 && in.height() > 0
                ? new Geometry(Resize.exact((int) in.width(), (int) in.height(), Interpolation.BILINEAR, ResizeFamily.PILLOW), null) : null;
        Tensor mine = Pipeline.compile(stored.toBuilder().layout(Layout.NCHW).geometry(g).build()).tensor(px);
        Tensor want = Pipeline.compile(trained.toBuilder().layout(Layout.NCHW).geometry(g).batch(1).build()).tensor(px);
        TensorDiagnosis d = TensorDoctor.diagnose(mine, want, stored);

        PrintWriter w = command.commandLine().getOut();
        w.println("input '" + in.name() + "' (" + in.where() + ", " + in.modelType() + "): " + in.width() + "x" + in.height() + ", colour space " + in.colorSpace());
        w.println("  stored:  " + in.preprocessing().detail());
        w.println("           = " + stored.describe());
        w.println("  trained: " + trained.describe());
        String[] names = stored.color().channelNames();
        w.print("  worst difference per channel over pixels 0..255:");
        for (int c = 0; c < stored.channels(); c++) {
            double worst = 0;
            for (int x = 0; x < 256; x++) {
                double t = trained.scale(c) * (trained.invert() ? 255 - x : x) + trained.bias(c);
                double s = stored.scale(c) * (stored.invert() ? 255 - x : x) + stored.bias(c);
                worst = Math.max(worst, Math.abs(t - s));
            }
            w.printf(Locale.ROOT, " %s %.4g", names[c], worst);
        }
        w.println(stored.meanImage() != null || trained.meanImage() != null ? " (mean images not included)" : "");
        // float16 against the training spec when the stored constants are right, else what float16 adds to them
        if (d.clean() && stored.color() == trained.color()) {
            w.print(InspectCommand.float16Text(in.preprocessing(), trained, "the training spec"));
        } else {
            w.print(InspectCommand.float16Text(in.preprocessing(), stored, "the stored constants in exact arithmetic"));
        }
        boolean program = in.modelType().equals("mlProgram");
        String fixed = model.toString().endsWith(".mlpackage") || model.toFile().isDirectory() ? "FIXED.mlpackage" : "FIXED.mlmodel";
        if (d.clean()) {
            w.println("no mistake found: the stored preprocessing gives the trained tensor on " + (image != null ? image.getFileName() : "chelsea.png"));
        } else {
            w.println("findings:");
            DoctorCommand.printFindings(w, d.findings());
            if (program && trained.meanImage() == null) {
                // MIL broadcasts a [1,C,1,1] constant over channels: per-channel scales are stored exactly
                w.println("what to store instead (exact: an ML program's mul takes one scale per channel):");
                w.println("  " + programOps(trained, in.name()));
                w.println("  note: ct.ImageType takes a single scale; pixelprep fix writes the per-channel mul coremltools cannot");
            } else {
                Expression e = Export.to("coreml", trained);
                w.println("what to store instead (" + (e.exact() ? "exact" : "approximate, worst error " + String.format(Locale.ROOT, "%.4g", e.maxError())) + "):");
                for (String line : e.text().split("\n")) {
                    w.println("  " + line);
                }
                for (String n : e.notes()) {
                    w.println("  note: " + n);
                }
            }
            w.println("  write it with: pixelprep fix " + model + " <the same spec options> -o " + fixed);
        }
        w.flush();
        return 0;
    }

    /** The mul/add an ML program needs for {@code spec}, in the tensor order of its colour layout. */
    static String programOps(Spec spec, String input) {
        double[][] ab = dev.pixelprep.formats.KnownConventions.affine(spec);
        StringBuilder sb = new StringBuilder();
        sb.append("mul ").append(input).append("__scaled__ y=").append(values(ab[0]));
        sb.append(", add ").append(input).append("__biased__ y=").append(values(ab[1]));
        sb.append(", colour layout ").append(spec.color());
        return sb.toString();
    }

    private static String values(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(dev.pixelprep.formats.KnownConventions.pretty((float) v[i]));
        }
        return sb.append(v.length > 1 ? "] shape [1," + v.length + ",1,1]" : "]").toString();
    }

    private ImageInput pick(List<ImageInput> inputs) {
        if (inputs.isEmpty()) {
            throw new InvalidSpecException(model.getFileName() + " has no image input");
        }
        if (input == null) {
            if (inputs.size() > 1) {
                throw new UsageException(model.getFileName() + " has " + inputs.size() + " image inputs; choose one with --input");
            }
            return inputs.get(0);
        }
        for (ImageInput i : inputs) {
            if (i.name().equals(input)) {
                return i;
            }
        }
        throw new UsageException("no image input named '" + input + "' in " + model.getFileName());
    }
}
