package dev.pixelprep.bench;

import org.opencv.core.Mat;

import java.nio.FloatBuffer;

/** Checks, before anything is timed, that pixelprep and its OpenCV peer computed the same tensor. */
final class Agreement {
    /** Largest absolute difference tolerated between the two outputs. */
    static final double TOLERANCE = 1e-4;

    private Agreement() {
    }

    /** The first {@code n} floats of a continuous CV_32F Mat of any shape. */
    static float[] floats(Mat blob, int n) {
        if (!blob.isContinuous() || blob.total() * blob.channels() < n) {
            throw new IllegalStateException("OpenCV blob " + blob + " is not a continuous buffer of at least " + n + " floats");
        }
        float[] all = new float[(int) (blob.total() * blob.channels())];
        blob.reshape(1, 1).get(0, 0, all);
        float[] head = new float[n];
        System.arraycopy(all, 0, head, 0, n);
        return head;
    }

    static float[] floats(FloatBuffer buffer, int n) {
        float[] a = new float[n];
        buffer.get(0, a, 0, n);
        return a;
    }

    /** Throws unless every element agrees within {@link #TOLERANCE}; returns the largest difference seen. */
    static double require(String what, float[] pixelprep, float[] opencv) {
        return require(what, pixelprep, opencv, TOLERANCE);
    }

    /** Throws unless every element agrees within {@code tolerance}; returns the largest difference seen. */
    static double require(String what, float[] pixelprep, float[] opencv, double tolerance) {
        if (pixelprep.length != opencv.length) {
            throw new IllegalStateException(what + ": pixelprep wrote " + pixelprep.length + " floats, OpenCV " + opencv.length);
        }
        double worst = 0;
        for (int i = 0; i < pixelprep.length; i++) {
            double d = Math.abs((double) pixelprep[i] - opencv[i]);
            if (!(d <= tolerance)) {
                throw new IllegalStateException(what + ": element " + i + " differs by more than " + tolerance
                        + ": pixelprep " + pixelprep[i] + ", peer " + opencv[i]);
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
