package dev.pixelprep.formats.coreml;

import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an edited model as a new {@code .mlpackage} next to the one it was read from: every file of the old package
 * ({@code Manifest.json}, {@code weights/}, anything else) is copied byte for byte into a hidden temporary folder
 * beside the output, the root model spec is replaced by the edited model, each file is flushed to disk, and the
 * folder is renamed to the output in one atomic move. A failure leaves nothing behind.
 *
 * <p>Refused before anything is written: an output that exists, the package itself, a path inside it, and packages
 * holding links or special files.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class PackageWriter {
    private PackageWriter() {
    }

    /** Writes {@code edited} as the root model of a copy of {@code source}'s package at {@code output}. */
    public static void write(CoreMlFile source, Model edited, Path output) {
        check(source, output);
        Path from = source.source().toAbsolutePath().normalize();
        Path to = output.toAbsolutePath().normalize();
        Path parent = to.getParent();
        List<Path> entries = entries(from);
        Path spec = source.specFile().toAbsolutePath().normalize();
        byte[] model = edited.toByteArray();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(parent, "." + to.getFileName() + ".tmp-");
            // a temporary folder is private (rwx------); the package gets the permissions the old one has
            if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(from));
            }
            for (Path p : entries) {
                Path target = tmp.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (p.equals(spec)) {
                    Files.createDirectories(target.getParent());
                    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ByteBuffer b = ByteBuffer.wrap(model);
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                        ch.force(true);
                    }
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new FormatException(output + ": appeared while the package was being written; nothing was changed");
        } catch (IOException e) {
            throw new FormatException(output + ": cannot write the package: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                delete(tmp);
            }
        }
    }

    /** Refuses, before anything is written, an output the package cannot be written to (see the class comment). */
    public static void check(CoreMlFile source, Path output) {
        if (!source.isPackage()) {
            throw new FormatException(source.source() + ": not an .mlpackage directory");
        }
        Path from = source.source().toAbsolutePath().normalize();
        Path to = output.toAbsolutePath().normalize();
        if (to.equals(from)) {
            throw new FormatException(output + ": is the package being fixed; write the fixed package to a new path next to it");
        }
        if (to.startsWith(from)) {
            throw new FormatException(output + ": is inside the package being fixed (" + source.source() + "); write it next to the package");
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FormatException(output + ": already exists; remove it or choose another path");
        }
        Path parent = to.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new FormatException(output + ": its folder does not exist");
        }
    }

    /** The package's folders and regular files, parents first; links and special files are refused. */
    private static List<Path> entries(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(dir)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    throw new FormatException(dir + ": holds a link (" + dir.relativize(p) + "); copy the package without links first");
                }
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FormatException(dir + ": holds " + dir.relativize(p) + ", which is neither a file nor a folder");
                }
                out.add(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new FormatException(dir + ": cannot list the package: " + e.getMessage(), e);
        }
        return out;
    }

    private static void delete(Path tmp) {
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: the temporary folder is hidden and named after the output
        }
    }
}
