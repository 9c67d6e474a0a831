package dev.pixelprep.batch;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodeOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a batch run is asked to do. The fields that decide the outputs (the spec, decoding, the inputs, the
 * shard size, the model and how its results are read) are its fingerprint (written to {@code job.json}): a run
 * resumes only an output directory written with the same ones. {@link #jobs()}, {@link #ortThreads()},
 * {@link #maxErrors()} and {@link #overwrite()} change how a run goes, not what it writes.
 *
 * <p>Immutable value type (a record: value equality); build it with {@link #builder(Spec, Path)}.
 *
 * @param spec        the preprocessing, applied to every input; its output size must not depend on the input's
 * @param decode      how files are decoded (ICC, EXIF, pixel limit)
 * @param inputs      the inputs: files, and directories walked recursively in name order
 * @param lists       list files, one input path per line (blank lines and lines starting with {@code #} skipped)
 * @param include     globs a file found in a directory must match (any of them) to be taken; empty takes all
 * @param exclude     globs that leave a file found in a directory out
 * @param output      the output directory
 * @param shardSize   tensors per shard file ({@code shard-00000.npy} …), the last shard may hold fewer
 * @param tensors     whether to write tensor shards (false only with a model: results only)
 * @param model       an ONNX model to run on every tensor, or null
 * @param labels      class names, one per line, for the model's results (or null: class indices only)
 * @param task        what the model's output is, with a model
 * @param batchSize   images per model run, with a model
 * @param top         classes kept per image, for {@link Task#CLASSIFY}
 * @param jobs        decode and preprocessing threads
 * @param ortThreads  ONNX Runtime's intra-op threads for the model, 1..256, or 0 for pixelprep's default (the
 *                    machine's cores, at most 4); like {@code jobs}, not part of the fingerprint
 * @param maxErrors   failed inputs tolerated before the run stops ({@code Long.MAX_VALUE}: never stops)
 * @param overwrite   replace an output directory written with other options instead of refusing it
 */
public record BatchOptions(Spec spec, DecodeOptions decode, List<Path> inputs, List<Path> lists, List<String> include,
                           List<String> exclude, Path output, int shardSize, boolean tensors, Path model, Path labels, Task task,
                           int batchSize, int top, int jobs, int ortThreads, long maxErrors, boolean overwrite) {
    /** What a model's output means, for the results written into the manifest. */
    public enum Task {
        /** One {@code [N, classes]} output: top-k classes with softmax probabilities. */
        CLASSIFY
    }

    /** The largest shard accepted; a shard is one file, written and renamed whole. */
    public static final int MAX_SHARD_SIZE = 1 << 20;

    public BatchOptions {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(decode, "decode");
        Objects.requireNonNull(output, "output");
        inputs = List.copyOf(inputs);
        lists = List.copyOf(lists);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (inputs.isEmpty() && lists.isEmpty()) {
            throw new BatchException("no inputs: give image files, directories or a list file");
        }
        if (shardSize < 1 || shardSize > MAX_SHARD_SIZE) {
            throw new BatchException("shard size " + shardSize + ": expected 1.." + MAX_SHARD_SIZE + " tensors per shard");
        }
        if (jobs < 1 || jobs > 256) {
            throw new BatchException("jobs " + jobs + ": expected 1..256 threads");
        }
        if (ortThreads < 0 || ortThreads > 256) {
            throw new BatchException("ORT threads " + ortThreads + ": expected 1..256 (or 0 for the default)");
        }
        if (maxErrors < 0) {
            throw new BatchException("max errors " + maxErrors + ": expected 0 or more");
        }
        if (model == null) {
            if (!tensors) {
                throw new BatchException("nothing to write: without a model the run's output is its tensors");
            }
            task = null;
            labels = null;
        } else {
            task = task == null ? Task.CLASSIFY : task;
            if (batchSize < 1 || batchSize > 4096) {
                throw new BatchException("batch size " + batchSize + ": expected 1..4096 images per model run");
            }
            if (top < 1) {
                throw new BatchException("top " + top + ": expected at least 1 class per image");
            }
        }
    }

    public static Builder builder(Spec spec, Path output) {
        return new Builder(spec, output);
    }

    public Builder toBuilder() {
        Builder b = new Builder(spec, output);
        b.decode = decode;
        b.inputs = inputs;
        b.lists = lists;
        b.include = include;
        b.exclude = exclude;
        b.shardSize = shardSize;
        b.tensors = tensors;
        b.model = model;
        b.labels = labels;
        b.task = task;
        b.batchSize = batchSize;
        b.top = top;
        b.jobs = jobs;
        b.ortThreads = ortThreads;
        b.maxErrors = maxErrors;
        b.overwrite = overwrite;
        return b;
    }

    /** Builder of {@link BatchOptions}; confined to the thread that uses it. */
    public static final class Builder {
        private final Spec spec;
        private final Path output;
        private DecodeOptions decode = DecodeOptions.defaults();
        private List<Path> inputs = List.of();
        private List<Path> lists = List.of();
        private List<String> include = List.of();
        private List<String> exclude = List.of();
        private int shardSize = 1024;
        private boolean tensors = true;
        private Path model;
        private Path labels;
        private Task task;
        private int batchSize = 16;
        private int top = 5;
        private int jobs = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int ortThreads;
        private long maxErrors = Long.MAX_VALUE;
        private boolean overwrite;

        private Builder(Spec spec, Path output) {
            this.spec = spec;
            this.output = output;
        }

        public Builder decode(DecodeOptions d) { this.decode = d; return this; }
        public Builder inputs(List<Path> p) { this.inputs = p; return this; }
        public Builder lists(List<Path> p) { this.lists = p; return this; }
        public Builder include(List<String> g) { this.include = g; return this; }
        public Builder exclude(List<String> g) { this.exclude = g; return this; }
        public Builder shardSize(int n) { this.shardSize = n; return this; }
        public Builder tensors(boolean t) { this.tensors = t; return this; }
        public Builder model(Path m) { this.model = m; return this; }
        public Builder labels(Path l) { this.labels = l; return this; }
        public Builder task(Task t) { this.task = t; return this; }
        public Builder batchSize(int n) { this.batchSize = n; return this; }
        public Builder top(int k) { this.top = k; return this; }
        public Builder jobs(int n) { this.jobs = n; return this; }
        public Builder ortThreads(int n) { this.ortThreads = n; return this; }
        public Builder maxErrors(long n) { this.maxErrors = n; return this; }
        public Builder overwrite(boolean o) { this.overwrite = o; return this; }

        public BatchOptions build() {
            return new BatchOptions(spec, decode, inputs, lists, include, exclude, output, shardSize, tensors, model, labels, task,
                    batchSize, top, jobs, ortThreads, maxErrors, overwrite);
        }
    }
}
