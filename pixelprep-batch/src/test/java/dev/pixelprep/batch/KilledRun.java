package dev.pixelprep.batch;

import java.nio.file.Path;
import java.util.List;

/** The batch run {@link KillResumeTest} starts in a child JVM and kills: {@code KilledRun IN OUT}. */
public final class KilledRun {
    private KilledRun() {
    }

    static BatchOptions options(Path in, Path out) {
        return BatchOptions.builder(Corpus.spec(), out).inputs(List.of(in)).shardSize(4).jobs(2).build();
    }

    public static void main(String[] args) {
        BatchSummary s = BatchJob.run(options(Path.of(args[0]), Path.of(args[1])), BatchListener.NONE);
        System.out.println(s);
    }
}
