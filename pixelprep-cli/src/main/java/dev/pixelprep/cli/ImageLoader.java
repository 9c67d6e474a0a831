package dev.pixelprep.cli;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.ExifPolicy;
import dev.pixelprep.io.IccPolicy;
import dev.pixelprep.io.ImageDecoder;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Decoding options shared by the commands that read images, and the reading itself. */
final class ImageLoader {
    @Option(names = "--icc", paramLabel = "POLICY",
            description = "Embedded ICC profiles: ignore (default, as Pillow and OpenCV) or apply (convert to sRGB).")
    String icc;

    @Option(names = "--exif", paramLabel = "POLICY",
            description = "EXIF orientation: apply (default, as cv2.imread and ImageOps.exif_transpose) or ignore (as Pillow's Image.open).")
    String exif;

    @Option(names = "--max-pixels", paramLabel = "N",
            description = "Largest image accepted, in pixels (width x height), checked from the file header before decoding; "
                    + "default 178956970 (Pillow's DecompressionBombError limit) or -Dpixelprep.maxPixels.")
    Long maxPixels;

    /** Decodes with the defaults, overridden by the flags. */
    DecodedImage load(Path file) {
        return load(file, DecodeOptions.defaults());
    }

    /** Decodes with {@code base} (e.g. a spec file's decode block), overridden by the flags. */
    DecodedImage load(Path file, DecodeOptions base) {
        requireRegularFile(file);
        return ImageDecoder.withOptions(options(base)).decode(file);
    }

    /** A FIFO, device or directory named as an image is refused at once (reading a FIFO would block). */
    static void requireRegularFile(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidPixelsException(file + ": not a regular file" + (Files.isDirectory(file) ? " (a directory)" : "")
                    + "; an image must be a file");
        }
    }

    DecodeOptions options(DecodeOptions base) {
        DecodeOptions o = base;
        if (icc != null) {
            switch (icc.trim().toLowerCase(Locale.ROOT)) {
                case "ignore": o = o.withIcc(IccPolicy.IGNORE); break;
                case "apply": o = o.withIcc(IccPolicy.APPLY); break;
                default: throw new UsageException("--icc " + icc + ": expected ignore or apply");
            }
        }
        if (exif != null) {
            switch (exif.trim().toLowerCase(Locale.ROOT)) {
                case "apply": o = o.withExif(ExifPolicy.APPLY); break;
                case "ignore": o = o.withExif(ExifPolicy.IGNORE); break;
                default: throw new UsageException("--exif " + exif + ": expected apply or ignore");
            }
        }
        if (maxPixels != null) {
            if (maxPixels <= 0) {
                throw new UsageException("--max-pixels " + maxPixels + ": expected a positive number of pixels");
            }
            o = o.withMaxPixels(maxPixels);
        }
        return o;
    }
}
