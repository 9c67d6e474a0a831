package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidPixelsException;

/**
 * A {@link Geometry} resolved for one source size: the resized size, where the resized image sits on the output
 * canvas (negative offsets crop, positive ones pad), and the colour of any padding. It also maps points and boxes
 * between the tensor and the source image, for undoing letterbox, crop and scale on a detector's output.
 *
 * <p>Coordinates are continuous pixel coordinates: pixel {@code i} covers {@code [i, i+1)}, its centre is
 * {@code i + 0.5}. Source coordinate {@code u} maps to resized coordinate {@code u / scaleX}.
 *
 * <p>Immutable: computed once for one source size; arrays are copied out; safe to share between threads.
 */
public final class Plan {
    private final int sourceWidth;
    private final int sourceHeight;
    private final int resizedWidth;
    private final int resizedHeight;
    private final boolean resample;
    private final double invScaleX;
    private final double invScaleY;
    private final int outputWidth;
    private final int outputHeight;
    private final int offsetX;
    private final int offsetY;
    private final int[] padColor;
    /** The output x and y of source point (0, 0): the offsets, scaled by a second resize when there is one. */
    private final double mapOffsetX;
    private final double mapOffsetY;
    /** A two-step geometry's first stage, or {@code null}. */
    private final Plan first;
    /** How the sensor frame is turned before the rest; sizes and the point mapping are in the turned frame. */
    private final FrameOrientation orientation;
    private final int sensorWidth;
    private final int sensorHeight;

    private Plan(int sw, int sh, int rw, int rh, boolean resample, double invX, double invY, int ow, int oh, int ox, int oy, int[] pad) {
        this(sw, sh, rw, rh, resample, invX, invY, ow, oh, ox, oy, pad, ox, oy, null);
    }

    private Plan(int sw, int sh, int rw, int rh, boolean resample, double invX, double invY, int ow, int oh, int ox, int oy, int[] pad,
                 double mapX, double mapY, Plan first) {
        this.sourceWidth = sw;
        this.sourceHeight = sh;
        this.resizedWidth = rw;
        this.resizedHeight = rh;
        this.resample = resample;
        this.invScaleX = invX;
        this.invScaleY = invY;
        this.outputWidth = ow;
        this.outputHeight = oh;
        this.offsetX = ox;
        this.offsetY = oy;
        this.padColor = pad;
        this.mapOffsetX = mapX;
        this.mapOffsetY = mapY;
        this.first = first;
        this.orientation = FrameOrientation.NONE;
        this.sensorWidth = sw;
        this.sensorHeight = sh;
    }

    /** {@code p} (planned for the turned frame) read from a {@code w × h} sensor frame turned by {@code o}. */
    private Plan(Plan p, FrameOrientation o, int w, int h) {
        this.sourceWidth = p.sourceWidth;
        this.sourceHeight = p.sourceHeight;
        this.resizedWidth = p.resizedWidth;
        this.resizedHeight = p.resizedHeight;
        this.resample = p.resample;
        this.invScaleX = p.invScaleX;
        this.invScaleY = p.invScaleY;
        this.outputWidth = p.outputWidth;
        this.outputHeight = p.outputHeight;
        this.offsetX = p.offsetX;
        this.offsetY = p.offsetY;
        this.padColor = p.padColor;
        this.mapOffsetX = p.mapOffsetX;
        this.mapOffsetY = p.mapOffsetY;
        this.first = p.first;
        this.orientation = o;
        this.sensorWidth = w;
        this.sensorHeight = h;
    }

    static Plan of(Geometry g, int w, int h) {
        return of(g, w, h, true);
    }

