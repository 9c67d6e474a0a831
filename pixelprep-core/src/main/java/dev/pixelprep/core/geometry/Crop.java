package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidSpecException;

import java.util.Arrays;
import java.util.Objects;

/**
 * A crop to width × height after the resize: centred (with each library's rounding) or anchored top-left.
 *
 * <p>Immutable: a value compared by content; safe to share between threads.
 *
 * @param pad      when the crop is larger than the image: pad (true, as torchvision and Hugging Face do) or refuse
 * @param padColor {R, G, B} of that padding in 0..255 pixel values (torchvision and HF pad with 0)
 */
public record Crop(int width, int height, CropRounding rounding, boolean pad, int[] padColor) {
    public Crop {
        Objects.requireNonNull(rounding, "rounding");
        if (width <= 0 || width > Resize.MAX_SIDE) {
            throw new InvalidSpecException("$.crop.width", "must be 1.." + Resize.MAX_SIDE + ", got " + width);
        }
        if (height <= 0 || height > Resize.MAX_SIDE) {
            throw new InvalidSpecException("$.crop.height", "must be 1.." + Resize.MAX_SIDE + ", got " + height);
        }
        padColor = padColor == null ? new int[] {0, 0, 0} : padColor.clone();
        if (padColor.length != 3) {
            throw new InvalidSpecException("$.crop.pad_color", "expected [R, G, B], got " + padColor.length + " values");
        }
        for (int i = 0; i < 3; i++) {
            if (padColor[i] < 0 || padColor[i] > 255) {
                throw new InvalidSpecException("$.crop.pad_color[" + i + "]", "must be 0..255, got " + padColor[i]);
            }
        }
    }

    /** torchvision {@code CenterCrop(size)}. */
    public static Crop torchvision(int width, int height) {
        return new Crop(width, height, CropRounding.HALF_EVEN, true, null);
    }

    @Override
    public int[] padColor() {
        return padColor.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Crop)) {
            return false;
        }
        Crop c = (Crop) o;
        return width == c.width && height == c.height && rounding == c.rounding && pad == c.pad && Arrays.equals(padColor, c.padColor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, rounding, pad, Arrays.hashCode(padColor));
    }

    @Override
    public String toString() {
        if (rounding == CropRounding.TOP_LEFT) {
            return "crop " + width + "x" + height + " from the top-left (" + (pad ? "padded right and bottom when larger" : "no padding") + ")";
        }
        return "centre crop " + width + "x" + height + " (" + rounding.id() + (pad ? ", pads when larger" : ", no padding") + ")";
    }
}
