package dev.pixelprep.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchJobTest {
    @TempDir
    Path tmp;

    private BatchOptions.Builder options(Path in, Path out) {
        return BatchOptions.builder(Corpus.spec(), out).inputs(List.of(in)).shardSize(8).jobs(2);
    }

    static List<JsonNode> manifest(Path out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("manifest.jsonl"))) {
            lines.add(ManifestEntry.MAPPER.readTree(l));
        }
        return lines;
    }

    /** Every file of the directory, by name, as bytes (the lock file left out: it holds a process id). */
    static TreeMap<String, byte[]> contents(Path out) throws IOException {
        TreeMap<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().equals(OutputDirectory.LOCK)) {
                    m.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    static void assertSameOutputs(Path a, Path b) throws IOException {
        TreeMap<String, byte[]> x = contents(a);
        TreeMap<String, byte[]> y = contents(b);
        assertThat(y.keySet()).isEqualTo(x.keySet());
        for (String k : x.keySet()) {
            assertThat(new String(y.get(k), StandardCharsets.ISO_8859_1)).as(b + "/" + k).isEqualTo(new String(x.get(k), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void everyRowIsThePipelinesTensorOfItsInputInInputOrderAndFailuresAreRecorded() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 30, 1);
        Corpus.broken(in);
        Path out = tmp.resolve("out");
        BatchSummary s = BatchJob.run(options(in, out).build(), BatchListener.NONE);
        assertThat(s.inputs()).isEqualTo(34);
        assertThat(s.ok()).isEqualTo(30);
        assertThat(s.errors()).isEqualTo(4);
        assertThat(s.shards()).isEqualTo(4);
        List<JsonNode> m = manifest(out);
        assertThat(m).hasSize(34);
        Pipeline p = Pipeline.compile(Corpus.spec());
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            JsonNode e = m.get(i);
            assertThat(e.get("index").asLong()).isEqualTo(i);
            paths.add(e.get("path").asText());
            if (e.get("status").asText().equals("ok")) {
                Tensor t = p.tensor(ImageDecoder.defaults().decode(Path.of(e.get("path").asText())).pixels());
                byte[] want = new byte[t.data().remaining()];
                t.data().get(want);
                Tensor shard = Npy.read(out.resolve(ShardWriter.name(e.get("shard").asInt())));
                byte[] rows = new byte[shard.data().remaining()];
                shard.data().get(rows);
                int row = e.get("row").asInt();
                assertThat(Arrays.copyOfRange(rows, row * want.length, (row + 1) * want.length)).as(e.toString()).isEqualTo(want);
            }
        }
        // the listing: names sorted within each directory, the subdirectory's files where "sub" sorts
        List<String> sorted = new ArrayList<>(paths);
        assertThat(paths.get(paths.size() - 1)).endsWith("sub/img-0025.png");
        assertThat(paths).filteredOn(x -> !x.contains("/sub/")).isSorted();
        assertThat(sorted).doesNotHaveDuplicates();
        assertThat(m).filteredOn(e -> e.get("status").asText().equals("error")).extracting(e -> e.get("path").asText() + ": " + e.get("error").asText())
                .anySatisfy(x -> assertThat(x).contains("empty.png: file is empty"))
                .anySatisfy(x -> assertThat(x).contains("notes.txt: not a PNG"))
                .anySatisfy(x -> assertThat(x).contains("truncated.png"))
                .anySatisfy(x -> assertThat(x).contains("corrupt.png"));
        Tensor last = Npy.read(out.resolve(ShardWriter.name(3)));
        assertThat(last.shape()).containsExactly(6, 3, 32, 32);
    }

    @Test
    void theSameInputsGiveTheSameBytesWhateverTheNumberOfThreads() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 40, 2);
        Corpus.broken(in);
        Path one = tmp.resolve("one");
        Path four = tmp.resolve("four");
        BatchJob.run(options(in, one).jobs(1).build(), BatchListener.NONE);
        BatchJob.run(options(in, four).jobs(4).build(), BatchListener.NONE);
        assertThat(Files.readString(one.resolve("job.json"))).isEqualTo(Files.readString(four.resolve("job.json")));
        assertSameOutputs(one, four);
    }

    @Test
    void aRunCutAtEachKindOfPointResumesToTheSameBytes() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 30, 3);
        Corpus.broken(in);
        Path clean = tmp.resolve("clean");
        BatchJob.run(options(in, clean).build(), BatchListener.NONE);
        byte[] manifest = Files.readAllBytes(clean.resolve("manifest.jsonl"));
        String text = new String(manifest, StandardCharsets.UTF_8);
        int[] cuts = {0, 17, text.indexOf('\n') + 1, text.length() / 3, text.length() / 2 + 5, text.length() - 1};
        for (int cut : cuts) {
            Path d = tmp.resolve("cut-" + cut);
            copy(clean, d);
            // what a kill leaves: the manifest cut anywhere, no summary, a half-written shard, a shard renamed but not recorded
            Files.write(d.resolve("manifest.jsonl"), Arrays.copyOf(manifest, cut));
            Files.delete(d.resolve("summary.json"));
            Files.write(d.resolve("shard-00002.npy.tmp"), new byte[100]);
            Files.write(d.resolve("job.json.tmp"), new byte[10]);
            Files.delete(d.resolve(OutputDirectory.LOCK));
            List<Long> resumedFrom = new ArrayList<>();
            BatchSummary s = BatchJob.run(options(in, d).build(), new BatchListener() {
                @Override
                public void started(long resumed, long ok, long errors) {
                    resumedFrom.add(resumed);
                }
            });
            assertThat(s.inputs()).isEqualTo(34);
            assertThat(resumedFrom).hasSize(1);
            assertSameOutputs(clean, d);
        }
    }

    @Test
    void aFinishedRunIsFoundCompleteAndOtherOptionsAreRefusedUnlessOverwritten() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 10, 4);
        Path out = tmp.resolve("out");
        BatchJob.run(options(in, out).build(), BatchListener.NONE);
        TreeMap<String, byte[]> before = contents(out);
        assertThat(BatchJob.run(options(in, out).build(), BatchListener.NONE).alreadyComplete()).isTrue();
        assertThatThrownBy(() -> BatchJob.run(options(in, out).shardSize(4).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class)
                .hasMessageContaining("holds a batch run with other options (shard_size differs: 4 now, 8 before)");
        assertThat(contents(out).keySet()).isEqualTo(before.keySet());
        BatchSummary s = BatchJob.run(options(in, out).shardSize(4).overwrite(true).build(), BatchListener.NONE);
        assertThat(s.shards()).isEqualTo(3);
        assertThat(contents(out).keySet()).contains("shard-00002.npy").doesNotContain("shard-00003.npy");
    }

    @Test
    void aDirectoryHoldingOtherFilesIsNeverUsedEvenToOverwrite() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 3, 5);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "precious");
        for (boolean overwrite : new boolean[] {false, true}) {
            assertThatThrownBy(() -> BatchJob.run(options(in, out).overwrite(overwrite).build(), BatchListener.NONE))
                    .isInstanceOf(BatchException.class).hasMessageContaining("thesis.tex");
        }
        assertThat(Files.readString(out.resolve("thesis.tex"))).isEqualTo("precious");
    }

    @Test
    void aSecondRunOnTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() throws IOException {
        Path out = tmp.resolve("out");
        try (OutputDirectory held = OutputDirectory.open(out, "{}\n", false, 8)) {
            assertThat(held.committedInputs()).isZero();
            assertThatThrownBy(() -> OutputDirectory.open(out, "{}\n", false, 8))
                    .isInstanceOf(BatchException.class).hasMessageContaining("is in use by another batch run");
        }
        try (OutputDirectory again = OutputDirectory.open(out, "{}\n", false, 8)) {
            assertThat(again.complete()).isFalse();
        }
    }

    @Test
    void refusalsBeforeAnythingIsWritten() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 2, 6);
        Path out = tmp.resolve("out");
        Spec variable = Corpus.spec().toBuilder().geometry(new dev.pixelprep.core.geometry.Geometry(
                dev.pixelprep.core.geometry.Resize.shorterSide(40, dev.pixelprep.core.geometry.Interpolation.BILINEAR,
                        dev.pixelprep.core.geometry.ResizeFamily.PILLOW), null)).build();
        assertThatThrownBy(() -> BatchJob.run(BatchOptions.builder(variable, out).inputs(List.of(in)).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class).hasMessageContaining("depends on the image size");
        // a text line's canvas is 320 for photos but widens with a long line: refused up front, not line by line
        Spec lines = dev.pixelprep.core.convention.Recipes.get("paddleocr-rec").spec();
        assertThatThrownBy(() -> BatchJob.run(BatchOptions.builder(lines, out).inputs(List.of(in)).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class).hasMessageContaining("2000x40 gives [1,3,48,2400]");
        assertThatThrownBy(() -> BatchJob.run(options(tmp.resolve("missing"), out).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class).hasMessage("no such file or directory: " + tmp.resolve("missing"));
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> BatchJob.run(options(in, file.resolve("out")).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class).hasMessageContaining("cannot create output directory");
        assertThat(out).doesNotExist();
    }

    @Test
    void tooManyFailuresStopTheRunAndWhatWasCommittedStays() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 20, 7);
        Corpus.broken(in);
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> BatchJob.run(options(in, out).maxErrors(1).shardSize(2).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class).hasMessageContaining("stopped: 2 inputs failed, more than the limit of 1");
        assertThat(out.resolve("summary.json")).doesNotExist();
        assertThat(manifest(out)).isNotEmpty();
        // with a higher limit the same command goes on and finishes
        BatchSummary s = BatchJob.run(options(in, out).maxErrors(10).shardSize(2).build(), BatchListener.NONE);
        assertThat(s.resumed()).isPositive();
        assertThat(s.errors()).isEqualTo(4);
    }

    @Test
    void listFilesAndGlobsChooseTheInputsAndAMissingListedFileIsAFailedInput() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 12, 8);
        Corpus.broken(in);
        Path list = tmp.resolve("list.txt");
        Files.writeString(list, "# chosen\n" + in.resolve("img-0001.png") + "\n\n" + in.resolve("gone.png") + "\n" + in.resolve("img-0003.jpg") + "\n");
        Path out = tmp.resolve("out");
        BatchJob.run(BatchOptions.builder(Corpus.spec(), out).lists(List.of(list)).build(), BatchListener.NONE);
        assertThat(manifest(out)).extracting(e -> e.get("path").asText().replace(in + "/", "") + " " + e.get("status").asText())
                .containsExactly("img-0001.png ok", "gone.png error", "img-0003.jpg ok");
        assertThat(manifest(out).get(1).get("error").asText()).isEqualTo("no such file");
        Path out2 = tmp.resolve("out2");
        BatchJob.run(options(in, out2).include(List.of("*.png")).exclude(List.of("sub/**", "*-[a-z]*.png")).build(), BatchListener.NONE);
        assertThat(manifest(out2)).extracting(e -> e.get("path").asText())
                .allSatisfy(p -> assertThat(p).endsWith(".png").doesNotContain("/sub/").doesNotContain("-empty").doesNotContain("-truncated"))
                .hasSize(8);
    }

    @Test
    void changedInputsAreNotResumedAsIfTheyWereTheSame() throws IOException {
        Path in = tmp.resolve("in");
        Corpus.images(in, 20, 9);
        Path out = tmp.resolve("out");
        BatchJob.run(options(in, out).build(), BatchListener.NONE);
        Files.delete(out.resolve("summary.json"));
        Files.delete(in.resolve("img-0001.png"));
        assertThatThrownBy(() -> BatchJob.run(options(in, out).build(), BatchListener.NONE))
                .isInstanceOf(BatchException.class).hasMessageContaining("the inputs changed since the interrupted run");
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