    /**
     * {@code bySize}: whether an author's rule for this source size may change the steps ({@link Geometry#forSource});
     * not for the first stage of a two-step geometry, whose engine runs the steps as given (such a source is refused).
     */
    private static Plan of(Geometry g, int w, int h, boolean bySize) {
        if (w <= 0 || h <= 0) {
            throw new InvalidPixelsException("image size must be positive, got " + w + "x" + h);
        }
        FrameOrientation o = g.orientation();
        if (!o.isNone()) {
            // everything is planned on the turned frame; only the sensor size and the box mapping remember the turn
            int tw = o.width(w, h);
            int th = o.height(w, h);
            Plan turned = g.resize() == null && g.crop() == null
                    ? new Plan(tw, th, tw, th, false, 1, 1, tw, th, 0, 0, new int[] {0, 0, 0})
                    : of(g.withOrientation(FrameOrientation.NONE), tw, th, bySize);
            return new Plan(turned, o, w, h);
        }
        Geometry sized = bySize ? g.forSource(w, h) : g;
        if (sized != g) {
            // an author's rule for this source size (PaddleOCR's small-image padding): its own steps
            return of(sized, w, h, false);
        }
        if (g.then() != null) {
            // two steps: the first stage's plan, then its whole output resized to exactly W x H; the mapping composes
            Plan p = of(g.firstStage(), w, h, false);
            Resize t = g.then();
            double sx = (double) t.width() / p.outputWidth;
            double sy = (double) t.height() / p.outputHeight;
            return new Plan(w, h, p.resizedWidth, p.resizedHeight, p.resample, p.invScaleX * sx, p.invScaleY * sy, t.width(), t.height(),
                    p.offsetX, p.offsetY, p.padColor, p.mapOffsetX * sx, p.mapOffsetY * sy, p);
        }
        int rw = w;
        int rh = h;
        double invX = 1;
        double invY = 1;
        int ow = w;
        int oh = h;
        int ox = 0;
        int oy = 0;
        int[] pad = {0, 0, 0};
        Resize r = g.resize();
        boolean customScale = false;
        if (r != null) {
            switch (r.mode()) {
                case EXACT:
                    rw = r.width();
                    rh = r.height();
                    break;
                case SHORTER_SIDE:
                case LONGER_SIDE: {
                    if (r.sideRounding() == SideRounding.SCALE) {
                        // PaddleDetection: one scale s, cv2.resize(fx=s, fy=s) rounds the sides and maps with 1/s
                        double s = paddleDetectionScale(r, w, h);
                        long sw = Math.round(Math.rint(w * s));
                        long sh = Math.round(Math.rint(h * s));
                        checkSize(g, w, h, Math.min(sw, sh), Math.max(sw, sh));
                        rw = (int) sw;
                        rh = (int) sh;
                        invX = s;
                        invY = s;
                        customScale = true;
                        break;
                    }
                    long[] wh = bySide(r, w, h);
                    if (r.multiple() > 0) {
                        wh[0] = toMultiple(wh[0], r.multiple());
                        wh[1] = toMultiple(wh[1], r.multiple());
                    }
                    checkSize(g, w, h, Math.min(wh[0], wh[1]), Math.max(wh[0], wh[1]));
                    rw = (int) wh[0];
                    rh = (int) wh[1];
                    break;
                }
                case FIT: {
                    double s = r.scaleLimit().apply(Math.min((double) r.width() / w, (double) r.height() / h));
                    boolean round = r.sideRounding() == SideRounding.ROUND;
                    if (r.sideRounding() == SideRounding.INTEGER && s != 1.0) {
                        // MediaPipe: the limiting side takes the target, the other W · h // w in integers
                        boolean widthLimits = (long) r.width() * h <= (long) r.height() * w;
                        rw = (int) Math.max(1, widthLimits ? r.width() : (long) r.height() * w / h);
                        rh = (int) Math.max(1, widthLimits ? (long) r.width() * h / w : r.height());
                    } else {
                        rw = (int) Math.max(1, Math.min(r.width(), round ? (long) Math.rint(w * s) : (long) (w * s)));
                        rh = (int) Math.max(1, Math.min(r.height(), round ? (long) Math.rint(h * s) : (long) (h * s)));
                    }
                    ow = r.stride() > 0 ? rw + (r.width() - rw) % r.stride() : r.width();
                    oh = r.stride() > 0 ? rh + (r.height() - rh) % r.stride() : r.height();
                    ox = r.padCenter() ? (ow - rw) / 2 : 0;
                    oy = r.padCenter() ? (oh - rh) / 2 : 0;
                    pad = r.padColor();
                    break;
                }
                case HEIGHT: {
                    // PaddleOCR rec: canvas int(H · max(W/H, w/h)), width ceil(H · w/h) unless that passes the canvas
                    double ratio = (double) w / h;
                    long canvas = (long) (r.height() * Math.max((double) r.width() / r.height(), ratio));
                    if (canvas < 1) {
                        // int(H · W/H) in floats is 0 for W = 1 on some heights; PaddleOCR would resize to a width of 0
                        throw new InvalidPixelsException("the text-line canvas int(" + r.height() + " · max(" + r.width() + "/" + r.height() + ", " + w + "/" + h
                                + ")) is 0 pixels wide; give a canvas width of at least 2");
                    }
                    long c = (long) Math.ceil(r.height() * ratio);
                    long lw = Math.max(1, c > canvas ? canvas : c);
                    checkSize(g, w, h, Math.min(lw, r.height()), Math.max(canvas, r.height()));
                    rw = (int) lw;
                    rh = r.height();
                    ow = (int) canvas;
                    oh = r.height();
                    pad = r.padColor();
                    break;
                }
                case FILL: {
                    float f = Math.max((float) r.width() / (float) w, (float) r.height() / (float) h);
                    long fw = Math.round(Math.rint(w * (double) f));
                    long fh = Math.round(Math.rint(h * (double) f));
                    checkSize(g, w, h, Math.min(fw, fh), Math.max(fw, fh));
                    rw = (int) Math.max(r.width(), fw);
                    rh = (int) Math.max(r.height(), fh);
                    invX = f;
                    invY = f;
                    customScale = r.family() == ResizeFamily.OPENCV;
                    ow = r.width();
                    oh = r.height();
                    ox = -(int) (0.5 * (rw - ow));
                    oy = -(int) (0.5 * (rh - oh));
                    break;
                }
                default:
                    throw new IllegalStateException(r.mode().name());
            }
            if (r.mode() != ResizeMode.FIT && r.mode() != ResizeMode.FILL && r.mode() != ResizeMode.HEIGHT) {
                // PadStride: the resized image top-left on a canvas rounded up to a multiple of the stride
                ow = r.stride() > 0 ? ceilTo(rw, r.stride()) : rw;
                oh = r.stride() > 0 ? ceilTo(rh, r.stride()) : rh;
                pad = r.padColor();
            }
            if (!customScale) {
                invX = (double) rw / w;
                invY = (double) rh / h;
            }
        }
        Crop c = g.crop();
        if (c != null) {
            int[] ax = cropAxis(c, ow, c.width(), "width");
            int[] ay = cropAxis(c, oh, c.height(), "height");
            ox += ax[0];
            oy += ay[0];
            ow = c.width();
            oh = c.height();
            if (r == null || (r.mode() != ResizeMode.FIT && r.mode() != ResizeMode.HEIGHT)) {
                pad = c.padColor();
            }
        }
        boolean resample = rw != w || rh != h;
        return new Plan(w, h, rw, rh, resample, invX, invY, ow, oh, ox, oy, pad);
    }

