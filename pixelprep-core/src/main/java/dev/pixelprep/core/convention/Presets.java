package dev.pixelprep.core.convention;

import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named specs for the common cases, each defined through the convention it comes from. Most name a normalisation
 * only (the geometry is the caller's); those named after a model source ({@code onnx-zoo-imagenet},
 * {@code torchvision-v1}, {@code torchvision-v2}) carry their resize and crop as well, so the preset alone
 * reproduces that source's tensors. {@link Recipes} holds the whole preprocessings of detection, OCR and
 * segmentation families.
 *
 * <p>Stateless utility: the presets are immutable values in an unmodifiable map built once.
 */
public final class Presets {
    /**
     * A named normalisation, with the geometry of its model source when it has one.
     *
     * <p>Immutable: a value compared by content.
     *
     * @param geometry the resize and crop the preset's source applies, or {@code null} for a normalisation only
     */
    public record Preset(String name, String description, Convention convention, boolean invert, Geometry geometry) {
        /** A normalisation-only preset. */
        public Preset(String name, String description, Convention convention, boolean invert) {
            this(name, description, convention, invert, null);
        }

        /**
         * Applies the preset's colour order, normalisation and inversion to {@code builder}, and its geometry when
         * it has one (the builder's geometry stays otherwise).
         */
        public Spec.Builder applyTo(Spec.Builder builder) {
            Spec.Builder b = convention.applyTo(builder).invert(invert);
            return geometry == null ? b : b.geometry(geometry);
        }

        /** Whether the preset includes a resize and crop. */
        public boolean hasGeometry() {
            return geometry != null;
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
        // ONNX Model Zoo validated/vision/classification/imagenet_preprocess.py (the bundled MobileNet v2's own
        // preprocessing): PIL resize of the shorter side to 256 with the other side int(round(ratio * side)), crop at
        // w//2 - 112 (floor), then ImageNet mean/std
        m.put("onnx-zoo-imagenet", new Preset("onnx-zoo-imagenet", "ONNX Model Zoo ImageNet classifiers (imagenet_preprocess.py): shorter side 256"
                + " with the other side round()ed, Pillow bilinear, centre crop 224 at w//2 - 112, torchvision's mean/std", Torchvision.imagenet(), false,
                new Geometry(Resize.shorterSide(256, Interpolation.BILINEAR, ResizeFamily.PILLOW).withSideRounding(SideRounding.ROUND),
                        new Crop(224, 224, CropRounding.FLOOR, true, null))));
        // torchvision/transforms/_presets.py ImageClassification (resize_size 256 unless given, bilinear) as the
        // classification weights of torchvision/models/*.py declare it
        m.put("torchvision-v1", new Preset("torchvision-v1", "torchvision weights with ImageClassification(crop_size=224): Resize(256) bilinear"
                + " on the PIL image, CenterCrop(224), ImageNet mean/std (most IMAGENET1K_V1 weights: ResNet, VGG, DenseNet, MobileNet ...)",
                Torchvision.imagenet(), false, Geometry.torchvision(256, 224, Interpolation.BILINEAR)));
        m.put("torchvision-v2", new Preset("torchvision-v2", "torchvision weights with ImageClassification(crop_size=224, resize_size=232):"
                + " Resize(232) bilinear, CenterCrop(224), ImageNet mean/std (the IMAGENET1K_V2 weights of ResNet-50/101/152, ResNeXt,"
                + " Wide ResNet, MobileNet v2 ...; check weights.transforms())", Torchvision.imagenet(), false,
                Geometry.torchvision(232, 224, Interpolation.BILINEAR)));
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
