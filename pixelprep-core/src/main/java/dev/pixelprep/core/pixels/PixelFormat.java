package dev.pixelprep.core.pixels;

/**
 * How one pixel is laid out in memory. Byte formats are named by their byte order in memory, the way
 * Core Video names {@code kCVPixelFormatType_32BGRA} (B first) and Android names {@code RGBA_8888}.
 * {@link #INT_ARGB} is the packed {@code int} {@code 0xAARRGGBB} of Java's {@code TYPE_INT_ARGB} and
 * Android's {@code Bitmap.getPixels}; whatever the platform's endianness, the channels are found by shifts.
 *
 * <p>The YUV formats ({@link #isYuv()}) are camera and video frames in planes: a luma plane and two chroma planes
 * at half the width (and, for 4:2:0, half the height, both rounded up). A {@link PixelBuffer} of one of them is
 * built from its planes ({@link PixelBuffer.Builder#plane}) or, for the contiguous layouts, one array; how its
 * samples become RGB is its {@link YuvConversion}. Their red/green/blue indices describe the RGB888 rows the YUV
 * reader converts to, and their pixel stride is the luma plane's.
 */
public enum PixelFormat {
    RGBA8888(4, 0, 1, 2, 3),
    BGRA8888(4, 2, 1, 0, 3),
    ARGB8888(4, 1, 2, 3, 0),
    ABGR8888(4, 3, 2, 1, 0),
    /** RGBA byte order whose fourth byte is padding, never alpha. */
    RGBX8888(4, 0, 1, 2, -1),
    /** BGRA byte order whose fourth byte is padding, never alpha. */
    BGRX8888(4, 2, 1, 0, -1),
    RGB888(3, 0, 1, 2, -1),
    BGR888(3, 2, 1, 0, -1),
    /** One byte per pixel, 0 = black. */
    GRAY8(1, 0, 0, 0, -1),
    /** One {@code int} per pixel, {@code 0xAARRGGBB}; strides and offsets count ints, not bytes. */
    INT_ARGB(1, 16, 8, 0, 24),
    /** One {@code int} per pixel, {@code 0x00RRGGBB} (Java {@code TYPE_INT_RGB}); the top byte is ignored. */
    INT_RGB(1, 16, 8, 0, -1),
    /** One {@code int} per pixel, {@code 0x00BBGGRR} (Java {@code TYPE_INT_BGR}); the top byte is ignored. */
    INT_BGR(1, 0, 8, 16, -1),
    /**
     * 4:2:0, a luma plane then one plane of interleaved U, V pairs: iOS {@code 420YpCbCr8BiPlanar} ('420v',
     * '420f'), Android {@code MediaCodec}, V4L2 {@code NV12}, ffmpeg {@code nv12}.
     */
    NV12(1, 0, 1, 2, -1),
    /** 4:2:0, a luma plane then interleaved V, U pairs: Android's legacy camera preview, ffmpeg {@code nv21}. */
    NV21(1, 0, 1, 2, -1),
    /** 4:2:0, three planes Y, U, V: ffmpeg {@code yuv420p}, libyuv {@code I420}, V4L2 {@code YUV420}. */
    I420(1, 0, 1, 2, -1),
    /** 4:2:0, three planes Y, V, U (I420 with the chroma planes swapped): V4L2 {@code YVU420}, Android {@code YV12}. */
    YV12(1, 0, 1, 2, -1),
    /**
     * Android's {@code ImageFormat.YUV_420_888}: three planes Y, U, V, each with its own buffer, row stride and pixel
     * stride (1 for separate chroma planes, 2 when U and V interleave in one buffer, as {@code ImageProxy.getPlanes()}
     * gives them).
     */
    YUV_420_888(1, 0, 1, 2, -1),
    /** 4:2:2 packed, bytes Y0 U Y1 V per two pixels: YUY2, V4L2 {@code YUYV}, ffmpeg {@code yuyv422}. */
    YUYV(2, 0, 1, 2, -1),
    /** 4:2:2 packed, bytes U Y0 V Y1 per two pixels: V4L2 {@code UYVY}, ffmpeg {@code uyvy422}. */
    UYVY(2, 0, 1, 2, -1);

