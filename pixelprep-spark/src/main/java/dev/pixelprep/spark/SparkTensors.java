package dev.pixelprep.spark;

import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * pixelprep on Spark DataFrames. Every bad image becomes a row with an {@code error} and null tensor, never a failed
 * task; the spec travels to the executors as spec-file JSON and is compiled once per task; a model is opened once
 * per executor JVM.
 *
 * <ul>
 *   <li>{@link #fromBinaryFiles}: a {@code spark.read.format("binaryFile")} DataFrame ({@code path}, {@code content}
 *       …) to {@link #TENSORS}: {@code path, width, height, shape, tensor, error}, the tensor as the spec's dtype in
 *       little-endian bytes ({@code numpy.frombuffer(t, '<f4').reshape(shape)}), exactly the bytes
 *       {@code pixelprep tensor} writes for the file.</li>
 *   <li>{@link #fromImages}: a {@code spark.read.format("image")} DataFrame, whose {@code image} struct holds
 *       OpenCV-ordered bytes (BGR, BGRA or grey), read as what it is, to the same schema ({@code path} is the
 *       image's {@code origin}).</li>
 *   <li>{@link #classify}: binary files to {@link #CLASSES}: {@code path, top, error}, {@code top} the best classes
 *       with softmax probabilities, a model run per partition batch.</li>
 *   <li>{@link #registerUdfs}: {@code NAME(content)} (tensor bytes or null) and {@code NAME_error(content)} as SQL
 *       functions, for PySpark and SQL users.</li>
 * </ul>
 *
 * <p>Stateless utility: the functions it hands Spark are serialisable values holding the spec JSON.
 */
public final class SparkTensors {
    /** The schema of {@link #fromBinaryFiles} and {@link #fromImages}. */
    public static final StructType TENSORS = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("width", DataTypes.IntegerType, true),
        DataTypes.createStructField("height", DataTypes.IntegerType, true),
        DataTypes.createStructField("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
        DataTypes.createStructField("tensor", DataTypes.BinaryType, true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
    });

    private static final StructType CLASS = new StructType(new StructField[] {
        DataTypes.createStructField("class", DataTypes.IntegerType, false),
        DataTypes.createStructField("label", DataTypes.StringType, true),
        DataTypes.createStructField("p", DataTypes.DoubleType, false),
    });

    /** The schema of {@link #classify}. */
    public static final StructType CLASSES = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("top", new ArrayType(CLASS, false), true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
    });

    /** Images a task sends to the model at once in {@link #classify}. */
    static final int MODEL_BATCH = 16;

    private SparkTensors() {
    }

    private static void requireColumns(Dataset<Row> df, String what, String... names) {
        List<String> have = Arrays.asList(df.columns());
        for (String n : names) {
            if (!have.contains(n)) {
                throw new PixelprepException("expected a " + what + " DataFrame with columns " + Arrays.toString(names) + ", got " + have);
            }
        }
    }

    /** Tensors of a {@code binaryFile} DataFrame's files (see the class comment). */
    public static Dataset<Row> fromBinaryFiles(Dataset<Row> files, Spec spec, DecodeOptions decode) {
        requireColumns(files, "binaryFile", "path", "content");
        RowPreprocessor prep = new RowPreprocessor(spec, decode);
        return files.select("path", "content").mapPartitions((MapPartitionsFunction<Row, Row>) rows -> mapped(rows, r -> {
            String path = r.getString(0);
            return tensorRow(path, prep.file((byte[]) r.get(1), path));
        }), Encoders.row(TENSORS));
    }

    /** Tensors of an {@code image} data source DataFrame's rows (see the class comment). */
    public static Dataset<Row> fromImages(Dataset<Row> images, Spec spec) {
        requireColumns(images, "image data source", "image");
        RowPreprocessor prep = new RowPreprocessor(spec, DecodeOptions.defaults());
        return images.select("image.origin", "image.width", "image.height", "image.nChannels", "image.mode", "image.data")
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> mapped(rows, r -> {
                    String origin = r.getString(0);
                    if (r.isNullAt(1) || r.isNullAt(2) || r.isNullAt(3) || r.isNullAt(4)) {
                        return tensorRow(origin, RowPreprocessor.Outcome.failed("the image source could not read it (null fields)"));
                    }
                    return tensorRow(origin, prep.image(r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4), (byte[]) r.get(5)));
                }), Encoders.row(TENSORS));
    }

    /** A partition's rows, each turned into its output row as it is taken (nothing of the partition is held). */
    private static Iterator<Row> mapped(Iterator<Row> rows, java.util.function.Function<Row, Row> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return f.apply(rows.next());
            }
        };
    }

    private static Row tensorRow(String path, RowPreprocessor.Outcome o) {
        if (o.error() != null) {
            return RowFactory.create(path, null, null, null, null, o.error());
        }
        return RowFactory.create(path, o.width(), o.height(), toList(o.shape()), o.tensor(), null);
    }

    /** An array column's value as the row encoder wants it (a Scala sequence). */
    private static scala.collection.immutable.Seq<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) {
            l.add(v);
        }
        return seq(l);
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> l) {
        return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
    }

    /**
     * Each file's {@code top} best classes from the ONNX classifier at {@code modelPath} (a path every executor can
     * read), {@code labelsPath} naming them (or null), with the spec {@code spec}.
     */
    public static Dataset<Row> classify(Dataset<Row> files, Spec spec, DecodeOptions decode, String modelPath, String labelsPath, int top) {
        return classify(files, spec, decode, modelPath, labelsPath, top, 0);
    }

    /**
     * As {@link #classify(Dataset, Spec, DecodeOptions, String, String, int)}, with ONNX Runtime's intra-op threads
     * per executor session ({@code ortThreads}, 1..256; 0 = pixelprep's default, the cores up to 4): set it to the
     * executor's cores divided by the tasks that run at once on it ({@code spark.executor.cores / spark.task.cpus}
     * tasks share one session), so that inference does not oversubscribe the cores.
     */
    public static Dataset<Row> classify(Dataset<Row> files, Spec spec, DecodeOptions decode, String modelPath, String labelsPath, int top,
                                        int ortThreads) {
        requireColumns(files, "binaryFile", "path", "content");
        if (ortThreads < 0 || ortThreads > 256) {
            throw new PixelprepException("ORT threads " + ortThreads + ": expected 1..256 (or 0 for the default)");
        }
        if (spec.dtype() != DType.FLOAT32) {
            throw new PixelprepException("classify needs a float32 spec, got " + spec.dtype().id());
        }
        if (top < 1) {
            throw new PixelprepException("top " + top + ": expected at least 1 class");
        }
        RowPreprocessor prep = new RowPreprocessor(spec, decode);
        // the spec is checked against the model once, on the driver, before any task runs
        try (OnnxModel m = OnnxModel.open(java.nio.file.Path.of(modelPath))) {
            m.check(spec.toBuilder().batch(1).build(), 640, 480, 1);
        }
        return files.select("path", "content").mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            OnnxModel model = ExecutorModels.get(modelPath, ortThreads);
            List<String> labels = labelsPath == null ? List.of() : Classification.readLabels(java.nio.file.Path.of(labelsPath));
            List<Row> out = new ArrayList<>();
            List<Object[]> waiting = new ArrayList<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                String path = r.getString(0);
                RowPreprocessor.Outcome o = prep.file((byte[]) r.get(1), path);
                if (o.error() != null) {
                    out.add(RowFactory.create(path, null, o.error()));
                    continue;
                }
                out.add(null);
                waiting.add(new Object[] {out.size() - 1, path, o});
                if (waiting.size() == MODEL_BATCH || !rows.hasNext()) {
                    runModel(model, prep.spec(), waiting, labels, top, out);
                }
            }
            if (!waiting.isEmpty()) {
                runModel(model, prep.spec(), waiting, labels, top, out);
            }
            return out.iterator();
        }, Encoders.row(CLASSES));
    }

    /** Runs one batch of same-shaped tensors (a different shape starts a batch of its own) and fills their rows. */
    private static void runModel(OnnxModel model, Spec spec, List<Object[]> waiting, List<String> labels, int top, List<Row> out) {
        int i = 0;
        while (i < waiting.size()) {
            int[] shape = ((RowPreprocessor.Outcome) waiting.get(i)[2]).shape();
            int j = i;
            while (j < waiting.size() && Arrays.equals(((RowPreprocessor.Outcome) waiting.get(j)[2]).shape(), shape)) {
                j++;
            }
            int n = j - i;
            int per = ((RowPreprocessor.Outcome) waiting.get(i)[2]).tensor().length;
            long first = model.imageInput().shape()[0];
            int batch = first > 0 ? (int) first : n;
            for (int k = i; k < j; k += batch) {
                int m = Math.min(batch, j - k);
                ByteBuffer data = ByteBuffer.allocate(per * batch).order(ByteOrder.LITTLE_ENDIAN);
                for (int q = 0; q < m; q++) {
                    data.put(q * per, ((RowPreprocessor.Outcome) waiting.get(k + q)[2]).tensor());
                }
                int[] full = new int[shape.length + 1];
                full[0] = batch;
                System.arraycopy(shape, 0, full, 1, shape.length);
                Map<String, Tensor> res;
                try {
                    res = model.run(new Tensor(full, DType.FLOAT32, spec.layout(), data));
                } catch (PixelprepException e) {
                    for (int q = 0; q < m; q++) {
                        Object[] w = waiting.get(k + q);
                        out.set((Integer) w[0], RowFactory.create(w[1], null, "the model refused it: " + e.getMessage()));
                    }
                    continue;
                }
                Tensor t = res.values().iterator().next();
                for (int q = 0; q < m; q++) {
                    Object[] w = waiting.get(k + q);
                    List<Row> classes = new ArrayList<>();
                    for (Classification.Prediction p : Classification.topK(t, q, top, !Classification.isProbabilities(t, q), labels)) {
                        classes.add(RowFactory.create(p.index(), labels.isEmpty() ? null : p.label(), p.probability()));
                    }
                    out.set((Integer) w[0], RowFactory.create(w[1], seq(classes), null));
                }
            }
            i = j;
        }
        waiting.clear();
    }

    /**
     * Registers {@code name(content BINARY)} returning the tensor bytes (null for a bad image) and
     * {@code name_error(content BINARY)} returning why (null for a good one), with the spec given as spec-file JSON
     * (what {@code pixelprep spec explain -o spec.json} writes). From PySpark:
     * {@code spark._jvm.dev.pixelprep.spark.SparkTensors.registerUdfs(spark._jsparkSession, "pixelprep", spec_json)}.
     */
    public static void registerUdfs(SparkSession session, String name, String specDocumentJson) {
        RowPreprocessor prep = new RowPreprocessor(specDocumentJson);
        session.udf().register(name, (UDF1<byte[], byte[]>) content -> prep.file(content, "content").tensor(), DataTypes.BinaryType);
        session.udf().register(name + "_error", (UDF1<byte[], String>) content -> prep.file(content, "content").error(), DataTypes.StringType);
    }
}
