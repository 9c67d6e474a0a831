package dev.pixelprep.io;

/**
 * A problem a header parser found in a file, described in the user's terms ("file is truncated ...");
 * {@link ImageDecoder} turns it into an {@link dev.pixelprep.core.InvalidPixelsException} naming the file.
 */
final class ImageDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ImageDataException(String message) {
        super(message, null, false, false);
    }
}
