package dev.pixelprep.formats.config;

import dev.pixelprep.core.spec.Spec;

import java.util.List;

/**
 * A spec read from a framework's own description of its preprocessing.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param source where it came from, e.g. {@code Hugging Face CLIPImageProcessor (preprocessor_config.json)}
 * @param spec   the canonical spec, with geometry when the source has one
 * @param notes  defaults filled in for missing keys, approximations, steps the spec does not carry
 */
public record Imported(String source, Spec spec, List<String> notes) {
    public Imported {
        notes = List.copyOf(notes);
    }
}
