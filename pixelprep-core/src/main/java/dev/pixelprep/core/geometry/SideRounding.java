package dev.pixelprep.core.geometry;

import java.util.Locale;

/**
 * How a resize that keeps the aspect ratio turns the scaled sides into whole pixels. The frameworks disagree by a
 * pixel, and a pixel shifts every box a detector returns, so each framework's arithmetic is its own value. With
 * {@code s} the target side ({@code size}), {@code a} the side it replaces and {@code o} the other side:
 */
public enum SideRounding {
    /**
     * {@code int(s · o / a)}: torchvision's {@code Resize(int)} (and {@code max_size}: the shorter side becomes
     * {@code int(max · short / long)}), Hugging Face without {@code longest_edge}; for a letterbox
     * {@code int(o · min(W/w, H/h))}, OpenCV's {@code DNN_PMODE_LETTERBOX}. The default.
     */
    TRUNCATE,
    /**
     * {@code round(s / a · o)}, Python's half-to-even: the ONNX Model Zoo's {@code imagenet_preprocess.py} and ONNX
     * Runtime Extensions for a shorter or longer side; for a letterbox {@code round(o · r)} per side, Ultralytics'
     * {@code LetterBox} and YOLOv5's {@code letterbox}.
     */
    ROUND,
    /**
     * Hugging Face's DETR-family rule ({@code get_size_with_aspect_ratio}) for a shorter side with
     * {@code longest_edge}: when the longer side would pass the cap, the shorter becomes
     * {@code round(max · short / long)} (not truncated as in torchvision) and the longer
     * {@code int(raw · long / short)} with the unrounded {@code raw = max · short / long}; an image whose shorter
     * side already equals the target keeps its size. Shorter side only.
     */
    HF,
    /**
     * PaddleOCR's {@code DetResizeForTest} ({@code resize_image_type0}): the ratio {@code r = s / a} first, then
     * every side {@code int(side · r)}, the resized one included (which float rounding can leave one short of
     * {@code s}); with {@code max_size} as {@code max_side_limit}, sides past it scale again by {@code max / longer}.
     * Shorter side ({@code limit_type: min}) or longer side ({@code max}, {@code resize_long}). An image with
     * {@code w + h < 64}, which PaddleOCR first pads to 32x32, is refused rather than resized differently.
     */
    RATIO,
    /**
     * Segment Anything's {@code ResizeLongestSide.get_preprocess_shape}: the scale {@code r = s / a} first, then
     * every side {@code int(side · r + 0.5)}, half up (not Python's half-to-even round). Shorter or longer side.
     */
    HALF_UP,
    /**
     * MediaPipe's {@code resize_pad} (MediaPipePyTorch {@code blazebase.py}): a letterbox whose fitted side is the
     * exact integer division {@code W · h // w} (no floating point, so no side one short when the quotient is whole).
     * Fit only.
     */
    INTEGER,
    /**
     * PaddleDetection's {@code Resize(keep_ratio=True)} ({@code deploy/python/preprocess.py}): one scale
     * {@code s = size / short} (shorter side; capped: when {@code round(s · long) > max_size}, {@code s = max_size / long})
     * or {@code s = size / long} (longer side), handed to {@code cv2.resize(fx=s, fy=s)}. OpenCV then makes each side
     * {@code round(side · s)} (half to even) and maps coordinates with {@code 1 / s}, not with the ratio of the
     * rounded sizes, so the pixels differ from an exact resize to the same size. OpenCV family only; with a square
     * target PaddleDetection's {@code max_size} equals {@code size}.
     */
    SCALE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SideRounding parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "truncate": case "torchvision": case "floor": return TRUNCATE;
            case "round": case "ultralytics": case "yolov5": return ROUND;
            case "hf": case "huggingface": case "detr": return HF;
            case "ratio": case "paddle": case "paddleocr": return RATIO;
            case "half-up": case "sam": return HALF_UP;
            case "integer": case "mediapipe": return INTEGER;
            case "scale": case "paddledetection": case "paddledet": case "fx": return SCALE;
            default: throw new IllegalArgumentException("unknown side rounding '" + s
                    + "'; expected truncate (torchvision), round (ONNX Model Zoo, Ultralytics), hf (DETR), ratio (PaddleOCR), half-up (Segment Anything), integer (MediaPipe) or scale (PaddleDetection, cv2.resize fx/fy)");
        }
    }
}
