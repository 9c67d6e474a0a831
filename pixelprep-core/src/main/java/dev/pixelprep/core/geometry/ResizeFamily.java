package dev.pixelprep.core.geometry;

import java.util.Locale;

/**
 * Whose resize arithmetic to reproduce. The same kernel name means different pixels in different libraries:
 * Pillow always antialiases when shrinking, OpenCV never does (except INTER_AREA), torchvision on tensors does
 * only when asked.
 */
public enum ResizeFamily {
    /** Pillow 9.x {@code Image.resize} (torchvision on PIL images, Keras {@code load_img}, Hugging Face's slow path). */
    PILLOW,
    /** OpenCV 4.x {@code cv2.resize} on 8-bit images (and {@code dnn.blobFromImage}). */
    OPENCV,
    /** torchvision {@code F.resize} on uint8 tensors: float interpolation, rounded back to uint8. */
    TORCHVISION_TENSOR;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ResizeFamily parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "pillow": case "pil": return PILLOW;
            case "opencv": case "cv2": case "cv": return OPENCV;
            case "torchvision-tensor": case "torch": case "tensor": case "torchvision": return TORCHVISION_TENSOR;
            default: throw new IllegalArgumentException("unknown resize family '" + s + "'; expected pillow, opencv or torchvision-tensor");
        }
    }

    /** Whether the family implements the kernel. */
    public boolean supports(Interpolation i) {
        switch (this) {
            case PILLOW: return i != Interpolation.AREA;
            case OPENCV: return i == Interpolation.NEAREST || i == Interpolation.BILINEAR || i == Interpolation.BICUBIC || i == Interpolation.AREA;
            default: return i == Interpolation.NEAREST || i == Interpolation.BILINEAR || i == Interpolation.BICUBIC;
        }
    }
}
