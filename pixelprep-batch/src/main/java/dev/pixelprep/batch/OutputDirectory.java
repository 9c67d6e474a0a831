package dev.pixelprep.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A batch run's output directory: who owns it, what it was asked, and what of it is committed.
 *
 * <ul>
 *   <li>{@code .pixelprep-batch.lock} is held (an OS file lock, released even by {@code kill -9}) for the whole run;
 *       a second run on the same directory is refused.</li>
 *   <li>{@code job.json} is the run's fingerprint (spec, decoding, inputs, shard size, model), written first; a run
 *       with another fingerprint is refused unless told to overwrite, which removes only the files a batch run
 *       writes, and never a directory holding anything else.</li>
 *   <li>{@code manifest.jsonl} grows one committed group at a time: the lines of the inputs up to and including the
 *       last row of a shard, appended and forced after that shard was renamed into place. On opening, anything past
 *       the last whole group (a cut line, the lines of a shard that never got committed) is cut off, and temporary
 *       and uncommitted shard files are removed, so the run goes on from a state an uninterrupted run also passed
 *       through.</li>
 *   <li>{@code summary.json}, written last, marks the run complete.</li>
 * </ul>
 *
 * <p>Confined to the run's writer thread; {@link #close()} releases the lock.
 */
final class OutputDirectory implements AutoCloseable {
    static final String LOCK = ".pixelprep-batch.lock";
    static final String JOB = "job.json";
    static final String MANIFEST = "manifest.jsonl";
    static final String SUMMARY = "summary.json";
    private static final Pattern OURS = Pattern.compile("shard-\\d{5,}\\.npy(\\.tmp)?|job\\.json(\\.tmp)?|manifest\\.jsonl|summary\\.json(\\.tmp)?");
    private static final Pattern SHARD = Pattern.compile("shard-(\\d{5,})\\.npy(\\.tmp)?");
    /** Longest manifest line accepted when recovering. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel manifest;
    private boolean complete;
    private long inputs;
    private long ok;
    private long errors;
    private MessageDigest paths;

    private OutputDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates or reopens {@code dir} for a run whose fingerprint is {@code job}, recovering the committed state.
     *
     * @param shardSize tensors per shard, for finding the committed groups in the manifest
     */
    static OutputDirectory open(Path dir, String job, boolean overwrite, int shardSize) {
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new BatchException("cannot create output directory " + dir + ": permission denied");
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new BatchException("output " + dir + " exists and is not a directory");
        } catch (IOException e) {
            throw new BatchException("cannot create output directory " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new BatchException("output directory " + dir + " is not writable");
        }
        FileChannel ch;
        FileLock lk;
        Path lockFile = dir.resolve(LOCK);
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BatchException("cannot create " + lockFile + ": " + e.getMessage());
        }
        try {
            lk = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lk = null;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BatchException("cannot lock " + lockFile + ": " + e.getMessage());
        }
        if (lk == null) {
            String owner = readOwner(ch);
            closeQuietly(ch);
            throw new BatchException("output directory " + dir + " is in use by another batch run" + owner
                    + "; wait for it to finish or use another directory");
        }
        OutputDirectory out = new OutputDirectory(dir, ch, lk);
        try {
            out.writeOwner();
            out.prepare(job, overwrite, shardSize);
            return out;
        } catch (IOException e) {
            out.close();
            throw new BatchException("cannot prepare output directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static String readOwner(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("\\d{1,19}") ? " (process " + s + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void writeOwner() throws IOException {
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private void prepare(String job, boolean overwrite, int shardSize) throws IOException {
        Path jobFile = dir.resolve(JOB);
        // what a kill between writing and renaming a small file leaves
        Files.deleteIfExists(dir.resolve(JOB + ".tmp"));
        Files.deleteIfExists(dir.resolve(SUMMARY + ".tmp"));
        if (overwrite) {
            removeOurs();
        } else if (Files.exists(jobFile)) {
            String old = Files.readString(jobFile, StandardCharsets.UTF_8);
            if (!old.equals(job)) {
                throw new BatchException("output directory " + dir + " holds a batch run with other options ("
                        + JobFile.difference(old, job) + "); resume it with the same options, use another directory, or overwrite it");
            }
        }
        List<String> foreign = foreign();
        if (!Files.exists(jobFile)) {
            if (!foreign.isEmpty() || hasOurs()) {
                throw new BatchException("output directory " + dir + " is not empty and holds no batch run (" + describe(foreign)
                        + "); give a new or empty directory");
            }
            writeAtomically(jobFile, job);
        } else if (!foreign.isEmpty()) {
            throw new BatchException("output directory " + dir + " holds files a batch run did not write (" + describe(foreign)
                    + "); move them away first");
        }
        complete = Files.exists(dir.resolve(SUMMARY));
        recover(shardSize);
    }

    private static String describe(List<String> names) {
        if (names.isEmpty()) {
            return "only partial batch files";
        }
        return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    private List<String> foreign() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.equals(LOCK) && !OURS.matcher(n).matches()) {
                    out.add(n);
                }
            }
        }
        out.sort(String::compareTo);
        return out;
    }

