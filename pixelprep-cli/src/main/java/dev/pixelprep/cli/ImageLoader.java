package dev.pixelprep.cli;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.image.BufferedImages;
import dev.pixelprep.core.pixels.PixelBuffer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads image files for the commands. */
final class ImageLoader {
    private ImageLoader() {
    }

    static PixelBuffer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidPixelsException(file + ": no such file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidPixelsException(file + ": cannot decode image: " + e.getMessage());
        }
        if (img == null) {
            throw new InvalidPixelsException(file + ": not an image format pixelprep can read");
        }
        return BufferedImages.toPixelBuffer(img);
    }
}
