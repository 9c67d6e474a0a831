package dev.pixelprep.core.pixels;

import dev.pixelprep.core.InvalidPixelsException;

import java.util.Locale;
import java.util.Objects;

/**
 * How the Y, U, V samples of a camera or video frame become 8-bit R, G, B: the colour matrix, the range the samples
 * use, and whose integer arithmetic (and so whose rounding) is reproduced. Chroma is upsampled by nearest neighbour
 * (each U, V pair serves its 2×2 or 2×1 block), as OpenCV's {@code cvtColor} and libyuv's conversions do.
 *
 * <ul>
 *   <li>{@link Arithmetic#EXACT}: the matrix in double, rounded half to even and clamped once: the correctly rounded
 *       conversion, for frames that no particular library converted.</li>
 *   <li>{@link Arithmetic#OPENCV}: OpenCV's {@code cvtColor(COLOR_YUV2RGB_NV12 / NV21 / I420 / YV12 / YUY2 / UYVY)},
 *       20-bit fixed point; BT.601 video range only (OpenCV has no other for these codes).</li>
 *   <li>{@link Arithmetic#LIBYUV}: libyuv's {@code I420ToARGB}, {@code NV21ToARGB}, {@code Android420ToABGR} … and
 *       their {@code J}/{@code H}/{@code F}/{@code U}/{@code V} variants (6-bit fixed point), the conversion
 *       Android's CameraX runs for RGBA output.</li>
 * </ul>
 *
 * <p>Immutable value with value equality; thread-safe.
 */
public final class YuvConversion {
    /** The colour matrix, by its luma weights Kr and Kb. */
    public enum Matrix {
        BT601(0.299, 0.114), BT709(0.2126, 0.0722), BT2020(0.2627, 0.0593);

        private final double kr;
        private final double kb;

        Matrix(double kr, double kb) {
            this.kr = kr;
            this.kb = kb;
        }

        public double kr() {
            return kr;
        }

