package dev.pixelprep.spark;

import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.io.spec.SpecDocument;
import dev.pixelprep.io.spec.SpecJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pixelprep batch} does, as a {@code spark-submit} job writing Parquet:
 * <pre>
 * spark-submit --class dev.pixelprep.spark.PixelprepSparkJob pixelprep-spark.jar \
 *     INPUT OUTPUT.parquet SPEC.json [--model M.onnx] [--labels L.txt] [--top K] [--glob '*.jpg'] [--partitions N] [--ort-threads N]
 * </pre>
 * INPUT is any path or URI Spark's {@code binaryFile} source reads (a directory is read recursively), SPEC.json a
 * spec file ({@code pixelprep spec explain ... -o SPEC.json}). Without a model the rows are {@link SparkTensors#TENSORS};
 * with one, {@link SparkTensors#CLASSES}. Bad images are rows with an {@code error}, never a failed job; the output
 * must not exist (Spark's own commit protocol makes it appear whole or not at all).
 *
 * <p>Stateless utility: everything of a run is in {@link #run}'s frame.
 */
public final class PixelprepSparkJob {
    private PixelprepSparkJob() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("pixelprep").getOrCreate();
        try {
            long n = run(spark, args);
            System.out.println("pixelprep: wrote " + n + " rows to " + args[1]);
        } catch (PixelprepException e) {
            System.err.println("pixelprep: error: " + e.getMessage());
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    /** Runs the job on {@code spark} and returns the number of rows written. */
    public static long run(SparkSession spark, String[] args) {
        List<String> pos = new ArrayList<>();
        String model = null;
        String labels = null;
        String glob = null;
        int top = 5;
        int partitions = 0;
        int ortThreads = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new PixelprepException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--model": model = v; break;
                    case "--labels": labels = v; break;
                    case "--glob": glob = v; break;
                    case "--top": top = parse(a, v); break;
                    case "--partitions": partitions = parse(a, v); break;
                    case "--ort-threads": ortThreads = parse(a, v); break;
                    default: throw new PixelprepException("unknown option " + a + "; expected --model, --labels, --top, --glob, --partitions or --ort-threads");
                }
            } else {
                pos.add(a);
            }
        }
        if (pos.size() != 3) {
            throw new PixelprepException("usage: PixelprepSparkJob INPUT OUTPUT.parquet SPEC.json [--model M.onnx] [--labels L.txt] [--top K] [--glob G] [--partitions N] [--ort-threads N]");
        }
        SpecDocument doc = SpecJson.readDocument(Path.of(pos.get(2)));
        var reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
        if (glob != null) {
            reader = reader.option("pathGlobFilter", glob);
        }
        Dataset<Row> files = reader.load(pos.get(0));
        if (partitions > 0) {
            files = files.repartition(partitions);
        }
        Dataset<Row> out = model == null
                ? SparkTensors.fromBinaryFiles(files, doc.spec(), doc.decode())
                : SparkTensors.classify(files, doc.spec(), doc.decode(), model, labels, top, ortThreads);
        out.write().mode(SaveMode.ErrorIfExists).parquet(pos.get(1));
        return spark.read().parquet(pos.get(1)).count();
    }

    private static int parse(String flag, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new PixelprepException(flag + " " + v + ": expected a positive whole number");
        }
    }
}