    /**
     * PaddleDetection's {@code Resize.generate_scale} with {@code keep_ratio}: {@code size / short}, replaced by
     * {@code max_size / long} when {@code round(s · long)} (numpy's half-to-even) passes {@code max_size}; for a
     * longer-side rule {@code size / long}. Held to the scale limit.
     */
    private static double paddleDetectionScale(Resize r, int w, int h) {
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        double s;
        if (r.mode() == ResizeMode.SHORTER_SIDE) {
            s = (double) r.size() / shortSide;
            if (r.maxSize() > 0 && Math.rint(s * longSide) > r.maxSize()) {
                s = (double) r.maxSize() / longSide;
            }
        } else {
            s = (double) r.size() / longSide;
        }
        return r.scaleLimit().apply(s);
    }

    private static int ceilTo(int side, int n) {
        long c = ((long) side + n - 1) / n * n;
        if (c > Resize.MAX_SIDE) {
            throw new InvalidPixelsException("padding a side of " + side + " to a multiple of " + n + " gives " + c + " pixels, more than " + Resize.MAX_SIDE);
        }
        return (int) c;
    }

    /** {width, height} of a shorter- or longer-side resize of w × h, before any multiple-of rounding. */
    private static long[] bySide(Resize r, int w, int h) {
        boolean shorter = r.mode() == ResizeMode.SHORTER_SIDE;
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        int ref = shorter ? shortSide : longSide;
        int other = shorter ? longSide : shortSide;
        // the side the rule sets is the shorter (or longer) one; on a square image both
        boolean wIsRef = shorter ? w <= h : w >= h;
        switch (r.sideRounding()) {
            case HALF_UP: {
                // Segment Anything: s = size / side, then int(side · s + 0.5) for both (a side of 0 is refused below)
                double ratio = r.scaleLimit().apply((double) r.size() / ref);
                return new long[] {(long) (w * ratio + 0.5), (long) (h * ratio + 0.5)};
            }
            case RATIO: {
                // PaddleOCR: r = limit / side, then int(h · r) and int(w · r); held to the scale limit first
                if (w + h < 64) {
                    // Geometry.forSource pads such a source first; only a geometry it leaves alone (with a crop, a second
                    // resize or tensor-unit padding) gets here
                    throw new InvalidPixelsException("PaddleOCR pads an image whose width + height is under 64 (here " + w + "x" + h
                            + ") with zeros to at least 32x32 before resizing, which this geometry (with a crop, a second resize"
                            + " or tensor-unit padding) cannot do: pad the image first");
                }
                double ratio = r.scaleLimit().apply((double) r.size() / ref);
                long rw = (long) (w * ratio);
                long rh = (long) (h * ratio);
                if (r.maxSize() > 0 && Math.max(rw, rh) > r.maxSize()) {
                    // max_side_limit: scale the truncated sides again
                    double again = (double) r.maxSize() / Math.max(rw, rh);
                    rw = (long) (rw * again);
                    rh = (long) (rh * again);
                }
                return new long[] {Math.max(1, rw), Math.max(1, rh)};
            }
            case HF:
                return hf(r, w, h);
            default: {
                if (r.scaleLimit().apply((double) r.size() / ref) == 1.0 && r.size() != ref) {
                    // outside the limit: the image keeps its size (the cap below still applies)
                    return capped(r, wIsRef, ref, other);
                }
                long newRef = r.size();
                long newOther = r.sideRounding() == SideRounding.ROUND ? (long) Math.rint((double) r.size() / ref * other)
                        : (long) ((double) r.size() * other / ref);
                return capped(r, wIsRef, newRef, Math.max(1, newOther));
            }
        }
    }

