package example;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.spark.SparkTensors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A bucket of photos to tensor rows and to top-5 rows on a Spark cluster (pixelprep-spark; Spark is provided). */
public class SparkDataset {
    public static void run(SparkSession spark) {
        Spec spec = Presets.get("onnx-zoo-imagenet").toSpec();
        Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load("s3a://bucket/photos/");
        // path, width, height, shape array<int>, tensor binary (float32 little-endian:
        // numpy.frombuffer(t, '<f4').reshape(shape)), error
        Dataset<Row> tensors = SparkTensors.fromBinaryFiles(files, spec, DecodeOptions.defaults());
        tensors.write().parquet("s3a://bucket/prepared.parquet");
        // path, top array<struct<class, label, p>>, error
        Dataset<Row> top = SparkTensors.classify(files, spec, DecodeOptions.defaults(), "/models/m.onnx", "/models/labels.txt", 5);
        top.write().parquet("s3a://bucket/top5.parquet");
    }
}
