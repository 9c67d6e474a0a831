package dev.pixelprep.core.geometry;

import java.util.Locale;

/** Resampling kernel. Which ones a {@link ResizeFamily} offers, and how exactly, is the family's business. */
public enum Interpolation {
    NEAREST, BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS,
    /** OpenCV's INTER_AREA: pixel-area averaging when shrinking. */
    AREA;

    /** Lower-case name as written in specs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a name or a Pillow / torchvision integer code (0 NEAREST, 1 LANCZOS, 2 BILINEAR, 3 BICUBIC, 4 BOX,
     * 5 HAMMING), as Hugging Face's {@code resample} key uses them. OpenCV's own {@code INTER_*} codes are different
     * (INTER_CUBIC is 2) and are accepted only by name: {@code inter_linear}, {@code inter_cubic}, ...
     */
    public static Interpolation parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("-", "_");
        switch (t) {
            case "0": case "nearest": case "inter_nearest": case "nearest_neighbor": return NEAREST;
            case "1": case "lanczos": case "antialias": return LANCZOS;
            case "2": case "bilinear": case "linear": case "inter_linear": case "triangle": return BILINEAR;
            case "3": case "bicubic": case "cubic": case "inter_cubic": return BICUBIC;
            case "4": case "box": return BOX;
            case "5": case "hamming": return HAMMING;
            case "area": case "inter_area": return AREA;
            default:
                throw new IllegalArgumentException("unknown interpolation '" + s
                        + "'; expected nearest, bilinear, bicubic, lanczos, box, hamming or area (or a PIL code 0-5)");
        }
    }
}
