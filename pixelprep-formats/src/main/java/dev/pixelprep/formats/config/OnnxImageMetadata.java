package dev.pixelprep.formats.config;

import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A spec in ONNX's image metadata ({@code docs/MetadataProps.md}): {@code Image.BitmapPixelFormat} (Gray8, Rgb8,
 * Bgr8) and {@code Image.NominalPixelRange}, which only has four ranges (0..255, 0..1, -1..1, 16..235). When none
 * fits, the exact alternative is to prepend {@code Sub}/{@code Mul} nodes with per-channel constants.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class OnnxImageMetadata {
    private static final String[] RANGES = {"NominalRange_0_255", "Normalized_0_1", "Normalized_1_1", "NominalRange_16_235"};
    private static final double[][] AB = {{1, 0}, {1 / 255.0, 0}, {2 / 255.0, -1}, {219 / 255.0, 16}};

    private OnnxImageMetadata() {
    }

    public static Target express(Spec spec) {
        double[][] ab = KnownConventions.affine(spec);
        int c = spec.channels();
        double[] dev = KnownConventions.meanDeviation(spec);
        int best = -1;
        double[] bestErr = null;
        for (int r = 0; r < RANGES.length; r++) {
            double[] err = new double[c];
            for (int i = 0; i < c; i++) {
                double da = ab[0][i] - AB[r][0];
                double db = ab[1][i] - AB[r][1];
                err[i] = Math.max(Math.abs(db), Math.abs(255 * da + db)) + dev[i];
            }
            if (bestErr == null || max(err) < max(bestErr)) {
                best = r;
                bestErr = err;
            }
        }
        double tol = Expression.EXACT_TOLERANCE + 1e-6 * 255;
        boolean exact = max(bestErr) <= tol;
        String format = spec.color() == ColorOrder.GRAY ? "Gray8" : spec.color() == ColorOrder.BGR ? "Bgr8" : "Rgb8";
        String text = "metadata_props: Image.BitmapPixelFormat=" + format + ", Image.NominalPixelRange=" + RANGES[best]
                + "  (input TypeProto.denotation IMAGE)";
        List<String> notes = new ArrayList<>();
        if (!exact) {
            StringBuilder mean = new StringBuilder();
            StringBuilder scale = new StringBuilder();
            boolean possible = true;
            for (int i = 0; i < c; i++) {
                possible &= ab[0][i] != 0;
                mean.append(i > 0 ? ", " : "").append(ab[0][i] == 0 ? "?" : fmt(-ab[1][i] / ab[0][i]));
                scale.append(i > 0 ? ", " : "").append(fmt(ab[0][i]));
            }
            notes.add("no NominalPixelRange fits; closest is " + RANGES[best]);
            if (possible) {
                notes.add("exact instead: prepend Sub(x, [" + mean + "]) and Mul(., [" + scale + "]) with [1," + c + ",1,1] constants"
                        + " on the float NCHW input");
            }
        }
        notes.add("pixelprep also reads its exact spec from metadata_props key pixelprep.spec (the JSON spec)");
        return new Target("onnx", true, exact, bestErr, text, notes);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.8g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", ".0");
    }
}