    /** torchvision's max_size: when the new longer side passes it, the shorter becomes int(max · short / long). */
    private static long[] capped(Resize r, boolean wIsRef, long newRef, long newOther) {
        if (r.maxSize() > 0 && newOther > r.maxSize()) {
            newRef = (long) ((double) r.maxSize() * newRef / newOther);
            newOther = r.maxSize();
        }
        return wIsRef ? new long[] {newRef, newOther} : new long[] {newOther, newRef};
    }

    /**
     * Hugging Face's {@code get_size_with_aspect_ratio} (DETR family): the target shorter side is
     * {@code round(raw)} with {@code raw = max · short / long} when the longer side would pass {@code max}, the
     * longer side {@code int(raw · long / short)}; an image whose shorter side already is the target keeps its size.
     */
    private static long[] hf(Resize r, int w, int h) {
        double minSide = Math.min(w, h);
        double maxSide = Math.max(w, h);
        double size = r.size();
        double raw = Double.NaN;
        if (r.maxSize() > 0 && maxSide / minSide * size > r.maxSize()) {
            raw = r.maxSize() * minSide / maxSide;
            size = (long) Math.rint(raw);
        }
        if ((h <= w && h == size) || (w <= h && w == size)) {
            return new long[] {w, h};
        }
        if (w < h) {
            long oh = Double.isNaN(raw) ? (long) (size * h / w) : (long) (raw * h / w);
            return new long[] {(long) size, oh};
        }
        long ow = Double.isNaN(raw) ? (long) (size * w / h) : (long) (raw * w / h);
        return new long[] {ow, (long) size};
    }

    /** PaddleOCR's {@code max(int(round(s / n) · n), n)}, Python's half-to-even round. */
    private static long toMultiple(long s, int n) {
        return Math.max((long) Math.rint((double) s / n) * n, n);
    }

    private static void checkSize(Geometry g, int w, int h, long shortSide, long longSide) {
        if (shortSide < 1 || longSide > Resize.MAX_SIDE) {
            throw new InvalidPixelsException("resizing the " + w + "x" + h + " image by '" + g.resize() + "' would give a side of "
                    + (shortSide < 1 ? shortSide : longSide) + " pixels (allowed 1.." + Resize.MAX_SIDE + "); the aspect ratio is too extreme");
        }
    }

    /** {shift of the image on the output axis, resulting size} for a centre crop of {@code crop} from {@code size}. */
    private static int[] cropAxis(Crop c, int size, int crop, String what) {
        if (crop > size) {
            if (!c.pad()) {
                throw new InvalidPixelsException("crop " + what + " " + crop + " is larger than the image's " + size
                        + " and padding is off");
            }
            return new int[] {c.rounding().padBefore(size, crop)};
        }
        return new int[] {-c.rounding().offset(size, crop)};
    }

    /** Width of the source as the rest of the geometry sees it: the sensor frame turned by {@link #orientation()}. */
    public int sourceWidth() {
        return sourceWidth;
    }

    /** How the sensor frame is turned first ({@link FrameOrientation#NONE} for images). */
    public FrameOrientation orientation() {
        return orientation;
    }

    /** Width of the frame as stored (before the turn); equals {@link #sourceWidth()} when nothing turns. */
    public int sensorWidth() {
        return sensorWidth;
    }

    public int sensorHeight() {
        return sensorHeight;
    }

    public int sourceHeight() {
        return sourceHeight;
    }

    /** Width of the whole resized image (before crop or padding). */
    public int resizedWidth() {
        return resizedWidth;
    }

