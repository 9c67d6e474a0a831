package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.engine.Half;
import dev.pixelprep.formats.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one constant from an ML program's weight file ({@code weights/weight.bin}), in the MIL blob storage format
 * version 2 that coremltools writes (apple/coremltools: mlmodel/src/MILBlob/Blob/StorageFormat.hpp): a 64-byte
 * header ({@code uint32 count}, {@code uint32 version = 2}, reserved), then per blob a 64-byte metadata record
 * ({@code uint32 sentinel = 0xDEADBEEF}, {@code uint32 dtype} (1 float16, 2 float32, 3 uint8, 4 int8),
 * {@code uint64 sizeInBytes}, {@code uint64 offset} of the data, reserved) and the data, all little-endian. A
 * program's {@code BlobFileValue.offset} points at the metadata record.
 *
 * <p>Every offset and size is checked against the file's length before anything is read or allocated, and only
 * the one blob is read (positional reads; the file is never loaded whole).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class MilBlobFile {
    /** Largest constant read: preprocessing constants have at most a few values, weights are never read here. */
    public static final long MAX_BLOB_BYTES = 1 << 20;
    static final int RECORD = 64;
    static final long SENTINEL = 0xDEADBEEFL;

    private MilBlobFile() {
    }

    /** The blob's values as doubles (float16 and float32 blobs; others are refused with the reason). */
    public static double[] read(Path file, long metadataOffset) {
        if (!Files.isRegularFile(file)) {
            throw new FormatException(file + ": weight file does not exist");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < RECORD) {
                throw new FormatException(file + ": " + size + " bytes is shorter than the 64-byte blob storage header");
            }
            ByteBuffer header = readAt(ch, 0, RECORD);
            long version = Integer.toUnsignedLong(header.getInt(4));
            if (version != 2) {
                throw new FormatException(file + ": blob storage version " + version + ", expected 2");
            }
            if (metadataOffset < RECORD || metadataOffset > size - RECORD) {
                throw new FormatException(file + ": blob offset " + Long.toUnsignedString(metadataOffset) + " is outside the file's "
                        + size + " bytes (after the 64-byte header, 64 bytes of metadata needed)");
            }
            ByteBuffer meta = readAt(ch, metadataOffset, RECORD);
            long sentinel = Integer.toUnsignedLong(meta.getInt(0));
            if (sentinel != SENTINEL) {
                throw new FormatException(file + ": no blob at offset " + metadataOffset + " (sentinel 0x" + Long.toHexString(sentinel)
                        + ", expected 0xdeadbeef)");
            }
            int dtype = meta.getInt(4);
            long bytes = meta.getLong(8);
            long dataOffset = meta.getLong(16);
            if (bytes < 0 || dataOffset < 0 || dataOffset > size || bytes > size - dataOffset) {
                throw new FormatException(file + ": blob at offset " + metadataOffset + " declares " + Long.toUnsignedString(bytes)
                        + " bytes at offset " + Long.toUnsignedString(dataOffset) + ", past the end of the file's " + size + " bytes");
            }
            int width;
            switch (dtype) {
                case 1: width = 2; break;
                case 2: width = 4; break;
                default:
                    throw new FormatException(file + ": blob at offset " + metadataOffset + " holds " + dtypeName(dtype)
                            + " values; preprocessing constants are float16 or float32");
            }
            if (bytes % width != 0) {
                throw new FormatException(file + ": blob at offset " + metadataOffset + " has " + bytes + " bytes, not a whole number of "
                        + dtypeName(dtype) + " values");
            }
            if (bytes > MAX_BLOB_BYTES) {
                throw new FormatException(file + ": blob at offset " + metadataOffset + " has " + bytes + " bytes; a preprocessing constant"
                        + " has a few values (at most " + MAX_BLOB_BYTES + " bytes are read)");
            }
            ByteBuffer data = readAt(ch, dataOffset, (int) bytes);
            double[] out = new double[(int) (bytes / width)];
            for (int i = 0; i < out.length; i++) {
                out[i] = width == 2 ? Half.toFloat(data.getShort(2 * i)) : data.getFloat(4 * i);
            }
            return out;
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static String dtypeName(int dtype) {
        switch (dtype) {
            case 1: return "float16";
            case 2: return "float32";
            case 3: return "uint8";
            case 4: return "int8";
            default: return "unknown type " + Integer.toUnsignedString(dtype);
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("file ended while reading");
            }
        }
        return b.flip();
    }
}
