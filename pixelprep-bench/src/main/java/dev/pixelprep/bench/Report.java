package dev.pixelprep.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmarks with JMH's usual command-line options (plus the GC profiler) and prints the claims of
 * BENCHMARKS.md: every pixelprep time as a ratio to its OpenCV peer from the same run (for the 1080p resize and
 * crop, per kernel family), the share of the copy bandwidth reached on the 1080p frame, and the allocation per
 * call.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.pixelprep.bench.Report [JMH options]}, e.g.
 * {@code -f 1 -wi 3 -w 1s -i 5 -r 1s}; the GC profiler is added here, so do not pass {@code -prof gc}. A ratio's error combines the two scores' JMH errors (99.9% confidence
 * half-widths) to first order: {@code δ(a/b) = (a/b)·√((δa/a)² + (δb/b)²)}.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls. (the benchmark report's {@code main})
 */
public final class Report {
    /** Bytes moved per 1080p conversion: 4 read + 3·4 written per pixel. */
    static final double FRAME_CONVERT_BYTES = Frame1080Bench.WIDTH * Frame1080Bench.HEIGHT * (4.0 + 12.0);
    /** Bytes moved per 1080p copy: 4 read + 4 written per pixel. */
    static final double FRAME_COPY_BYTES = Frame1080Bench.WIDTH * Frame1080Bench.HEIGHT * (4.0 + 4.0);

    /** pixelprep's benchmarks of (a) and (b): table kernels, then the SIMD rows (forks with the Vector API). */
    private static final String[] OUTPUTS = {"pixelprepFloatArray", "pixelprepDirectBuffer", "pixelprepSimdFloatArray",
        "pixelprepSimdDirectBuffer", "pixelprepSimdDirectBytes"};

    private Report() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Options cli = new CommandLineOptions(args);
        Options options = new OptionsBuilder().parent(cli).addProfiler(GCProfiler.class).build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byName = new HashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1), r);
        }
        System.out.println();
        System.out.println(OpenCvBinding.load());
        System.out.println("pixelprep time / OpenCV time (lower is better; error = JMH 99.9% CI combined to first order)");
        String[] imagenetPeers = {"ImageNet224Bench.opencv", "ImageNet224Bench.opencvReuse"};
        String[] framePeers = {"Frame1080Bench.opencvBlob4", "Frame1080Bench.opencvCvtColorBlob", "Frame1080Bench.opencvReuse"};
        for (String peer : imagenetPeers) {
            for (String mine : OUTPUTS) {
                ratio(byName, "ImageNet224Bench." + mine, peer);
            }
        }
        for (String peer : framePeers) {
            for (String mine : OUTPUTS) {
                ratio(byName, "Frame1080Bench." + mine, peer);
            }
        }
        // (d): each pixelprep kernel against OpenCV's resize of the same family (Pillow's bilinear against INTER_LINEAR);
        // the OneThread peers run OpenCV with cv::setNumThreads(1), as pixelprep runs
        String[] linearPeers = {"Resize1080Bench.opencvLinear", "Resize1080Bench.opencvLinearReuse",
            "Resize1080Bench.opencvLinearReuseOneThread"};
        String[] areaPeers = {"Resize1080Bench.opencvArea", "Resize1080Bench.opencvAreaReuse",
            "Resize1080Bench.opencvAreaReuseOneThread"};
        for (String peer : linearPeers) {
            for (String mine : new String[] {"pixelprepOpenCvLinear", "pixelprepSimdOpenCvLinear", "pixelprepPillowLinear",
                "pixelprepSimdPillowLinear"}) {
                ratio(byName, "Resize1080Bench." + mine, peer);
            }
        }
        for (String peer : areaPeers) {
            for (String mine : new String[] {"pixelprepOpenCvArea", "pixelprepSimdOpenCvArea"}) {
                ratio(byName, "Resize1080Bench." + mine, peer);
            }
        }
        // (e): the Ultralytics letterbox recipe against resize + copyMakeBorder + blobFromImage
        String[] letterboxPeers = {"Letterbox1080Bench.opencv", "Letterbox1080Bench.opencvReuse", "Letterbox1080Bench.opencvReuseOneThread"};
        for (String peer : letterboxPeers) {
            for (String mine : new String[] {"pixelprep", "pixelprepSimd"}) {
                ratio(byName, "Letterbox1080Bench." + mine, peer);
            }
        }
        // the same on a 1600x900 frame (2.5x: both taps weighed in both directions)
        String[] letterbox900Peers = {"Letterbox900Bench.opencv", "Letterbox900Bench.opencvReuse", "Letterbox900Bench.opencvReuseOneThread"};
        for (String peer : letterbox900Peers) {
            for (String mine : new String[] {"pixelprep", "pixelprepSimd"}) {
                ratio(byName, "Letterbox900Bench." + mine, peer);
            }
        }
        StringBuilder bar = new StringBuilder("the bar (fastest OpenCV peer in this run):");
        for (String[] peers : new String[][] {imagenetPeers, framePeers, linearPeers, areaPeers, letterboxPeers, letterbox900Peers}) {
            String best = fastest(byName, peers);
            if (best != null) {
                bar.append(' ').append(best);
            }
        }
        System.out.println(bar);
        System.out.println("1080p share of copy bandwidth, (bytes read + written) / time: "
                + FRAME_CONVERT_BYTES / 1e6 + " MB per conversion, " + FRAME_COPY_BYTES / 1e6 + " MB per copy");
        for (String mine : OUTPUTS) {
            share(byName, "Frame1080Bench." + mine);
        }
        System.out.println("allocation per call (gc.alloc.rate.norm)");
        java.util.List<String> allocated = new java.util.ArrayList<>();
        for (String bench : new String[] {"ImageNet224Bench.", "Frame1080Bench."}) {
            for (String mine : OUTPUTS) {
                allocated.add(bench + mine);
            }
        }
        allocated.add("Frame1080Bench.copyFrameBytes");
        for (String name : new String[] {
                "Resize1080Bench.pixelprepOpenCvLinear", "Resize1080Bench.pixelprepOpenCvArea", "Resize1080Bench.pixelprepPillowLinear",
                "Resize1080Bench.pixelprepSimdOpenCvLinear", "Resize1080Bench.pixelprepSimdOpenCvArea",
                "Resize1080Bench.pixelprepSimdPillowLinear", "Letterbox1080Bench.pixelprep", "Letterbox1080Bench.pixelprepSimd",
                "Letterbox900Bench.pixelprep", "Letterbox900Bench.pixelprepSimd"}) {
            allocated.add(name);
        }
        for (String name : allocated) {
            RunResult r = byName.get(name);
            Result<?> alloc = r == null ? null : r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                System.out.printf(Locale.ROOT, "  %-40s %8.2f B/op, %9.0f ops per iteration -> %6.0f B per iteration%n", name,
                        alloc.getScore(), opsPerIteration(r),
                        alloc.getScore() * opsPerIteration(r));
            }
        }
    }

    private static String fastest(Map<String, RunResult> byName, String... names) {
        String best = null;
        for (String n : names) {
            RunResult r = byName.get(n);
            if (r != null && (best == null || r.getPrimaryResult().getScore() < byName.get(best).getPrimaryResult().getScore())) {
                best = n;
            }
        }
        return best;
    }

    private static void ratio(Map<String, RunResult> byName, String num, String den) {
        RunResult a = byName.get(num);
        RunResult b = byName.get(den);
        if (a == null || b == null) {
            return;
        }
        double[] q = quotient(a.getPrimaryResult(), b.getPrimaryResult());
        System.out.printf(Locale.ROOT, "  %-40s / %-36s = %.3f ± %.3f%n", num, den, q[0], q[1]);
    }

    private static void share(Map<String, RunResult> byName, String convert) {
        RunResult a = byName.get(convert);
        RunResult copy = byName.get("Frame1080Bench.copyFrameBytes");
        if (a == null || copy == null) {
            return;
        }
        // (convert bytes / convert time) / (copy bytes / copy time) = (convert bytes / copy bytes) · copy time / convert time
        double[] q = quotient(copy.getPrimaryResult(), a.getPrimaryResult());
        double k = FRAME_CONVERT_BYTES / FRAME_COPY_BYTES;
        System.out.printf(Locale.ROOT, "  %-40s %.0f%% ± %.0f%% of arraycopy's bandwidth%n", convert, 100 * k * q[0], 100 * k * q[1]);
    }

    /**
     * Calls per measurement iteration, from the average time per call. JMH's own bookkeeping allocates a few
     * kilobytes per iteration; spread over the calls, that is what remains in {@code gc.alloc.rate.norm} when
     * the benchmarked code allocates nothing, so equal bytes per iteration across benchmarks (the copy
     * included, which cannot allocate) mean zero bytes per call.
     */
    private static double opsPerIteration(RunResult r) {
        double nanosPerOp = r.getPrimaryResult().getScore() * r.getParams().getTimeUnit().toNanos(1);
        double iterationNanos = r.getParams().getMeasurement().getTime().convertTo(TimeUnit.NANOSECONDS);
        return iterationNanos / nanosPerOp;
    }

    /** {a/b, first-order error}; NaN errors (too few iterations for a confidence interval) count as 0. */
    private static double[] quotient(Result<?> a, Result<?> b) {
        double r = a.getScore() / b.getScore();
        double ea = Double.isNaN(a.getScoreError()) ? 0 : a.getScoreError() / a.getScore();
        double eb = Double.isNaN(b.getScoreError()) ? 0 : b.getScoreError() / b.getScore();
        return new double[] {r, r * Math.sqrt(ea * ea + eb * eb)};
    }
}
