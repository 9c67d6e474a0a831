package dev.pixelprep.io.spec;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodeOptions;

import java.util.Objects;

/**
 * A spec file's whole content: the {@link Spec} (pixels to tensor) and how image files are decoded before it
 * (ICC profile and EXIF orientation policy, the {@code decode} block).
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 */
public record SpecDocument(Spec spec, DecodeOptions decode) {
    public SpecDocument {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(decode, "decode");
    }
}
