package dev.pixelprep.doctor;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.PixelBuffer;

/**
 * An image the model doctor runs, with what the user knows about the right answer.
 *
 * <p>Immutable record; the pixel memory of its {@link dev.pixelprep.core.pixels.PixelBuffer} is the caller's, as for
 * any pixel buffer: do not write it while a doctor reads it.
 *
 * @param name     for messages and the report, e.g. the file name
 * @param pixels   the decoded image
 * @param label    the expected class (a name from the labels file or an index), or {@code null}
 * @param expected the model's expected output for this image (e.g. logits from the authors' pipeline), or {@code null}
 */
public record Sample(String name, PixelBuffer pixels, String label, Tensor expected) {
}
