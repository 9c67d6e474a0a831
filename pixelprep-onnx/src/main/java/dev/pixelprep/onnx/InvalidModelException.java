package dev.pixelprep.onnx;

import dev.pixelprep.core.PixelprepException;

/** A model file that cannot be loaded, or a model that does not fit the spec or the images given to it. */
public class InvalidModelException extends PixelprepException {
    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
