package example;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OrtSession;
import dev.pixelprep.djl.PixelprepTranslatorFactory;

import java.nio.file.Path;

/** DJL with pixelprep's preprocessing: the translator writes the model authors' tensor into the NDArray. */
public class DjlClassifier {
    public static Classifications classify(Path photo) throws Exception {
        // a quantised model needs ONNX Runtime's exact kernels on x86-64 CPUs without VNNI (pixelprep's OnnxModel sets them)
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addConfigEntry("session.x64quantprecision", "1");
            Criteria<Image, Classifications> criteria = Criteria.builder()
                    .setTypes(Image.class, Classifications.class)
                    .optModelPath(Path.of("examples/models/mobilenetv2-12-int8"))   // with its synset.txt
                    .optEngine("OnnxRuntime")
                    .optTranslatorFactory(new PixelprepTranslatorFactory())
                    .optArgument("preset", "onnx-zoo-imagenet")
                    .optArgument("sessionOptions", options)
                    .build();
            try (ZooModel<Image, Classifications> model = criteria.loadModel();
                 Predictor<Image, Classifications> predictor = model.newPredictor()) {
                return predictor.predict(ImageFactory.getInstance().fromFile(photo));
            }
        }
    }
}
