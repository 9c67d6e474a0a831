package dev.pixelprep.core.engine;

/**
 * A classifier's output row read the one way every runtime adapter reads it (pixelprep-onnx's
 * {@code Classification}, pixelprep-djl's translator): already probabilities, or logits that softmax turns into them.
 *
 * <p>Stateless utility.
 */
public final class Scores {
    private Scores() {
    }

    /**
     * Whether {@code n} values from {@code from} are probabilities already: each in 0..1 (NaN is not) and summing to 1
     * within 1e-3, so that softmax must not be applied to them.
     */
    public static boolean isProbabilities(float[] v, int from, int n) {
        double sum = 0;
        for (int j = from; j < from + n; j++) {
            float x = v[j];
            if (!(x >= 0 && x <= 1)) {
                return false;
            }
            sum += x;
        }
        return Math.abs(sum - 1) < 1e-3;
    }

    /** Softmax, numerically stable: the maximum is subtracted before exponentiating, so large logits do not overflow. */
    public static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
