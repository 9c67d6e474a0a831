package dev.pixelprep.core;

/**
 * Base of every error pixelprep reports about its caller's input: a bad pixel buffer, an invalid spec,
 * a corrupt file. The message is a single line that names what was expected and what was given, so a
 * command-line front end can print it as is.
 */
public class PixelprepException extends RuntimeException {
    public PixelprepException(String message) {
        super(message);
    }

    public PixelprepException(String message, Throwable cause) {
        super(message, cause);
    }
}
