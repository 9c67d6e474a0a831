package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;

import java.nio.ByteBuffer;

/**
 * How one family of source formats is read: rows of a {@link PixelBuffer} into the normalisation tables, and the
 * 8-bit values of chosen pixels for the geometry stage. One implementation per family of memory layouts
 * ({@link InterleavedReader} for interleaved 8-bit pixels, {@link PackedIntReader} for packed {@code int} pixels,
 * {@link YuvReader} for YUV planes); {@link Pipeline} picks one per source and never looks inside a pixel itself.
 *
 * <p>Implementations are immutable and thread-safe; they work only in the caller's {@link RowScratch}.
 */
interface SourceReader {
    /** Row {@code y} through the tables: channel c of pixel x to {@code dst[s.base[c] + x·stride]}. */
    void row(PixelBuffer src, int y, RowScratch s, float[] dst, int stride);

    /**
     * Row {@code y} of a source whose rows go straight through the tables ({@link Normaliser#directRows}) as float32
     * planes in SIMD lanes, plane c at byte {@code at + c·planeBytes} of {@code out}, little-endian.
     */
    void simdRow(PixelBuffer src, int y, RowScratch s, ByteBuffer out, int at, int planeBytes);

    /**
     * The 8-bit channel values of the pixels {@code cols[0 .. n-1]} (ascending) of source row {@code y}, with the
     * alpha policy and luma applied but no normalisation: pixel {@code x}'s channels go to
     * {@code dst[rowBase + x·channels ..]}, interleaved in the spec's channel order.
     */
    void extract8(PixelBuffer src, int y, int[] cols, int n, byte[] dst, int rowBase, RowScratch s);
}