    private final int pixelStride;
    private final int red;
    private final int green;
    private final int blue;
    private final int alpha;

    PixelFormat(int pixelStride, int red, int green, int blue, int alpha) {
        this.pixelStride = pixelStride;
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.alpha = alpha;
    }

    /** Storage units per pixel: bytes for byte formats, 1 int for the packed {@code INT_*} formats. */
    public int pixelStride() {
        return pixelStride;
    }

    /** Bytes one pixel occupies in memory. */
    public int bytesPerPixel() {
        return isPackedInt() ? 4 : pixelStride;
    }

    /** Byte index of red within a pixel, or its bit shift for {@link #INT_ARGB}. */
    public int redIndex() {
        return red;
    }

    /** Byte index of green within a pixel, or its bit shift for {@link #INT_ARGB}. */
    public int greenIndex() {
        return green;
    }

    /** Byte index of blue within a pixel, or its bit shift for {@link #INT_ARGB}. */
    public int blueIndex() {
        return blue;
    }

    /** Byte index (or shift) of alpha, or -1 when the format has no alpha (X bytes are padding). */
    public int alphaIndex() {
        return alpha;
    }

    public boolean hasAlpha() {
        return alpha >= 0;
    }

    public boolean isGray() {
        return this == GRAY8;
    }

    /** Whether this is a YUV format (planes of luma and subsampled chroma). */
    public boolean isYuv() {
        return ordinal() >= NV12.ordinal();
    }

    /** Whether a YUV format halves the chroma rows too (4:2:0), not only the columns (4:2:2). */
    public boolean isYuv420() {
        return isYuv() && this != YUYV && this != UYVY;
    }

    /** How many planes a buffer of this format is built from: 1, or 2 for NV12/NV21, 3 for I420/YV12/YUV_420_888. */
    public int planeCount() {
        switch (this) {
            case NV12: case NV21: return 2;
            case I420: case YV12: case YUV_420_888: return 3;
            default: return 1;
        }
    }

    public boolean isPackedInt() {
        return this == INT_ARGB || this == INT_RGB || this == INT_BGR;
    }

    /** Parses a name case-insensitively, accepting a few common spellings (e.g. {@code bgra}, {@code 32BGRA}). */
    public static PixelFormat parse(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
        if (n.startsWith("32")) {
            n = n.substring(2);
        }
        switch (n) {
            case "RGBA": case "RGBA8888": return RGBA8888;
            case "BGRA": case "BGRA8888": return BGRA8888;
            case "ARGB": case "ARGB8888": return ARGB8888;
            case "ABGR": case "ABGR8888": return ABGR8888;
            case "RGBX": case "RGBX8888": return RGBX8888;
            case "BGRX": case "BGRX8888": return BGRX8888;
            case "RGB": case "RGB888": case "24RGB": return RGB888;
            case "BGR": case "BGR888": case "24BGR": return BGR888;
            case "GRAY": case "GRAY8": case "L8": case "L": return GRAY8;
            case "INTARGB": return INT_ARGB;
            case "INTRGB": return INT_RGB;
            case "INTBGR": return INT_BGR;
            case "NV12": return NV12;
            case "NV21": return NV21;
            case "I420": case "YUV420P": case "IYUV": return I420;
            case "YV12": case "YVU420": return YV12;
            case "YUV420888": return YUV_420_888;
            case "YUYV": case "YUY2": case "YUYV422": return YUYV;
            case "UYVY": case "UYVY422": return UYVY;
            default:
                throw new IllegalArgumentException("unknown pixel format '" + name + "'; expected one of "
                        + java.util.Arrays.toString(values()));
        }
    }
}
