package dev.pixelprep.core.pixels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A camera frame's YUV → RGB conversion in each platform's words, and whether that platform gives the same bits: only
 * the arithmetic the conversion names ({@link YuvConversion.Arithmetic}) can be exact; the rest round differently
 * (libyuv caps the blue coefficient of its video-range tables, OpenCV reads luma below 16 as 16, swscale's
 * fixed point is off by one on some inputs, vImage's rounding is not documented).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class YuvExport {
    /** One platform's spelling of the conversion. */
    public record Line(String platform, String text, boolean exact, String note) {
    }

    private YuvExport() {
    }

    public static List<Line> all(PixelFormat f, YuvConversion c) {
        if (!f.isYuv()) {
            throw new IllegalArgumentException(f + " is not a YUV format");
        }
        List<Line> out = new ArrayList<>();
        out.add(opencv(f, c));
        out.add(libyuv(f, c));
        out.add(android(f, c));
        out.add(vimage(f, c));
        out.add(ffmpeg(f, c));
        return out;
    }

    private static Line opencv(PixelFormat f, YuvConversion c) {
        String code = switch (f) {
            case NV12 -> "COLOR_YUV2RGB_NV12";
            case NV21, YUV_420_888 -> "COLOR_YUV2RGB_NV21";
            case I420 -> "COLOR_YUV2RGB_I420";
            case YV12 -> "COLOR_YUV2RGB_YV12";
            case YUYV -> "COLOR_YUV2RGB_YUY2";
            default -> "COLOR_YUV2RGB_UYVY";
        };
        boolean video601 = c.matrix() == YuvConversion.Matrix.BT601 && c.range() == YuvConversion.Range.VIDEO;
        String text = "cv2.cvtColor(frame, cv2." + code + ")";
        if (f == PixelFormat.YUV_420_888) {
            text += "  # on an NV21 copy of the planes (OpenCV takes one contiguous h*3/2 x w Mat)";
        }
        if (!video601) {
            return new Line("opencv", text, false, "cvtColor converts only BT.601 video range; this frame is " + c.matrix().id() + " "
                    + c.range().id() + " range");
        }
        boolean exact = c.arithmetic() == YuvConversion.Arithmetic.OPENCV;
        return new Line("opencv", text, exact, exact ? "needs even width and height (even width for YUY2/UYVY)"
                : "OpenCV's 20-bit fixed point reads luma below 16 as 16 and rounds otherwise; read the frame as opencv for its bits");
    }

    private static Line libyuv(PixelFormat f, YuvConversion c) {
        String constants = "&kYuv" + switch (c.matrix()) {
            case BT601 -> c.range() == YuvConversion.Range.VIDEO ? "I601" : "JPEG";
            case BT709 -> c.range() == YuvConversion.Range.VIDEO ? "H709" : "F709";
            default -> c.range() == YuvConversion.Range.VIDEO ? "2020" : "V2020";
        } + "Constants";
        String call = switch (f) {
            case NV12 -> "NV12ToARGBMatrix(y, y_stride, uv, uv_stride, argb, argb_stride, " + constants + ", w, h)";
            case NV21 -> "NV21ToARGBMatrix(y, y_stride, vu, vu_stride, argb, argb_stride, " + constants + ", w, h)";
            case YUV_420_888 -> "Android420ToARGBMatrix(y, y_stride, u, u_stride, v, v_stride, uv_pixel_stride, argb, argb_stride, "
                    + constants + ", w, h)";
            case I420 -> "I420ToARGBMatrix(y, y_stride, u, u_stride, v, v_stride, argb, argb_stride, " + constants + ", w, h)";
            case YV12 -> "I420ToARGBMatrix(y, y_stride, u, u_stride, v, v_stride, argb, argb_stride, " + constants + ", w, h)"
                    + "  // YV12: pass its V plane as v";
            case YUYV -> "YUY2ToARGB(yuy2, stride, argb, argb_stride, w, h)";
            default -> "UYVYToARGB(uyvy, stride, argb, argb_stride, w, h)";
        };
        String text = "libyuv::" + call + "  // ARGB is B,G,R,A in memory";
        boolean packed = !f.isYuv420();
        if (packed && !(c.matrix() == YuvConversion.Matrix.BT601 && c.range() == YuvConversion.Range.VIDEO)) {
            return new Line("libyuv", text, false, "libyuv's YUY2/UYVY conversions are BT.601 video range only");
        }
        boolean exact = c.arithmetic() == YuvConversion.Arithmetic.LIBYUV;
        return new Line("libyuv", text, exact, exact ? null
                : "libyuv's 6-bit fixed point" + (c.range() == YuvConversion.Range.VIDEO ? " caps the blue coefficient at 2.0 (blue up to "
                + (c.matrix() == YuvConversion.Matrix.BT601 ? "a few" : c.matrix() == YuvConversion.Matrix.BT709 ? "15" : "18")
                + " levels low)" : " rounds otherwise") + "; read the frame as libyuv for its bits");
    }

    private static Line android(PixelFormat f, YuvConversion c) {
        boolean cameraX = (f == PixelFormat.YUV_420_888 || f == PixelFormat.NV21) && c.equals(YuvConversion.LIBYUV_JPEG);
        String text = "CameraX ImageAnalysis.Builder().setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_RGBA_8888)"
                + "  // libyuv Android420ToARGBMatrix with kYvuJPEGConstants: BT.601 full range";
        if (cameraX) {
            return new Line("android", text, true, "androidx camera-core image_processing_util_jni.cc (0dbd6c0); older CameraX used"
                    + " video-range kYvuI601Constants");
        }
        return new Line("android", text, false, "CameraX's RGBA output is libyuv-j420 (BT.601 full range, libyuv arithmetic); this frame is read as "
                + c.id() + (f == PixelFormat.YUV_420_888 || f == PixelFormat.NV21 ? "" : ", and CameraX delivers YUV_420_888"));
    }

    private static Line vimage(PixelFormat f, YuvConversion c) {
        String matrix = switch (c.matrix()) {
            case BT601 -> "kvImage_YpCbCrToARGBMatrix_ITU_R_601_4";
            case BT709 -> "kvImage_YpCbCrToARGBMatrix_ITU_R_709_2";
            default -> null;
        };
        String range = c.range() == YuvConversion.Range.VIDEO ? "{16, 128, 235, 240, 255, 0, 255, 1} ('420v')"
                : "{0, 128, 255, 255, 255, 1, 255, 0} ('420f')";
        String call = f == PixelFormat.NV12 || f == PixelFormat.NV21 || f == PixelFormat.YUV_420_888
                ? "vImageConvert_420Yp8_CbCr8ToARGB8888" : f.isYuv420() ? "vImageConvert_420Yp8_Cb8_Cr8ToARGB8888"
                : f == PixelFormat.YUYV ? "vImageConvert_422YpCbYpCr8ToARGB8888" : "vImageConvert_422CbYpCrYp8ToARGB8888";
        if (matrix == null) {
            return new Line("vimage", call, false, "vImage has no predefined BT.2020 matrix; build a vImage_YpCbCrToARGBMatrix from Kr 0.2627, Kb 0.0593");
        }
        String type = f == PixelFormat.NV12 || f == PixelFormat.NV21 || f == PixelFormat.YUV_420_888 ? "kvImage420Yp8_CbCr8"
                : f.isYuv420() ? "kvImage420Yp8_Cb8_Cr8" : f == PixelFormat.YUYV ? "kvImage422YpCbYpCr8" : "kvImage422CbYpCrYp8";
        String text = "vImageConvert_YpCbCrToARGB_GenerateConversion(" + matrix + ", &pixelRange " + range + ", &info, "
                + type + ", kvImageARGB8888, 0); " + call + "(...)";
        return new Line("vimage", text, false, "vImage's rounding is not documented; expect ±1 level against any named arithmetic"
                + (f == PixelFormat.NV21 ? "; NV21 has Cr first: swap the planes' roles (permute map {0, 3, 2, 1})" : ""));
    }

    private static Line ffmpeg(PixelFormat f, YuvConversion c) {
        String pix = switch (f) {
            case NV12 -> "nv12";
            case NV21, YUV_420_888 -> "nv21";
            case I420 -> "yuv420p";
            case YV12 -> "yuv420p";
            case YUYV -> "yuyv422";
            default -> "uyvy422";
        };
        String text = String.format(Locale.ROOT, "ffmpeg -f rawvideo -pix_fmt %s -s WxH -i frame.raw -vf scale=in_color_matrix=%s:in_range=%s"
                + ":flags=neighbor+accurate_rnd+full_chroma_int+bitexact -pix_fmt rgb24 -f rawvideo frame.rgb", pix,
                c.matrix() == YuvConversion.Matrix.BT2020 ? "bt2020" : c.matrix().id(), c.range() == YuvConversion.Range.VIDEO ? "tv" : "pc");
        return new Line("ffmpeg", text, false, "swscale's fixed point is one level off on some inputs, wraps very bright blue to 0 and, "
                + "on odd sizes, picks chroma by the scale factor" + (f == PixelFormat.YV12 ? "; YV12: swap the U and V planes in the file first" : ""));
    }
}
