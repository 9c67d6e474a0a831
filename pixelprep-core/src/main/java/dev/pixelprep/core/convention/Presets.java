package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named specs for the common cases, each defined through the convention it comes from.
 *
 * <p>Stateless utility: the presets are immutable values in an unmodifiable map built once.
 */
public final class Presets {
    /** A named normalisation. */
    public record Preset(String name, String description, Convention convention, boolean invert) {
        /** Applies the preset's colour order, normalisation and inversion to {@code builder}. */
        public Spec.Builder applyTo(Spec.Builder builder) {
            return convention.applyTo(builder).invert(invert);
        }

        public Spec toSpec() {
            return applyTo(Spec.builder()).build();
        }
    }

    private static final Map<String, Preset> PRESETS;

    static {
        Map<String, Preset> m = new LinkedHashMap<>();
        add(m, "raw", "RGB 0..255 as is", CoreMl.rgb(1, 0, 0, 0, false), false);
        add(m, "unit", "RGB 0..1 (x/255)", CoreMl.rgb(1 / 255.0, 0, 0, 0, false), false);
        add(m, "signed-unit", "RGB -1..1 (x/127.5 - 1)", CoreMl.rgb(1 / 127.5, -1, -1, -1, false), false);
        add(m, "torchvision-imagenet", "RGB (x/255 - [0.485,0.456,0.406]) / [0.229,0.224,0.225]", Torchvision.imagenet(), false);
        add(m, "caffe-imagenet", "BGR x - [103.939,116.779,123.68] (VGG/ResNet-50 Caffe weights, Keras 'caffe')", new Keras(Keras.Mode.CAFFE), false);
        add(m, "keras-caffe", "same as caffe-imagenet: Keras preprocess_input mode='caffe'", new Keras(Keras.Mode.CAFFE), false);
        add(m, "keras-tf", "Keras preprocess_input mode='tf': RGB x/127.5 - 1", new Keras(Keras.Mode.TF), false);
        add(m, "keras-torch", "Keras preprocess_input mode='torch': as torchvision-imagenet", new Keras(Keras.Mode.TORCH), false);
        add(m, "clip", "OpenAI CLIP mean/std, RGB", HuggingFace.of(HuggingFace.openaiClipMean(), HuggingFace.openaiClipStd()), false);
        add(m, "mnist", "gray 0..1, 0 = black (x/255)", CoreMl.gray(1 / 255.0, 0), false);
        add(m, "mnist-inverted", "gray 0..1 inverted, 0 = white ((255 - x)/255): white-background drawings for MNIST-style models", CoreMl.gray(1 / 255.0, 0), true);
        PRESETS = Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, Preset> m, String name, String description, Convention c, boolean invert) {
        m.put(name, new Preset(name, description, c, invert));
    }

    private Presets() {
    }

    public static Map<String, Preset> all() {
        return PRESETS;
    }

    public static Preset get(String name) {
        Preset p = PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; expected one of " + String.join(", ", PRESETS.keySet()));
        }
        return p;
    }

    /** Whether the preset produces a gray tensor. */
    public static boolean isGray(String name) {
        return get(name).convention().colorOrder() == ColorOrder.GRAY;
    }
}
