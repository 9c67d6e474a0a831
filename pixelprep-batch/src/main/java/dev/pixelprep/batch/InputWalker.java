package dev.pixelprep.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The inputs of a batch run, one at a time, always in the same order: the arguments in the order given, a directory
 * as every file below it (depth first, each directory's entries sorted by name, names starting with {@code .}
 * skipped, symbolic links to directories not followed), a list file as its lines in order. Only the current
 * directory's entries are held, so a million inputs take no more memory than ten.
 *
 * <p>The include and exclude globs apply to files found in directories; a glob without {@code /} matches the file
 * name ({@code *.jpg}), one with {@code /} the path below the directory ({@code train/**.png}). Files named on the
 * command line or in a list are taken as they are, and a listed file that does not exist becomes a failed input,
 * not a failed run. A directory that cannot be listed stops the run (its files would otherwise be lost silently).
 *
 * <p>Confined to one thread; {@link #close()} closes an open list file.
 */
public final class InputWalker implements Iterator<Path>, AutoCloseable {
    /** Longest line accepted in a list file. */
    static final int MAX_LINE_CHARS = 1 << 16;

    private final Deque<Object> pending = new ArrayDeque<>();
    private final List<PathMatcher> includeNames = new ArrayList<>();
    private final List<PathMatcher> includePaths = new ArrayList<>();
    private final List<PathMatcher> excludeNames = new ArrayList<>();
    private final List<PathMatcher> excludePaths = new ArrayList<>();
    private final boolean filtered;
    private final Deque<Level> levels = new ArrayDeque<>();
    private BufferedReader list;
    private Path listFile;
    private long listLine;
    private Path next;

    /** One directory being walked: its root (for the globs) and its sorted entries not yet taken. */
    private record Level(Path root, Iterator<Path> entries) {
    }

    /** A list file still to read, kept apart from plain inputs in the queue. */
    private record ListFile(Path file) {
    }

    /** A directory argument, kept apart from a file argument in the queue. */
    private record Root(Path dir) {
    }

    public InputWalker(List<Path> inputs, List<Path> lists, List<String> include, List<String> exclude) {
        for (Path p : inputs) {
            pending.add(Files.isDirectory(p) ? new Root(p) : p);
        }
        for (Path l : lists) {
            pending.add(new ListFile(l));
        }
        for (String g : include) {
            (g.contains("/") ? includePaths : includeNames).add(matcher(g));
        }
        for (String g : exclude) {
            (g.contains("/") ? excludePaths : excludeNames).add(matcher(g));
        }
        filtered = !include.isEmpty();
    }

    /** Checks before a run that every argument exists: a missing directory or list file is a usage mistake. */
    public static void requireInputs(List<Path> inputs, List<Path> lists) {
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new BatchException("no such file or directory: " + p);
            }
            if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
                throw new BatchException(p + ": not a file or directory");
            }
        }
        for (Path l : lists) {
            if (!Files.isRegularFile(l)) {
                throw new BatchException("list file " + l + (Files.exists(l) ? ": not a regular file" : ": no such file"));
            }
            if (!Files.isReadable(l)) {
                throw new BatchException("list file " + l + ": permission denied");
            }
        }
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new BatchException("glob " + glob + ": " + e.getMessage().split("\n")[0]);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Path next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Path p = next;
        next = null;
        return p;
    }

    private Path advance() {
        while (true) {
            if (!levels.isEmpty()) {
                Level top = levels.peek();
                if (!top.entries().hasNext()) {
                    levels.pop();
                    continue;
                }
                Path p = top.entries().next();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    levels.push(new Level(top.root(), sortedEntries(p)));
                    continue;
                }
                if (Files.isDirectory(p) || !taken(top.root(), p)) {
                    continue;
                }
                return p;
            }
            if (list != null) {
                String line = readLine();
                if (line == null) {
                    closeList();
                    continue;
                }
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                return Path.of(t);
            }
            Object o = pending.poll();
            if (o == null) {
                return null;
            }
            if (o instanceof Root r) {
                levels.push(new Level(r.dir(), sortedEntries(r.dir())));
            } else if (o instanceof ListFile l) {
                openList(l.file());
            } else {
                return (Path) o;
            }
        }
    }

    private boolean taken(Path root, Path file) {
        Path name = file.getFileName();
        Path rel = root.relativize(file);
        boolean in = !filtered || any(includeNames, name) || any(includePaths, rel);
        return in && !any(excludeNames, name) && !any(excludePaths, rel);
    }

    private static boolean any(List<PathMatcher> ms, Path p) {
        for (PathMatcher m : ms) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    private static Iterator<Path> sortedEntries(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".")) {
                    entries.add(p);
                }
            }
        } catch (AccessDeniedException e) {
            throw new BatchException("cannot list directory " + dir + ": permission denied (its files would be left out)");
        } catch (NoSuchFileException e) {
            throw new BatchException("cannot list directory " + dir + ": it disappeared during the run");
        } catch (IOException | UncheckedIOException e) {
            throw new BatchException("cannot list directory " + dir + ": " + e.getMessage());
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return entries.iterator();
    }

    private void openList(Path file) {
        try {
            list = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            listFile = file;
            listLine = 0;
        } catch (IOException e) {
            throw new BatchException("cannot read list file " + file + ": " + e.getMessage());
        }
    }

    private String readLine() {
        try {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = list.read()) >= 0 && c != '\n') {
                if (sb.length() >= MAX_LINE_CHARS) {
                    throw new BatchException("list file " + listFile + " line " + (listLine + 1) + " is longer than "
                            + MAX_LINE_CHARS + " characters; expected one path per line");
                }
                sb.append((char) c);
            }
            if (c < 0 && sb.length() == 0) {
                return null;
            }
            listLine++;
            return sb.toString();
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BatchException("list file " + listFile + " line " + (listLine + 1) + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BatchException("cannot read list file " + listFile + ": " + e.getMessage());
        }
    }

    private void closeList() {
        try {
            list.close();
        } catch (IOException ignored) {
            // read to its end already; nothing is lost by a failed close
        }
        list = null;
    }

    @Override
    public void close() {
        if (list != null) {
            closeList();
        }
    }
}
