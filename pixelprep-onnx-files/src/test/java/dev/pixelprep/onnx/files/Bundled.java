package dev.pixelprep.onnx.files;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.io.ImageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled models and photos, and the reference tensors pixelprep-onnx's tests keep. */
final class Bundled {
    static final Path MOBILENET = Path.of("../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx");
    static final Path SYNSET = Path.of("../examples/models/mobilenetv2-12-int8/synset.txt");
    static final Path ULTRAFACE = Path.of("../examples/models/ultraface/version-RFB-320.onnx");
    static final Path REFERENCE = Path.of("../pixelprep-onnx/src/test/resources/reference");

    private Bundled() {
    }

    static Tensor npy(String name) throws IOException {
        try (InputStream in = Files.newInputStream(REFERENCE.resolve(name))) {
            return Npy.read(in, name);
        }
    }

    static PixelBuffer image(String name) {
        return ImageDecoder.defaults().decode(Path.of("../examples", name)).pixels();
    }
}
