package dev.pixelprep.formats.config;

import dev.pixelprep.formats.FormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16 item 5: the HF / timm / TFLite config reader uses the same JSON limits as spec files. */
class ConfigJsonLimitsTest {
    @Test
    void deepNestingAndHugeValuesAreOneLineFormatErrors() {
        String deep = "{\"image_mean\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThatThrownBy(() -> HfPreprocessorConfig.parse(deep, "preprocessor_config.json")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("preprocessor_config.json: JSON nested deeper than the 64 levels accepted (line 1");
        assertThatThrownBy(() -> TimmConfig.parse("{\"input_size\": " + "7".repeat(10_000) + "}", "config.json"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("config.json: a JSON number longer than the 100 characters accepted");
        assertThatThrownBy(() -> TfLiteNormalization.parse("{\"name\": \"" + "n".repeat(3 << 20) + "\"}", "meta.json"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("meta.json: a JSON string longer than the 1048576 characters accepted");
    }

    @Test
    void aSecondRootValueIsRefused() {
        assertThatThrownBy(() -> HfPreprocessorConfig.parse("{\"image_mean\": [0.5]} {\"image_std\": [0.5]}", "p.json"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("p.json: text after the JSON value (line 1, column 23)");
    }
}
