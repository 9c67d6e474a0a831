package dev.pixelprep.fuzz;

import dev.pixelprep.core.PixelprepException;

/**
 * The one rule every fuzz target follows: a {@link PixelprepException} (or a subtype) is the library's documented way
 * to refuse an input, so it ends the execution quietly; any other throwable (NullPointerException,
 * IllegalArgumentException, ArithmeticException, ClassCastException, OutOfMemoryError, StackOverflowError, …) escapes
 * and is a finding. A refusal must also be one line, as the README promises for every error message.
 */
final class Expected {
    private Expected() {
    }

    /** Runs {@code body}; returns normally on a documented refusal, rethrows everything else. */
    static void refusalOk(ThrowingRunnable body) throws Exception {
        try {
            body.run();
        } catch (PixelprepException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank()) {
                throw new AssertionError("refusal without a message", e);
            }
        }
    }

    /** A fuzz target body; may throw checked exceptions, which are findings like any non-refusal. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
