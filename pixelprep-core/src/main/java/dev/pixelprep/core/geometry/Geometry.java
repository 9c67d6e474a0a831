package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidSpecException;

/**
 * Resize then centre crop, the geometric part of a spec. Either step may be absent. Both run on 8-bit pixels
 * before normalisation, as Pillow, OpenCV and torchvision-on-uint8 pipelines do.
 */
public record Geometry(Resize resize, Crop crop) {
    public Geometry {
        if (resize == null && crop == null) {
            throw new InvalidSpecException("$.resize", "a geometry needs a resize, a crop or both");
        }
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
        return crop == null ? resize.toString() : resize + ", then " + crop;
    }
}
