package dev.pixelprep.core;

/** Pixels that do not match what they claim to be: sizes, strides, buffer lengths, undecodable files. */
public class InvalidPixelsException extends PixelprepException {
    public InvalidPixelsException(String message) {
        super(message);
    }

    public InvalidPixelsException(String message, Throwable cause) {
        super(message, cause);
    }
}