    private boolean hasOurs() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (OURS.matcher(p.getFileName().toString()).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private void removeOurs() throws IOException {
        List<Path> ours = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (OURS.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    ours.add(p);
                }
            }
        }
        // the fingerprint first: a run killed half way through the removal is then no longer any run's output
        ours.sort((a, b) -> Boolean.compare(!a.getFileName().toString().equals(JOB), !b.getFileName().toString().equals(JOB)));
        for (Path p : ours) {
            Files.deleteIfExists(p);
        }
        forceDirectory(dir);
    }

    /**
     * Reads the manifest up to its last whole group, cuts off the rest and removes shard files past that group.
     */
    private void recover(int shardSize) throws IOException {
        Path m = dir.resolve(MANIFEST);
        paths = sha256();
        long keep = 0;
        if (Files.exists(m)) {
            MessageDigest digest = sha256();
            long offset = 0;
            long n = 0;
            long okSeen = 0;
            long errSeen = 0;
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(m), 1 << 16)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(256);
                int c;
                long lineStart = 0;
                while ((c = in.read()) >= 0) {
                    offset++;
                    if (c != '\n') {
                        if (line.size() >= MAX_LINE_BYTES) {
                            throw corrupt(n, "longer than " + MAX_LINE_BYTES + " bytes");
                        }
                        line.write(c);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    ManifestEntry.Parsed p = ManifestEntry.parse(text);
                    if (p == null) {
                        throw corrupt(n, "not a manifest line");
                    }
                    if (p.index() != n) {
                        throw corrupt(n, "index " + p.index() + " where " + n + " was expected");
                    }
                    digest.update((p.path() + "\n").getBytes(StandardCharsets.UTF_8));
                    n++;
                    if (p.ok()) {
                        okSeen++;
                    } else {
                        errSeen++;
                    }
                    boolean boundary = p.ok() && okSeen % shardSize == 0;
                    if (boundary || complete) {
                        keep = offset;
                        inputs = n;
                        ok = okSeen;
                        errors = errSeen;
                        try {
                            paths = (MessageDigest) digest.clone();
                        } catch (CloneNotSupportedException e) {
                            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
                        }
                    }
                    lineStart = offset;
                }
                if (complete && line.size() > 0) {
                    throw corrupt(n, "cut short in a completed run");
                }
                if (lineStart != offset && complete) {
                    throw corrupt(n, "cut short in a completed run");
                }
            }
        }
        if (complete) {
            return;
        }
        manifest = FileChannel.open(m, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (manifest.size() > keep) {
            manifest.truncate(keep);
            manifest.force(true);
        }
        manifest.position(keep);
        long committedShards = (ok + shardSize - 1) / shardSize;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                java.util.regex.Matcher sm = SHARD.matcher(p.getFileName().toString());
                if (sm.matches() && (sm.group(2) != null || Long.parseLong(sm.group(1)) >= committedShards)) {
                    Files.delete(p);
                }
            }
        }
    }

    private BatchException corrupt(long line, String what) {
        return new BatchException(dir.resolve(MANIFEST) + " line " + (line + 1) + " is " + what
                + "; it was changed by something other than a batch run: overwrite the directory to start again");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Whether a previous run finished ({@code summary.json} exists). */
    boolean complete() {
        return complete;
    }

    /** Inputs in the committed part of the manifest. */
    long committedInputs() {
        return inputs;
    }

    long committedOk() {
        return ok;
    }

    long committedErrors() {
        return errors;
    }

    /** SHA-256 of the committed inputs' paths, each followed by a newline, for checking the listing has not changed. */
    byte[] committedPathDigest() {
        try {
            return ((MessageDigest) paths.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends one group's lines and forces them to the disk. */
    void commit(List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            manifest.write(b);
        }
        manifest.force(false);
    }

    /** Writes {@code summary.json}, which marks the run complete. */
    void finish(String summary) throws IOException {
        writeAtomically(dir.resolve(SUMMARY), summary);
        complete = true;
    }

    /** Writes a small file whole or not at all: temporary file, forced, renamed, directory forced. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(true);
        }
        moveIntoPlace(tmp, target);
    }

    /** Renames a complete temporary file over its final name and forces the directory entry. */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for forcing; the rename itself is still atomic there
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // the lock goes with the channel either way
        }
    }

    @Override
    public void close() {
        try {
            if (manifest != null) {
                manifest.close();
            }
        } catch (IOException ignored) {
            // every committed group was forced already
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // released with the channel below
        }
        closeQuietly(lockChannel);
    }
}
