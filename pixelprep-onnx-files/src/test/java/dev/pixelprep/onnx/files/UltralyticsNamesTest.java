package dev.pixelprep.onnx.files;

import dev.pixelprep.core.InvalidSpecException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The class names of an Ultralytics export's metadata, as Python's {@code str()} of its names dict writes them. */
class UltralyticsNamesTest {
    private static final Path DIR = Path.of("src/test/resources/ultralytics");

    @Test
    void readsAThousandImageNetNamesInPythonsOwnQuoting() throws IOException {
        String text = Files.readString(DIR.resolve("names-imagenet.txt"));
        List<String> names = UltralyticsNames.fromMetadata(Map.of("author", "Ultralytics", "names", text));
        assertThat(names).hasSize(1000).containsExactlyElementsOf(Files.readAllLines(DIR.resolve("names-imagenet.expected.txt")));
        assertThat(names.get(285)).isEqualTo("Egyptian cat");
        assertThat(names).contains("jack-o'-lantern", "yellow lady's slipper"); // double-quoted by Python
    }

    @Test
    void escapesAndTheCocoStyleShortForm() {
        assertThat(UltralyticsNames.parse("{0: 'person', 1: 'bicycle', 2: 'car'}")).containsExactly("person", "bicycle", "car");
        assertThat(UltralyticsNames.parse("{0: 'it\\'s', 1: \"say \\\"hi\\\"\", 2: 'caf\\xe9', 3: '\\u00e9t\\u00e9', 4: 'a\\\\b'}"))
                .containsExactly("it's", "say \"hi\"", "café", "été", "a\\b");
        assertThat(UltralyticsNames.parse("{}")).isEmpty();
    }

    @Test
    void onlyAnUltralyticsExportsNamesAreTaken() {
        assertThat(UltralyticsNames.fromMetadata(Map.of("names", "{0: 'a'}"))).isEmpty();
        assertThat(UltralyticsNames.fromMetadata(Map.of("author", "Ultralytics"))).isEmpty();
    }

    @Test
    void anythingButConsecutiveIndicesToStringsIsRefusedInOneLine() {
        assertThatThrownBy(() -> UltralyticsNames.parse("{0: 'a', 2: 'b'}")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("Ultralytics metadata names: index 2 where 1 was due");
        assertThatThrownBy(() -> UltralyticsNames.parse("{1: 'a'}")).hasMessageContaining("index 1 where 0 was due");
        assertThatThrownBy(() -> UltralyticsNames.parse("{0: 'a'} x")).hasMessageContaining("text after the closing '}'");
        assertThatThrownBy(() -> UltralyticsNames.parse("{0: 'a")).hasMessageContaining("a name is not closed");
        assertThatThrownBy(() -> UltralyticsNames.parse("{0: a}")).hasMessageContaining("expected a quoted name");
        assertThatThrownBy(() -> UltralyticsNames.parse("['a', 'b']")).hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> UltralyticsNames.parse("{0: 'a\\q'}")).hasMessageContaining("unknown escape \\q");
        assertThatThrownBy(() -> UltralyticsNames.parse("{99999999: 'a'}")).hasMessageContaining("where 0 was due");
    }
}
