package dev.pixelprep.cli;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.ExifPolicy;
import dev.pixelprep.io.IccPolicy;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.io.RawFrame;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.pixels.YuvRangeCheck;
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

    @Option(names = "--raw-format", paramLabel = "FMT",
            description = "Read each IMAGE as a raw frame dump in this format: NV21, NV12, I420, YV12, YUYV, UYVY (camera and video "
                    + "frames), 420v / 420f (iOS NV12, video / full range), or RGB, BGR, RGBA, BGRA, GRAY ... Needs --raw-size.")
    String rawFormat;

    @Option(names = "--raw-size", paramLabel = "WxH", description = "Width and height of a raw frame (--raw-format).")
    String rawSize;

    @Option(names = "--row-stride", paramLabel = "BYTES",
            description = "Bytes per row of a raw frame's first plane when rows are padded (NV12/NV21 chroma rows share it); default tight.")
    Integer rowStride;

    @Option(names = "--yuv", paramLabel = "CONV",
            description = "How a raw YUV frame becomes RGB: MATRIX-RANGE[/ARITHMETIC] (bt601|bt709|bt2020, video|full, exact|opencv|libyuv), "
                    + "or opencv, libyuv-i420, libyuv-j420 (CameraX's RGBA output), libyuv-h420, libyuv-f420, libyuv-u420, libyuv-v420. "
                    + "Default: bt601-full/exact for NV21 (Android camera), bt601-video/exact for the others, full range for 420f.")
    String yuv;

    @Option(names = "--rotate", paramLabel = "DEG",
            description = "Camera frames: turn the frame clockwise by 0, 90, 180 or 270 degrees (CameraX's rotationDegrees) before "
                    + "the preprocessing's geometry; boxes are reported in the frame as stored.")
    Integer rotate;

    @Option(names = "--mirror", description = "Camera frames: mirror left to right after --rotate (front cameras).")
    boolean mirror;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    /**
     * The spec with the frame flags' orientation (--rotate, --mirror) put in front of its geometry, or the spec itself
     * without them. They describe how the frames at hand are turned, not the model, so they apply to whichever spec
     * was resolved (flags, spec file, the model's stored spec).
     */
    Spec turned(Spec spec) {
        if (rotate == null && !mirror) {
            return spec;
        }
        FrameOrientation o;
        try {
            o = new FrameOrientation(rotate == null ? 0 : rotate, mirror);
        } catch (dev.pixelprep.core.InvalidSpecException e) {
            throw new UsageException("--rotate " + rotate + ": expected 0, 90, 180 or 270 (degrees clockwise)");
        }
        Geometry g = spec.geometry();
        return spec.toBuilder().geometry(g == null ? Geometry.oriented(o) : g.withOrientation(o)).build();
    }

    /**
     * The frame turned by the frame flags as an RGB888 image (for the doctor, which tries many specs on the same
     * pixels), or the pixels themselves without the flags.
     */
    dev.pixelprep.core.pixels.PixelBuffer upright(dev.pixelprep.core.pixels.PixelBuffer p) {
        if (rotate == null && !mirror) {
            return p;
        }
        Spec identity = turned(Spec.builder().color(dev.pixelprep.core.spec.ColorOrder.RGB).layout(dev.pixelprep.core.spec.Layout.HWC)
                .dtype(dev.pixelprep.core.spec.DType.UINT8).build());
        dev.pixelprep.core.engine.Tensor t = dev.pixelprep.core.engine.Pipeline.compile(identity).tensor(p);
        byte[] rgb = new byte[(int) t.size()];
        t.data().duplicate().get(rgb);
        int[] shape = t.shape();
        return dev.pixelprep.core.pixels.PixelBuffer.of(rgb, shape[1], shape[0], PixelFormat.RGB888);
    }

    /** Decodes with the defaults, overridden by the flags. */
    DecodedImage load(Path file) {
        return load(file, DecodeOptions.defaults());
    }

    /** Decodes with {@code base} (e.g. a spec file's decode block), overridden by the flags. */
    DecodedImage load(Path file, DecodeOptions base) {
        requireRegularFile(file);
        if (rawFormat != null) {
            return loadRaw(file, options(base));
        }
        if (rawSize != null || rowStride != null || yuv != null) {
            throw new UsageException((rawSize != null ? "--raw-size" : rowStride != null ? "--row-stride" : "--yuv")
                    + " describes a raw frame; give --raw-format too");
        }
        return ImageDecoder.withOptions(options(base)).decode(file);
    }

    /** A raw frame dump, with a warning when its luma contradicts the declared range. */
    private DecodedImage loadRaw(Path file, DecodeOptions decode) {
        if (rawSize == null) {
            throw new UsageException("--raw-format needs --raw-size WxH (a raw dump does not say its size)");
        }
        String[] wh = rawSize.trim().toLowerCase(Locale.ROOT).split("x");
        int w;
        int h;
        try {
            if (wh.length != 2) {
                throw new NumberFormatException();
            }
            w = Integer.parseInt(wh[0].trim());
            h = Integer.parseInt(wh[1].trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--raw-size " + rawSize + ": expected WxH, e.g. 1920x1080");
        }
        String name = rawFormat.trim().toLowerCase(Locale.ROOT);
        PixelFormat format;
        YuvConversion conversion = null;
        if (name.equals("420v") || name.equals("420f")) {
            format = PixelFormat.NV12;
            conversion = YuvConversion.exact(YuvConversion.Matrix.BT601, name.equals("420f") ? YuvConversion.Range.FULL : YuvConversion.Range.VIDEO);
        } else {
            try {
                format = PixelFormat.parse(rawFormat);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--raw-format " + rawFormat + ": " + e.getMessage());
            }
        }
        if (yuv != null) {
            try {
                conversion = YuvConversion.parse(yuv);
            } catch (InvalidPixelsException e) {
                throw new UsageException("--yuv " + yuv + ": " + e.getMessage());
            }
            if (!format.isYuv()) {
                throw new UsageException("--yuv applies to YUV raw formats, not " + format);
            }
        }
        DecodedImage d = RawFrame.read(file, format, w, h, rowStride == null ? 0 : rowStride, conversion, decode);
        String warning = YuvRangeCheck.warning(d.pixels());
        if (warning != null && mixee != null) {
            mixee.commandLine().getErr().println("pixelprep: warning: yuv-range: " + file + ": " + warning);
            mixee.commandLine().getErr().flush();
        }
        return d;
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
