package dev.pixelprep.core.geometry;

import java.util.Locale;

/** How a centre crop places its window, and where padding goes when the crop is larger than the image. */
public enum CropRounding {
    /**
     * torchvision {@code CenterCrop}: offset {@code round((n − c)/2)} with Python's half-to-even rounding
     * ((257−224)/2 = 16.5 → 16); padding puts the odd extra pixel right/bottom. timm uses this too.
     */
    HALF_EVEN,
    /**
     * Floor: offset {@code (n − c) // 2} — Hugging Face's numpy path, OpenCV {@code blobFromImage}, Caffe,
     * TFLite {@code ResizeWithCropOrPad}, ONNX Runtime Extensions; padding (HF) puts the odd extra pixel top/left.
     */
    FLOOR,
    /**
     * Anchored top-left: a crop keeps the top-left corner, padding goes right and bottom only (Segment Anything's
     * {@code F.pad(x, (0, S − w, 0, S − h))}, PaddleOCR recognition's right padding).
     */
    TOP_LEFT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static CropRounding parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "half-even": case "torchvision": case "timm": return HALF_EVEN;
            case "floor": case "hf": case "opencv": case "caffe": case "tflite": return FLOOR;
            case "top-left": return TOP_LEFT;
            default: throw new IllegalArgumentException("unknown crop rounding '" + s
                    + "'; expected half-even (torchvision), floor (HF, OpenCV, Caffe) or top-left (pad right and bottom only)");
        }
    }

    /** Offset of a crop of {@code crop} inside {@code size >= crop}. */
    int offset(int size, int crop) {
        if (this == TOP_LEFT) {
            return 0;
        }
        int d = size - crop;
        if (this == FLOOR || (d & 1) == 0) {
            return d / 2;
        }
        // d is odd: d/2 = k + 0.5, half-to-even picks the even one of k and k+1
        int k = d / 2;
        return (k & 1) == 0 ? k : k + 1;
    }

    /** Padding before the image when {@code crop > size}. */
    int padBefore(int size, int crop) {
        if (this == TOP_LEFT) {
            return 0;
        }
        int d = crop - size;
        return this == HALF_EVEN ? d / 2 : (d + 1) / 2;
    }
}