        public double kb() {
            return kb;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Sample range: video (Y 16..235, U and V 16..240) or full (0..255, JPEG's). */
    public enum Range {
        VIDEO, FULL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whose arithmetic is reproduced bit for bit. */
    public enum Arithmetic {
        EXACT, OPENCV, LIBYUV;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** OpenCV's {@code cvtColor} YUV → RGB codes: BT.601, video range, OpenCV's fixed point. */
    public static final YuvConversion OPENCV = new YuvConversion(Matrix.BT601, Range.VIDEO, Arithmetic.OPENCV);
    /** libyuv {@code I420ToARGB} / {@code NV12ToARGB} / {@code NV21ToARGB} / {@code Android420ToABGR}: BT.601 video range. */
    public static final YuvConversion LIBYUV_I601 = new YuvConversion(Matrix.BT601, Range.VIDEO, Arithmetic.LIBYUV);
    /** libyuv {@code J420ToARGB} ({@code kYuvJPEGConstants}): BT.601 full range. */
    public static final YuvConversion LIBYUV_JPEG = new YuvConversion(Matrix.BT601, Range.FULL, Arithmetic.LIBYUV);
    /** libyuv {@code H420ToARGB} ({@code kYuvH709Constants}): BT.709 video range. */
    public static final YuvConversion LIBYUV_H709 = new YuvConversion(Matrix.BT709, Range.VIDEO, Arithmetic.LIBYUV);
    /** libyuv {@code kYuvF709Constants}: BT.709 full range. */
    public static final YuvConversion LIBYUV_F709 = new YuvConversion(Matrix.BT709, Range.FULL, Arithmetic.LIBYUV);
    /** libyuv {@code U420ToARGB} ({@code kYuv2020Constants}): BT.2020 video range. */
    public static final YuvConversion LIBYUV_U2020 = new YuvConversion(Matrix.BT2020, Range.VIDEO, Arithmetic.LIBYUV);
    /** libyuv {@code kYuvV2020Constants}: BT.2020 full range. */
    public static final YuvConversion LIBYUV_V2020 = new YuvConversion(Matrix.BT2020, Range.FULL, Arithmetic.LIBYUV);

    private final Matrix matrix;
    private final Range range;
    private final Arithmetic arithmetic;

    private YuvConversion(Matrix matrix, Range range, Arithmetic arithmetic) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.range = Objects.requireNonNull(range, "range");
        this.arithmetic = Objects.requireNonNull(arithmetic, "arithmetic");
        if (arithmetic == Arithmetic.OPENCV && (matrix != Matrix.BT601 || range != Range.VIDEO)) {
            throw new InvalidPixelsException("OpenCV's cvtColor converts YUV as BT.601 video range only, not "
                    + matrix.id() + " " + range.id() + " range; use arithmetic exact or libyuv for that");
        }
    }

    /** The conversion with the given matrix, range and arithmetic. */
    public static YuvConversion of(Matrix matrix, Range range, Arithmetic arithmetic) {
        return new YuvConversion(matrix, range, arithmetic);
    }

    /** The correctly rounded conversion with the given matrix and range. */
    public static YuvConversion exact(Matrix matrix, Range range) {
        return new YuvConversion(matrix, range, Arithmetic.EXACT);
    }

    /**
     * What a frame of {@code format} is taken to be when the caller says nothing: BT.601 full range for Android's
     * camera formats ({@code YUV_420_888} and the legacy camera's {@code NV21}, which Android documents as JFIF/JPEG
     * YCbCr), BT.601 video range for the rest (video decoders, V4L2, iOS '420v'); exact arithmetic.
     */
    public static YuvConversion defaultFor(PixelFormat format) {
        boolean android = format == PixelFormat.YUV_420_888 || format == PixelFormat.NV21;
        return exact(Matrix.BT601, android ? Range.FULL : Range.VIDEO);
    }

    /**
     * Parses {@code MATRIX[-RANGE][/ARITHMETIC]} or a peer's name: {@code bt709-full}, {@code bt601-video/opencv},
     * {@code opencv}, {@code libyuv-i420}, {@code libyuv-j420}, {@code libyuv-h420}, {@code libyuv-f420},
     * {@code libyuv-u420}, {@code libyuv-v420}.
     */
    public static YuvConversion parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "opencv": return OPENCV;
            case "libyuv": case "libyuv-i420": return LIBYUV_I601;
            case "libyuv-j420": return LIBYUV_JPEG;
            case "libyuv-h420": return LIBYUV_H709;
            case "libyuv-f420": return LIBYUV_F709;
            case "libyuv-u420": return LIBYUV_U2020;
            case "libyuv-v420": return LIBYUV_V2020;
            default:
                break;
        }
        String arith = "exact";
        int slash = t.indexOf('/');
        if (slash >= 0) {
            arith = t.substring(slash + 1);
            t = t.substring(0, slash);
        }
        String[] parts = t.split("-");
        Matrix m = null;
        for (Matrix c : Matrix.values()) {
            if (c.id().equals(parts[0]) || c.id().replace("bt", "").equals(parts[0])) {
                m = c;
            }
        }
        Range r = parts.length > 1 ? parseRange(parts[1], text) : Range.VIDEO;
        Arithmetic a = null;
        for (Arithmetic c : Arithmetic.values()) {
            if (c.id().equals(arith)) {
                a = c;
            }
        }
        if (m == null || a == null || parts.length > 2) {
            throw new InvalidPixelsException("unknown YUV conversion '" + text + "'; expected MATRIX-RANGE[/ARITHMETIC] with "
                    + "MATRIX bt601|bt709|bt2020, RANGE video|full, ARITHMETIC exact|opencv|libyuv (e.g. bt709-video/libyuv), "
                    + "or one of opencv, libyuv-i420, libyuv-j420, libyuv-h420, libyuv-f420, libyuv-u420, libyuv-v420");
        }
        return new YuvConversion(m, r, a);
    }

    private static Range parseRange(String s, String text) {
        switch (s) {
            case "video": case "tv": case "limited": return Range.VIDEO;
            case "full": case "pc": case "jpeg": return Range.FULL;
            default:
                throw new InvalidPixelsException("unknown YUV range '" + s + "' in '" + text + "'; expected video or full");
        }
    }

    public Matrix matrix() {
        return matrix;
    }

    public Range range() {
        return range;
    }

    public Arithmetic arithmetic() {
        return arithmetic;
    }

    /** The canonical text form, which {@link #parse} reads back: {@code bt601-full/exact}. */
    public String id() {
        return matrix.id() + "-" + range.id() + "/" + arithmetic.id();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YuvConversion && ((YuvConversion) o).matrix == matrix && ((YuvConversion) o).range == range
                && ((YuvConversion) o).arithmetic == arithmetic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(matrix, range, arithmetic);
    }

    @Override
    public String toString() {
        return id();
    }
}
