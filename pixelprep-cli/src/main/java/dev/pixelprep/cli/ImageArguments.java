package dev.pixelprep.cli;

import dev.pixelprep.batch.InputWalker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code IMAGE} arguments of {@code tensor} and {@code classify}: a file as it is, a directory as the image files
 * below it, and a glob the shell did not expand ({@code 'photos/*.jpg'}, {@code 'data/**.png'}) as the files of its
 * directory that match. Directories and globs are walked by {@link InputWalker}: depth first, each directory's
 * entries sorted by name, hidden names skipped, so the order (the batch's order) never depends on the file system.
 *
 * <p>Stateless utility.
 */
final class ImageArguments {
    /** The extensions a directory's files are taken by (lower case); other files in a directory are skipped. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp");

    private ImageArguments() {
    }

    /** The image files the arguments name, in order; a directory or glob that names none is a usage mistake. */
    static List<Path> expand(List<Path> arguments) {
        List<Path> files = new ArrayList<>();
        for (Path a : arguments) {
            String s = a.toString();
            if (Files.isDirectory(a)) {
                int before = files.size();
                walk(a, List.of(), files, true);
                if (files.size() == before) {
                    throw new UsageException("no image files (" + String.join(", ", sorted()) + ") in directory " + a);
                }
            } else if (!Files.exists(a) && isGlob(s)) {
                int cut = firstGlobChar(s);
                int slash = s.lastIndexOf('/', cut);
                Path dir = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : s.substring(0, slash));
                String pattern = s.substring(slash + 1);
                if (!Files.isDirectory(dir)) {
                    throw new UsageException(s + ": no such directory " + dir);
                }
                int before = files.size();
                walk(dir, List.of(pattern), files, false);
                if (files.size() == before) {
                    throw new UsageException("no file matches " + s);
                }
            } else {
                files.add(a);
            }
        }
        return files;
    }

    private static void walk(Path dir, List<String> include, List<Path> into, boolean imagesOnly) {
        try (InputWalker w = new InputWalker(List.of(dir), List.of(), include, List.of())) {
            while (w.hasNext()) {
                Path p = w.next();
                if (!imagesOnly || isImage(p)) {
                    into.add(p);
                }
            }
        }
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isGlob(String s) {
        return firstGlobChar(s) >= 0;
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static List<String> sorted() {
        List<String> l = new ArrayList<>(IMAGE_EXTENSIONS);
        l.sort(null);
        return l;
    }
}
