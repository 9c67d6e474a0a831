package dev.pixelprep.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise that nothing is lost or doubled: a run in another JVM killed with SIGKILL at random moments, then
 * started again each time, ends with the same bytes as a run never interrupted.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    private Process start(Path in, Path out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KilledRun.class.getName(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    }

    private static long lines(Path m) throws IOException {
        if (!Files.exists(m)) {
            return 0;
        }
        long n = 0;
        for (byte b : Files.readAllBytes(m)) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    @Test
    void killedAtRandomMomentsAndResumedGivesTheBytesOfAnUninterruptedRun() throws Exception {
        Path in = tmp.resolve("in");
        Corpus.images(in, 400, 11);
        Corpus.broken(in);
        Path clean = tmp.resolve("clean");
        BatchSummary reference = BatchJob.run(KilledRun.options(in, clean), BatchListener.NONE);
        assertThat(reference.errors()).isEqualTo(4);

        Path out = tmp.resolve("killed");
        Random r = new Random(20261202);
        List<Long> committedAtKill = new ArrayList<>();
        int killedRunning = 0;
        long total = reference.inputs();
        for (int k = 0; k < 6; k++) {
            // kill once the manifest has passed a random point of the run, a random few milliseconds later: the kill
            // lands while a shard is being written, renamed or recorded, at a different place every time
            long target = (k + 1) * total / 8 + r.nextInt((int) (total / 8));
            Process p = start(in, out);
            Path m = out.resolve(OutputDirectory.MANIFEST);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && lines(m) < target && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(r.nextInt(25));
            if (p.isAlive()) {
                killedRunning++;
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            committedAtKill.add(lines(m));
            if (Files.exists(out.resolve(OutputDirectory.SUMMARY))) {
                break;
            }
        }
        Process last = start(in, out);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        assertThat(killedRunning).as("kills that hit a running batch (manifest lines at each: %s)", committedAtKill).isGreaterThanOrEqualTo(4);
        BatchJobTest.assertSameOutputs(clean, out);
    }
}
