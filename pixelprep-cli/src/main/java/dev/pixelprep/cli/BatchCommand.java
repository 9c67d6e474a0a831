package dev.pixelprep.cli;

import dev.pixelprep.batch.BatchJob;
import dev.pixelprep.batch.BatchOptions;
import dev.pixelprep.batch.BatchSummary;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.SpecResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code pixelprep batch}: a whole collection of images into tensor shards and a manifest, resumable. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Preprocess a collection of images (files, directories, list files) into .npy tensor shards and a JSONL manifest, "
                + "in parallel, in input order, resumable: run the same command again after an interruption and it goes on where it stopped.",
                "A corrupt, truncated or unreadable input is recorded in the manifest with its reason and the run goes on. "
                        + "With --model, each image's top classes are written into its manifest line."})
final class BatchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "INPUT", description = "Image files and directories (walked recursively, in name order).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE", description = "A file listing one input path per line (relative to the current directory; # comments). Repeatable.")
    List<Path> lists = new ArrayList<>();

    @Option(names = "--include", paramLabel = "GLOB", description = "Take only files in directories that match (*.jpg matches names, a/**.png paths below the directory). Repeatable.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files in directories that match. Repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Output directory: shard-00000.npy ..., manifest.jsonl, job.json, summary.json.")
    Path output;

    @Option(names = "--shard-size", paramLabel = "N", defaultValue = "1024", description = "Tensors per shard file (default 1024).")
    int shardSize;

    @Option(names = "--jobs", paramLabel = "N", description = "Decode and preprocessing threads (default: the machine's cores).")
    Integer jobs;

    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--max-errors", paramLabel = "N", description = "Stop (exit 1) when more than N inputs have failed (default: never).")
    Long maxErrors;

    @Option(names = "--overwrite", description = "Start again in an output directory that holds an earlier run (its batch files are replaced).")
    boolean overwrite;

    @Option(names = "--model", paramLabel = "MODEL.onnx", description = "Also classify every image with this ONNX model (top classes into the manifest).")
    Path model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names for --model, one per line.")
    Path labels;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes kept per image with --model (default 5).")
    int top;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Images per model run with --model (default 16; a model with a fixed batch uses its own).")
    int batchSize;

    @Option(names = "--no-tensors", description = "With --model: write the results only, no shards.")
    boolean noTensors;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (default: a bar on a terminal, a line every 10 s otherwise), bar, lines or none.")
    String progress;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    ImageLoader loader;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (inputs.isEmpty() && lists.isEmpty()) {
            throw new UsageException("give the inputs: image files, directories or --list FILE");
        }
        if (loader.rawFormat != null || loader.rotate != null || loader.mirror) {
            throw new UsageException("batch reads image files; --raw-format, --rotate and --mirror are for single camera frames");
        }
        if (model == null && (labels != null || noTensors)) {
            throw new UsageException((labels != null ? "--labels" : "--no-tensors") + " needs --model");
        }
        BatchProgress.Mode mode = switch (progress.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> BatchProgress.auto();
            case "bar" -> BatchProgress.Mode.BAR;
            case "lines" -> BatchProgress.Mode.LINES;
            case "none" -> BatchProgress.Mode.NONE;
            default -> throw new UsageException("--progress " + progress + ": expected auto, bar, lines or none");
        };
        Spec spec = resolveSpec();
        BatchOptions.Builder b = BatchOptions.builder(spec, output)
                .decode(loader.options(specOptions.decodeBase()))
                .inputs(inputs).lists(lists).include(include).exclude(exclude)
                .shardSize(shardSize).tensors(!noTensors).model(model).labels(labels).top(top).batchSize(batchSize)
                .overwrite(overwrite);
        if (runtime.threads() > 0) {
            if (model == null) {
                throw new UsageException("--ort-threads sets the threads of --model; there is no model");
            }
            b.ortThreads(runtime.threads());
        }
        if (jobs != null) {
            b.jobs(jobs);
        }
        if (maxErrors != null) {
            b.maxErrors(maxErrors);
        }
        BatchOptions options;
        try {
            options = b.build();
        } catch (dev.pixelprep.batch.BatchException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter err = command.commandLine().getErr();
        BatchSummary s;
        try (BatchProgress p = new BatchProgress(err, mode)) {
            s = BatchJob.run(options, p);
        }
        PrintWriter w = command.commandLine().getOut();
        if (s.alreadyComplete()) {
            w.printf(Locale.ROOT, "%s: already complete (%d inputs, %d ok, %d failed); nothing to do%n", output, s.inputs(), s.ok(), s.errors());
        } else {
            String what = noTensors ? "model results in manifest.jsonl, no shards"
                    : s.shards() + " shard(s) of " + s.dtype().id() + " " + Arrays.toString(s.imageShape()).replace(" ", "") + " per image";
            w.printf(Locale.ROOT, "wrote %s: %d inputs, %d ok, %d failed%s; %s%n", output, s.inputs(), s.ok(),
                    s.errors(), s.resumed() > 0 ? " (resumed after " + s.resumed() + ")" : "", what);
        }
        w.println("spec: " + spec.describe());
        w.flush();
        return 0;
    }

    /** The spec flags, else (with --model) the model's stored spec, sidecar or metadata, as classify resolves it. */
    private Spec resolveSpec() {
        if (model == null) {
            if (!specOptions.given()) {
                throw new UsageException("give the preprocessing: --spec, --preset, --recipe, --convention or the canonical flags (or --model with a stored spec)");
            }
            return specOptions.build();
        }
        try (OnnxModel m = OnnxModel.open(model)) {
            SpecResolver.Resolved r = SpecResolver.resolve(m, specOptions.given() ? specOptions.build() : null, "the command line");
            specOptions.lint(r.spec(), SpecResolver.declared(m.metadata(), m.file(), specOptions.given()));
            return r.spec();
        }
    }
}
