package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.TfLite;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TFLite metadata {@code NormalizationOptions}: {@code (x − mean)/std} per channel on 0..255 RGB (one value applies to
 * all channels). From values, or from the metadata JSON the metadata displayer writes
 * ({@code subgraph_metadata[0].input_tensor_metadata[i].process_units[].options}).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class TfLiteNormalization {
    private TfLiteNormalization() {
    }

    public static Imported of(double[] mean, double[] std, boolean gray) {
        try {
            TfLite t = new TfLite(mean, std, gray);
            List<String> notes = new ArrayList<>();
            notes.add("a quantized model carries its float twin's normalisation; uint8 inputs get the bytes as they are in the Task Library");
            return new Imported("TFLite NormalizationOptions(mean=" + HfPreprocessorConfig.list(mean) + ", std=" + HfPreprocessorConfig.list(std) + ")",
                    t.applyTo(Spec.builder()).build(), notes);
        } catch (InvalidSpecException e) {
            throw new FormatException("TFLite NormalizationOptions: " + e.getMessage());
        }
    }

    public static Imported read(Path file) {
        return parse(Json.read(file), file.getFileName().toString());
    }

    public static Imported parse(String json, String name) {
        return parse(Json.parse(json, name), name);
    }

    static Imported parse(JsonNode root, String name) {
        JsonNode subgraphs = root.path("subgraph_metadata");
        for (JsonNode sg : subgraphs) {
            for (JsonNode t : sg.path("input_tensor_metadata")) {
                for (JsonNode pu : t.path("process_units")) {
                    if ("NormalizationOptions".equals(pu.path("options_type").asText())) {
                        double[] mean = Json.numbers(pu.path("options"), "mean", name);
                        double[] std = Json.numbers(pu.path("options"), "std", name);
                        if (mean == null || std == null) {
                            throw new FormatException(name + ": NormalizationOptions without mean and std");
                        }
                        String cs = t.path("content").path("content_properties").path("color_space").asText("RGB").toUpperCase(Locale.ROOT);
                        Imported i = of(mean, std, cs.equals("GRAYSCALE"));
                        return new Imported("TFLite metadata of input '" + t.path("name").asText() + "' (" + name + ")", i.spec(), i.notes());
                    }
                }
            }
        }
        throw new FormatException(name + ": no input tensor with NormalizationOptions in subgraph_metadata");
    }
}
