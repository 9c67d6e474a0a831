package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pixelprep batch on the bundled photos: tensors equal to pixelprep tensor's, model results equal classify's, refusals. */
class BatchCommandTest extends CommandLineTest {
    @TempDir
    Path dir;

    private static final String[] SPEC = {"--preset", "torchvision-imagenet", "--resize", "256", "--crop", "224"};

    private Path photos() throws IOException {
        Path in = dir.resolve("photos");
        Files.createDirectories(in);
        for (String f : new String[] {"astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"}) {
            Files.copy(Path.of("../examples", f), in.resolve(f));
        }
        Files.write(in.resolve("broken.jpg"), Arrays.copyOf(Files.readAllBytes(Path.of("../examples/rocket.jpg")), 2000));
        return in;
    }

    private String[] args(String... first) {
        List<String> a = new ArrayList<>(Arrays.asList(first));
        a.addAll(Arrays.asList(SPEC));
        a.add("--progress");
        a.add("lines");
        return a.toArray(new String[0]);
    }

    private static List<JsonNode> manifest(Path out) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("manifest.jsonl"))) {
            lines.add(m.readTree(l));
        }
        return lines;
    }

    @Test
    void shardRowsAreBitForBitWhatTensorWritesForEachPhoto() throws IOException {
        Path in = photos();
        Path dest = dir.resolve("out");
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--shard-size", "3", "--jobs", "2"))).isZero();
        assertThat(out).contains("5 inputs, 4 ok, 1 failed; 2 shard(s) of float32 [3,224,224] per image");
        assertThat(err).contains("pixelprep: skipped " + in.resolve("broken.jpg") + ": ");
        for (JsonNode e : manifest(dest)) {
            if (!e.get("status").asText().equals("ok")) {
                assertThat(e.get("path").asText()).endsWith("broken.jpg");
                continue;
            }
            Path one = dir.resolve("one.npy");
            List<String> t = new ArrayList<>(List.of("tensor", e.get("path").asText(), "-o", one.toString()));
            t.addAll(Arrays.asList(SPEC));
            assertThat(run(t.toArray(new String[0]))).isZero();
            Tensor want = Npy.read(one);
            Tensor shard = Npy.read(dest.resolve(String.format("shard-%05d.npy", e.get("shard").asInt())));
            byte[] w = new byte[want.data().remaining()];
            want.data().get(w);
            byte[] all = new byte[shard.data().remaining()];
            shard.data().get(all);
            int row = e.get("row").asInt();
            assertThat(Arrays.copyOfRange(all, row * w.length, (row + 1) * w.length)).as(e.get("path").asText()).isEqualTo(w);
        }
        // the same command again: already complete, nothing rewritten
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--shard-size", "3"))).isZero();
        assertThat(out).contains("already complete (5 inputs, 4 ok, 1 failed)");
    }

    @Test
    void modelResultsAreClassifysAnswers() throws IOException {
        Path in = photos();
        Path dest = dir.resolve("out");
        String model = "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
        // one ONNX Runtime thread beside two preprocessing jobs: the same answers
        assertThat(run("batch", in.toString(), "-o", dest.toString(), "--model", model, "--labels",
                "../examples/models/mobilenetv2-12-int8/synset.txt", "--top", "1", "--batch-size", "3", "--no-tensors", "--progress", "none",
                "--ort-threads", "1", "--jobs", "2")).isZero();
        List<JsonNode> m = manifest(dest);
        assertThat(m).hasSize(5);
        JsonNode chelsea = m.stream().filter(e -> e.get("path").asText().endsWith("chelsea.png")).findFirst().orElseThrow();
        assertThat(chelsea.get("top").get(0).get("label").asText()).isEqualTo("n02124075 Egyptian cat");
        assertThat(chelsea.get("top").get(0).get("p").asDouble()).isCloseTo(0.5967, org.assertj.core.data.Offset.offset(5e-5));
        JsonNode rocket = m.stream().filter(e -> e.get("path").asText().endsWith("rocket.jpg")).findFirst().orElseThrow();
        assertThat(rocket.get("top").get(0).get("label").asText()).isEqualTo("n03773504 missile");
        assertThat(Files.list(dest).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("shard-"));
    }

    @Test
    void ortThreadsNeedAModelAndASaneCount() throws IOException {
        Path in = photos();
        Path dest = dir.resolve("out");
        assertThat(run("batch", in.toString(), "-o", dest.toString(), "--preset", "torchvision-imagenet", "--ort-threads", "2")).isEqualTo(2);
        assertThat(err).contains("--ort-threads sets the threads of --model");
        assertThat(run("batch", in.toString(), "-o", dest.toString(), "--preset", "torchvision-imagenet", "--model",
                "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx", "--ort-threads", "0")).isEqualTo(2);
        assertThat(err).contains("--ort-threads 0: expected 1..256");
        assertThat(dest).doesNotExist();
        assertThat(run("classify", "../examples/chelsea.png", "--ort-threads", "1")).isZero();
        assertThat(out).contains("Egyptian cat").contains("0.5967");
        assertThat(run("classify", "../examples/chelsea.png", "--ort-threads", "999")).isEqualTo(2);
    }

    @Test
    void badRunsAreOneLineAndLeaveNothingHalfWritten() throws IOException {
        Path in = photos();
        Path dest = dir.resolve("out");
        assertThat(run(args("batch", dir.resolve("nowhere").toString(), "-o", dest.toString()))).isEqualTo(1);
        assertThat(err).isEqualTo("pixelprep: error: no such file or directory: " + dir.resolve("nowhere") + "\n");
        assertThat(run("batch", in.toString(), "-o", dest.toString(), "--preset", "torchvision-imagenet", "--resize", "256")).isEqualTo(1);
        assertThat(err).contains("depends on the image size");
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--model", "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx",
                "--layout", "NHWC"))).isEqualTo(1);
        assertThat(err).contains("wants float32 [batch_size,3,224,224] (NCHW); the spec produces NHWC");
        assertThat(dest).doesNotExist();
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertThat(run(args("batch", in.toString(), "-o", file.resolve("out").toString()))).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: cannot create output directory").doesNotContain("Exception");
        assertThat(run(args("batch", in.toString(), "-o", dest.toString()))).isZero();
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--shard-size", "2"))).isEqualTo(1);
        assertThat(err).contains("holds a batch run with other options (shard_size differs: 2 now, 1024 before)");
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--shard-size", "2", "--overwrite"))).isZero();
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--max-errors", "0", "--overwrite"))).isEqualTo(1);
        assertThat(err).contains("stopped: 1 inputs failed, more than the limit of 0");
        assertThat(run(args("batch", "-o", dest.toString()))).isEqualTo(2);
        assertThat(run("batch", in.toString(), "-o", dest.toString())).isEqualTo(2);
        assertThat(err).contains("give the preprocessing");
        assertThat(run(args("batch", in.toString(), "-o", dest.toString(), "--raw-format", "NV21"))).isEqualTo(2);
    }
}
