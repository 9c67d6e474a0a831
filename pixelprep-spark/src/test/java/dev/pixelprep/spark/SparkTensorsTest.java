package dev.pixelprep.spark;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.io.spec.SpecDocument;
import dev.pixelprep.io.spec.SpecJson;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** pixelprep on Spark local[2], on the bundled photos with a truncated JPEG among them. */
class SparkTensorsTest {
    static SparkSession spark;

    @TempDir
    static Path dir;

    @TempDir
    static Path work;

    static final Spec SPEC = Presets.get("torchvision-imagenet").applyTo(Spec.builder())
            .geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build();

    @BeforeAll
    static void start() throws IOException {
        for (String f : new String[] {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"}) {
            Files.copy(Path.of("../examples", f), dir.resolve(f));
        }
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(Files.readAllBytes(Path.of("../examples/rocket.jpg")), 3000));
        spark = SparkSession.builder().master("local[2]").appName("pixelprep-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static byte[] expected(Path file) {
        Tensor t = Pipeline.compile(SPEC).tensor(ImageDecoder.defaults().decode(file).pixels());
        byte[] b = new byte[t.data().remaining()];
        t.data().get(b);
        return b;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Test
    void binaryFilesBecomeTheTensorsPixelprepWritesAndABadFileAnErrorRow() {
        Dataset<Row> files = spark.read().format("binaryFile").load(dir.toString()).repartition(2);
        List<Row> rows = SparkTensors.fromBinaryFiles(files, SPEC, DecodeOptions.defaults()).collectAsList();
        assertThat(rows).hasSize(5);
        Map<String, Row> byName = new HashMap<>();
        rows.forEach(r -> byName.put(name(r.getString(0)), r));
        for (String f : new String[] {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"}) {
            Row r = byName.get(f);
            assertThat(r.isNullAt(5)).as(f + ": " + r.get(5)).isTrue();
            assertThat(r.getList(3)).containsExactly(3, 224, 224);
            assertThat((byte[]) r.get(4)).as(f).isEqualTo(expected(dir.resolve(f)));
        }
        Row bad = byName.get("truncated.jpg");
        assertThat(bad.isNullAt(4)).isTrue();
        assertThat(bad.getString(5)).contains("truncated");
    }

    @Test
    void imageSourceRowsAreReadInTheirOwnBgrOrderButHideTruncation() {
        Dataset<Row> images = spark.read().format("image").option("dropInvalid", "false").load(dir.toString());
        List<Row> rows = SparkTensors.fromImages(images, SPEC).collectAsList();
        Map<String, Row> byName = new HashMap<>();
        rows.forEach(r -> byName.put(name(r.getString(0)), r));
        // PNGs are lossless: Spark's own ImageIO decode gives our decoder's pixels, so the tensors are equal
        for (String f : new String[] {"chelsea.png", "coffee.png"}) {
            assertThat((byte[]) byName.get(f).get(4)).as(f).isEqualTo(expected(dir.resolve(f)));
        }
        // the trap this is here for: Spark's image source decodes a JPEG cut to 3,000 bytes as a whole 640x427 image
        // (ImageIO fills the rest) and the bytes that would show it are gone; binaryFile + pixelprep refuses it
        Row cut = byName.get("truncated.jpg");
        assertThat(cut.isNullAt(5)).isTrue();
        assertThat(cut.getInt(1)).isEqualTo(640);
        assertThat(cut.getInt(2)).isEqualTo(427);
    }

    @Test
    void classifyRunsOneSessionPerExecutorAndGivesClassifysAnswer() {
        Dataset<Row> files = spark.read().format("binaryFile").load(dir.toString());
        String model = Path.of("../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx").toAbsolutePath().toString();
        String labels = Path.of("../examples/models/mobilenetv2-12-int8/synset.txt").toAbsolutePath().toString();
        Spec spec = SpecJson.readDocument(Path.of("../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx.pixelprep.json")).spec();
        // one ONNX Runtime thread per executor session (local[2]: two tasks share it)
        List<Row> rows = SparkTensors.classify(files, spec, DecodeOptions.defaults(), model, labels, 2, 1).collectAsList();
        Map<String, Row> byName = new HashMap<>();
        rows.forEach(r -> byName.put(name(r.getString(0)), r));
        Row cat = byName.get("chelsea.png");
        Row first = cat.<Row>getList(1).get(0);
        assertThat(first.getString(1)).isEqualTo("n02124075 Egyptian cat");
        assertThat(first.getDouble(2)).isCloseTo(0.5967, org.assertj.core.data.Offset.offset(5e-5));
        assertThat(byName.get("rocket.jpg").<Row>getList(1).get(0).getString(1)).isEqualTo("n03773504 missile");
        assertThat(byName.get("truncated.jpg").getString(2)).contains("truncated");
    }

    @Test
    void sqlFunctionsForPySparkAndSql() {
        SparkTensors.registerUdfs(spark, "pixelprep", SpecJson.write(new SpecDocument(SPEC, DecodeOptions.defaults())));
        spark.read().format("binaryFile").load(dir.toString()).createOrReplaceTempView("files");
        List<Row> rows = spark.sql("SELECT path, pixelprep(content) AS t, pixelprep_error(content) AS e FROM files ORDER BY path").collectAsList();
        for (Row r : rows) {
            if (name(r.getString(0)).equals("truncated.jpg")) {
                assertThat(r.isNullAt(1)).isTrue();
                assertThat(r.getString(2)).contains("truncated");
            } else {
                assertThat((byte[]) r.get(1)).isEqualTo(expected(Path.of(r.getString(0).replace("file:", ""))));
            }
        }
    }

    @Test
    void theSparkSubmitJobWritesParquetWithTheSameTensors() throws IOException {
        Path spec = work.resolve("spec.json");
        Files.writeString(spec, SpecJson.write(new SpecDocument(SPEC, DecodeOptions.defaults())));
        Path out = work.resolve("out.parquet");
        long n = PixelprepSparkJob.run(spark, new String[] {dir.toString(), out.toString(), spec.toString(), "--glob", "*.{png,jpg}", "--partitions", "2"});
        assertThat(n).isEqualTo(5);
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        Row cat = rows.stream().filter(r -> name(r.getString(0)).equals("chelsea.png")).findFirst().orElseThrow();
        assertThat((byte[]) cat.get(4)).isEqualTo(expected(dir.resolve("chelsea.png")));
        assertThat(rows.stream().filter(r -> !r.isNullAt(5)).map(r -> name(r.getString(0)))).containsExactly("truncated.jpg");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PixelprepSparkJob.run(spark, new String[] {dir.toString(), out.toString(), spec.toString()}))
                .hasMessageContaining("already exists");
    }
}
