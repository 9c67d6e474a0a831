package dev.pixelprep.cli;

import dev.pixelprep.core.PixelprepException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes the command's output files so that they either all appear complete or none changes: each regular file is
 * written to a temporary file beside it, and only when every one is complete are they renamed into place.
 *
 * <p>Before anything is written the targets are checked, and refused with one line:
 * <ul>
 *   <li>a target that is a symbolic link (it is neither followed nor replaced: give the real path);</li>
 *   <li>a target that exists and is a directory, a FIFO or a socket;</li>
 *   <li>a target that is one of the command's inputs (same file by real path), or named twice.</li>
 * </ul>
 * An existing character or block device ({@code /dev/null}, {@code /dev/stdout}, a tape) is written into, not
 * replaced: the user named it on purpose. Write errors are reported in the user's words ("no space left on device:
 * /dev/full"). If renaming the second of two files fails, the first is removed again.
 */
final class AtomicFiles {
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** One output file and what to write into it. */
    record Output(Path target, Writer writer) {
    }

    private AtomicFiles() {
    }

    static void write(Path target, Writer writer) throws IOException {
        writeAll(List.of(new Output(target, writer)), List.of());
    }

    /** Writes {@code target}, refusing it when it is one of {@code inputs}. */
    static void write(Path target, Writer writer, Collection<Path> inputs) throws IOException {
        writeAll(List.of(new Output(target, writer)), inputs);
    }

    /** Writes every output or none (see the class comment). */
    static void writeAll(List<Output> outputs, Collection<Path> inputs) throws IOException {
        List<Boolean> devices = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Path t = outputs.get(i).target();
            devices.add(check(t, inputs));
            for (int j = 0; j < i; j++) {
                if (same(outputs.get(j).target(), t)) {
                    throw new PixelprepException("cannot write " + t + " twice (" + outputs.get(j).target() + " is the same file)");
                }
            }
        }
        List<Path> temps = new ArrayList<>();
        List<Path> moved = new ArrayList<>();
        try {
            for (int i = 0; i < outputs.size(); i++) {
                temps.add(devices.get(i) ? null : stage(outputs.get(i)));
            }
            for (int i = 0; i < outputs.size(); i++) {
                if (devices.get(i)) {
                    Output o = outputs.get(i);
                    try (OutputStream out = new java.io.BufferedOutputStream(
                            Files.newOutputStream(o.target(), StandardOpenOption.WRITE), 1 << 16)) {
                        o.writer().write(out);
                    } catch (IOException e) {
                        throw failure(o.target(), e);
                    }
                }
            }
            for (int i = 0; i < outputs.size(); i++) {
                if (temps.get(i) != null) {
                    Path abs = outputs.get(i).target().toAbsolutePath();
                    try {
                        move(temps.get(i), abs);
                    } catch (IOException e) {
                        throw failure(outputs.get(i).target(), e);
                    }
                    moved.add(abs);
                    temps.set(i, null);
                }
            }
            moved.clear();
        } finally {
            for (Path t : temps) {
                if (t != null) {
                    Files.deleteIfExists(t);
                }
            }
            // a later file failed: the earlier ones are removed so that no partial set of outputs is left
            for (Path m : moved) {
                Files.deleteIfExists(m);
            }
        }
    }

    /**
     * The checks of the class comment for one target.
     *
     * @return whether the target is an existing device to write into
     */
    static boolean check(Path target, Collection<Path> inputs) {
        if (Files.isSymbolicLink(target)) {
            throw new PixelprepException("refusing to write " + target + ": it is a symbolic link (pixelprep neither follows nor replaces links; give the real path)");
        }
        for (Path in : inputs) {
            if (in != null && same(in, target)) {
                throw new PixelprepException("refusing to write " + target + ": it is one of the inputs (" + in + "); choose another output");
            }
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path dir = target.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new PixelprepException("cannot write " + target + ": folder " + dir + " does not exist");
            }
            return false;
        }
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new PixelprepException("cannot write " + target + ": it is a directory");
        }
        if (isDevice(target)) {
            return true;
        }
        throw new PixelprepException("refusing to write " + target + ": not a regular file (a FIFO or socket); give a file path");
    }

    /** A character or block device (a FIFO or socket is not). */
    private static boolean isDevice(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int type = ((Integer) mode) & 0170000;
            return type == 0020000 || type == 0060000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix attributes here: treat it as not a device, so it is refused rather than replaced
            return false;
        }
    }

    private static boolean same(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path stage(Output o) {
        Path abs = o.target().toAbsolutePath();
        Path tmp;
        try {
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        } catch (IOException e) {
            throw failure(o.target(), e);
        }
        boolean done = false;
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                o.writer().write(out);
            }
            done = true;
        } catch (IOException e) {
            throw failure(o.target(), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write error is the one to report
                }
            }
        }
        return tmp;
    }

    private static void move(Path tmp, Path abs) throws IOException {
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A write error in the user's words, naming the file the user gave (not the temporary file). */
    static PixelprepException failure(Path target, IOException e) {
        return new PixelprepException("cannot write " + target + ": " + Main.reason(e), e);
    }
}
