package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidSpecException;

/**
 * How a camera frame is turned upright before the rest of the geometry: rotated clockwise by {@code rotation}
 * degrees (0, 90, 180 or 270, CameraX's {@code ImageInfo.getRotationDegrees()}, iOS's
 * {@code CGImagePropertyOrientation} angles), then, if {@code mirror}, flipped left to right (front cameras). The
 * result is exactly the frame that {@code cv2.rotate} with {@code ROTATE_90_CLOCKWISE} / {@code ROTATE_180} /
 * {@code ROTATE_90_COUNTERCLOCKWISE} and then {@code cv2.flip(img, 1)} would give; the engine reads the sensor frame
 * in that order instead of making the turned copy.
 *
 * <p>Immutable value; thread-safe.
 */
public record FrameOrientation(int rotation, boolean mirror) {
    /** The frame as it is. */
    public static final FrameOrientation NONE = new FrameOrientation(0, false);

    public FrameOrientation {
        if (rotation != 0 && rotation != 90 && rotation != 180 && rotation != 270) {
            throw new InvalidSpecException("$.orientation.rotate", "must be 0, 90, 180 or 270 (degrees clockwise), got " + rotation);
        }
    }

    /** Whether the frame is used as it is. */
    public boolean isNone() {
        return rotation == 0 && !mirror;
    }

    /**
     * The turn that undoes this one. A mirrored turn is its own inverse (a reflection after a rotation is a reflection);
     * a rotation alone is undone by the opposite rotation.
     */
    public FrameOrientation inverse() {
        return mirror ? this : new FrameOrientation((360 - rotation) % 360, false);
    }

    /**
     * The EXIF orientation (1..8, also {@code CGImagePropertyOrientation}'s raw value) of a stored frame that this turn
     * makes upright: 6 for 90° ({@code .right}), 3 for 180°, 8 for 270°, 2 for a mirror alone, 5 (transpose) for 90°
     * then mirror, 4 for 180° then mirror, 7 (transverse) for 270° then mirror.
     */
    public int exifOrientation() {
        int[] plain = {1, 6, 3, 8};
        int[] mirrored = {2, 5, 4, 7};
        return (mirror ? mirrored : plain)[rotation / 90];
    }

    /** Whether the turned frame's width is the sensor frame's height. */
    public boolean swapsAxes() {
        return rotation == 90 || rotation == 270;
    }

    /** Width of the turned frame of a {@code w × h} sensor frame. */
    public int width(int w, int h) {
        return swapsAxes() ? h : w;
    }

    /** Height of the turned frame of a {@code w × h} sensor frame. */
    public int height(int w, int h) {
        return swapsAxes() ? w : h;
    }

    /**
     * Sensor-frame point of turned-frame point {@code (x, y)}, continuous coordinates (pixel {@code i} covers
     * {@code [i, i+1)}), for a {@code w × h} sensor frame; pixel centres map to pixel centres.
     */
    public double[] toSensor(double x, double y, int w, int h) {
        int tw = width(w, h);
        double xr = mirror ? tw - x : x;
        switch (rotation) {
            case 90: return new double[] {y, h - xr};
            case 180: return new double[] {w - xr, h - y};
            case 270: return new double[] {w - y, xr};
            default: return new double[] {xr, y};
        }
    }

    /** Sensor pixel column of turned pixel {@code (x, y)} of a {@code w × h} sensor frame (integer pixel indices). */
    public int sensorX(int x, int y, int w, int h) {
        int xr = mirror ? width(w, h) - 1 - x : x;
        switch (rotation) {
            case 90: return y;
            case 180: return w - 1 - xr;
            case 270: return w - 1 - y;
            default: return xr;
        }
    }

    /** Sensor pixel row of turned pixel {@code (x, y)} of a {@code w × h} sensor frame. */
    public int sensorY(int x, int y, int w, int h) {
        int xr = mirror ? width(w, h) - 1 - x : x;
        switch (rotation) {
            case 90: return h - 1 - xr;
            case 180: return h - 1 - y;
            case 270: return xr;
            default: return y;
        }
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "upright";
        }
        return (rotation == 0 ? "" : "rotated " + rotation + "° clockwise") + (mirror ? (rotation == 0 ? "" : ", then ") + "mirrored" : "");
    }
}
