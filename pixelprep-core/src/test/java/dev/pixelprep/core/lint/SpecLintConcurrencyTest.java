package dev.pixelprep.core.lint;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SpecLint} called from 8 threads at once answers as it does on one: it is stateless, as its javadoc says. */
class SpecLintConcurrencyTest {
    @Test
    void eightThreadsGetTheSingleThreadedFindings() throws Exception {
        List<Spec> specs = new ArrayList<>();
        for (Presets.Preset p : Presets.all().values()) {
            specs.add(p.toSpec());
        }
        specs.add(CoreMl.rgb(SpecLintTest.S, -123.68, -116.78, -103.94, false).toSpec());
        specs.add(OpenCvBlob.fromImread(new double[] {1}, new double[] {0.485, 0.456, 0.406}, true).toSpec());
        specs.add(Torchvision.of(new double[] {0.485, 0.456, 0.406}, new double[] {0.052441, 0.050176, 0.050625}).toSpec());
        specs.add(CoreMl.rgb(1, -123.68, -116.78, -103.94, false).toSpec());
        List<List<LintFinding>> expected = new ArrayList<>();
        for (Spec s : specs) {
            expected.add(SpecLint.lint(s));
        }
        assertThat(expected.stream().filter(f -> !f.isEmpty()).count()).as("the traps are flagged").isGreaterThanOrEqualTo(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 200; i++) {
                        int k = (i * 7 + offset) % specs.size();
                        if (!SpecLint.lint(specs.get(k)).equals(expected.get(k))) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            int mismatches = 0;
            for (Future<Integer> f : futures) {
                mismatches += f.get(2, TimeUnit.MINUTES);
            }
            assertThat(mismatches).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
