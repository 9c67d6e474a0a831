package dev.pixelprep.core.spec;

import dev.pixelprep.core.InvalidSpecException;

import java.util.Arrays;

/**
 * What to do with alpha when the model wants colour only.
 *
 * <ul>
 *   <li>{@link Kind#DROP}: keep the stored colour values and ignore alpha, as Pillow's {@code convert("RGB")} and
 *       OpenCV's {@code imread(IMREAD_COLOR)} do (transparent pixels keep whatever RGB they hold).</li>
 *   <li>{@link Kind#UNPREMULTIPLY}: for premultiplied sources, divide colour by alpha first:
 *       {@code c' = min(255, (c·255 + a/2) / a)}, 0 where alpha is 0. Straight sources pass unchanged.</li>
 *   <li>{@link Kind#COMPOSITE}: blend over an opaque background colour:
 *       {@code (c·a + bg·(255 − a) + 127) / 255} for straight alpha, {@code c + (bg·(255 − a) + 127) / 255} for
 *       premultiplied alpha (integer division, 8-bit result).</li>
 * </ul>
 *
 * <p>Immutable: arrays are copied in and out; equal by content; safe to share between threads.
 */
public final class AlphaPolicy {
    public enum Kind { DROP, UNPREMULTIPLY, COMPOSITE }

    public static final AlphaPolicy DROP = new AlphaPolicy(Kind.DROP, null);
    public static final AlphaPolicy UNPREMULTIPLY = new AlphaPolicy(Kind.UNPREMULTIPLY, null);

    private final Kind kind;
    private final int[] background;

    private AlphaPolicy(Kind kind, int[] background) {
        this.kind = kind;
        this.background = background;
    }

    /** Composite over an opaque RGB background, each component 0..255. */
    public static AlphaPolicy composite(int red, int green, int blue) {
        int[] bg = {red, green, blue};
        for (int i = 0; i < 3; i++) {
            if (bg[i] < 0 || bg[i] > 255) {
                throw new InvalidSpecException("$.alpha.background[" + i + "]", "must be 0..255, got " + bg[i]);
            }
        }
        return new AlphaPolicy(Kind.COMPOSITE, bg);
    }

    public Kind kind() {
        return kind;
    }

    /** Background {R, G, B} for {@link Kind#COMPOSITE}, else {@code null}. */
    public int[] background() {
        return background == null ? null : background.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlphaPolicy && ((AlphaPolicy) o).kind == kind && Arrays.equals(((AlphaPolicy) o).background, background);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(background);
    }

    @Override
    public String toString() {
        return kind == Kind.COMPOSITE ? "composite over rgb(" + background[0] + "," + background[1] + "," + background[2] + ")"
                : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
