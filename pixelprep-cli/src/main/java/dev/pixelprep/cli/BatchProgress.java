package dev.pixelprep.cli;

import dev.pixelprep.batch.BatchListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * How {@code pixelprep batch} shows its progress on stderr: a progress bar on a terminal (me.tongfei:progressbar:
 * count, images/s, time left, failures), a plain line every few seconds otherwise (a log file, CI), or nothing.
 * Every failed input is one {@code pixelprep: skipped PATH: reason} line either way.
 *
 * <p>Confined to the batch run's thread (the bar's own refresh thread only reads its state).
 */
final class BatchProgress implements BatchListener, AutoCloseable {
    enum Mode { BAR, LINES, NONE }

    private static final long LINE_EVERY_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final Mode mode;
    private ProgressBar bar;
    private long total = -1;
    private long started;
    private long startInputs;
    private long lastLine;
    private long inputs;
    private long errors;

    BatchProgress(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode;
    }

    /** The mode {@code auto} stands for: a bar when there is a terminal to draw it on, else lines. */
    static Mode auto() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb") ? Mode.BAR : Mode.LINES;
    }

    @Override
    public void started(long resumed, long resumedOk, long resumedErrors) {
        started = System.nanoTime();
        lastLine = started;
        startInputs = resumed;
        inputs = resumed;
        errors = resumedErrors;
        if (resumed > 0 && mode != Mode.NONE) {
            line(String.format(Locale.ROOT, "pixelprep: batch: resuming after %d committed inputs (%d ok, %d failed)", resumed, resumedOk, resumedErrors));
        }
        if (mode == Mode.BAR) {
            bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(-1).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" img", 1).showSpeed().setUpdateIntervalMillis(500).startsFrom(resumed, Duration.ZERO)
                    .setConsumer(new Consumer(err)).build();
        }
    }

    @Override
    public void total(long n) {
        total = n;
        if (bar != null) {
            bar.maxHint(n);
        }
    }

    @Override
    public void processed(long inputs, long ok, long errors) {
        this.inputs = inputs;
        this.errors = errors;
        if (bar != null) {
            bar.stepTo(inputs);
            if (errors > 0) {
                bar.setExtraMessage(errors + " failed");
            }
        } else if (mode == Mode.LINES) {
            long now = System.nanoTime();
            if (now - lastLine >= LINE_EVERY_NANOS) {
                lastLine = now;
                line(status(now));
            }
        }
    }

    private String status(long now) {
        double secs = (now - started) / 1e9;
        double rate = secs > 0 ? (inputs - startInputs) / secs : 0;
        StringBuilder sb = new StringBuilder("pixelprep: batch: ").append(inputs);
        if (total >= 0) {
            sb.append('/').append(total);
        }
        sb.append(String.format(Locale.ROOT, " inputs, %d failed, %.1f images/s", errors, rate));
        if (total >= 0 && rate > 0) {
            long left = Math.round((total - inputs) / rate);
            sb.append(String.format(Locale.ROOT, ", about %dm%02ds left", left / 60, left % 60));
        }
        return sb.toString();
    }

    @Override
    public void failed(long index, String path, String reason) {
        if (mode != Mode.NONE) {
            line("pixelprep: skipped " + path + ": " + reason);
        }
    }

    private void line(String s) {
        synchronized (err) {
            if (bar != null) {
                err.print("\r\033[K");
            }
            err.println(s);
            err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Draws the bar on the command's stderr, one carriage-returned line. */
    private static final class Consumer implements ProgressBarConsumer {
        private final PrintWriter err;

        Consumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            try {
                return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")) - 1);
            } catch (NumberFormatException e) {
                return 99;
            }
        }

        @Override
        public void accept(String rendered) {
            synchronized (err) {
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }

        @Override
        public void close() {
            synchronized (err) {
                err.println();
                err.flush();
            }
        }
    }
}
