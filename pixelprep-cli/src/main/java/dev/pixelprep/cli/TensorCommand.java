package dev.pixelprep.cli;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.spec.SpecDocument;
import dev.pixelprep.io.spec.SpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code pixelprep tensor}: images in, {@code .npy} tensor out, with a summary of what was made. */
@Command(name = "tensor", mixinStandardHelpOptions = true,
        description = {"Turn one or more images into the model-input tensor and save it as .npy (several images make a batch).",
                "Prints the shape, dtype, per-channel min/max/mean and the spec in canonical form."})
final class TensorCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, BMP, GIF, TIFF, WebP), directories (their image files,"
            + " sorted) or quoted globs ('photos/*.jpg'); images of any size make one batch when the spec fixes the output size.")
    List<Path> images;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.npy", description = "Where to write the tensor (numpy .npy).")
    Path output;

    @Option(names = "--save-spec", paramLabel = "FILE", description = "Also write the canonical JSON spec used (both files are written, or neither).")
    Path saveSpec;

    @Option(names = "--allow-non-finite",
            description = "Write the tensor even when the spec turns some input level into inf or NaN (refused by default, naming the channel and level).")
    boolean allowNonFinite;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    ImageLoader loader;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        Spec spec = loader.turned(specOptions.build());
        List<Path> files = ImageArguments.expand(images);
        if (files.size() > 1) {
            if (!spec.layout().batched()) {
                throw new UsageException(files.size() + " images need a batched layout (NCHW or NHWC), not " + spec.layout());
            }
            spec = spec.toBuilder().batch(files.size()).build();
        }
        Pipeline pipeline = Pipeline.compile(spec, allowNonFinite);
        List<String> described = new ArrayList<>();
        Tensor t = sharesBatch(spec, files.size()) ? wholeBatch(pipeline, files, described) : oneByOne(pipeline, spec, files, described);
        List<AtomicFiles.Output> outputs = new ArrayList<>();
        outputs.add(new AtomicFiles.Output(output, out -> Npy.write(t, out)));
        if (saveSpec != null) {
            String json = SpecJson.write(new SpecDocument(spec, loader.options(specOptions.decodeBase())));
            outputs.add(new AtomicFiles.Output(saveSpec, out -> out.write(json.getBytes(StandardCharsets.UTF_8))));
        }
        List<Path> inputs = new ArrayList<>(files);
        inputs.add(specOptions.specFile);
        AtomicFiles.writeAll(outputs, inputs);
        PrintWriter w = command.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s: %s %s %s from %d image(s)%n", output, t.dtype().id(), t.layout(), Arrays.toString(t.shape()), files.size());
        for (int i = 0; i < files.size(); i++) {
            w.println("  input " + files.get(i) + ": " + described.get(i));
        }
        printStats(w, t, spec);
        w.println("spec: " + spec.describe());
        w.flush();
        return 0;
    }

    /** Whether the batch's images are sized together (text lines on the widest line's canvas, pad_batch). */
    private static boolean sharesBatch(Spec spec, int images) {
        Geometry g = spec.geometry();
        return images > 1 && g != null && (g.padBatch() || g.resize() != null && g.resize().mode() == ResizeMode.HEIGHT && g.crop() == null);
    }

    /** Every image decoded first: the batch's geometry depends on all of their sizes. */
    private Tensor wholeBatch(Pipeline pipeline, List<Path> files, List<String> described) {
        List<PixelBuffer> pixels = new ArrayList<>();
        for (Path f : files) {
            DecodedImage d = loader.load(f, specOptions.decodeBase());
            pixels.add(d.pixels());
            described.add(describe(d));
        }
        return pipeline.tensor(pixels);
    }

    private Tensor oneByOne(Pipeline pipeline, Spec spec, List<Path> files, List<String> described) {
        // one image decoded at a time, straight into its slot of the batch: the tensor is the only thing that grows
        int[] shape = null;
        long perImage = 0;
        ByteBuffer data = null;
        Path firstFile = null;
        for (int i = 0; i < files.size(); i++) {
            DecodedImage d = loader.load(files.get(i), specOptions.decodeBase());
            PixelBuffer px = d.pixels();
            int[] s = pipeline.shape(px.width(), px.height());
            if (shape == null) {
                shape = s;
                firstFile = files.get(i);
                long bytes = Tensor.checkSize(shape, spec.dtype());
                perImage = bytes / files.size();
                data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            } else if (!Arrays.equals(s, shape)) {
                throw new UsageException(files.get(i) + " (" + px.width() + "x" + px.height() + ") makes a tensor of " + Arrays.toString(s).replace(" ", "")
                        + " but " + firstFile + " makes " + Arrays.toString(shape).replace(" ", "") + ": one batch needs one shape; "
                        + (spec.geometry() == null ? "add --resize (and --crop) to a fixed size" : "resize or crop to a fixed size, or pad the batch"
                        + " (pad_batch in a spec file)"));
            }
            pipeline.run(px, data, (int) (i * perImage));
            described.add(describe(d));
        }
        return new Tensor(shape, spec.dtype(), spec.layout(), data);
    }

    static String describe(DecodedImage d) {
        PixelBuffer p = d.pixels();
        StringBuilder sb = new StringBuilder();
        sb.append(d.format()).append(' ').append(p.width()).append('x').append(p.height()).append(' ').append(p.format());
        if (p.yuvConversion() != null) {
            sb.append(" read as ").append(p.yuvConversion().id());
        }
        if (p.format().hasAlpha()) {
            sb.append(' ').append(p.alphaMode().name().toLowerCase(Locale.ROOT)).append(" alpha");
        }
        if (d.iccProfilePresent()) {
            sb.append(", ICC profile ").append(d.iccDescription().map(s -> "'" + s + "' ").orElse(""))
                    .append(d.iccApplied() ? "applied" : "ignored");
        }
        if (d.exifOrientation() != 1) {
            sb.append(", EXIF orientation ").append(d.exifOrientation()).append(d.orientationApplied() ? " applied" : " ignored");
        }
        return sb.toString();
    }

    static void printStats(PrintWriter w, Tensor t, Spec spec) {
        double[][] st = t.channelStats();
        String[] names = spec.color().channelNames();
        w.printf(Locale.ROOT, "  %-8s %12s %12s %12s%n", "channel", "min", "max", "mean");
        for (int c = 0; c < st.length; c++) {
            w.printf(Locale.ROOT, "  %-8s %12.6f %12.6f %12.6f%n", names[c], st[c][0], st[c][1], st[c][2]);
        }
    }
}
