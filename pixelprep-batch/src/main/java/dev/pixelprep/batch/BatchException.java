package dev.pixelprep.batch;

import dev.pixelprep.core.PixelprepException;

/**
 * A batch run refused or stopped because of its caller's input: an output directory of another run, an unwritable
 * output, a spec that cannot fill shards, too many failed inputs. The message is one line naming both sides.
 */
public class BatchException extends PixelprepException {
    public BatchException(String message) {
        super(message);
    }

    public BatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
