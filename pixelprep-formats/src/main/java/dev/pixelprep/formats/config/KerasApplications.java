package dev.pixelprep.formats.config;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Keras;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras applications by name: which {@code preprocess_input} mode each uses ('caffe', 'tf', 'torch'), or that it
 * normalises inside the model and wants RGB 0..255 (EfficientNet, EfficientNetV2, ConvNeXt, MobileNetV3).
 * {@code preprocess_input} does not resize; the input size is whatever the model was built with.
 *
 * <p>Stateless utility: static methods only; its table of modes is filled once when the class loads and only read
 * afterwards.
 */
public final class KerasApplications {
    private static final Map<String, String> MODES = new LinkedHashMap<>();

    static {
        for (String n : List.of("VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152")) {
            MODES.put(n, "caffe");
        }
        for (String n : List.of("MobileNet", "MobileNetV2", "InceptionV3", "InceptionResNetV2", "Xception", "NASNetMobile", "NASNetLarge",
                "ResNet50V2", "ResNet101V2", "ResNet152V2")) {
            MODES.put(n, "tf");
        }
        for (String n : List.of("DenseNet121", "DenseNet169", "DenseNet201")) {
            MODES.put(n, "torch");
        }
        for (int i = 0; i <= 7; i++) {
            MODES.put("EfficientNetB" + i, "inside:EfficientNet: Rescaling(1/255), Normalization with the ImageNet statistics, then"
                    + " Rescaling(1/sqrt(std)) for the ImageNet weights");
        }
        for (String v : List.of("B0", "B1", "B2", "B3")) {
            MODES.put("EfficientNetV2" + v, "inside:EfficientNetV2 " + v + ": 1/255 then ImageNet mean/variance (include_preprocessing=True)");
        }
        for (String v : List.of("S", "M", "L")) {
            MODES.put("EfficientNetV2" + v, "inside:EfficientNetV2 " + v + ": x/128 - 1 (128, not 127.5; include_preprocessing=True)");
        }
        for (String v : List.of("Tiny", "Small", "Base", "Large", "XLarge")) {
            MODES.put("ConvNeXt" + v, "inside:ConvNeXt: a Normalization layer with mean 255*[0.485, 0.456, 0.406] and variance (255*[0.229, 0.224, 0.225])^2");
        }
        MODES.put("MobileNetV3Small", "inside:MobileNetV3: Rescaling(1/127.5, offset=-1) when include_preprocessing=True");
        MODES.put("MobileNetV3Large", "inside:MobileNetV3: Rescaling(1/127.5, offset=-1) when include_preprocessing=True");
    }

    private KerasApplications() {
    }

    /** The names this table knows, in display order. */
    public static List<String> names() {
        return List.copyOf(MODES.keySet());
    }

    public static Imported of(String application) {
        String key = null;
        String wanted = norm(application);
        for (String n : MODES.keySet()) {
            if (norm(n).equals(wanted)) {
                key = n;
            }
        }
        if (key == null) {
            throw new FormatException("unknown Keras application '" + application + "'; known: " + String.join(", ", MODES.keySet()));
        }
        String mode = MODES.get(key);
        List<String> notes = new ArrayList<>();
        notes.add("preprocess_input does not resize: feed the size the model was built with");
        Spec spec;
        if (mode.startsWith("inside:")) {
            spec = CoreMl.rgb(1, 0, 0, 0, false).toSpec();
            notes.add("normalisation is inside the model (" + mode.substring("inside:".length())
                    + "); preprocess_input is an identity: feed RGB 0..255, and do not normalise again");
        } else {
            spec = Keras.parse(mode).toSpec();
            notes.add(key + " uses preprocess_input mode='" + mode + "'" + (mode.equals("caffe") ? ", which flips RGB to BGR itself: give it RGB" : ""));
        }
        return new Imported("Keras application " + key, spec, notes);
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
