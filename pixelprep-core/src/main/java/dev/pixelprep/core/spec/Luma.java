package dev.pixelprep.core.spec;

import java.util.Locale;

/** How a colour pixel becomes one gray value (Rec.601 weights, each library with its own fixed-point rounding). */
public enum Luma {
    /** Pillow {@code convert("L")}, torchvision {@code Grayscale}: {@code (19595 R + 38470 G + 7471 B + 32768) >> 16}. */
    PILLOW,
    /** OpenCV {@code cvtColor(COLOR_RGB2GRAY)}: {@code (9798 R + 19235 G + 3735 B + 16384) >> 15}; differs by 1 on 0.12% of colours. */
    OPENCV;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The gray value of an 8-bit colour. */
    public int of(int r, int g, int b) {
        return this == PILLOW ? (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16 : (r * 9798 + g * 19235 + b * 3735 + 0x4000) >> 15;
    }

    public static Luma parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "pillow": case "pil": case "torchvision": return PILLOW;
            case "opencv": case "cv2": return OPENCV;
            default: throw new IllegalArgumentException("unknown gray formula '" + s + "'; expected pillow or opencv");
        }
    }
}
