package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;

/**
 * One preprocessing the model doctor tries.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param normalization what the values are, e.g. {@code ImageNet mean/std (torchvision)}
 * @param color         channel order, e.g. {@code RGB}
 * @param geometry      how the image is fitted, e.g. {@code shorter side 256 + centre crop (pillow)}
 * @param spec          the full spec
 */
public record Candidate(String normalization, String color, String geometry, Spec spec) {
    /** e.g. {@code ImageNet mean/std (torchvision), RGB, stretch (pillow)}. */
    public String name() {
        return normalization + ", " + color + ", " + geometry;
    }
}
