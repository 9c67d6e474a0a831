package example;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;

import java.nio.file.Path;
import java.util.List;

/** A photo file to the top-5 classes of an ONNX classifier, preprocessed as the model's authors did. */
public class ClassifyAPhoto {
    public static List<Classification.Prediction> top5(Path photoFile) {
        // the ONNX Model Zoo's ImageNet preprocessing, resize and crop included
        Spec spec = Presets.get("onnx-zoo-imagenet").toSpec();
        List<String> labels = Classification.readLabels(Path.of("examples/models/mobilenetv2-12-int8/synset.txt"));
        // decoded as Pillow and OpenCV decode it: ICC profiles ignored, EXIF orientation applied
        PixelBuffer photo = ImageDecoder.defaults().decode(photoFile).pixels();
        try (OnnxModel model = OnnxModel.open(Path.of("examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx"))) {
            return model.classify(spec, photo, 5, labels);   // checks the spec against the model's input first
        }
    }

    public static void main(String[] args) {
        for (Classification.Prediction p : top5(Path.of(args.length > 0 ? args[0] : "examples/chelsea.png"))) {
            System.out.printf("%-30s %.4f%n", p.label(), p.probability());
        }
    }
}
