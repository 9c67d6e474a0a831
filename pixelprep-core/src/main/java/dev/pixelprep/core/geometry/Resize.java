package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidSpecException;

import java.util.Arrays;
import java.util.Objects;

/**
 * The resize step of a {@link Geometry}: how the target size follows from the image ({@link ResizeMode}), the
 * kernel, and whose arithmetic reproduces it ({@link ResizeFamily}).
 *
 * <p>Immutable: a value compared by content; safe to share between threads.
 *
 * @param mode          size rule
 * @param width         target width for EXACT, FIT and FILL (0 otherwise)
 * @param height        target height for EXACT, FIT and FILL (0 otherwise)
 * @param size          side length for SHORTER_SIDE and LONGER_SIDE (0 otherwise)
 * @param maxSize       SHORTER_SIDE only: cap on the longer side, as torchvision's {@code max_size} (0 = none)
 * @param interpolation kernel
 * @param family        whose arithmetic
 * @param antialias     widen the kernel when shrinking; Pillow always does (for all but nearest), OpenCV never,
 *                      torchvision tensors as asked. For family torchvision-tensor with nearest it is normalised to
 *                      {@code false}: torchvision's {@code F.resize} ignores {@code antialias} for nearest (it only
 *                      affects bilinear and bicubic), so {@code Resize(..., NEAREST, antialias=True)} copied from
 *                      torchvision code resizes exactly as without it; refusing it would reject working torchvision
 *                      code, and keeping the flag would make two spellings of one resize unequal specs
 * @param padColor      FIT only: {R, G, B} of the letterbox padding, in 0..255 pixel values (before normalisation)
 * @param padCenter     FIT only: centre the image (true) or put it top-left (false)
 * @param roundSide     SHORTER_SIDE / LONGER_SIDE: the other side is {@code round(size / side · other)} (the ONNX
 *                      Model Zoo's {@code imagenet_preprocess.py}, ONNX Runtime Extensions) instead of torchvision's
 *                      truncating {@code int(size · other / side)}
 */
