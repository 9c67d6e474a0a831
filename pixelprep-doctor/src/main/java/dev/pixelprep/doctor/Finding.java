package dev.pixelprep.doctor;

import dev.pixelprep.core.lint.LintFinding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named preprocessing mistake: a stable identifier for scripts, a sentence for people, and the fitted numbers
 * behind it (insertion-ordered; values are numbers, number arrays or strings). The ids it shares with the spec lint
 * ({@code bias-not-scaled}, {@code mean-units}, {@code channel-swap}, {@code gray-inverted}) are the core's
 * {@link LintFinding} constants and mean the same mistake, found here from tensors and there from the spec's numbers.
 *
 * <p>Immutable: the numbers are copied in and out (array values too) and compared by content.
 */
public record Finding(String id, String message, Map<String, Object> numbers) {
    /** Colour channels reversed or permuted between the two tensors (the same id as the core's {@link LintFinding#CHANNEL_SWAP}). */
    public static final String CHANNEL_SWAP = LintFinding.CHANNEL_SWAP;
    /** Values off by a factor 255: a missing or extra {@code /255}. */
    public static final String SCALE_255 = "scale-255";
    /** Values off by a factor 127.5: 0..255 against −1..1. */
    public static final String SCALE_127_5 = "scale-127.5";
    /** Values off by a factor 2: 0..1 against −1..1. */
    public static final String SCALE_2 = "scale-2";
    /** A scale ratio none of the classic mistakes explains. */
    public static final String SCALE_OTHER = "scale-other";
    /** A bias written as {@code −mean} where the convention adds it after scaling ({@code −mean·scale}). */
    public static final String BIAS_NOT_SCALED = LintFinding.BIAS_NOT_SCALED;
    /** A mean in 0..1 units where 0..255 were needed, or the reverse. */
    public static final String MEAN_UNITS = LintFinding.MEAN_UNITS;
    /** An offset none of the classic mistakes explains. */
    public static final String OFFSET = "offset";
    /** One std for all channels where each channel has its own (or the reverse). */
    public static final String STD_AVERAGED = "std-averaged";
    /** Values inverted ({@code 255 − x}) on one side. */
    public static final String GRAY_INVERTED = LintFinding.GRAY_INVERTED;
    /** Channels-last against channels-first, in the shape or only in the memory order. */
    public static final String LAYOUT_NHWC_NCHW = "layout-nhwc-nchw";
    /** Height and width axes exchanged. */
    public static final String LAYOUT_HW_TRANSPOSED = "layout-hw-transposed";
    /** A per-pixel mean image on one side, a per-channel mean on the other. */
    public static final String MEAN_IMAGE = "mean-image";
    /** Different resize, crop or kernel: the pixels do not correspond. */
    public static final String RESIZE_MISMATCH = "resize-mismatch";
    /** The (x − mean)/std step left out: the reference normalises, yours stops at 0..1 or 0..255. */
    public static final String NORMALIZATION_MISSING = "normalization-missing";
    /** Normalised twice (or a model that normalises inside its graph fed normalised values). */
    public static final String DOUBLE_NORMALIZATION = "double-normalization";

    /** Every identifier, in the order findings are reported. */
    public static final List<String> IDS = List.of(LAYOUT_NHWC_NCHW, LAYOUT_HW_TRANSPOSED, CHANNEL_SWAP, GRAY_INVERTED, SCALE_255,
            SCALE_127_5, SCALE_2, SCALE_OTHER, STD_AVERAGED, NORMALIZATION_MISSING, DOUBLE_NORMALIZATION, BIAS_NOT_SCALED, MEAN_UNITS, OFFSET, MEAN_IMAGE,
            RESIZE_MISMATCH);

    public Finding {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown finding id " + id);
        }
        numbers = copy(numbers);
    }

    /** The numbers, in order; array values are copies, so changing them does not change this finding. */
    @Override
    public Map<String, Object> numbers() {
        return copy(numbers);
    }

    /** An unmodifiable copy in the same order, with every array value cloned. */
    private static Map<String, Object> copy(Map<String, Object> numbers) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : numbers.entrySet()) {
            Object v = e.getValue();
            if (v instanceof double[]) {
                v = ((double[]) v).clone();
            } else if (v instanceof int[]) {
                v = ((int[]) v).clone();
            } else if (v instanceof long[]) {
                v = ((long[]) v).clone();
            } else if (v instanceof float[]) {
                v = ((float[]) v).clone();
            }
            m.put(e.getKey(), v);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Equal when the id, message and numbers are, array values compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Finding)) {
            return false;
        }
        Finding o = (Finding) other;
        if (!id.equals(o.id) || !java.util.Objects.equals(message, o.message) || !numbers.keySet().equals(o.numbers.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : numbers.entrySet()) {
            if (!java.util.Objects.deepEquals(e.getValue(), o.numbers.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = id.hashCode() * 31 + java.util.Objects.hashCode(message);
        for (Map.Entry<String, Object> e : numbers.entrySet()) {
            h = h * 31 + e.getKey().hashCode() * 17 + java.util.Arrays.deepHashCode(new Object[] {e.getValue()});
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Finding[id=").append(id).append(", message=").append(message).append(", numbers={");
        String sep = "";
        for (Map.Entry<String, Object> e : numbers.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=');
            String v = java.util.Arrays.deepToString(new Object[] {e.getValue()});
            sb.append(v, 1, v.length() - 1);
            sep = ", ";
        }
        return sb.append("}]").toString();
    }

    /** Finding with numbers given as alternating name, value pairs. */
    static Finding of(String id, String message, Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return new Finding(id, message, m);
    }
}
