package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;

/**
 * One framework's way of writing the per-channel normalisation, in that framework's own parameters, names
 * and units. Every convention maps exactly onto the canonical {@code y[c] = a[c]·x[c] + b[c]} of {@link Spec}
 * (x = 0..255 pixel value), and can evaluate its own formula in its own order of operations so the two can be
 * compared on all 256 input levels.
 *
 * <p>Every implementation in pixelprep is an immutable record (arrays copied in and out, equal by content); an
 * implementation of your own should be immutable too, since specs and exports keep it.
 */
public interface Convention {
    /** Short identifier, e.g. {@code coreml}, {@code torchvision}. */
    String id();

    /** Channel order of the tensor this convention produces. */
    ColorOrder colorOrder();

    /** The framework's own arithmetic for tensor channel {@code channel} at pixel value {@code x} (0..255). */
    double evaluate(int channel, int x);

    /** Per-channel scale {@code a[c]} of the canonical form, in tensor channel order. */
    double[] scale();

    /** Per-channel bias {@code b[c]} of the canonical form, in tensor channel order. */
    double[] bias();

    /** Sets colour order, scale and bias on {@code builder} (and clears inversion); leaves everything else. */
    default Spec.Builder applyTo(Spec.Builder builder) {
        return builder.color(colorOrder()).invert(false).scale(scale()).bias(bias());
    }

    /** A spec with this normalisation and default layout, dtype and alpha policy. */
    default Spec toSpec() {
        return applyTo(Spec.builder()).build();
    }

    /** The call or configuration a user of the framework writes, e.g. {@code transforms.Normalize(mean=[...], std=[...])}. */
    String render();
}