    public int resizedHeight() {
        return resizedHeight;
    }

    /** Whether any resampling happens (false when the resize would keep the size: every peer then copies). */
    public boolean resamples() {
        return resample;
    }

    /** Resized pixels per source pixel horizontally (OpenCV's {@code inv_scale_x}; its cover rule uses the float factor). */
    public double invScaleX() {
        return invScaleX;
    }

    public double invScaleY() {
        return invScaleY;
    }

    /** Width of the output (tensor) image. */
    public int outputWidth() {
        return outputWidth;
    }

    public int outputHeight() {
        return outputHeight;
    }

    /** Column of the output where the resized image's column 0 lands (negative when cropped). */
    public int offsetX() {
        return offsetX;
    }

    public int offsetY() {
        return offsetY;
    }

    /** {R, G, B} of output pixels not covered by the image. */
    public int[] padColor() {
        return padColor.clone();
    }

    /**
     * The part of the resized image that lands on the output, in resized coordinates, or {@code null} when none
     * does (a top-left letterbox, or an image padded right and bottom to a stride, cut by a centre crop can leave
     * only padding).
     */
    public Window visibleWindow() {
        if (first != null) {
            return first.visibleWindow();
        }
        int x0 = Math.max(0, -offsetX);
        int y0 = Math.max(0, -offsetY);
        int x1 = Math.min(resizedWidth, outputWidth - offsetX);
        int y1 = Math.min(resizedHeight, outputHeight - offsetY);
        return x1 > x0 && y1 > y0 ? new Window(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /** Source x of output (tensor) x. */
    public double toSourceX(double x) {
        return (x - mapOffsetX) / invScaleX;
    }

    public double toSourceY(double y) {
        return (y - mapOffsetY) / invScaleY;
    }

    /** Output (tensor) x of source x. */
    public double toOutputX(double u) {
        return u * invScaleX + mapOffsetX;
    }

    public double toOutputY(double v) {
        return v * invScaleY + mapOffsetY;
    }

    /**
     * A two-step geometry's first stage (the resize, crop and padding before the second resize), or this plan. In a
     * two-step plan the sizes, offsets and {@link #visibleWindow()} are the first stage's; the output size, the
     * scale factors and the point and box mapping are the whole geometry's.
     */
    public Plan firstStage() {
        return first == null ? this : first;
    }

    /**
     * A box {x1, y1, x2, y2} in output coordinates, mapped to source coordinates and clipped to the source image;
     * with an {@link #orientation()}, to the sensor frame as stored (the corners reordered so that x1 ≤ x2, y1 ≤ y2).
     */
    public double[] boxToSource(double[] box) {
        double[] b = {
            clamp(toSourceX(box[0]), sourceWidth), clamp(toSourceY(box[1]), sourceHeight),
            clamp(toSourceX(box[2]), sourceWidth), clamp(toSourceY(box[3]), sourceHeight)};
        if (orientation.isNone()) {
            return b;
        }
        double[] p = orientation.toSensor(b[0], b[1], sensorWidth, sensorHeight);
        double[] q = orientation.toSensor(b[2], b[3], sensorWidth, sensorHeight);
        return new double[] {Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])};
    }

    /** A box {x1, y1, x2, y2} in sensor-frame coordinates (before the turn), mapped to output coordinates (not clipped). */
    public double[] sensorBoxToOutput(double[] box) {
        if (orientation.isNone()) {
            return boxToOutput(box);
        }
        FrameOrientation inverse = orientation.inverse();
        int tw = sourceWidth;
        int th = sourceHeight;
        double[] p = inverse.toSensor(box[0], box[1], tw, th);
        double[] q = inverse.toSensor(box[2], box[3], tw, th);
        return boxToOutput(new double[] {Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])});
    }

    /** A box {x1, y1, x2, y2} in source coordinates, mapped to output coordinates (not clipped). */
    public double[] boxToOutput(double[] box) {
        return new double[] {toOutputX(box[0]), toOutputY(box[1]), toOutputX(box[2]), toOutputY(box[3])};
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    @Override
    public String toString() {
        if (first != null) {
            return first + " -> resized again to " + outputWidth + "x" + outputHeight;
        }
        String turn = orientation.isNone() ? "" : sensorWidth + "x" + sensorHeight + " " + orientation + " -> ";
        return turn + sourceWidth + "x" + sourceHeight + " -> resized " + resizedWidth + "x" + resizedHeight + (resample ? "" : " (no resampling)")
                + " -> output " + outputWidth + "x" + outputHeight + " at offset (" + offsetX + "," + offsetY + ")";
    }
}
