package dev.pixelprep.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.ImageDecoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A batch run: every input decoded and preprocessed by {@code jobs} threads, the results taken in input order by the
 * calling thread, which writes the shards, runs the model and commits the manifest (see {@link OutputDirectory} for
 * what is committed when). The queue between them holds at most {@code 2 × jobs + 2} inputs and the tensors live in
 * a fixed pool of reused direct buffers, so memory stays flat whatever the number of inputs.
 *
 * <p>A failed input (missing, unreadable, empty, not an image, corrupt, truncated, too large) becomes a manifest
 * line with its reason and the run goes on, up to {@link BatchOptions#maxErrors()}. A failure of the run itself (the
 * output cannot be written, a directory cannot be listed, the model fails) stops it with a {@link BatchException};
 * what was committed stays, and the same call goes on from there.
 *
 * <p>Stateless utility: {@link #run} holds everything of one run in its own frame.
 */
public final class BatchJob {
    /**
     * Image sizes tried to find out whether a spec gives every image the same tensor shape: photos, and a long text
     * line (a text-line canvas widens with the line, PaddleOCR recognition).
     */
    private static final int[][] PROBES = {{640, 480}, {480, 640}, {1000, 1000}, {333, 777}, {1920, 1080}, {2000, 40}};

    private BatchJob() {
    }

    /** One input's outcome, carried from a worker to the writer. */
    private record Result(long index, String path, long bytes, String sha256, int width, int height, ByteBuffer tensor,
                          String error, RuntimeException fatal, boolean end) {
        static final Result END = new Result(-1, null, 0, null, 0, 0, null, null, null, true);

        static Result failed(long index, String path, long bytes, String sha256, String error) {
            return new Result(index, path, bytes, sha256, 0, 0, null, error, null, false);
        }
    }

    /** Runs (or resumes, or finds complete) the batch {@code o} describes. */
    public static BatchSummary run(BatchOptions o, BatchListener listener) {
        InputWalker.requireInputs(o.inputs(), o.lists());
        Spec spec = o.spec().toBuilder().batch(1).build();
        int[] fullShape = fixedShape(spec);
        int[] imageShape = spec.layout().batched() ? Arrays.copyOfRange(fullShape, 1, fullShape.length) : fullShape.clone();
        long imageBytes = Tensor.checkSize(fullShape, spec.dtype());
        Pipeline pipeline = Pipeline.compile(spec);
        int[] shardShape = new int[imageShape.length + 1];
        shardShape[0] = o.shardSize();
        System.arraycopy(imageShape, 0, shardShape, 1, imageShape.length);
        try {
            Npy.header(spec.dtype(), shardShape, ShardWriter.HEADER_BYTES);
        } catch (IllegalArgumentException e) {
            throw new BatchException("shards of " + Arrays.toString(shardShape) + " need a longer .npy header than batch writes");
        }
        if (o.model() != null && !Files.isRegularFile(o.model())) {
            throw new BatchException("model " + o.model() + ": no such file");
        }
        if (o.labels() != null && !Files.isRegularFile(o.labels())) {
            throw new BatchException("labels " + o.labels() + ": no such file");
        }
        String job = JobFile.of(o);
        try (ModelStage model = o.model() == null ? null : ModelStage.open(o, spec, imageShape, imageBytes, PROBES[0][0], PROBES[0][1]);
             OutputDirectory out = OutputDirectory.open(o.output(), job, o.overwrite(), o.shardSize())) {
            if (out.complete()) {
                return readSummary(out, imageShape, spec);
            }
            return new Run(o, listener, pipeline, spec, imageShape, imageBytes, model, out).go();
        } catch (IOException e) {
            throw new BatchException("cannot write " + o.output() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tensor shape every image gets, or a refusal naming two sizes that get different ones (shards hold one
     * shape; a spec without a crop or an exact resize gives each photo its own).
     */
    static int[] fixedShape(Spec spec) {
        int[] first = null;
        int[] firstProbe = null;
        for (int[] p : PROBES) {
            int[] s;
            try {
                s = spec.shape(p[0], p[1]);
            } catch (InvalidSpecException | InvalidPixelsException e) {
                // a size this spec refuses says nothing about the shapes of those it takes
                continue;
            }
            if (first == null) {
                first = s;
                firstProbe = p;
            } else if (!Arrays.equals(first, s)) {
                throw new BatchException("a batch stacks every tensor into shards of one shape, but this spec's output depends on the image size ("
                        + firstProbe[0] + "x" + firstProbe[1] + " gives " + Arrays.toString(first).replace(" ", "") + ", " + p[0] + "x" + p[1]
                        + " gives " + Arrays.toString(s).replace(" ", "") + "); add a crop, an exact resize or a letterbox to a fixed size");
            }
        }
        if (first == null) {
            throw new BatchException("the spec gives no tensor for a " + PROBES[0][0] + "x" + PROBES[0][1] + " image: " + spec.describe());
        }
        return first;
    }

    private static BatchSummary readSummary(OutputDirectory out, int[] imageShape, Spec spec) throws IOException {
        JsonNode n = ManifestEntry.MAPPER.readTree(Files.readString(out.dir().resolve(OutputDirectory.SUMMARY), StandardCharsets.UTF_8));
        if (n == null || !n.path("inputs").canConvertToLong()) {
            throw new BatchException(out.dir().resolve(OutputDirectory.SUMMARY) + " is not a batch summary; overwrite the directory to start again");
        }
        return new BatchSummary(out.dir(), n.path("inputs").asLong(), n.path("ok").asLong(), n.path("errors").asLong(),
                n.path("shards").asInt(), imageShape, spec.dtype(), n.path("inputs").asLong(), true);
    }

    /** The state of one run, on the calling thread. */
    private static final class Run {
        private final BatchOptions o;
        private final BatchListener listener;
        private final Pipeline pipeline;
        private final Spec spec;
        private final int[] imageShape;
        private final long imageBytes;
        private final ModelStage model;
        private final OutputDirectory out;
        private final ImageDecoder decoder;
        private final BlockingQueue<Future<Result>> queue;
        private final BlockingQueue<ByteBuffer> buffers;
        private final AtomicLong counted = new AtomicLong(-1);
        private volatile boolean stopped;
        private long inputs;
        private long ok;
        private long errors;
        private final List<ManifestEntry> group = new ArrayList<>();
        private final List<Integer> awaiting = new ArrayList<>();

        Run(BatchOptions o, BatchListener listener, Pipeline pipeline, Spec spec, int[] imageShape, long imageBytes,
            ModelStage model, OutputDirectory out) {
            this.o = o;
            this.listener = listener == null ? BatchListener.NONE : listener;
            this.pipeline = pipeline;
            this.spec = spec;
            this.imageShape = imageShape;
            this.imageBytes = imageBytes;
            this.model = model;
            this.out = out;
            this.decoder = ImageDecoder.withOptions(o.decode());
            int window = 2 * o.jobs() + 2;
            this.queue = new ArrayBlockingQueue<>(window);
            // at most window queued plus one being handed over plus one per worker can hold a buffer at once
            int pool = window + 1 + o.jobs();
            this.buffers = new ArrayBlockingQueue<>(pool);
            for (int i = 0; i < pool; i++) {
                buffers.add(ByteBuffer.allocateDirect(Math.toIntExact(imageBytes)).order(ByteOrder.LITTLE_ENDIAN));
            }
        }

        BatchSummary go() throws IOException {
            inputs = out.committedInputs();
            ok = out.committedOk();
            errors = out.committedErrors();
            long resumed = inputs;
            listener.started(resumed, ok, errors);
            ExecutorService workers = Executors.newFixedThreadPool(o.jobs(), r -> {
                Thread t = new Thread(r, "pixelprep-batch-worker");
                t.setDaemon(true);
                return t;
            });
            Thread producer = new Thread(() -> produce(workers), "pixelprep-batch-inputs");
            producer.setDaemon(true);
            Thread counter = new Thread(this::count, "pixelprep-batch-count");
            counter.setDaemon(true);
            boolean reportedTotal = false;
            try (ShardWriter shards = o.tensors() ? new ShardWriter(out.dir(), spec.dtype(), imageShape, imageBytes) : null) {
                counter.start();
                producer.start();
                while (true) {
                    if (!reportedTotal && counted.get() >= 0) {
                        listener.total(counted.get());
                        reportedTotal = true;
                    }
                    Result r = take();
                    if (r.end()) {
                        break;
                    }
                    accept(r, shards);
                }
                commitGroup(shards);
                out.finish(summaryJson(shards));
                if (!reportedTotal) {
                    listener.total(inputs);
                }
                int shardCount = o.tensors() ? (int) ((ok + o.shardSize() - 1) / o.shardSize()) : 0;
                return new BatchSummary(out.dir(), inputs, ok, errors, shardCount, imageShape, spec.dtype(), resumed, false);
            } finally {
                stopped = true;
                producer.interrupt();
                counter.interrupt();
                workers.shutdownNow();
                queue.clear();
                try {
                    producer.join(10_000);
                    workers.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private Result take() {
            try {
                Result r = queue.take().get();
                if (r.fatal() != null) {
                    throw r.fatal();
                }
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BatchException("interrupted");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new BatchException("a worker failed: " + c, c);
            }
        }

        private void accept(Result r, ShardWriter shards) throws IOException {
            inputs++;
            if (r.error() != null) {
                errors++;
                group.add(ManifestEntry.failed(r.index(), r.path(), r.bytes(), r.sha256(), r.error()));
                listener.failed(r.index(), r.path(), r.error());
                listener.processed(inputs, ok, errors);
                if (errors > o.maxErrors()) {
                    throw new BatchException("stopped: " + errors + " inputs failed, more than the limit of " + o.maxErrors()
                            + "; the last was " + r.path() + ": " + r.error());
                }
                return;
            }
            int shard = -1;
            int row = -1;
            try {
                if (shards != null) {
                    if (!shards.isOpen()) {
                        shards.open((int) (ok / o.shardSize()));
                    }
                    shard = (int) (ok / o.shardSize());
                    row = shards.rows();
                    shards.append(r.tensor().duplicate());
                }
                if (model != null) {
                    model.add(r.tensor().duplicate());
                }
            } finally {
                buffers.add(r.tensor());
            }
            group.add(new ManifestEntry(r.index(), r.path(), true, r.bytes(), r.sha256(), r.width(), r.height(), shard, row, null, null));
            ok++;
            if (model != null) {
                awaiting.add(group.size() - 1);
                if (model.full()) {
                    infer();
                }
            }
            listener.processed(inputs, ok, errors);
            if (ok % o.shardSize() == 0) {
                commitGroup(shards);
            }
        }

        private void infer() {
            List<ArrayNode> tops = model.run();
            for (int i = 0; i < tops.size(); i++) {
                int at = awaiting.get(i);
                group.set(at, group.get(at).withTop(tops.get(i)));
            }
            awaiting.clear();
        }

        /** Shard first (renamed into place), then the manifest lines that point into it. */
        private void commitGroup(ShardWriter shards) throws IOException {
            if (model != null && model.waiting() > 0) {
                infer();
            }
            if (shards != null && shards.isOpen()) {
                shards.commit();
            }
            List<String> lines = new ArrayList<>(group.size());
            for (ManifestEntry e : group) {
                lines.add(e.toJson());
            }
            out.commit(lines);
            group.clear();
        }

        private String summaryJson(ShardWriter shards) throws IOException {
            ObjectNode n = ManifestEntry.MAPPER.createObjectNode();
            n.put("inputs", inputs);
            n.put("ok", ok);
            n.put("errors", errors);
            n.put("shards", shards == null ? 0 : (ok + o.shardSize() - 1) / o.shardSize());
            ArrayNode s = n.putArray("image_shape");
            for (int d : imageShape) {
                s.add(d);
            }
            n.put("dtype", spec.dtype().id());
            n.put("layout", spec.layout().toString());
            return ManifestEntry.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        }

        /** Lists the inputs, skips (and checks) the committed ones, and hands the rest to the workers in order. */
        private void produce(ExecutorService workers) {
            try (InputWalker w = new InputWalker(o.inputs(), o.lists(), o.include(), o.exclude())) {
                long skip = out.committedInputs();
                MessageDigest d = OutputDirectory.sha256();
                long index = 0;
                while (index < skip) {
                    if (!w.hasNext()) {
                        throw new BatchException("the inputs changed since the interrupted run: it had committed " + skip
                                + " inputs, the listing now has only " + index + "; overwrite the output to start again");
                    }
                    d.update((w.next() + "\n").getBytes(StandardCharsets.UTF_8));
                    index++;
                }
                if (skip > 0 && !MessageDigest.isEqual(d.digest(), out.committedPathDigest())) {
                    throw new BatchException("the inputs changed since the interrupted run: the first " + skip
                            + " inputs listed now are not the ones its manifest records; overwrite the output to start again");
                }
                while (!stopped && w.hasNext()) {
                    Path p = w.next();
                    long i = index++;
                    hand(workers.submit(() -> work(i, p)));
                }
                hand(CompletableFuture.completedFuture(Result.END));
            } catch (RuntimeException e) {
                if (!stopped) {
                    RuntimeException fatal = e instanceof PixelprepException ? e : new BatchException("listing the inputs failed: " + e.getMessage(), e);
                    try {
                        hand(CompletableFuture.completedFuture(new Result(-1, null, 0, null, 0, 0, null, null, fatal, false)));
                    } catch (RuntimeException ignored) {
                        // the writer has stopped already
                    }
                }
            }
        }

        private void hand(Future<Result> f) {
            try {
                while (!queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        f.cancel(true);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }

        /** Counts the listing once, beside the run, so that progress can show a total and a time left. */
        private void count() {
            long n = 0;
            try (InputWalker w = new InputWalker(o.inputs(), o.lists(), o.include(), o.exclude())) {
                while (!stopped && w.hasNext()) {
                    w.next();
                    n++;
                }
                if (!stopped) {
                    counted.set(n);
                }
            } catch (RuntimeException e) {
                // the producer meets the same problem and stops the run with it
            }
        }

        /** Reads, hashes, decodes and preprocesses one input; every problem of the input becomes its failure. */
        private Result work(long index, Path path) {
            String name = path.toString();
            long size = -1;
            String sha = null;
            try {
                byte[] data;
                try {
                    if (Files.isDirectory(path)) {
                        return Result.failed(index, name, -1, null, "a directory, not an image file");
                    }
                    size = Files.size(path);
                    long limit = Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4);
                    if (size > limit) {
                        return Result.failed(index, name, size, null, "file of " + size + " bytes is larger than this JVM reads at once ("
                                + limit + " bytes; raise -Xmx)");
                    }
                    data = Files.readAllBytes(path);
                    size = data.length;
                } catch (NoSuchFileException e) {
                    return Result.failed(index, name, -1, null, "no such file");
                } catch (AccessDeniedException e) {
                    return Result.failed(index, name, -1, null, "permission denied");
                } catch (IOException e) {
                    return Result.failed(index, name, -1, null, "cannot read: " + e.getMessage());
                }
                MessageDigest md = OutputDirectory.sha256();
                sha = HexFormat.of().formatHex(md.digest(data));
                DecodedImage d = decoder.decode(data, name);
                PixelBuffer px = d.pixels();
                int[] shape = pipeline.shape(px.width(), px.height());
                if (!Arrays.equals(shape, spec.shape(PROBES[0][0], PROBES[0][1]))) {
                    return Result.failed(index, name, size, sha, "its " + px.width() + "x" + px.height() + " pixels give a tensor of "
                            + Arrays.toString(shape) + ", the shards hold " + Arrays.toString(imageShape));
                }
                ByteBuffer buf = buffers.take();
                try {
                    buf.clear();
                    pipeline.run(px, buf, 0);
                    buf.position(0).limit(Math.toIntExact(imageBytes));
                } catch (RuntimeException e) {
                    buffers.add(buf);
                    throw e;
                }
                return new Result(index, name, size, sha, px.width(), px.height(), buf, null, null, false);
            } catch (PixelprepException e) {
                return Result.failed(index, name, size, sha, ImageDecoder.reasonWithoutName(e.getMessage(), name));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.failed(index, name, size, sha, "interrupted");
            } catch (OutOfMemoryError e) {
                return Result.failed(index, name, size, sha, "not enough memory to decode it (this JVM may use at most "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; raise -Xmx or use fewer jobs)");
            } catch (RuntimeException e) {
                return Result.failed(index, name, size, sha, "internal error while preparing this input (please report it with the file): "
                        + e.getMessage());
            }
        }
    }

}
