package dev.pixelprep.io;

import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A decoded image file: its pixels and what the decoder found and did on the way.
 *
 * <p>Immutable description of a decoded image. Its pixels are an array of its own that nothing else refers to, but
 * {@link dev.pixelprep.core.pixels.PixelBuffer} exposes that memory: do not write it while the image is shared
 * between threads.
 *
 * @param pixels             the pixels, upright if the EXIF orientation was applied
 * @param format             the file format detected from the content: {@code png}, {@code jpeg}, {@code gif},
 *                           {@code bmp}, {@code tiff} or {@code webp}
 * @param width              width as stored in the file (before any EXIF rotation)
 * @param height             height as stored in the file (before any EXIF rotation)
 * @param bitDepth           bits per stored sample (per palette index for indexed images) when known
 * @param iccProfilePresent  whether the file embeds an ICC profile
 * @param iccDescription     the profile's description tag (e.g. {@code "Adobe RGB (1998)"}) when it could be read
 * @param iccApplied         whether the pixels were converted from that profile to sRGB
 * @param exifOrientation    the EXIF orientation found, 1..8; 1 when there is none or it is unreadable
 * @param orientationApplied whether the pixels were transformed for that orientation (false for orientation 1)
 */
public record DecodedImage(PixelBuffer pixels, String format, int width, int height, OptionalInt bitDepth,
                           boolean iccProfilePresent, Optional<String> iccDescription, boolean iccApplied,
                           int exifOrientation, boolean orientationApplied) {
    public DecodedImage {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(bitDepth, "bitDepth");
        Objects.requireNonNull(iccDescription, "iccDescription");
    }

    /** Whether the pixels carry alpha (decoded PNG/GIF/WebP alpha is straight, see {@link #alphaMode()}). */
    public boolean hasAlpha() {
        return pixels.format().hasAlpha();
    }

    /** How colour relates to alpha in {@link #pixels()}. */
    public AlphaMode alphaMode() {
        return pixels.alphaMode();
    }
}
