package dev.pixelprep.core.pixels;

import java.nio.ByteBuffer;

/**
 * {@link PixelBuffer}s for the pixels Android hands out, described by their documented memory layout so that the core
 * needs no Android class (it compiles and is tested on a plain JDK; nothing here touches {@code android.*}).
 *
 * <ul>
 *   <li>{@link #fromCopiedPixels}: an {@code ARGB_8888} {@code Bitmap} after {@code copyPixelsToBuffer}. The bytes
 *       are copied as stored, so they are R, G, B, A in memory and <em>premultiplied</em> whenever
 *       {@code bitmap.isPremultiplied()} (the default for decoded bitmaps). Pass that flag; with a spec whose alpha
 *       policy is {@code unpremultiply} or {@code composite}, translucent pixels then read as their straight colours
 *       (within the one level that premultiplying to 8 bits loses); with {@code drop}, as stored.</li>
 *   <li>{@link #fromGetPixels}: the {@code int[]} of {@code bitmap.getPixels(pixels, offset, stride, 0, 0, w, h)},
 *       packed {@code 0xAARRGGBB} and, by Android's contract, never premultiplied.</li>
 *   <li>{@link #fromRgbaPlane}: a CameraX {@code ImageProxy} analysed with {@code OUTPUT_IMAGE_FORMAT_RGBA_8888}:
 *       one plane of R, G, B, A bytes with the plane's {@code rowStride} (often wider than {@code 4·width}).</li>
 * </ul>
 * YUV camera frames ({@code YUV_420_888}, NV21) go through {@link PixelBuffer.Builder#plane} with
 * {@link PixelFormat#YUV_420_888} or {@link PixelFormat#NV21} and the frame's {@code ColorSpace}.
 *
 * <p>Stateless utility: static methods only; the returned buffers view the caller's memory without copying, so do not
 * recycle the bitmap or close the image while a pipeline reads them.
 */
public final class AndroidPixels {
    private AndroidPixels() {
    }

    /**
     * The bytes of {@code Bitmap.copyPixelsToBuffer(buffer)} for an {@code ARGB_8888} bitmap. The pixels start at
     * index 0 of {@code buffer} whatever its position (the copy leaves the position at the end); {@code rowBytes} is
     * {@code bitmap.getRowBytes()}.
     */
    public static PixelBuffer fromCopiedPixels(ByteBuffer buffer, int width, int height, int rowBytes, boolean premultiplied) {
        return PixelBuffer.builder().size(width, height).format(PixelFormat.RGBA8888)
                .alphaMode(premultiplied ? AlphaMode.PREMULTIPLIED : AlphaMode.STRAIGHT)
                .rowStride(rowBytes).data(buffer.duplicate().position(0)).build();
    }

    /**
     * The ints of {@code Bitmap.getPixels(pixels, offset, stride, 0, 0, width, height)}: straight
     * {@code 0xAARRGGBB}, {@code stride} ints per row from {@code offset}.
     */
    public static PixelBuffer fromGetPixels(int[] pixels, int offset, int stride, int width, int height) {
        return PixelBuffer.builder().size(width, height).format(PixelFormat.INT_ARGB).alphaMode(AlphaMode.STRAIGHT)
                .offset(offset).rowStride(stride).data(pixels).build();
    }

    /**
     * Plane 0 of a CameraX {@code ImageProxy} in {@code OUTPUT_IMAGE_FORMAT_RGBA_8888}: {@code plane.getBuffer()},
     * {@code plane.getRowStride()} (pixel stride 4), read from index 0 of the buffer.
     */
    public static PixelBuffer fromRgbaPlane(ByteBuffer plane, int width, int height, int rowStride) {
        return PixelBuffer.builder().size(width, height).format(PixelFormat.RGBA8888).alphaMode(AlphaMode.STRAIGHT)
                .rowStride(rowStride).data(plane.duplicate().position(0)).build();
    }
}
