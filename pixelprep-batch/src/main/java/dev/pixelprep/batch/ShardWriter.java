package dev.pixelprep.batch;

import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.DType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes tensor shards: {@code shard-00000.npy}, {@code shard-00001.npy} …, each an {@code .npy} array of shape
 * {@code [rows, image shape...]} that {@code numpy.load(..., mmap_mode='r')} maps. A shard is written under a
 * temporary name ({@code .tmp}), its header filled in with the final row count, forced to the disk, renamed into place
 * and the directory forced, so a shard file under its final name is always whole.
 *
 * <p>Every header is {@value #HEADER_BYTES} bytes, whatever the row count, so a shard's bytes do not depend on how a
 * run was interrupted and the data of every shard starts at the same aligned offset.
 *
 * <p>Confined to the writer thread; {@link #close()} drops an uncommitted shard's temporary file.
 */
final class ShardWriter implements AutoCloseable {
    /** Bytes of every shard's header (magic, version, dict, padding). */
    static final int HEADER_BYTES = 128;

    private final Path dir;
    private final DType dtype;
    private final int[] imageShape;
    private final long imageBytes;
    private FileChannel channel;
    private Path temp;
    private int shard = -1;
    private int rows;

    ShardWriter(Path dir, DType dtype, int[] imageShape, long imageBytes) {
        this.dir = dir;
        this.dtype = dtype;
        this.imageShape = imageShape.clone();
        this.imageBytes = imageBytes;
    }

    static String name(int shard) {
        return String.format(Locale.ROOT, "shard-%05d.npy", shard);
    }

    /** Rows written into the open shard. */
    int rows() {
        return rows;
    }

    /** Starts shard {@code index} (its temporary file replaces any left by an interrupted run). */
    void open(int index) throws IOException {
        if (channel != null) {
            throw new IllegalStateException("shard " + shard + " is still open");
        }
        shard = index;
        rows = 0;
        temp = dir.resolve(name(index) + ".tmp");
        channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        writeFully(ByteBuffer.wrap(header(0)), 0);
        channel.position(HEADER_BYTES);
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Appends one image's tensor bytes (exactly one image's worth, from the buffer's position to its limit). */
    void append(ByteBuffer image) throws IOException {
        if (image.remaining() != imageBytes) {
            throw new IllegalStateException("a row of " + image.remaining() + " bytes in shards of " + imageBytes);
        }
        while (image.hasRemaining()) {
            channel.write(image);
        }
        rows++;
    }

    /** Completes the open shard: header with the row count, data forced, renamed into place, directory forced. */
    void commit() throws IOException {
        writeFully(ByteBuffer.wrap(header(rows)), 0);
        channel.force(true);
        channel.close();
        channel = null;
        OutputDirectory.moveIntoPlace(temp, dir.resolve(name(shard)));
        temp = null;
    }

    private byte[] header(int n) {
        int[] shape = new int[imageShape.length + 1];
        shape[0] = n;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        return Npy.header(dtype, shape, HEADER_BYTES);
    }

    private void writeFully(ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += channel.write(b, p);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
            java.nio.file.Files.deleteIfExists(temp);
        }
    }
}
