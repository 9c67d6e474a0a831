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
 * @param width         target width for EXACT, FIT and FILL; HEIGHT: the narrowest canvas (0 otherwise)
 * @param height        target height for EXACT, FIT, FILL and HEIGHT (0 otherwise)
 * @param size          side length for SHORTER_SIDE and LONGER_SIDE (0 otherwise)
 * @param maxSize       SHORTER_SIDE: cap on the longer side, as torchvision's {@code max_size}; with RATIO rounding
 *                      (either side rule) PaddleOCR's {@code max_side_limit}: when a scaled side passes it, both
 *                      scale again by {@code max / longer} (0 = none)
 * @param interpolation kernel
 * @param family        whose arithmetic
 * @param antialias     widen the kernel when shrinking; Pillow always does (for all but nearest), OpenCV never,
 *                      torchvision tensors as asked. For family torchvision-tensor with nearest it is normalised to
 *                      {@code false}: torchvision's {@code F.resize} ignores {@code antialias} for nearest (it only
 *                      affects bilinear and bicubic), so {@code Resize(..., NEAREST, antialias=True)} copied from
 *                      torchvision code resizes exactly as without it; refusing it would reject working torchvision
 *                      code, and keeping the flag would make two spellings of one resize unequal specs
 * @param padColor      FIT, HEIGHT and stride padding: {R, G, B} of the padding, in 0..255 pixel values (before normalisation)
 * @param padCenter     FIT only: centre the image (true) or put it top-left (false)
 * @param sideRounding  how scaled sides become whole pixels ({@link SideRounding}); SHORTER_SIDE and LONGER_SIDE
 *                      take all that apply, FIT truncate or round, EXACT and FILL only truncate
 * @param scaleLimit    SHORTER_SIDE / LONGER_SIDE / FIT: resize only when the image crosses the target
 *                      ({@link ScaleLimit}); other modes {@code ANY}
 * @param multiple      SHORTER_SIDE / LONGER_SIDE: after scaling, each side becomes {@code max(round(s / N) · N, N)}
 *                      (Python's half-to-even round; PaddleOCR's detection sizes, N = 32), aspect then not kept
 *                      exactly; 0 = none
 * @param stride        FIT: pad only up to the next multiple of {@code stride} beyond the resized image, not to
 *                      the whole W × H (Ultralytics' and YOLOv5's {@code auto=True} minimum rectangle; the
 *                      remainder {@code (W − w') mod stride} is split as the padding); 0 = pad to W × H. EXACT,
 *                      SHORTER_SIDE, LONGER_SIDE: pad the resized image on the right and at the bottom up to
 *                      {@code ceil(side / stride) · stride} (PaddleDetection's {@code PadStride}, the batch padding
 *                      of FPN detectors), with {@code padColor} or the geometry's tensor-unit pad value; 0 = none
 */
public record Resize(ResizeMode mode, int width, int height, int size, int maxSize, Interpolation interpolation,
                     ResizeFamily family, boolean antialias, int[] padColor, boolean padCenter, SideRounding sideRounding,
                     ScaleLimit scaleLimit, int multiple, int stride) {
    /** Largest target side accepted. */
    public static final int MAX_SIDE = 1 << 15;

    /** A resize whose side rule truncates, as torchvision's. */
    public Resize(ResizeMode mode, int width, int height, int size, int maxSize, Interpolation interpolation,
                  ResizeFamily family, boolean antialias, int[] padColor, boolean padCenter) {
        this(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, padCenter, SideRounding.TRUNCATE,
                ScaleLimit.ANY, 0, 0);
    }

    public Resize {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interpolation, "interpolation");
        Objects.requireNonNull(family, "family");
        sideRounding = sideRounding == null ? SideRounding.TRUNCATE : sideRounding;
        scaleLimit = scaleLimit == null ? ScaleLimit.ANY : scaleLimit;
        padColor = padColor == null ? new int[] {0, 0, 0} : padColor.clone();
        if (family == ResizeFamily.TORCHVISION_TENSOR && interpolation == Interpolation.NEAREST) {
            // torchvision ignores antialias for nearest (see the parameter's javadoc)
            antialias = false;
        }
        boolean bySide = mode == ResizeMode.SHORTER_SIDE || mode == ResizeMode.LONGER_SIDE;
        if (bySide) {
            checkSide("$.resize.size", size);
            if (maxSize != 0) {
                if (mode != ResizeMode.SHORTER_SIDE && sideRounding != SideRounding.RATIO) {
                    throw new InvalidSpecException("$.resize.max_size", "only applies to shorter-side resizing (or ratio rounding)");
                }
                if (sideRounding == SideRounding.HALF_UP) {
                    throw new InvalidSpecException("$.resize.max_size", "Segment Anything's half-up sides have no cap; leave out max_size");
                }
                checkSide("$.resize.max_size", maxSize);
                if (sideRounding == SideRounding.SCALE ? maxSize < size : maxSize <= size) {
                    throw new InvalidSpecException("$.resize.max_size", "must be larger than size " + size
                            + (sideRounding == SideRounding.SCALE ? " (or equal)" : "") + ", got " + maxSize);
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
        switch (sideRounding) {
            case TRUNCATE:
                break;
            case INTEGER:
                if (mode != ResizeMode.FIT) {
                    throw new InvalidSpecException("$.resize.side_rounding", "integer is MediaPipe's letterbox rule: fit resizing only, not " + mode.id());
                }
                break;
            case ROUND:
                if (!bySide && mode != ResizeMode.FIT) {
                    throw new InvalidSpecException("$.resize.side_rounding", "round applies to shorter-side, longer-side and fit resizing, not " + mode.id());
                }
                break;
            case HF:
                if (mode != ResizeMode.SHORTER_SIDE) {
                    throw new InvalidSpecException("$.resize.side_rounding", "hf is Hugging Face's shortest_edge rule: shorter-side resizing only, not " + mode.id());
                }
                break;
            default:
                if (!bySide) {
                    throw new InvalidSpecException("$.resize.side_rounding", sideRounding.id() + " applies to shorter-side and longer-side resizing, not "
                            + mode.id());
                }
        }
        if (sideRounding == SideRounding.SCALE) {
            if (family != ResizeFamily.OPENCV) {
                throw new InvalidSpecException("$.resize.side_rounding", "scale is cv2.resize(fx=s, fy=s): family opencv only, not " + family.id());
            }
            if (multiple != 0) {
                throw new InvalidSpecException("$.resize.multiple", "sides from cv2.resize's fx/fy are not rounded to a multiple; leave out multiple or side_rounding scale");
            }
            if (maxSize != 0 && mode != ResizeMode.SHORTER_SIDE) {
                throw new InvalidSpecException("$.resize.max_size", "PaddleDetection's cap applies to shorter-side resizing only");
            }
        }
        if (scaleLimit != ScaleLimit.ANY && sideRounding == SideRounding.HF) {
            throw new InvalidSpecException("$.resize.scale", "Hugging Face's shortest_edge rule always scales; leave out the scale limit or use truncate or round");
        }
        if (scaleLimit != ScaleLimit.ANY && !bySide && mode != ResizeMode.FIT) {
            throw new InvalidSpecException("$.resize.scale", "a scale limit applies to shorter-side, longer-side and fit resizing, not " + mode.id());
        }
        if (multiple != 0) {
            if (!bySide) {
                throw new InvalidSpecException("$.resize.multiple", "applies to shorter-side and longer-side resizing, not " + mode.id()
                        + (mode == ResizeMode.FIT ? " (a letterbox pads to a multiple with stride)" : ""));
            }
            if (multiple < 1 || multiple > size) {
                throw new InvalidSpecException("$.resize.multiple", "must be 1.." + size + " (at most the size), got " + multiple);
            }
        }
        if (stride != 0) {
            if (mode == ResizeMode.FILL || mode == ResizeMode.HEIGHT) {
                throw new InvalidSpecException("$.resize.stride", "pads the resized image to a multiple: exact, shorter-side, longer-side and fit"
                        + " resizing, not " + mode.id());
            }
            int most = bySide ? size : Math.min(width, height);
            if (stride < 1 || stride > most) {
                throw new InvalidSpecException("$.resize.stride", "must be 1.." + most + (bySide ? " (at most the size)" : mode == ResizeMode.FIT ? " (at most the letterbox side)" : " (at most the target side)")
                        + ", got " + stride);
            }
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

    /**
     * Letterbox into width × height: keep the aspect, centre, pad with black; OpenCV's bilinear and truncated sides
     * ({@code DNN_PMODE_LETTERBOX}). The {@code with...} methods make the detector variants, e.g. Ultralytics'
     * {@code Resize.letterbox(640, 640).withSideRounding(ROUND).withPadColor(114, 114, 114).withStride(32)}.
     */
    public static Resize letterbox(int width, int height) {
        return new Resize(ResizeMode.FIT, width, height, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true);
    }

    /** The longer side to {@code size}, OpenCV bilinear. */
    public static Resize longerSide(int size) {
        return new Resize(ResizeMode.LONGER_SIDE, 0, 0, size, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true);
    }

    /** The same resize with another antialias setting. */
    public Resize withAntialias(boolean aa) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, aa, padColor, padCenter, sideRounding, scaleLimit, multiple, stride);
    }

    /** The same resize with another kernel and family (antialias as that family does by default). */
    public Resize withKernel(Interpolation i, ResizeFamily f) {
        return new Resize(mode, width, height, size, maxSize, i, f, defaultAntialias(f, i), padColor, padCenter, sideRounding, scaleLimit, multiple, stride);
    }

    /** The same resize with another side rounding. */
    public Resize withSideRounding(SideRounding r) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, padCenter, r, scaleLimit, multiple, stride);
    }

    /** The same resize, scaling only one way. */
    public Resize withScaleLimit(ScaleLimit l) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, padCenter, sideRounding, l, multiple, stride);
    }

    /** The same resize with each side rounded to a multiple of {@code n} (0 = none). */
    public Resize withMultiple(int n) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, padCenter, sideRounding, scaleLimit, n, stride);
    }

    /** The same letterbox padded only to a multiple of {@code n} (0 = to the whole size). */
    public Resize withStride(int n) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, padCenter, sideRounding, scaleLimit, multiple, n);
    }

    /** The same letterbox with another padding colour, in 0..255 pixel values. */
    public Resize withPadColor(int r, int g, int b) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, antialias, new int[] {r, g, b}, padCenter, sideRounding, scaleLimit, multiple, stride);
    }

    /** The same letterbox centred ({@code true}) or top-left. */
    public Resize withPadCenter(boolean center) {
        return new Resize(mode, width, height, size, maxSize, interpolation, family, antialias, padColor, center, sideRounding, scaleLimit, multiple, stride);
    }

    /** The same shorter-side resize with the longer side capped at {@code max} (0 = none). */
    public Resize withMaxSize(int max) {
        return new Resize(mode, width, height, size, max, interpolation, family, antialias, padColor, padCenter, sideRounding, scaleLimit, multiple, stride);
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
                && Arrays.equals(padColor, r.padColor) && padCenter == r.padCenter && sideRounding == r.sideRounding
                && scaleLimit == r.scaleLimit && multiple == r.multiple && stride == r.stride;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, width, height, size, maxSize, interpolation, family, antialias, Arrays.hashCode(padColor), padCenter, sideRounding,
                scaleLimit, multiple, stride);
    }

    @Override
    public String toString() {
        String target;
        String rounding = sideRounding == SideRounding.TRUNCATE ? "" : " (sides " + sideRounding.id() + ")";
        String limit = scaleLimit == ScaleLimit.ANY ? "" : scaleLimit == ScaleLimit.DOWN ? " (only shrinking)" : " (only enlarging)";
        String mult = multiple > 0 ? " (sides to a multiple of " + multiple + ")" : "";
        String padTo = stride > 0 && mode != ResizeMode.FIT ? " (padded right and bottom to a multiple of " + stride + ", pad rgb(" + padColor[0] + ","
                + padColor[1] + "," + padColor[2] + "))" : "";
        switch (mode) {
            case SHORTER_SIDE: target = "shorter side " + size + rounding + (maxSize > 0 ? " (longer at most " + maxSize + ")" : "") + limit + mult + padTo; break;
            case LONGER_SIDE: target = "longer side " + size + rounding + (maxSize > 0 ? " (sides at most " + maxSize + ")" : "") + limit + mult + padTo; break;
            case FIT: target = "fit in " + width + "x" + height + rounding + limit + " (letterbox " + (padCenter ? "centred" : "top-left")
                    + (stride > 0 ? ", padded to a multiple of " + stride : "") + ", pad rgb(" + padColor[0] + "," + padColor[1] + "," + padColor[2] + "))"; break;
            case FILL: target = "fill " + width + "x" + height + " (cover, centre crop)"; break;
            case HEIGHT: target = "height " + height + ", width ceil(" + height + "·w/h) top-left on a canvas at least " + width + " wide, pad rgb("
                    + padColor[0] + "," + padColor[1] + "," + padColor[2] + ")"; break;
            default: target = "exactly " + width + "x" + height + padTo;
        }
        return "resize " + target + ", " + family.id() + " " + interpolation.id() + (antialias ? " antialiased" : "");
    }
}
