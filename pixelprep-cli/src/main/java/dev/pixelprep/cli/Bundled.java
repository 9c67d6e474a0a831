package dev.pixelprep.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the files shipped in the repository's {@code examples/} folder, from the working directory or the jar's location. */
final class Bundled {
    static final String MOBILENET = "models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
    static final String MOBILENET_LABELS = "models/mobilenetv2-12-int8/synset.txt";
    static final String ULTRAFACE = "models/ultraface/version-RFB-320.onnx";
    static final String ULTRAFACE_LABELS = "models/ultraface/voc-model-labels.txt";

    private Bundled() {
    }

    static Path path(String relative) {
        Path here = Path.of("examples").resolve(relative);
        if (Files.exists(here)) {
            return here;
        }
        try {
            Path jar = Path.of(Bundled.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <repo>/pixelprep-cli/target/pixelprep.jar (or target/classes when run from the build)
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                Path candidate = p.resolve("examples").resolve(relative);
                if (Files.exists(candidate)) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the plain relative path, whose absence the caller reports
        }
        return here;
    }
}