public record Resize(ResizeMode mode, int width, int height, int size, int maxSize, Interpolation interpolation,
                     ResizeFamily family, boolean antialias, int[] padColor, boolean padCenter, boolean roundSide) {
    /** Largest target side accepted. */
    public static final int MAX_SIDE = 1 << 15;

    /** A resize whose side rule truncates, as torchvision's. */
    public Resize(ResizeMode mode, int width, int height, int size, int maxSize, Interpolation interpolation,
                  ResizeFamily family, boolean antialias, int[] padColor, boolean padCenter) {
        this(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, padCenter, false);
    }

    public Resize {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(family, "family");
        padColor = padColor == null ? new int[] {0, 0, 0} : padColor.clone();
        if (family == ResizeFamily.TORCHVISION_TENSOR && interpolation == Interpolation.NEAREST) {
            // torchvision ignores antialias for nearest (see the parameter's javadoc)
            antialias = false;
        }
        if (mode == ResizeMode.SHORTER_SIDE || mode == ResizeMode.LONGER_SIDE) {
            checkSide("$.resize.size", size);
            if (maxSize != 0) {
                if (mode != ResizeMode.SHORTER_SIDE) {
                    throw new InvalidSpecException("$.resize.max_size", "only applies to shorter-side resizing");
                }
                checkSide("$.resize.max_size", maxSize);
                if (maxSize <= size) {
                    throw new InvalidSpecException("$.resize.max_size", "must be larger than size " + size + ", got " + maxSize);
                }
            }
        } else {
            checkSide("$.resize.width", width);
            checkSide("$.resize.height", height);
        }
        if (!family.supports(interpolation)) {
            throw new InvalidSpecException("$.resize.interpolation", family.id() + " has no " + interpolation.id() + " resize"
                    + (interpolation == Interpolation.AREA ? "; AREA is OpenCV's (use family opencv)" : ""));
        }
        if (family == ResizeFamily.PILLOW && !antialias && interpolation != Interpolation.NEAREST) {
            throw new InvalidSpecException("$.resize.antialias", "Pillow always antialiases when shrinking; for a non-antialiased "
                    + interpolation.id() + " resize use family torchvision-tensor (antialias false) or opencv");
        }
        if (family == ResizeFamily.OPENCV && antialias && interpolation != Interpolation.AREA) {
            throw new InvalidSpecException("$.resize.antialias", "OpenCV's " + interpolation.id() + " never antialiases; use interpolation area for an averaging shrink");
        }
        if (roundSide && mode != ResizeMode.SHORTER_SIDE && mode != ResizeMode.LONGER_SIDE) {
            throw new InvalidSpecException("$.resize.side_rounding", "applies only to shorter-side and longer-side resizing");
        }
        if (padColor.length != 3) {
            throw new InvalidSpecException("$.resize.pad_color", "expected [R, G, B], got " + padColor.length + " values");
        }
        for (int i = 0; i < 3; i++) {
            if (padColor[i] < 0 || padColor[i] > 255) {
                throw new InvalidSpecException("$.resize.pad_color[" + i + "]", "must be 0..255, got " + padColor[i]);
            }
        }
    }

    private static void checkSide(String path, int v) {
        if (v <= 0 || v > MAX_SIDE) {
            throw new InvalidSpecException(path, "must be 1.." + MAX_SIDE + ", got " + v);
        }
    }

    /** Whether the family antialiases by default for this kernel (Pillow: all but nearest; torchvision ≥ 0.17: yes; OpenCV: no). */
    public static boolean defaultAntialias(ResizeFamily family, Interpolation interpolation) {
        switch (family) {
            case PILLOW: return interpolation != Interpolation.NEAREST;
            case TORCHVISION_TENSOR: return interpolation != Interpolation.NEAREST;
            default: return interpolation == Interpolation.AREA;
        }
    }

    /** Stretch to width × height. */
    public static Resize exact(int width, int height, Interpolation i, ResizeFamily f) {
        return new Resize(ResizeMode.EXACT, width, height, 0, 0, i, f, defaultAntialias(f, i), null, true);
    }

    /** torchvision {@code Resize(size)}. */
    public static Resize shorterSide(int size, Interpolation i, ResizeFamily f) {
        return new Resize(ResizeMode.SHORTER_SIDE, 0, 0, size, 0, i, f, defaultAntialias(f, i), null, true);
    }

    /** The same resize with another antialias setting. */
    public Resize withAntialias(boolean aa) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, aa, padColor, padCenter, roundSide);
    }

    @Override
    public int[] padColor() {
        return padColor.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Resize)) {
            return false;
        }
        Resize r = (Resize) o;
        return mode == r.mode && width == r.width && height == r.height && size == r.size && maxSize == r.maxSize
                && interpolation == r.interpolation && family == r.family && antialias == r.antialias
                && Arrays.equals(padColor, r.padColor) && padCenter == r.padCenter && roundSide == r.roundSide;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, width, height, size, maxSize, interpolation, family, antialias, Arrays.hashCode(padColor), padCenter, roundSide);
    }

    @Override
    public String toString() {
        String target;
        switch (mode) {
            case SHORTER_SIDE: target = "shorter side " + size + (roundSide ? " (other side rounded)" : "")
                    + (maxSize > 0 ? " (longer at most " + maxSize + ")" : ""); break;
            case LONGER_SIDE: target = "longer side " + size + (roundSide ? " (other side rounded)" : ""); break;
            case FIT: target = "fit in " + width + "x" + height + " (letterbox " + (padCenter ? "centred" : "top-left") + ", pad rgb("
                    + padColor[0] + "," + padColor[1] + "," + padColor[2] + "))"; break;
            case FILL: target = "fill " + width + "x" + height + " (cover, centre crop)"; break;
            default: target = "exactly " + width + "x" + height;
        }
        return "resize " + target + ", " + family.id() + " " + interpolation.id() + (antialias ? " antialiased" : "");
    }
}
