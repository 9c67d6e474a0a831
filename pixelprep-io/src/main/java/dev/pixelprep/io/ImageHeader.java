package dev.pixelprep.io;

/**
 * What a file's header says about the image before any pixel is decoded: the size the reader will decode and
 * what that costs in memory. Made by the format parsers ({@link PngHeader}, {@link JpegHeader}, {@link GifHeader},
 * {@link BmpHeader}, {@link TiffHeader}, {@link WebpHeader}); immutable.
 *
 * <p>The byte counts are per pixel and come from what the readers were measured to hold at their peak (heap
 * peak over the file's own bytes, Serial GC with a small young generation, on 4000 × 3000 files of each kind):
 * the reader's raster and internal buffers, and the {@link dev.pixelprep.core.pixels.PixelBuffer} the decoder
 * makes when it cannot wrap the raster (palettes, 16-bit samples, CMYK, grey + alpha).
 */
final class ImageHeader {
    /** Size of the image the reader decodes (for GIF the first frame, for animated WebP its first frame). */
    final long width;
    final long height;
    /** Size of the area the image lives in (GIF logical screen, WebP VP8X canvas); else equal to the image. */
    final long canvasWidth;
    final long canvasHeight;
    /** Bytes per pixel of the reader's raster (one array). */
    final int rasterBytesPerPixel;
    /** Bytes per pixel the reader holds beside its raster while decoding (strip buffers, macroblocks). */
    final int decoderBytesPerPixel;
    /** Bytes per pixel of the pixels handed to the caller. */
    final int outputBytesPerPixel;
    /** Whether making those pixels copies the reader's raster (else it is wrapped). */
    final boolean copied;

    /** Checks of the data after the header (extents, block structure); run once the size is known to be acceptable. */
    private final Runnable dataCheck;

    ImageHeader(long width, long height, long canvasWidth, long canvasHeight, int rasterBytesPerPixel,
                int decoderBytesPerPixel, int outputBytesPerPixel, boolean copied) {
        this(width, height, canvasWidth, canvasHeight, rasterBytesPerPixel, decoderBytesPerPixel, outputBytesPerPixel,
                copied, () -> { });
    }

    ImageHeader(long width, long height, long canvasWidth, long canvasHeight, int rasterBytesPerPixel,
                int decoderBytesPerPixel, int outputBytesPerPixel, boolean copied, Runnable dataCheck) {
        this.width = width;
        this.height = height;
        this.canvasWidth = canvasWidth;
        this.canvasHeight = canvasHeight;
        this.rasterBytesPerPixel = rasterBytesPerPixel;
        this.decoderBytesPerPixel = decoderBytesPerPixel;
        this.outputBytesPerPixel = outputBytesPerPixel;
        this.copied = copied;
        this.dataCheck = dataCheck;
    }

    /**
     * Runs the format's checks of the data behind the header: that the file is as long as it says, that its
     * block structure is whole. Done after the size check, so that a bomb is reported as too large, not as cut.
     *
     * @throws ImageDataException when the data is truncated or its structure broken
     */
    void checkData() {
        dataCheck.run();
    }

    /** The same header with one more check of the data behind it, run after those it has. */
    ImageHeader withDataCheck(Runnable check) {
        Runnable before = dataCheck;
        return new ImageHeader(width, height, canvasWidth, canvasHeight, rasterBytesPerPixel, decoderBytesPerPixel,
                outputBytesPerPixel, copied, () -> {
                    before.run();
                    check.run();
                });
    }

    /** An image whose reader holds nothing beyond its raster and that fills its whole canvas. */
    ImageHeader(long width, long height, int rasterBytesPerPixel, int outputBytesPerPixel, boolean copied) {
        this(width, height, width, height, rasterBytesPerPixel, 0, outputBytesPerPixel, copied);
    }
}
