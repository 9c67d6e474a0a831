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
 * <p>Padding (a letterbox's, a text line's canvas, a crop larger than the image) is a colour in pixel values that
 * the normalisation then maps, unless {@code padValue} is given: then the padded tensor elements hold that value
 * itself, written after normalisation, as Segment Anything ({@code F.pad} with 0 after {@code (x − mean)/std}) and
 * PaddleOCR recognition (zeros after {@code (x/255 − 0.5)/0.5}) pad.
 *
 * @param resizeOnFloats resize float values after normalisation instead of 8-bit pixels before it
 * @param padValue       the padding in tensor units, one value or one per channel (tensor order); {@code null} =
 *                       the pad colour in pixel values
 * @param then           a second resize of the whole result to exactly W × H (MediaPipe's {@code resize_pad}:
 *                       letterbox into 256², then that canvas to 128²; the padding is resampled with the image), or
 *                       {@code null}
 * @param orientation    how a camera frame is turned upright first (rotation, mirror); every later step, the plan's
 *                       sizes and its point mapping are in the turned frame, and {@link Plan#boxToSource} maps back to
 *                       the sensor frame; {@code null} means {@link FrameOrientation#NONE}
 * @param padBatch       how images of one batch whose tensors differ in size share one: {@code false} = they may not
 *                       (the batch is refused, naming the first that differs); {@code true} = each is padded on the
 *                       right and at the bottom to the batch's largest width and height with {@code padValue} in tensor
 *                       units (PaddleDetection's {@code create_inputs}; with a stride of 32 on the resize, torchvision's
 *                       {@code GeneralizedRCNNTransform.batch_images}). A text-line resize ({@link ResizeMode#HEIGHT})
 *                       needs none: its lines share the widest line's canvas
 */
public record Geometry(Resize resize, Crop crop, boolean resizeOnFloats, double[] padValue, Resize then, FrameOrientation orientation,
                       boolean padBatch) {
    public Geometry {
        orientation = orientation == null ? FrameOrientation.NONE : orientation;
        if (padBatch) {
            if (padValue == null) {
                throw new InvalidSpecException("$.pad_batch", "batch padding is written in tensor units: give pad_value too"
                        + " (PaddleDetection and torchvision pad batches with 0)");
            }
            if (crop != null || then != null) {
                throw new InvalidSpecException("$.pad_batch", (crop != null ? "a crop" : "a second resize") + " gives every image one size;"
                        + " batch padding has nothing to pad");
            }
            if (resize != null && resize.mode() == ResizeMode.HEIGHT) {
                throw new InvalidSpecException("$.pad_batch", "text lines share the widest line's canvas already; leave out pad_batch");
            }
        }
        if (then != null) {
            if (then.mode() != ResizeMode.EXACT) {
                throw new InvalidSpecException("$.then", "a second resize is exact W x H, not " + then.mode().id());
            }
            if (then.stride() != 0 || then.sideRounding() != SideRounding.TRUNCATE) {
                throw new InvalidSpecException("$.then", "a second resize is exact W x H, without stride padding or side rounding");
            }
            if (padValue != null) {
                throw new InvalidSpecException("$.pad_value", "padding in tensor units cannot go through a second resize");
            }
            if (resizeOnFloats) {
                throw new InvalidSpecException("$.then", "a second resize runs on 8-bit pixels; the float stage has none");
            }
        }
        if (padValue != null) {
            if (padValue.length != 1 && padValue.length != 3) {
                throw new InvalidSpecException("$.pad_value", "expected one value or one per channel (3), got " + padValue.length);
            }
            padValue = padValue.clone();
            for (int i = 0; i < padValue.length; i++) {
                if (!Double.isFinite(padValue[i])) {
                    throw new InvalidSpecException("$.pad_value[" + i + "]", "must be a finite number, got " + padValue[i]);
                }
            }
        }
        if (resize == null && crop == null && orientation.isNone()) {
            throw new InvalidSpecException("$.resize", "a geometry needs a resize, a crop, an orientation or some of them");
        }
        if (resizeOnFloats && (resize == null || resize.family() != ResizeFamily.TORCHVISION_TENSOR)) {
            throw new InvalidSpecException("$.resize.stage", "resizing float values is torch's interpolate on float tensors: it needs a "
                    + "torchvision-tensor resize (Pillow and OpenCV resize 8-bit images)");
        }
    }

    /** A geometry whose batches must share one tensor size. */
    public Geometry(Resize resize, Crop crop, boolean resizeOnFloats, double[] padValue, Resize then, FrameOrientation orientation) {
        this(resize, crop, resizeOnFloats, padValue, then, orientation, false);
    }

    /** A geometry without a frame orientation. */
    public Geometry(Resize resize, Crop crop, boolean resizeOnFloats, double[] padValue, Resize then) {
        this(resize, crop, resizeOnFloats, padValue, then, FrameOrientation.NONE);
    }

    /** Resize and crop on 8-bit pixels, before normalisation. */
    public Geometry(Resize resize, Crop crop) {
        this(resize, crop, false, null, null);
    }

    /** Only turning a camera frame upright. */
    public static Geometry oriented(FrameOrientation orientation) {
        return new Geometry(null, null, false, null, null, orientation);
    }

    /** The same geometry applied to the frame turned by {@code o} first. */
    public Geometry withOrientation(FrameOrientation o) {
        return new Geometry(resize, crop, resizeOnFloats, padValue, then, o, padBatch);
    }

    /** Resize and crop, on floats when asked; padding in pixel values. */
    public Geometry(Resize resize, Crop crop, boolean resizeOnFloats) {
        this(resize, crop, resizeOnFloats, null, null);
    }

    /** Resize and crop, on floats when asked, with the padding in tensor units ({@code null}: a pixel colour). */
    public Geometry(Resize resize, Crop crop, boolean resizeOnFloats, double[] padValue) {
        this(resize, crop, resizeOnFloats, padValue, null);
    }

    /** The same geometry, then its whole result resized to exactly {@code second}'s size. */
    public Geometry withThen(Resize second) {
        return new Geometry(resize, crop, resizeOnFloats, padValue, second, orientation, padBatch);
    }

    /** This geometry without its second resize (its first stage). */
    public Geometry firstStage() {
        return then == null ? this : new Geometry(resize, crop, resizeOnFloats, padValue, null, orientation, padBatch);
    }

    /** The same geometry with its padding written as {@code values} in tensor units (one, or one per channel). */
    public Geometry withPadValue(double... values) {
        return new Geometry(resize, crop, resizeOnFloats, values, then, orientation, padBatch);
    }

    /** The same geometry with a batch's images padded right and bottom to its largest ({@code padBatch}). */
    public Geometry withPadBatch(boolean pad) {
        return new Geometry(resize, crop, resizeOnFloats, padValue, then, orientation, pad);
    }

    /** The padding value of channel {@code c} in tensor units, or NaN when padding is a pixel colour. */
    public double padValue(int c) {
        return padValue == null ? Double.NaN : padValue[padValue.length == 1 ? 0 : c];
    }

    @Override
    public double[] padValue() {
        return padValue == null ? null : padValue.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && java.util.Objects.equals(resize, g.resize) && java.util.Objects.equals(crop, g.crop)
                && resizeOnFloats == g.resizeOnFloats && java.util.Arrays.equals(padValue, g.padValue) && java.util.Objects.equals(then, g.then)
                && orientation.equals(g.orientation) && padBatch == g.padBatch;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(resize, crop, resizeOnFloats, java.util.Arrays.hashCode(padValue), then, orientation, padBatch);
    }

    /** Only {@code resize}, no crop, on 8-bit pixels. */
    public static Geometry of(Resize resize) {
        return new Geometry(resize, null);
    }

    /**
     * Stretch to exactly {@code width × height} (aspect not kept) with {@code family}'s {@code interpolation}, as
     * {@code cv2.resize(img, (w, h))} ({@code OPENCV}) or {@code PIL.Image.resize((w, h))} ({@code PILLOW}) do.
     */
    public static Geometry exact(int width, int height, Interpolation interpolation, ResizeFamily family) {
        return of(Resize.exact(width, height, interpolation, family));
    }

    /**
     * Letterbox into {@code width × height}: keep the aspect, centre, pad with black, OpenCV bilinear, fitted side
     * truncated ({@code blobFromImageWithParams} with {@code DNN_PMODE_LETTERBOX}). Detectors round the side and pad
     * grey: {@code Geometry.of(Resize.letterbox(640, 640).withSideRounding(SideRounding.ROUND).withPadColor(114, 114, 114))},
     * or take their {@link dev.pixelprep.core.convention.Recipes recipe}.
     */
    public static Geometry fit(int width, int height) {
        return of(Resize.letterbox(width, height));
    }

    /**
     * Cover {@code width × height} keeping the aspect, then cut the centred window ({@link ResizeMode#FILL}, as
     * OpenCV's {@code blobFromImage(..., crop=True)} and Vision's {@code centerCrop}).
     */
    public static Geometry fill(int width, int height, Interpolation interpolation, ResizeFamily family) {
        return of(new Resize(ResizeMode.FILL, width, height, 0, 0, interpolation, family, Resize.defaultAntialias(family, interpolation), null, true));
    }

    /**
     * Shorter side to {@code size} (the other truncated, as torchvision's {@code Resize(int)}), then the centred
     * {@code crop × crop} window with torchvision's offsets ({@code CenterCrop}).
     */
    public static Geometry shorterSide(int size, int crop, Interpolation interpolation, ResizeFamily family) {
        return new Geometry(Resize.shorterSide(size, interpolation, family), Crop.torchvision(crop, crop));
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

    /**
     * The geometry a {@code width × height} source (as stored) is actually prepared with: this one, except where an
     * author's rule changes the steps for that size. The one such rule: PaddleOCR's {@code DetResizeForTest} pads a
     * source whose width + height is under 64 with black ({@code image_padding}: zeros in 8-bit pixels) on the right
     * and at the bottom to at least 32 × 32, and resizes that; for a ratio-rounded side resize here that is a
     * top-left crop to {@code max(32, w) × max(32, h)} padded black, then an exact resize to the sizes the rule gives
     * the padded image. Boxes then map back through the padding to the source's own pixels (PaddleOCR's DB
     * post-processing instead scales the padded canvas onto the source size).
     */
    public Geometry forSource(int width, int height) {
        Resize r = resize;
        if (r == null || r.sideRounding() != SideRounding.RATIO || r.stride() != 0 || crop != null || then != null || padValue != null || padBatch) {
            return this;
        }
        int w = orientation.width(width, height);
        int h = orientation.height(width, height);
        if ((long) w + h >= 64) {
            return this;
        }
        int pw = Math.max(32, w);
        int ph = Math.max(32, h);
        Plan padded = new Geometry(r, null).plan(pw, ph);
        return new Geometry(null, new Crop(pw, ph, CropRounding.TOP_LEFT, true, new int[] {0, 0, 0}), false, null,
                Resize.exact(padded.resizedWidth(), padded.resizedHeight(), r.interpolation(), r.family()), orientation);
    }

    /** Resolves the sizes and offsets for a source image of {@code width × height}. */
    public Plan plan(int width, int height) {
        return Plan.of(this, width, height);
    }

    @Override
    public String toString() {
        String pv = padValue == null ? "" : ", padding " + (padValue.length == 1 ? Double.toString(padValue[0]) : java.util.Arrays.toString(padValue))
                + " in tensor units";
        String second = (then == null ? "" : ", then the whole " + then)
                + (padBatch ? ", a batch padded right and bottom to its largest image" : "");
        String turn = orientation.isNone() ? "" : "frame " + orientation + (resize == null && crop == null ? "" : ", then ");
        if (resize == null) {
            return turn + (crop == null ? "" : crop) + pv + second;
        }
        String r = resizeOnFloats ? resize + " on float values" : resize.toString();
        return turn + (crop == null ? r : r + ", then " + crop) + pv + second;
    }
}
