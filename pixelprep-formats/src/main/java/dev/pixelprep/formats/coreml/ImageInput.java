package dev.pixelprep.formats.coreml;

/**
 * One image input of a Core ML model (or of a sub-model of a pipeline).
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param where        {@code model} or a path such as {@code pipeline.models[1] "classifier"}
 * @param modelType    the (sub-)model's type, e.g. {@code neuralNetworkClassifier}, {@code mlProgram}
 * @param name         feature name
 * @param width        default width
 * @param height       default height
 * @param flexibility  {@code fixed size}, the enumerated sizes or the size ranges
 * @param colorSpace   GRAYSCALE, RGB, BGR, GRAYSCALE_FLOAT16 (or the unknown number)
 * @param preprocessing what is stored for it
 */
public record ImageInput(String where, String modelType, String name, long width, long height, String flexibility,
                         String colorSpace, StoredPreprocessing preprocessing) {
    /** Whether the input accepts other sizes than {@code width × height}. */
    public boolean flexible() {
        return !"fixed size".equals(flexibility);
    }
}
