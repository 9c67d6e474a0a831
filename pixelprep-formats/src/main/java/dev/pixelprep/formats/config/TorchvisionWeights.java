package dev.pixelprep.formats.config;

import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.formats.FormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * torchvision classification weights: {@code weights.transforms()} is {@code ImageClassification(crop_size,
 * resize_size, ImageNet mean/std, interpolation)}: shorter side to resize_size, centre crop crop_size, then
 * normalise. A table of common weights (resize 256 / crop 224 bilinear is the V1 default).
 *
 * <p>Stateless utility: static methods only; its table of weights is filled once when the class loads and only read
 * afterwards.
 */
public final class TorchvisionWeights {
    private record Entry(int resize, int crop, Interpolation interpolation, String note) {
    }

    private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

    static {
        String v1 = "V1 weights use ImageClassification(crop_size=224) with the default resize_size 256";
        for (String n : List.of("ResNet18", "ResNet34", "ResNet50", "ResNet101", "ResNet152")) {
            TABLE.put(n + "_Weights.IMAGENET1K_V1", new Entry(256, 224, Interpolation.BILINEAR, v1));
        }
        for (String n : List.of("VGG16", "VGG19", "DenseNet121", "MobileNet_V2")) {
            TABLE.put(n + "_Weights.IMAGENET1K_V1", new Entry(256, 224, Interpolation.BILINEAR, v1));
        }
        TABLE.put("ResNet50_Weights.IMAGENET1K_V2", new Entry(232, 224, Interpolation.BILINEAR, "new training recipe: resize_size 232"));
        TABLE.put("MobileNet_V2_Weights.IMAGENET1K_V2", new Entry(232, 224, Interpolation.BILINEAR, "new training recipe: resize_size 232"));
        TABLE.put("Wide_ResNet50_2_Weights.IMAGENET1K_V2", new Entry(232, 224, Interpolation.BILINEAR, "new training recipe: resize_size 232"));
        TABLE.put("EfficientNet_B3_Weights.IMAGENET1K_V1", new Entry(320, 300, Interpolation.BICUBIC,
                "crop 300 / resize 320 bicubic (seen in a vendored copy of torchvision; not checked against upstream)"));
        TABLE.put("EfficientNet_B5_Weights.IMAGENET1K_V1", new Entry(456, 456, Interpolation.BICUBIC,
                "crop 456 / resize 456 bicubic (seen in a vendored copy of torchvision; not checked against upstream)"));
    }

    private TorchvisionWeights() {
    }

    public static List<String> names() {
        return List.copyOf(TABLE.keySet());
    }

    public static Imported of(String weights) {
        String want = weights.trim().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Entry> e : TABLE.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(want)) {
                Entry t = e.getValue();
                List<String> notes = new ArrayList<>();
                notes.add(t.note());
                notes.add("PIL input (always antialiased); for tensor input torchvision >= 0.17 antialiases too");
                return new Imported("torchvision " + e.getKey() + ".transforms()",
                        Torchvision.imagenet().applyTo(dev.pixelprep.core.spec.Spec.builder())
                                .geometry(Geometry.torchvision(t.resize(), t.crop(), t.interpolation())).build(), notes);
            }
        }
        throw new FormatException("unknown torchvision weights '" + weights + "'; known: " + String.join(", ", TABLE.keySet()));
    }
}
