package dev.pixelprep.formats;

import dev.pixelprep.core.PixelprepException;

/** A model, mean or config file that cannot be read or edited as asked; the message is one line naming the file. */
public class FormatException extends PixelprepException {
    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
