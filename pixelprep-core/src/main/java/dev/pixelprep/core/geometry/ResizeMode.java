package dev.pixelprep.core.geometry;

import java.util.Locale;

/** How the target size follows from the image size. */
public enum ResizeMode {
    /** Stretch to exactly width × height (aspect not kept). Vision's {@code scaleFill}. */
    EXACT,
    /**
     * The shorter side becomes {@code size}, the longer {@code int(size · long / short)} (truncated), as
     * torchvision's {@code Resize(int)} and Hugging Face's {@code shortest_edge}; optionally capped by {@code max_size}.
     */
    SHORTER_SIDE,
    /** The longer side becomes {@code size}, the shorter {@code int(size · short / long)}. */
    LONGER_SIDE,
    /**
     * Letterbox: keep aspect, scale by {@code min(W/w, H/h)} to {@code int(w·s) × int(h·s)} (as OpenCV's
     * {@code DNN_PMODE_LETTERBOX}), pad to W × H with a colour given in pixel values. Vision's {@code scaleFit}.
     */
    FIT,
    /**
     * Cover then crop: keep aspect, scale by {@code f = max(W/w, H/h)} (float32, as OpenCV's
     * {@code blobFromImage(crop=True)}) to {@code round(w·f) × round(h·f)}, then cut the centred W × H window
     * (offset {@code trunc((w' − W)/2)}). Vision's {@code centerCrop}.
     */
    FILL,
    /**
     * A text line (PaddleOCR recognition's {@code resize_norm_img}, a batch of one): the height becomes H, the width
     * {@code ceil(H · w/h)}, placed top-left on a canvas {@code max(W, int(H · w/h))} wide; a line wider than W
     * widens the canvas and takes {@code int(H · w/h)} (PaddleOCR's {@code max_wh_ratio} grows with the batch's
     * widest line). The rest is padding.
     */
    HEIGHT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses our names and Vision's {@code VNImageCropAndScaleOption} spellings. */
    public static ResizeMode parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "exact": case "stretch": case "scalefill": case "scale-fill": return EXACT;
            case "shorter-side": case "shorter": case "shortest-edge": return SHORTER_SIDE;
            case "longer-side": case "longer": case "longest-edge": return LONGER_SIDE;
            case "fit": case "letterbox": case "scalefit": case "scale-fit": return FIT;
            case "fill": case "cover": case "centercrop": case "center-crop": return FILL;
            case "height": case "text-line": return HEIGHT;
            default:
                throw new IllegalArgumentException("unknown resize mode '" + s
                        + "'; expected exact, shorter-side, longer-side, fit, fill or height (or Vision's scaleFill, scaleFit, centerCrop)");
        }
    }
}
