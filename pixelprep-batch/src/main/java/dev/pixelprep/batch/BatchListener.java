package dev.pixelprep.batch;

/**
 * What a batch run reports while it goes, for a progress bar or a log. Every method is called on the thread that
 * called {@link BatchJob#run}, one call at a time, so an implementation is confined to that thread and needs no
 * locking of its own.
 */
public interface BatchListener {
    /** A listener that reports nothing. */
    BatchListener NONE = new BatchListener() {
    };

    /** The run starts; {@code resumed} inputs were committed by an earlier, interrupted run and are not redone. */
    default void started(long resumed, long resumedOk, long resumedErrors) {
    }

    /** The number of inputs, once the listing has been counted (large listings are counted while the run goes). */
    default void total(long inputs) {
    }

    /** One more input is done, ok or failed; the counts include the resumed ones. */
    default void processed(long inputs, long ok, long errors) {
    }

    /** An input failed and is recorded in the manifest with this one-line reason. */
    default void failed(long index, String path, String reason) {
    }
}
