package dev.pixelprep.core.engine;

/**
 * One thread's row buffers for the source readers and the pipeline, grown to the widest row seen and then reused.
 *
 * <p>Confined to its thread and shared by every pipeline on it (a per-pipeline {@code ThreadLocal} left one set per
 * compiled pipeline in every thread that ran it). Safe because a call takes them only after the geometry stage,
 * which uses them through its extraction pipeline, has returned, and each call writes every element it reads.
 */
final class RowScratch {
    private static final ThreadLocal<RowScratch> CURRENT = ThreadLocal.withInitial(RowScratch::new);

    int width = -1;
    int[] r;
    int[] g;
    int[] b;
    int[] a;
    int[] l;
    int[][] rgbPlanes;
    int[][] bgrPlanes;
    int[][] lumaPlanes;
    /** A source row copied out of a {@code ByteBuffer}, or a converted row (four bytes per pixel). */
    byte[] bytes;
    /** A second byte row, for readers that convert into 8-bit RGB before the tables. */
    byte[] rgb;
    float[] row;
    /** Spans of YUV plane rows copied out of buffers, and where sample 0 of each row sits in its array. */
    byte[] yRow;
    byte[] uRow;
    byte[] vRow;
    final int[] planeBase = new int[3];
    /** The YUV reader's description of the row it is on. */
    final YuvReader.Row yuvRow = new YuvReader.Row();
    final int[] base = new int[3];
    /** The buffer writer of the fused resize route (see {@link LinearPlanes}). */
    final BufferPlanes bufferPlanes = new BufferPlanes();
    /** Where {@link InterleavedReader#sourceRow} put the row in the array it returned. */
    int rowBase;

    private RowScratch() {
    }

    /** This thread's buffers, large enough for rows of {@code w} pixels. */
    static RowScratch get(int w) {
        return CURRENT.get().ensure(w);
    }

    /** Buffers for rows of {@code w} pixels of up to three channels (four bytes each for a staged source row). */
    private RowScratch ensure(int w) {
        if (w > width) {
            int n = Math.max(w, width);
            r = new int[n];
            g = new int[n];
            b = new int[n];
            a = new int[n];
            l = new int[n];
            rgbPlanes = new int[][] {r, g, b};
            bgrPlanes = new int[][] {b, g, r};
            lumaPlanes = new int[][] {l};
            bytes = new byte[n * 4];
            rgb = new byte[n * 3];
            // a luma span has at most 2n bytes (YUYV), a chroma span at most 4·⌈n/2⌉
            yRow = new byte[2 * n + 4];
            uRow = new byte[2 * n + 8];
            vRow = new byte[2 * n + 8];
            row = new float[n * 3];
            width = n;
        }
        return this;
    }
}
