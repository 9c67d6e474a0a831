package dev.pixelprep.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link PixelprepTranslator}s from DJL {@code Criteria} arguments, so a model is loaded with pixelprep's
 * preprocessing by name:
 * <pre>{@code
 * Criteria.builder().setTypes(Image.class, Classifications.class)
 *         .optModelPath(Path.of("examples/models/mobilenetv2-12-int8")).optEngine("OnnxRuntime")
 *         .optTranslatorFactory(new PixelprepTranslatorFactory())
 *         .optArgument("preset", "onnx-zoo-imagenet")
 *         .build();
 * }</pre>
 * Arguments: {@code preset} (a {@link Presets} name) or {@code recipe} (a {@link Recipes} name), exactly one; and
 * {@code synset}, the class names file in the model directory (default {@code synset.txt}; without the file, classes
 * are named {@code class N}). Supported types: ({@link Image}, {@link Classifications}) and ({@link PixelBuffer},
 * {@link Classifications}).
 *
 * <p>Stateless and immutable.
 */
public final class PixelprepTranslatorFactory implements TranslatorFactory {
    private static final Set<Pair<Type, Type>> TYPES = Set.of(new Pair<>(Image.class, Classifications.class),
            new Pair<>(PixelBuffer.class, Classifications.class));

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return TYPES;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) throws TranslateException {
        if (output != Classifications.class || (input != Image.class && input != PixelBuffer.class)) {
            throw new TranslateException("pixelprep translates Image or PixelBuffer to Classifications, not " + input.getSimpleName() + " to "
                    + output.getSimpleName());
        }
        Spec spec = spec(arguments);
        List<String> labels = labels(model.getModelPath(), String.valueOf(arguments.containsKey("synset") ? arguments.get("synset") : "synset.txt"),
                arguments.containsKey("synset"));
        try {
            return (Translator<I, O>) PixelprepTranslator.of(input, spec, labels);
        } catch (IllegalArgumentException e) {
            throw new TranslateException(e.getMessage());
        }
    }

    static Spec spec(Map<String, ?> arguments) throws TranslateException {
        Object preset = arguments.get("preset");
        Object recipe = arguments.get("recipe");
        if ((preset == null) == (recipe == null)) {
            throw new TranslateException("give the preprocessing as exactly one of the arguments preset or recipe"
                    + " (pixelprep spec presets lists them)");
        }
        try {
            return preset != null ? Presets.get(preset.toString()).toSpec() : Recipes.get(recipe.toString()).spec();
        } catch (IllegalArgumentException e) {
            throw new TranslateException(e.getMessage());
        }
    }

    /** The class names, one per line; none when the default file is absent, an error when a named one is. */
    static List<String> labels(Path modelDir, String name, boolean required) throws TranslateException {
        Path file = modelDir == null ? Path.of(name) : modelDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new TranslateException("synset " + file + ": no such file");
            }
            return List.of();
        }
        try {
            if (Files.size(file) > (16 << 20)) {
                throw new TranslateException("synset " + file + ": larger than 16 MiB, not a class list");
            }
            // as pixelprep classify reads them: line i names class i, trailing empty lines dropped
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                out.add(line.strip());
            }
            while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return out;
        } catch (IOException e) {
            throw new TranslateException("synset " + file + ": " + e.getMessage());
        }
    }
}
