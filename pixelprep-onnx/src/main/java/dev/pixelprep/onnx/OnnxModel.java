package dev.pixelprep.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An ONNX model opened with ONNX Runtime, ready to run on pixels with a spec.
 *
 * <p>Preprocessing writes straight into a direct buffer that backs the input {@link OnnxTensor}, so the tensor is
 * never copied on its way to the runtime. Each call borrows its own direct buffer from a small pool and gives it
 * back when the runtime has answered, so a buffer is reused from call to call (no new input buffer per call once
 * the pool holds one per concurrent caller) but never shared by two calls at once.
 *
 * <p><b>Thread-safe.</b> One model may be shared by any number of threads: {@link #run(Spec, List)} and
 * {@link #run(Tensor)} may be called concurrently, each call answers for its own images (ONNX Runtime's
 * {@code OrtSession.run} is itself thread-safe), and {@link #inputs()}, {@link #metadata()} and {@link #check} read
 * only immutable state. {@link #close()} releases the native session: it waits for the calls already running to
 * finish (it never frees the session under a running call), is idempotent, and every call that starts after it
 * fails with an {@link InvalidModelException} saying the model is closed.
 */
public final class OnnxModel implements AutoCloseable {
    /** Buffers kept for reuse beyond this many are left to the garbage collector. */
    private static final int POOLED_BUFFERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<ModelInput> inputs;
    private final Map<String, String> metadata;
    /** Direct input buffers not in use by any call; a call takes one (or allocates) and puts it back. */
    private final ConcurrentLinkedDeque<ByteBuffer> idle = new ConcurrentLinkedDeque<>();
    /** Runs hold the read lock while they use the native session; {@link #close()} takes the write lock. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxModel(Path file, OrtEnvironment env, OrtSession session, List<ModelInput> inputs, Map<String, String> metadata) {
        this.file = file;
        this.env = env;
        this.session = session;
        this.inputs = inputs;
        this.metadata = metadata;
    }

    /**
     * What a caller sets on the session options before the session is made: threads, execution providers
     * ({@code addCUDA}, {@code addCoreML}, ... with the matching ONNX Runtime build on the class path), optimisation
     * level, config entries. pixelprep owns and closes the options.
     */
    @FunctionalInterface
    public interface SessionSetup {
        void apply(OrtSession.SessionOptions options) throws OrtException;
    }

    /** Opens a model file; a missing or corrupt file is an {@link InvalidModelException} with one line. */
    public static OnnxModel open(Path file) {
        return open(file, options -> { });
    }

    /**
     * Opens a model file with {@code intraOpThreads} ONNX Runtime intra-op threads (1..256; 0 = pixelprep's default,
     * the cores up to 4), e.g. to leave cores to preprocessing workers.
     */
    public static OnnxModel open(Path file, int intraOpThreads) {
        if (intraOpThreads < 0 || intraOpThreads > 256) {
            throw new InvalidModelException("intra-op threads " + intraOpThreads + ": expected 1..256 (or 0 for the default)");
        }
        return open(file, options -> {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
        });
    }

    /**
     * Opens a model file with session options of the caller's on top of pixelprep's (errors-only logging, up to 4
     * intra-op threads, and {@code session.x64quantprecision=1}, without which quantised models answer wrongly on
     * x86-64 CPUs without VNNI; see {@code OrtOptions}). An option ONNX Runtime refuses (an execution provider its
     * build lacks) is an {@link InvalidModelException} naming it.
     */
    public static OnnxModel open(Path file, SessionSetup setup) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file + ": no such model file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions opts = OrtOptions.create(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))) {
            try {
                setup.apply(opts);
            } catch (OrtException | RuntimeException e) {
                throw new InvalidModelException(file + ": ONNX Runtime refused the session options: " + firstLine(e.getMessage()), e);
            }
            session = env.createSession(file.toString(), opts);
            List<ModelInput> ins = new ArrayList<>();
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                if (!(e.getValue().getInfo() instanceof TensorInfo)) {
                    continue;
                }
                TensorInfo ti = (TensorInfo) e.getValue().getInfo();
                String[] names = ti.getDimensionNames() == null ? new String[ti.getShape().length] : ti.getDimensionNames().clone();
                for (int i = 0; i < names.length; i++) {
                    if (names[i] == null) {
                        names[i] = "";
                    }
                }
                ins.add(new ModelInput(e.getKey(), ti.getShape(), names, ti.type));
            }
            Map<String, String> meta = new LinkedHashMap<>(session.getMetadata().getCustomMetadata());
            return new OnnxModel(file, env, session, Collections.unmodifiableList(ins), Collections.unmodifiableMap(meta));
        } catch (OrtException e) {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // the load already failed; that is the error to report
                }
            }
            throw new InvalidModelException(file + ": ONNX Runtime cannot load it: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Loads model bytes in ONNX Runtime with pixelprep's session options and closes the session again: proves that
     * ONNX Runtime accepts a model (a rewritten one before it is written); a refusal is an {@link InvalidModelException}.
     */
    public static void checkLoads(byte[] bytes, String what) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = OrtOptions.create(0)) {
            try (OrtSession s = env.createSession(bytes, opts)) {
                s.getInputInfo();
            }
        } catch (OrtException e) {
            throw new InvalidModelException(what + ": ONNX Runtime rejects the rewritten model: " + firstLine(e.getMessage()), e);
        }
    }

    /** The first line of a runtime message, trimmed ("(no message)" for none): how errors from ONNX Runtime are quoted. */
    public static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    public Path file() {
        return file;
    }

    public List<ModelInput> inputs() {
        return inputs;
    }

    /** The model's {@code metadata_props}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The one image-like input (rank 4 with 1 or 3 channels); refuses models with none or several. */
    public ModelInput imageInput() {
        List<ModelInput> images = new ArrayList<>();
        for (ModelInput in : inputs) {
            if (in.isImageLike()) {
                images.add(in);
            }
        }
        if (images.size() != 1 || inputs.size() != 1) {
            throw new InvalidModelException(file.getFileName() + ": expected one image input (rank 4, 1 or 3 channels), found "
                    + inputs.size() + " input(s): " + inputs);
        }
        return images.get(0);
    }

    /**
     * Checks that {@code spec} applied to a {@code width × height} image (in a batch of {@code batch}) produces
     * exactly what the image input wants; the message names both sides, e.g.
     * {@code model input `input` wants float32 [1,3,224,224] (NCHW); the spec produces NHWC float32 [1,224,224,3]}.
     */
    public void check(Spec spec, int width, int height, int batch) {
        ModelInput in = imageInput();
        int[] produced = spec.toBuilder().batch(batch).build().shape(width, height);
        long[] wanted = in.shape();
        boolean ok = produced.length == wanted.length && typeMatches(spec.dtype(), in.type());
        for (int i = 0; ok && i < produced.length; i++) {
            ok = wanted[i] < 0 || wanted[i] == produced[i];
        }
        if (!ok) {
            throw new InvalidModelException("model input `" + in.name() + "` wants " + in.describe() + " (" + guessLayout(in)
                    + "); the spec produces " + spec.layout() + " " + spec.dtype().id() + " " + Arrays.toString(produced).replace(" ", "")
                    + hint(spec, in, produced));
        }
    }

    private static String hint(Spec spec, ModelInput in, int[] produced) {
        if (in.rank() == 4 && produced.length == 4) {
            long[] w = in.shape();
            boolean swapped = (w[1] == produced[3] && w[3] == produced[1]) && w[1] != w[3];
            if (swapped) {
                return ": use layout " + (spec.layout() == Layout.NCHW ? "NHWC" : "NCHW");
            }
            if (w[1] > 0 && w[1] != produced[1] && (w[1] == 1 || w[1] == 3) && spec.layout() == Layout.NCHW) {
                return ": the model wants " + w[1] + " channel(s)";
            }
            if (w[2] > 0 && w[3] > 0 && spec.geometry() == null) {
                return ": add a resize to " + w[3] + "x" + w[2] + " (the spec has no geometry)";
            }
        }
        return "";
    }

    static String guessLayout(ModelInput in) {
        if (in.rank() == 4) {
            return in.channelsFirst() ? "NCHW" : "NHWC";
        }
        return in.channelsFirst() ? "CHW" : "HWC";
    }

    private static boolean typeMatches(DType d, OnnxJavaType t) {
        switch (d) {
            case FLOAT32: return t == OnnxJavaType.FLOAT;
            case FLOAT16: return t == OnnxJavaType.FLOAT16;
            case UINT8: return t == OnnxJavaType.UINT8;
            default: return t == OnnxJavaType.INT8;
        }
    }

    /**
     * Preprocesses the images with {@code spec} straight into a direct input buffer of this call's own and runs the
     * model. Returns every output as a float32 {@link Tensor}, by output name. Safe to call from several threads at
     * once; after {@link #close()} it fails with an {@link InvalidModelException}.
     */
    public Map<String, Tensor> run(Spec spec, List<PixelBuffer> images) {
        if (images.isEmpty()) {
            throw new InvalidModelException("no images to run the model on");
        }
        PixelBuffer first = images.get(0);
        Spec batched = spec.toBuilder().batch(images.size()).build();
        if (batched.dtype() != DType.FLOAT32) {
            throw new InvalidModelException("running needs a float32 spec for now; the spec produces " + batched.dtype().id());
        }
        // images of other sizes are fine whenever the spec makes one shape of each (a fixed resize, crop or letterbox)
        // or says how a batch shares one (text lines, pad_batch): then every image goes through the batch's pipeline,
        // and the model is checked against the batch's shape
        Pipeline pipeline = Pipeline.compile(batched).forBatch(images);
        check(pipeline.spec(), first.width(), first.height(), images.size());
        int[] shape = pipeline.batchShape(images);
        int per = (int) (Tensor.checkSize(shape, DType.FLOAT32) / Float.BYTES / images.size());
        ByteBuffer buffer = borrow(Math.multiplyExact(per, images.size()));
        try {
            FloatBuffer fb = buffer.asFloatBuffer();
            for (int i = 0; i < images.size(); i++) {
                if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                    // the pipeline writes float32 little-endian into a ByteBuffer, straight from its SIMD rows when the
                    // JVM has the Vector API (no staging row, unlike a FloatBuffer view)
                    pipeline.run(images.get(i), buffer, i * per * Float.BYTES);
                } else {
                    pipeline.run(images.get(i), fb, i * per);
                }
            }
            return runTensor(fb, shape);
        } finally {
            giveBack(buffer);
        }
    }

    /**
     * The top {@code k} classes of one image: runs the model with {@code spec} and reads its one {@code [N, classes]}
     * output, applying softmax unless the output already is probabilities (non-negative, summing to 1).
     * {@code labels} names the classes by index (empty: no names). Thread-safe as {@link #run(Spec, List)}.
     */
    public List<Classification.Prediction> classify(Spec spec, PixelBuffer image, int k, List<String> labels) {
        return classify(spec, image, k, labels, true);
    }

    /**
     * As {@link #classify(Spec, PixelBuffer, int, List)}; with {@code softmax} false the output is taken as
     * probabilities as it is (a model whose softmax is in the graph but whose rows do not quite sum to 1).
     */
    public List<Classification.Prediction> classify(Spec spec, PixelBuffer image, int k, List<String> labels, boolean softmax) {
        if (k < 1) {
            throw new InvalidModelException("k must be at least 1, got " + k);
        }
        Map<String, Tensor> out = run(spec, List.of(image));
        if (out.size() != 1) {
            throw new InvalidModelException(file.getFileName() + " has " + out.size() + " outputs " + out.keySet()
                    + "; classify needs a model with one [N, classes] output");
        }
        Tensor t = out.values().iterator().next();
        return Classification.topK(t, 0, k, softmax && !Classification.isProbabilities(t, 0), labels);
    }

    /**
     * Runs the model on an input tensor the caller prepared (float32, the input's shape). Safe to call from several
     * threads at once; after {@link #close()} it fails with an {@link InvalidModelException}.
     */
    public Map<String, Tensor> run(Tensor input) {
        if (input.dtype() != DType.FLOAT32) {
            throw new InvalidModelException("input tensor must be float32, got " + input.dtype().id());
        }
        ByteBuffer buffer = borrow(Math.toIntExact(input.size()));
        try {
            FloatBuffer fb = buffer.asFloatBuffer();
            fb.put(0, input.toFloatArray());
            return runTensor(fb, input.shape());
        } finally {
            giveBack(buffer);
        }
    }

    /** A direct buffer of at least {@code floats} floats that no other call holds until {@link #giveBack}. */
    private ByteBuffer borrow(int floats) {
        long bytes = (long) floats * Float.BYTES;
        ByteBuffer b;
        while ((b = idle.pollFirst()) != null) {
            if (b.capacity() >= bytes) {
                return b;
            }
            // too small for this call: drop it (a larger one replaces it when this call gives its own back)
        }
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    private void giveBack(ByteBuffer b) {
        if (idle.size() < POOLED_BUFFERS) {
            idle.offerFirst(b);
        }
    }

    private Map<String, Tensor> runTensor(FloatBuffer fb, int[] shape) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        long n = Tensor.elementCount(shape);
        FloatBuffer view = fb.duplicate();
        view.position(0).limit(Math.toIntExact(n));
        view = view.slice();
        String name = imageInput().name();
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new InvalidModelException(file.getFileName() + ": the model is closed");
            }
            return runOpen(name, view, dims);
        } finally {
            lock.unlock();
        }
    }

    /** Runs the open session; the caller holds the read lock, so {@link #close()} cannot free it meanwhile. */
    private Map<String, Tensor> runOpen(String name, FloatBuffer view, long[] dims) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, view, dims);
             OrtSession.Result r = session.run(Map.of(name, t))) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                if (!(e.getValue() instanceof OnnxTensor)) {
                    continue;
                }
                OnnxTensor ot = (OnnxTensor) e.getValue();
                long[] s = ot.getInfo().getShape();
                int[] is = new int[s.length];
                for (int i = 0; i < s.length; i++) {
                    is[i] = Math.toIntExact(s[i]);
                }
                float[] values = new float[Math.toIntExact(Tensor.elementCount(is))];
                if (ot.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new InvalidModelException("output `" + e.getKey() + "` is " + ot.getInfo().type + "; only float outputs are decoded");
                }
                ot.getFloatBuffer().get(values);
                out.put(e.getKey(), Tensor.ofFloats(is, Layout.NCHW, values));
            }
            return out;
        } catch (OrtException e) {
            throw new InvalidModelException(file.getFileName() + ": ONNX Runtime failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases the native session. Waits for the runs already under way to finish (other threads' calls are never
     * cut off mid-run and the session is never freed under them), then closes; calling it again does nothing. Every
     * run that starts afterwards fails with an {@link InvalidModelException} ({@code <model>: the model is closed}).
     */
    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            idle.clear();
            session.close();
        } catch (OrtException e) {
            throw new InvalidModelException(file + ": closing the session failed: " + firstLine(e.getMessage()), e);
        } finally {
            lock.unlock();
        }
    }
}
