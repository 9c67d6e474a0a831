package dev.pixelprep.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.InvalidModelException;
import dev.pixelprep.onnx.OnnxModel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model half of a batch run: one ONNX Runtime session, fed the run's tensors {@code batch} images at a time in
 * input order, each image's top classes turned into the manifest's {@code top} array. The batch is the model's own
 * when its input fixes one (a last, short batch is then filled with zero images whose results are dropped),
 * otherwise the one asked for. Which images share a run depends only on their position among the run's good
 * inputs, and a resumed run starts at a shard boundary where a batch also starts, so results do not depend on
 * interruptions.
 *
 * <p>Confined to the run's writer thread; {@link #close()} closes the session.
 */
final class ModelStage implements AutoCloseable {
    private final OnnxModel model;
    private final List<String> labels;
    private final int top;
    private final int batch;
    private final boolean fixedBatch;
    private final int[] imageShape;
    private final long imageBytes;
    private final boolean batchedLayout;
    private final dev.pixelprep.core.spec.Layout layout;
    private final ByteBuffer pending;
    private int images;

    private ModelStage(OnnxModel model, List<String> labels, int top, int batch, boolean fixedBatch, int[] imageShape,
                       long imageBytes, dev.pixelprep.core.spec.Layout layout) {
        this.model = model;
        this.labels = labels;
        this.top = top;
        this.batch = batch;
        this.fixedBatch = fixedBatch;
        this.imageShape = imageShape;
        this.imageBytes = imageBytes;
        this.batchedLayout = layout.batched();
        this.layout = layout;
        this.pending = ByteBuffer.allocate(Math.toIntExact(imageBytes * batch)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Opens the model and checks that the spec's tensors are what its image input wants (one line naming both
     * sides when not), before any output is written.
     */
    static ModelStage open(BatchOptions o, Spec spec, int[] imageShape, long imageBytes, int probeWidth, int probeHeight) {
        if (spec.dtype() != DType.FLOAT32) {
            throw new BatchException("running a model needs float32 tensors; the spec makes " + spec.dtype().id());
        }
        OnnxModel m = OnnxModel.open(o.model(), o.ortThreads());
        try {
            long first = m.imageInput().shape()[0];
            boolean batched = spec.layout().batched();
            boolean fixed = batched && first > 0;
            int b = !batched ? 1 : fixed ? Math.toIntExact(first) : o.batchSize();
            if ((long) b * imageBytes > Tensor.ARRAY_LIMIT_BYTES) {
                throw new BatchException("a model batch of " + b + " images of " + imageBytes + " bytes is too large; use a smaller batch size");
            }
            m.check(spec.toBuilder().batch(b).build(), probeWidth, probeHeight, b);
            List<String> names = o.labels() == null ? List.of() : Classification.readLabels(o.labels());
            return new ModelStage(m, names, o.top(), b, fixed, imageShape, imageBytes, spec.layout());
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Images per model run. */
    int batch() {
        return batch;
    }

    /** Images waiting for the next run. */
    int waiting() {
        return images;
    }

    /** Queues one image's float32 tensor bytes (position to limit). */
    void add(ByteBuffer image) {
        pending.put(Math.toIntExact(images * imageBytes), image, image.position(), image.remaining());
        images++;
    }

    boolean full() {
        return images == batch;
    }

    /** Runs the model on the queued images and returns each one's top classes, in queue order. */
    List<ArrayNode> run() {
        int n = images;
        int b = fixedBatch ? batch : n;
        for (long i = (long) n * imageBytes; i < (long) b * imageBytes; i++) {
            pending.put((int) i, (byte) 0);
        }
        int[] shape;
        if (batchedLayout) {
            shape = new int[imageShape.length + 1];
            shape[0] = b;
            System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        } else {
            shape = imageShape.clone();
        }
        ByteBuffer data = pending.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        data.position(0).limit(Math.toIntExact(b * imageBytes));
        Tensor input = new Tensor(shape, DType.FLOAT32, layout, data.slice().order(ByteOrder.LITTLE_ENDIAN));
        Map<String, Tensor> out = model.run(input);
        if (out.size() != 1) {
            throw new InvalidModelException(model.file().getFileName() + " has " + out.size() + " outputs " + out.keySet()
                    + "; classification needs a model with one [N, classes] output");
        }
        Tensor t = out.values().iterator().next();
        List<ArrayNode> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean softmax = !Classification.isProbabilities(t, i);
            ArrayNode a = ManifestEntry.MAPPER.createArrayNode();
            for (Classification.Prediction p : Classification.topK(t, i, top, softmax, labels)) {
                ObjectNode c = a.addObject();
                c.put("class", p.index());
                if (!labels.isEmpty()) {
                    c.put("label", p.label());
                }
                c.put("p", p.probability());
            }
            results.add(a);
        }
        images = 0;
        return results;
    }

    Path file() {
        return model.file();
    }

    @Override
    public void close() {
        model.close();
    }
}
