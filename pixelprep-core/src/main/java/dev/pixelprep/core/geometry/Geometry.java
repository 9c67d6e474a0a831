package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidSpecException;

/**
 * Resize then centre crop, the geometric part of a spec. Either step may be absent.
 *
 * <p>By default both run on 8-bit pixels before normalisation, as Pillow, OpenCV and torchvision-on-uint8
 * pipelines do: the resized values are rounded to uint8. With {@code resizeOnFloats} the resize result is kept
 * unrounded and normalised as is, as in tensor pipelines that resize after {@code ToTensor}/{@code Normalize}
 * (for linear kernels, resizing then normalising equals normalising then resizing, so only the rounding differs).
 * That order is implemented for the torchvision-tensor family, whose float interpolation it is.
 *
 * <p>Immutable: a value compared by content; safe to share between threads.
 *
 * @param resizeOnFloats resize float values after normalisation instead of 8-bit pixels before it
 */
public record Geometry(Resize resize, Crop crop, boolean resizeOnFloats) {
    public Geometry {
        if (resize == null && crop == null) {
            throw new InvalidSpecException("$.resize", "a geometry needs a resize, a crop or both");
        }
        if (resizeOnFloats && (resize == null || resize.family() != ResizeFamily.TORCHVISION_TENSOR)) {
            throw new InvalidSpecException("$.resize.stage", "resizing float values is torch's interpolate on float tensors: it needs a "
                    + "torchvision-tensor resize (Pillow and OpenCV resize 8-bit images)");
        }
    }

    /** Resize and crop on 8-bit pixels, before normalisation. */
    public Geometry(Resize resize, Crop crop) {
        this(resize, crop, false);
    }

    /** torchvision's classification preset: shorter side {@code resize}, centre crop {@code crop}, Pillow kernel. */
    public static Geometry torchvision(int resize, int crop, Interpolation interpolation) {
        return new Geometry(Resize.shorterSide(resize, interpolation, ResizeFamily.PILLOW), Crop.torchvision(crop, crop));
    }

    /**
     * timm / Hugging Face ConvNeXt {@code crop_pct}: shorter side {@code floor(crop / crop_pct)}, then centre crop
     * {@code crop}.
     */
    public static Geometry cropPct(int crop, double cropPct, Interpolation interpolation, ResizeFamily family) {
        if (!(cropPct > 0 && cropPct <= 1)) {
            throw new InvalidSpecException("$.crop_pct", "must be in (0, 1], got " + cropPct);
        }
        int scaled = (int) Math.floor(crop / cropPct);
        return new Geometry(Resize.shorterSide(scaled, interpolation, family), Crop.torchvision(crop, crop));
    }

    /** Resolves the sizes and offsets for a source image of {@code width × height}. */
    public Plan plan(int width, int height) {
        return Plan.of(this, width, height);
    }

    @Override
    public String toString() {
        if (resize == null) {
            return crop.toString();
        }
        String r = resizeOnFloats ? resize + " on float values" : resize.toString();
        return crop == null ? r : r + ", then " + crop;
    }
}
