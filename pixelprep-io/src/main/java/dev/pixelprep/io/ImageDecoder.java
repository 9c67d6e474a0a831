package dev.pixelprep.io;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.awt.BufferedImages;
import dev.pixelprep.core.image.Orientation;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes image files into {@link PixelBuffer}s holding the samples OpenCV's {@code imread} and Pillow's
 * {@code Image.open} would give, so a model sees in Java what it saw in Python.
 *
 * <p>Formats are recognised from their content, never from the file name: PNG (1 to 16 bits, grey, palette,
 * alpha), JPEG (baseline, progressive; CMYK and YCCK through the TwelveMonkeys reader), GIF (first frame), BMP,
 * TIFF (first page, 1-bit included) and WebP. Pixels are read from the raster, never through {@code getRGB}
 * (see {@link BufferedImages}). WebP is decoded by our own decoders, lossless ({@link LosslessWebp}, which also
 * makes the alpha plane of lossy files) and lossy ({@link LossyWebp}), which give libwebp's pixels (what Pillow and
 * OpenCV return) and refuse what libwebp refuses; of an animation, the first frame itself is decoded (lossy by our
 * decoder, lossless by TwelveMonkeys' reader after ours has checked its stream), not composed on the canvas.
 *
 * <p><b>ICC profiles</b> are ignored by default ({@link IccPolicy#IGNORE}), as OpenCV and Pillow ignore them.
 * Java's JPEG readers would otherwise convert a JPEG with an embedded profile to sRGB while decoding; to keep
 * the stored samples the decoder removes the APP2 ICC segments of the JPEG before handing it to the reader,
 * which then performs the plain YCbCr→RGB conversion libjpeg does (for the Adobe RGB test photo the result
 * equals Pillow's decode bit for bit). Without a profile, TwelveMonkeys turns CMYK into RGB with the same
 * uncalibrated formula as Pillow's {@code convert("RGB")} (equal bit for bit on the CMYK test file).
 * With {@link IccPolicy#APPLY}, RGB and grey samples are converted from the profile to sRGB with Java's colour
 * management (equal to the JDK JPEG reader's own conversion), and CMYK/YCCK JPEGs keep their profile for the
 * TwelveMonkeys reader to convert with.
 *
 * <p><b>EXIF orientation</b> (JPEG APP1) is applied by default ({@link ExifPolicy#APPLY}), like OpenCV's
 * {@code imread}; Pillow's {@code Image.open} leaves the pixels as stored unless
 * {@code ImageOps.exif_transpose} is called, which {@link ExifPolicy#IGNORE} reproduces (the applied result
 * equals {@code exif_transpose} bit for bit on the eight test orientations). A corrupt EXIF block is treated as
 * orientation 1. Only JPEG EXIF is read: orientation tags in TIFF, PNG {@code eXIf} or WebP files are not
 * looked at and are reported as 1.
 *
 * <p><b>Limits</b>: before ImageIO sees the file, the decoder reads the format's header itself (PNG IHDR, JPEG
 * SOF of baseline and progressive files, GIF logical screen and first image descriptor, BMP information header,
 * TIFF first directory, WebP VP8/VP8L/VP8X) and refuses an image of more than {@link DecodeOptions#maxPixels()}
 * pixels (by default Pillow's {@code DecompressionBombError} threshold, see {@link DecodeOptions}); a header it
 * cannot read is an error, never a reason to let the reader try. It then estimates what decoding will hold (the
 * reader's raster and buffers, as measured for each reader, and the copies made after it) and refuses, with the
 * memory needed and the {@code -Xmx} to give, a decode the free heap cannot hold; an {@link OutOfMemoryError}
 * inside the reader becomes the same kind of message.
 *
 * <p><b>Truncation</b>: the readers would fill in pixels for some cut files (lossless WebP reads past the end as
 * zeros, GIF fills a frame whose data stops early with colour 0, PNG stops once the last row is inflated), so
 * the decoder checks the data behind the header first: a WebP shorter than its RIFF size or with a chunk running
 * past it, a GIF whose blocks do not reach the trailer or whose first frame's LZW codes stand for fewer pixels
 * than the frame has, a PNG whose chunks do not reach IEND, a BMP or TIFF whose pixel data lies past the end.
 * Reader warnings about premature ends, and the WebP reader's warnings before it makes alpha up, are errors.
 *
 * <p><b>Errors</b>: an empty, unrecognised, truncated, corrupt or too large file fails with a one-line
 * {@link InvalidPixelsException} naming the file and the problem in the user's terms: a reader failure that only
 * names a Java check (an index out of bounds, a failed cast, an object's identity) is reported as corrupt data.
 *
 * <p>The decoder is immutable and thread-safe.
 */
public final class ImageDecoder {
    private static final ImageDecoder DEFAULT = new ImageDecoder(DecodeOptions.defaults());

    private final DecodeOptions options;
    /** Whether JPEGs may be decoded by libjpeg-turbo where it is installed ({@link TurboJpeg}); tests compare both. */
    private final boolean turbo;

    private ImageDecoder(DecodeOptions options) {
        this(options, true);
    }

    private ImageDecoder(DecodeOptions options, boolean turbo) {
        this.options = Objects.requireNonNull(options, "options");
        this.turbo = turbo;
    }

    /**
     * The first line of a decoding error's message without the leading {@code "name: "} this decoder puts in front,
     * for a report that names the file itself (a batch manifest line, a Spark row).
     */
    public static String reasonWithoutName(String message, String name) {
        String m = message == null ? "cannot decode" : message.split("\n", 2)[0];
        return name != null && m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m;
    }

    /** This decoder with JPEGs always decoded by ImageIO (for comparing the two decoders). */
    ImageDecoder imageIoForJpeg() {
        return new ImageDecoder(options, false);
    }

    /**
     * Which decoder reads an 8-bit Huffman-coded grey or colour JPEG: "libjpeg-turbo" where the system library is
     * installed (see {@link TurboJpeg}), else "ImageIO" with the reason.
     */
    public static String jpegDecoder() {
        String why = TurboJpeg.unavailableReason();
        return why == null ? "libjpeg-turbo" : "ImageIO (" + why + ")";
    }

    /**
     * A decoder with {@link DecodeOptions#defaults()}: ICC ignored, EXIF orientation applied, the default pixel
     * limit (or the one the system property {@value DecodeOptions#MAX_PIXELS_PROPERTY} sets).
     */
    public static ImageDecoder defaults() {
        DecodeOptions d = DecodeOptions.defaults();
        return d.equals(DEFAULT.options) ? DEFAULT : new ImageDecoder(d);
    }

    public static ImageDecoder withOptions(DecodeOptions options) {
        return new ImageDecoder(options);
    }

    public DecodeOptions options() {
        return options;
    }

    /** Decodes the file at {@code path}; error messages name it. */
    public DecodedImage decode(Path path) {
        String name = path.toString();
        byte[] data;
        try {
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidPixelsException(name + ": file of " + size + " bytes is too large to decode");
            }
            data = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidPixelsException(name + ": no such file");
        } catch (IOException e) {
            throw new InvalidPixelsException(name + ": cannot read file: " + fileProblem(e), e);
        }
        return decode(data, name);
    }

    /** Reads {@code in} to its end (without closing it) and decodes the bytes; {@code name} is used in messages. */
    public DecodedImage decode(InputStream in, String name) {
        byte[] data;
        try {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidPixelsException(name + ": cannot read stream: " + fileProblem(e), e);
        }
        return decode(data, name);
    }

    /** Decodes a whole image file held in memory; {@code name} is used in messages. */
    public DecodedImage decode(byte[] data, String name) {
        Objects.requireNonNull(data, "data");
        String label = name == null ? "image" : name;
        if (data.length == 0) {
            throw new InvalidPixelsException(label + ": file is empty");
        }
        Format format = Format.sniff(data);
        if (format == null) {
            throw new InvalidPixelsException(label + ": not a PNG, JPEG, GIF, BMP, TIFF or WebP file (starts with "
                    + describeStart(data) + ")");
        }
        try {
            return decode(data, label, format);
        } catch (InvalidPixelsException e) {
            throw e;
        } catch (ImageDataException e) {
            throw new InvalidPixelsException(label + ": cannot decode " + format.label + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new InvalidPixelsException(label + ": cannot decode " + format.label + ": " + reason(e, format), e);
        }
    }

    private DecodedImage decode(byte[] data, String label, Format format) throws IOException {
        byte[] input = data;
        byte[] iccBytes = null;
        int orientation = 1;
        OptionalInt bitDepth = OptionalInt.empty();
        boolean cmykProfileUsedByReader = false;
        ImageHeader header;
        JpegHeader jpeg = null;
        switch (format) {
            case JPEG: {
                JpegHeader h = JpegHeader.parse(data);
                jpeg = h;
                header = h.summary();
                iccBytes = h.icc;
                orientation = ExifOrientation.read(h.exif);
                bitDepth = OptionalInt.of(h.precision);
                boolean readerConvertsCmyk = h.components == 4 && options.icc() == IccPolicy.APPLY;
                if (!readerConvertsCmyk) {
                    input = h.withoutIccSegments(data);
                } else {
                    cmykProfileUsedByReader = h.icc != null;
                }
                break;
            }
            case PNG: {
                PngHeader h = PngHeader.parse(data);
                header = h.summary(data);
                iccBytes = h.icc;
                bitDepth = OptionalInt.of(h.bitDepth);
                break;
            }
            case GIF: header = GifHeader.parse(data); break;
            case BMP: header = BmpHeader.parse(data); break;
            case TIFF: header = TiffHeader.parse(data); break;
            case WEBP: header = WebpHeader.parse(data); break;
            default: throw new IllegalStateException(format.name());
        }
        checkSize(label, format, header);
        header.checkData();
        WebpHeader.Streams webp = null;
        if (format == Format.WEBP) {
            webp = WebpHeader.streams(data);
            iccBytes = webp.icc;
        }
        boolean rotate = options.exif() == ExifPolicy.APPLY && orientation != 1;
        long needed = memoryNeeded(header, data.length + (input != data ? input.length : 0), rotate,
                options.icc() == IccPolicy.APPLY);
        checkMemory(label, format, header, needed);
        try {
            if (jpeg != null) {
                DecodedImage fast = turboJpeg(data, jpeg, iccBytes, orientation, rotate);
                if (fast != null) {
                    return fast;
                }
            }
            BufferedImage image = webp != null && webp.lossless >= 0 ? losslessWebp(data, webp)
                    : webp != null && webp.lossy >= 0 ? lossyWebp(data, webp)
                    : read(input, label, format, header, webp);
            boolean iccPresent = iccBytes != null;
            ICC_Profile profile = IccProfiles.load(iccBytes);
            if (!iccPresent && format != Format.JPEG && format != Format.PNG) {
                profile = embeddedProfile(image);
                iccPresent = profile != null;
            }
            if (bitDepth.isEmpty()) {
                bitDepth = OptionalInt.of(image.getSampleModel().getSampleSize(0));
            }
            boolean iccApplied = cmykProfileUsedByReader;
            if (options.icc() == IccPolicy.APPLY && profile != null && !cmykProfileUsedByReader) {
                BufferedImage converted = IccProfiles.toSrgb(image, profile);
                if (converted != null) {
                    image = converted;
                    iccApplied = true;
                }
            }
            PixelBuffer pixels = BufferedImages.toPixelBuffer(image);
            if (rotate) {
                pixels = Orientation.apply(pixels, orientation);
            }
            return new DecodedImage(pixels, format.label, image.getWidth(), image.getHeight(), bitDepth, iccPresent,
                    IccProfiles.description(profile), iccApplied, orientation, rotate);
        } catch (OutOfMemoryError e) {
            Runtime rt = Runtime.getRuntime();
            throw new InvalidPixelsException(label + ": ran out of memory decoding the " + header.width + "x" + header.height
                    + " " + format.label + " (about " + megabytes(needed) + " needed, Java heap limit " + megabytes(rt.maxMemory())
                    + "); " + howToGetMemory(needed));
        }
    }

    /**
     * An 8-bit Huffman-coded grey or colour JPEG decoded by libjpeg-turbo into the pixel format ImageIO's path gives
     * ({@code GRAY8}, {@code BGR888}), or null to let ImageIO decode it: the library is missing or switched off, the
     * ICC profile is to be applied (ImageIO's colour conversion does that), the file is of another kind (12-bit,
     * arithmetic-coded, lossless, CMYK), or the library reported any error or warning (ImageIO then decides, with
     * its messages).
     */
    private DecodedImage turboJpeg(byte[] data, JpegHeader h, byte[] iccBytes, int orientation, boolean rotate) {
        boolean huffman = h.frameMarker == 0xC0 || h.frameMarker == 0xC1 || h.frameMarker == 0xC2;
        if (!turbo || !huffman || h.precision != 8 || (h.components != 1 && h.components != 3)
                || (options.icc() == IccPolicy.APPLY && iccBytes != null)) {
            return null;
        }
        byte[] px = TurboJpeg.decode(data, h.width, h.height, h.components);
        if (px == null) {
            return null;
        }
        PixelBuffer pixels = PixelBuffer.of(px, h.width, h.height, h.components == 1 ? PixelFormat.GRAY8 : PixelFormat.BGR888);
        if (rotate) {
            pixels = Orientation.apply(pixels, orientation);
        }
        ICC_Profile profile = IccProfiles.load(iccBytes);
        return new DecodedImage(pixels, Format.JPEG.label, h.width, h.height, OptionalInt.of(8), iccBytes != null,
                IccProfiles.description(profile), false, orientation, rotate);
    }

    /**
     * A still lossless WebP, decoded by our own decoder ({@link LosslessWebp}: libwebp's pixels, libwebp's refusals)
     * into an int raster wrapped without a copy: {@code TYPE_INT_ARGB} when the bitstream says it uses alpha (as
     * libwebp's {@code has_alpha}, which Pillow follows), else {@code TYPE_INT_RGB}, whose top byte is ignored.
     */
    private static BufferedImage losslessWebp(byte[] data, WebpHeader.Streams s) {
        LosslessWebp.Image img = LosslessWebp.decode(data, s.lossless, s.losslessLength);
        java.awt.image.DirectColorModel cm = img.alpha
                ? new java.awt.image.DirectColorModel(32, 0xFF0000, 0xFF00, 0xFF, 0xFF000000)
                : new java.awt.image.DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF);
        java.awt.image.DataBufferInt buffer = new java.awt.image.DataBufferInt(img.argb, img.argb.length);
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createPackedRaster(buffer, img.width, img.height,
                img.width, cm.getMasks(), null);
        return new BufferedImage(cm, raster, false, null);
    }

    /**
     * A still lossy WebP, or the lossy first frame of an animation (the frame itself, as the Java reader gives it),
     * decoded by our own decoder ({@link LossyWebp}: libwebp's pixels, libwebp's refusals) into an interleaved byte
     * raster wrapped without a copy: {@code TYPE_4BYTE_ABGR} with the alpha plane of its ALPH chunk, else
     * {@code TYPE_3BYTE_BGR}.
     */
    private static BufferedImage lossyWebp(byte[] data, WebpHeader.Streams s) {
        byte[] alpha = s.alpha >= 0 ? LosslessWebp.alphaPlane(data, s.alpha, s.alphaLength, s.width, s.height) : null;
        LossyWebp.Image img = LossyWebp.decode(data, s.lossy, s.lossyLength, alpha);
        int bands = img.alpha ? 4 : 3;
        int[] offsets = img.alpha ? new int[] {3, 2, 1, 0} : new int[] {2, 1, 0};
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), img.alpha, false,
                img.alpha ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE,
                java.awt.image.DataBuffer.TYPE_BYTE);
        java.awt.image.DataBufferByte buffer = new java.awt.image.DataBufferByte(img.pixels, img.pixels.length);
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(buffer, img.width,
                img.height, img.width * bands, bands, offsets, null);
        return new BufferedImage(cm, raster, false, null);
    }

    /**
     * Checks by our decoder what the Java reader will decode of a WebP, which since our lossy decoder is only ever an
     * animation whose first frame is lossless: its VP8L stream, and an ALPH chunk before it, so that what libwebp
     * refuses is refused before the reader makes pixels of it.
     */
    private static void checkWebpStreams(byte[] data, WebpHeader.Streams s) {
        if (s.frame >= 0) {
            LosslessWebp.decode(data, s.frame, s.frameLength);
        }
        if (s.alpha >= 0) {
            LosslessWebp.alphaPlane(data, s.alpha, s.alphaLength, s.width, s.height);
        }
    }

    /** Decodes image 0 with the first ImageIO reader for the format, after checking its size against the header. */
    private BufferedImage read(byte[] data, String label, Format format, ImageHeader header, WebpHeader.Streams webp)
            throws IOException {
        if (webp != null) {
            checkWebpStreams(data, webp);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName);
        if (!readers.hasNext()) {
            throw new InvalidPixelsException(label + ": no ImageIO reader for " + format.label + " is installed");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            long w = reader.getWidth(0);
            long h = reader.getHeight(0);
            if (w * h > header.width * header.height) {
                // The memory check was made for the header's size: never let the reader allocate more.
                throw new InvalidPixelsException(label + ": corrupt " + format.label + ": the reader sees a " + w + "x" + h
                        + " image where the header declares " + header.width + "x" + header.height);
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0, reader.getDefaultReadParam());
            for (String w0 : warnings) {
                String lower = w0.toLowerCase(Locale.ROOT);
                if (lower.contains("premature end") || lower.contains("truncat")) {
                    throw new InvalidPixelsException(label + ": " + format.label + " file is truncated (" + printable(w0.trim()) + ")");
                }
                // The WebP reader warns and then makes pixels up: opaque alpha for alpha it cannot read, an
                // untouched image when there was nothing to decode.
                if (lower.contains("not implemented") || lower.contains("unknown webp alpha") || lower.contains("nothing to decode")) {
                    throw new InvalidPixelsException(label + ": cannot decode " + format.label + ": " + printable(w0.trim()));
                }
            }
            return image;
        } finally {
            reader.dispose();
        }
    }

    /**
     * Refuses an image larger than {@link DecodeOptions#maxPixels()} (the canvas too, for formats that have one)
     * or one side longer than {@link PixelBuffer#MAX_DIMENSION}, with a message that says how to raise the limit.
     */
    private void checkSize(String label, Format format, ImageHeader h) {
        if (h.width <= 0 || h.height <= 0) {
            throw new InvalidPixelsException(label + ": " + format.label + " header declares an empty size " + h.width + "x" + h.height);
        }
        for (long[] size : new long[][] {{h.width, h.height}, {h.canvasWidth, h.canvasHeight}}) {
            requirePixels(label, format.label + " header", size[0], size[1], options.maxPixels());
        }
        if (h.width > PixelBuffer.MAX_DIMENSION || h.height > PixelBuffer.MAX_DIMENSION) {
            throw new InvalidPixelsException(label + ": " + format.label + " header declares " + h.width + "x" + h.height
                    + ", more than " + PixelBuffer.MAX_DIMENSION + " pixels per side");
        }
    }

    /**
     * What decoding will hold at its peak beside the file's own bytes: the reader's cached copy of the input,
     * the reader's raster and buffers, the pixel copy when the raster cannot be wrapped, the rotated copy and
     * the colour-converted copy.
     */
    static long memoryNeeded(ImageHeader h, long inputBytes, boolean rotate, boolean icc) {
        long pixels = h.width * h.height;
        long perPixel = h.rasterBytesPerPixel + h.decoderBytesPerPixel + (h.copied ? h.outputBytesPerPixel : 0)
                + (rotate ? h.outputBytesPerPixel : 0) + (icc ? h.outputBytesPerPixel : 0);
        return inputBytes + pixels * perPixel;
    }

    /** Refuses a {@code w × h} image that {@code what} declares when it has more than {@code limit} pixels. */
    static void requirePixels(String label, String what, long w, long h, long limit) {
        long pixels = w * h;
        if (pixels > limit) {
            throw new InvalidPixelsException(label + ": " + what + " declares " + w + "x" + h + " = " + pixels
                    + " pixels, more than the limit of " + limit + " (raise it with --max-pixels N, -D"
                    + DecodeOptions.MAX_PIXELS_PROPERTY + "=N or DecodeOptions.withMaxPixels)");
        }
    }

    /**
     * Refuses to start a decode whose arrays Java cannot hold or whose memory the heap cannot give
     * ({@link Runtime#maxMemory()} minus what is in use), so that the caller gets a message instead of an
     * {@link OutOfMemoryError}. When the heap looks too full, one garbage collection is asked for first, since
     * what is in use may be garbage from earlier images.
     */
    private static void checkMemory(String label, Format format, ImageHeader h, long needed) {
        long pixels = h.width * h.height;
        long largestArray = pixels * Math.max(h.rasterBytesPerPixel, h.outputBytesPerPixel);
        if (largestArray > MAX_ARRAY_BYTES) {
            throw new InvalidPixelsException(label + ": the " + h.width + "x" + h.height + " " + format.label + " needs "
                    + megabytes(largestArray) + " in one array, more than Java arrays hold (2 GB); use a smaller image");
        }
        requireHeap(label, "decoding the " + h.width + "x" + h.height + " " + format.label, needed);
    }

    /**
     * Refuses work ({@code what}, e.g. "decoding the 4000x3000 png") that needs {@code needed} bytes the heap cannot give
     * ({@link Runtime#maxMemory()} minus what is in use), after one garbage collection when it looks too full.
     */
    static void requireHeap(String label, String what, long needed) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > free) {
            System.gc();
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        if (needed > free) {
            throw new InvalidPixelsException(label + ": " + what + " needs about " + megabytes(needed) + " of memory, but the Java heap has "
                    + megabytes(Math.max(0, free)) + " free (limit " + megabytes(rt.maxMemory()) + "); " + howToGetMemory(needed));
        }
    }

    /** Largest byte array the JVM allocates (a few bytes under 2^31). */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private static String howToGetMemory(long needed) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long gib = Math.max(1, (needed + used + (256L << 20) + (1L << 30) - 1) >> 30);
        return "give Java more heap (e.g. -Xmx" + gib + "g, or JAVA_TOOL_OPTIONS=-Xmx" + gib + "g for the pixelprep command) or use a smaller image";
    }

    private static String megabytes(long bytes) {
        return bytes >= (10L << 30) ? (bytes >> 30) + " GB" : ((bytes + (1 << 20) - 1) >> 20) + " MB";
    }

    /** A profile a reader attached to the colour model (TIFF, WebP), unless it is one of Java's built-in spaces. */
    private static ICC_Profile embeddedProfile(BufferedImage image) {
        ColorSpace cs = image.getColorModel().getColorSpace();
        if (!(cs instanceof ICC_ColorSpace) || cs.isCS_sRGB() || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY)
                || cs == ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB)) {
            return null;
        }
        return ((ICC_ColorSpace) cs).getProfile();
    }

    /**
     * A reader's failure in the user's terms. Readers' own messages ("Unsupported compression", "Bogus Huffman
     * table definition") are kept; failures that only say which Java check tripped (an index out of bounds, a
     * failed cast, a raster's toString) are reported as corrupt data, since that is what made the reader trip.
     */
    private static String reason(Throwable e, Format format) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return "file is truncated (unexpected end of data)";
            }
            // TwelveMonkeys' TIFF reader stores the EOFException of an unreadable tag value as the value itself.
            if (t instanceof ClassCastException && String.valueOf(t.getMessage()).contains("EOFException")) {
                return "file is truncated or corrupt (a value points past the end of the file)";
            }
            if (t instanceof IndexOutOfBoundsException && String.valueOf(t.getMessage()).contains("numImages")) {
                return "the file holds no image";
            }
        }
        String corrupt = "corrupt " + format.label + " data (the decoder found values it cannot use)";
        boolean readerMessage = e instanceof IOException
                || e.getClass() == IllegalArgumentException.class || e.getClass() == UnsupportedOperationException.class
                || e.getClass() == IllegalStateException.class;
        if (!readerMessage) {
            return corrupt;
        }
        String m = oneLine(e);
        if (e instanceof IIOException && e.getCause() != null && e.getCause() != e && !isInternal(oneLine(e.getCause()))) {
            m = m + " (" + oneLine(e.getCause()) + ")";
        }
        return m == null || isInternal(m) ? corrupt : printable(m);
    }

    private static String fileProblem(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = oneLine(e);
        return m == null ? "input/output error" : printable(m);
    }

    /** Whether a message only makes sense to a Java programmer: class names, object identities, array indices. */
    static boolean isInternal(String m) {
        return m == null || INTERNAL.matcher(m).find();
    }

    private static final java.util.regex.Pattern INTERNAL = java.util.regex.Pattern.compile(
            "\\b(java|javax|sun|jdk|com\\.sun|com\\.twelvemonkeys)\\.[a-z]|\\bclass \\S|@[0-9a-f]{4,}|\\bIndex -?\\d+ out of bounds"
                    + "|\\b[A-Z]\\w*(Exception|Error)\\b|\\bnull\\b|Coordinate out of bounds");

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return null;
        }
        return m.replaceAll("\\s+", " ").trim();
    }

    /** {@code s} with anything but printable ASCII replaced by '?', so a file's bytes never reach a terminal. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    private static String describeStart(byte[] data) {
        int n = Math.min(8, data.length);
        boolean text = true;
        for (int i = 0; i < n; i++) {
            int c = data[i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                text = false;
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (text) {
            sb.append("text \"").append(new String(data, 0, n, java.nio.charset.StandardCharsets.US_ASCII)).append('"');
        } else {
            sb.append("bytes");
            for (int i = 0; i < n; i++) {
                sb.append(String.format(" %02x", data[i] & 0xFF));
            }
        }
        return sb.toString();
    }

    /** The formats recognised by their first bytes. */
    private enum Format {
        PNG("png", "png"), JPEG("jpeg", "jpeg"), GIF("gif", "gif"), BMP("bmp", "bmp"), TIFF("tiff", "tiff"), WEBP("webp", "webp");

        final String label;
        final String imageIoName;

        Format(String label, String imageIoName) {
            this.label = label;
            this.imageIoName = imageIoName;
        }

        static Format sniff(byte[] d) {
            if (starts(d, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
                return PNG;
            }
            if (starts(d, 0xFF, 0xD8, 0xFF)) {
                return JPEG;
            }
            if (starts(d, 'G', 'I', 'F', '8') && d.length >= 6 && (d[4] == '7' || d[4] == '9') && d[5] == 'a') {
                return GIF;
            }
            if (starts(d, 'B', 'M') && d.length >= 26) {
                return BMP;
            }
            if (starts(d, 'I', 'I', 42, 0) || starts(d, 'M', 'M', 0, 42)) {
                return TIFF;
            }
            if (starts(d, 'R', 'I', 'F', 'F') && d.length >= 12 && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
                return WEBP;
            }
            return null;
        }

        private static boolean starts(byte[] d, int... prefix) {
            if (d.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if ((d[i] & 0xFF) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
