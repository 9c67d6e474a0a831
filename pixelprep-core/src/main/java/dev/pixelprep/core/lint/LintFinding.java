package dev.pixelprep.core.lint;

import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One likely mistake in a spec, found by {@link SpecLint}: a stable identifier for scripts, one line for people,
 * the spec with the mistake corrected (when one can be stated) and the numbers behind the judgement.
 *
 * <p>Immutable, with value equality: {@code numbers} is an unmodifiable insertion-ordered copy whose values are
 * {@code Double}, {@code String}, {@code Boolean} or unmodifiable {@code List<Double>} (arrays given to the
 * constructor are copied into lists).
 *
 * @param id        one of {@link #IDS}; the ids shared with the doctor ({@code pixelprep-doctor}'s {@code Finding})
 *                  mean the same mistake there
 * @param message   one line in the user's terms
 * @param corrected the spec with this one mistake corrected, or {@code null} when no single correction follows
 * @param numbers   the values the rule compared
 */
public record LintFinding(String id, String message, Spec corrected, Map<String, Object> numbers) {
    /** A bias written as {@code −mean} where the convention adds it after scaling ({@code −mean·scale}): Core ML's classic trap. */
    public static final String BIAS_NOT_SCALED = "bias-not-scaled";
    /** A mean in 0..1 units where 0..255 were needed, or the reverse. */
    public static final String MEAN_UNITS = "mean-units";
    /** A known convention's constants on the wrong colours, or a colour order other than the one the model declares. */
    public static final String CHANNEL_SWAP = "channel-swap";
    /** Values inverted ({@code 255 − x}) where the model declares otherwise, or not inverted where it declares inversion. */
    public static final String GRAY_INVERTED = "gray-inverted";
    /** A std written as the variance (a known std squared). */
    public static final String STD_AS_VARIANCE = "std-as-variance";
    /** Values outside the range the model declares (e.g. ONNX {@code Image.NominalPixelRange}). */
    public static final String VALUE_RANGE = "value-range";

    /** Every identifier, in the order {@link SpecLint} reports findings. */
    public static final List<String> IDS = List.of(BIAS_NOT_SCALED, MEAN_UNITS, STD_AS_VARIANCE, CHANNEL_SWAP, GRAY_INVERTED, VALUE_RANGE);

    public LintFinding {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown lint finding id " + id + "; expected one of " + IDS);
        }
        Objects.requireNonNull(message, "message");
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : numbers.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "number name"), value(e.getValue()));
        }
        numbers = Collections.unmodifiableMap(copy);
    }

    private static Object value(Object v) {
        if (v instanceof double[]) {
            List<Double> l = new ArrayList<>();
            for (double d : (double[]) v) {
                l.add(d);
            }
            return List.copyOf(l);
        }
        if (v instanceof List<?>) {
            List<Double> l = new ArrayList<>();
            for (Object o : (List<?>) v) {
                l.add(((Number) o).doubleValue());
            }
            return List.copyOf(l);
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("a lint number must be a number, a number array, a string or a boolean, got "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    /** Finding with numbers given as alternating name, value pairs. */
    static LintFinding of(String id, String message, Spec corrected, Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return new LintFinding(id, message, corrected, m);
    }

    /**
     * The corrected spec as the arguments of {@code convention} (an {@code Export} id such as {@code coreml},
     * {@code torchvision}, {@code opencv}; {@code coreml-imagetype} for coremltools' {@code ct.ImageType(scale=..., bias=[...],
     * color_layout=...)}; {@code null} or {@code canonical} for the canonical scale and bias), on one
     * line, e.g. {@code image_scale=0.00392156862745098, red_bias=-0.485019607843137, ...}; {@code null} when there
     * is no correction.
     */
    public String correctedArguments(String convention) {
        return corrected == null ? null : ConventionArguments.of(corrected, convention);
    }
}
