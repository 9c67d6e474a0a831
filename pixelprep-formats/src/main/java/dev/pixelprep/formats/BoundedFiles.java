package dev.pixelprep.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads whole files with an upper bound checked before anything is allocated, so a huge or endless input becomes
 * a one-line error instead of an out-of-memory error. Protobuf parsing then runs on the byte array, where a
 * length prefix larger than what is left is reported as truncation rather than allocated.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class BoundedFiles {
    private BoundedFiles() {
    }

    /** The file's bytes; {@code what} names the kind of file in errors (e.g. "Core ML model"). */
    public static byte[] read(Path file, long maxBytes, String what) {
        try {
            if (!Files.exists(file)) {
                throw new FormatException(file + ": no such file");
            }
            if (Files.isDirectory(file)) {
                throw new FormatException(file + ": is a directory, expected a " + what + " file");
            }
            if (!Files.isRegularFile(file)) {
                // a FIFO or device: reading it could block or never end
                throw new FormatException(file + ": not a regular file, expected a " + what + " file");
            }
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new FormatException(file + ": " + size + " bytes is larger than the " + maxBytes + " bytes accepted for a " + what);
            }
            long heap = Runtime.getRuntime().maxMemory();
            if (size > heap / 3) {
                throw new FormatException(file + ": " + size + " bytes needs more memory than this JVM has (" + (heap >> 20)
                        + " MiB maximum heap); run with a larger -Xmx");
            }
            byte[] data = new byte[(int) size];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(data, 0, data.length);
                if (n != data.length || in.read() >= 0) {
                    throw new FormatException(file + ": changed size while being read");
                }
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new FormatException(file + ": no such file");
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
