package dev.pixelprep.core.geometry;

import java.util.Locale;

/**
 * Which way a resize that keeps the aspect ratio may scale. Detectors often resize only when the image crosses a
 * limit: Ultralytics' {@code LetterBox(scaleup=False)} and PaddleOCR's {@code limit_type: max} only shrink,
 * PaddleOCR's {@code limit_type: min} only enlarges; an image on the other side of the limit keeps its size.
 */
public enum ScaleLimit {
    /** Scale up or down to the target (the default). */
    ANY,
    /** Only shrink: an image already within the target keeps its size (scale factor at most 1). */
    DOWN,
    /** Only enlarge: an image already past the target keeps its size (scale factor at least 1). */
    UP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScaleLimit parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "any": case "both": return ANY;
            case "down": case "down-only": case "shrink": return DOWN;
            case "up": case "up-only": case "enlarge": return UP;
            default: throw new IllegalArgumentException("unknown scale limit '" + s + "'; expected any, down (only shrink) or up (only enlarge)");
        }
    }

    /** The scale factor {@code r} held to this limit. */
    double apply(double r) {
        switch (this) {
            case DOWN: return Math.min(r, 1.0);
            case UP: return Math.max(r, 1.0);
            default: return r;
        }
    }
}
