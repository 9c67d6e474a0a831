package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.convention.Keras;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.Resources;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType.ColorSpace;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ModelDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Pipeline;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CoreMlEditorTest {
    static Model real(String name) {
        return CoreMlFile.read(Resources.path("coreml/" + name)).model();
    }

    /** The model with the edited parts (preprocessing of {@code input}, its colour space) cleared, everywhere in the tree. */
    static Model strip(Model m, String input) {
        Model.Builder b = m.toBuilder();
        stripDescription(b.getDescriptionBuilder(), input);
        switch (b.getTypeCase()) {
            case NEURALNETWORK:
                b.getNeuralNetworkBuilder().clearPreprocessing().addAllPreprocessing(m.getNeuralNetwork().getPreprocessingList().stream()
                        .filter(p -> !p.getFeatureName().equals(input)).toList());
                break;
            case NEURALNETWORKCLASSIFIER:
                b.getNeuralNetworkClassifierBuilder().clearPreprocessing().addAllPreprocessing(m.getNeuralNetworkClassifier().getPreprocessingList()
                        .stream().filter(p -> !p.getFeatureName().equals(input)).toList());
                break;
            case PIPELINE: {
                Pipeline.Builder p = b.getPipelineBuilder();
                for (int i = 0; i < p.getModelsCount(); i++) {
                    p.setModels(i, strip(p.getModels(i), input));
                }
                break;
            }
            default:
                break;
        }
        return b.build();
    }

    private static void stripDescription(ModelDescription.Builder d, String input) {
        for (FeatureDescription.Builder f : d.getInputBuilderList()) {
            if (f.getName().equals(input) && f.getType().hasImageType()) {
                f.getTypeBuilder().getImageTypeBuilder().clearColorSpace();
            }
        }
    }

    static ImageInput reread(Model m) {
        // through bytes, as a file would be
        return CoreMlInspector.inspect(CoreMlFile.parse(m.toByteArray(), "test")).imageInputs().get(0);
    }

    @Test
    void keras_caffe_into_ultraface_writes_bgr_and_raw_biases_and_keeps_everything_else() {
        Model original = real("ultraface_face_detector.mlmodel");
        CoreMlEditor.Result r = CoreMlEditor.fix(original, null, new Keras(Keras.Mode.CAFFE).toSpec(), false);
        assertThat(r.input()).isEqualTo("input");
        ImageInput in = reread(r.model());
        assertThat(in.colorSpace()).isEqualTo("BGR");
        assertThat(in.preprocessing().scale()).isEqualTo(1.0);
        // tensor order B, G, R: the Keras 'caffe' constants (reference §4) with their sign
        assertThat(in.preprocessing().bias()[0]).isCloseTo(-103.939, within(1e-4));
        assertThat(in.preprocessing().bias()[1]).isCloseTo(-116.779, within(1e-4));
        assertThat(in.preprocessing().bias()[2]).isCloseTo(-123.68, within(1e-4));
        assertThat(KnownConventions.rank(in.preprocessing().toSpec()).get(0).exact()).isTrue();
        assertThat(strip(r.model(), "input").toByteArray()).isEqualTo(strip(original, "input").toByteArray());
    }

    @Test
    void per_channel_std_is_refused_with_the_error_and_written_only_when_approximate() {
        Model original = real("ultraface_face_detector.mlmodel");
        Spec tv = Torchvision.imagenet().toSpec();
        assertThatThrownBy(() -> CoreMlEditor.fix(original, "input", tv, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("one channelScale").hasMessageContaining("--approximate");
        CoreMlEditor.Result r = CoreMlEditor.fix(original, "input", tv, true);
        ImageInput in = reread(r.model());
        // minimax single scale: midway between the smallest and largest 1/(255·std), std R 0.229 and G 0.224
        double mid = (1 / (255 * 0.229) + 1 / (255 * 0.224)) / 2;
        assertThat(in.preprocessing().scale()).isCloseTo(mid, within(1e-7));
        assertThat(r.notes()).anyMatch(n -> n.startsWith("approximated"));
        assertThat(strip(r.model(), "input").toByteArray()).isEqualTo(strip(original, "input").toByteArray());
    }

    @Test
    void inverted_mnist_on_the_gray_classifier_becomes_a_negative_scale() {
        Model original = real("mnistCNN.mlmodel");
        CoreMlEditor.Result r = CoreMlEditor.fix(original, "image", Presets.get("mnist-inverted").toSpec(), false);
        ImageInput in = reread(r.model());
        assertThat(in.colorSpace()).isEqualTo("GRAYSCALE");
        assertThat(in.preprocessing().scale()).isCloseTo(-1 / 255.0, within(1e-9));
        assertThat(in.preprocessing().bias()[0]).isCloseTo(1, within(1e-7));
        assertThat(KnownConventions.rank(in.preprocessing().toSpec()).get(0).name()).isEqualTo("mnist-inverted");
        assertThat(strip(r.model(), "image").toByteArray()).isEqualTo(strip(original, "image").toByteArray());
        assertThat(CoreMlInspector.inspect(r.model()).classLabels()).isEqualTo(10);
    }

    @Test
    void a_mean_image_replaces_the_scaler_and_is_centre_cropped_to_the_input() {
        Model original = real("Image2Image.mlmodel");
        float[] data = new float[3 * 258 * 260];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 1000;
        }
        MeanImage mean = new MeanImage(3, 258, 260, data);
        CoreMlEditor.Result r = CoreMlEditor.fix(original, null, Spec.builder().color(ColorOrder.BGR).meanImage(mean).build(), false);
        ImageInput in = reread(r.model());
        assertThat(in.preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.MEAN_IMAGE);
        assertThat(in.colorSpace()).isEqualTo("BGR");
        MeanImage got = in.preprocessing().meanImage();
        assertThat(got.width()).isEqualTo(256);
        assertThat(got.height()).isEqualTo(256);
        // offsets (258-256)/2 = 1 row, (260-256)/2 = 2 columns
        assertThat(got.at(0, 0, 0)).isEqualTo(mean.at(0, 1, 2));
        assertThat(got.at(2, 255, 255)).isEqualTo(mean.at(2, 256, 257));
        assertThat(r.notes()).anyMatch(n -> n.contains("centre-cropped"));
        assertThat(strip(r.model(), "image").toByteArray()).isEqualTo(strip(original, "image").toByteArray());
    }

    @Test
    void refusals_name_the_reason() {
        Model rgb = real("Image2Image.mlmodel");
        MeanImage mean = new MeanImage(3, 256, 256, new float[3 * 256 * 256]);
        assertThatThrownBy(() -> CoreMlEditor.fix(rgb, null, Spec.builder().meanImage(mean).scale(1 / 255.0).build(), false))
                .hasMessageContaining("oneof");
        assertThatThrownBy(() -> CoreMlEditor.fix(rgb, null, Presets.get("mnist").toSpec(), false)).hasMessageContaining("channel");
        assertThatThrownBy(() -> CoreMlEditor.fix(rgb, "nope", Presets.get("unit").toSpec(), false)).hasMessageContaining("image inputs: [image]");
        MeanImage small = new MeanImage(3, 100, 100, new float[3 * 100 * 100]);
        assertThatThrownBy(() -> CoreMlEditor.fix(rgb, null, Spec.builder().meanImage(small).build(), false)).hasMessageContaining("smaller");
        Model two = TestModels.network(TestModels.image("a", 8, 8, ColorSpace.RGB), TestModels.image("b", 8, 8, ColorSpace.RGB));
        assertThatThrownBy(() -> CoreMlEditor.fix(two, null, Presets.get("unit").toSpec(), false)).hasMessageContaining("--input");
        Model program = TestModels.program("image", 1 / 127.5f, new float[] {-1, -1, -1});
        // a program whose main function does not declare the image input cannot be edited (no type for the new operations)
        assertThatThrownBy(() -> CoreMlEditor.fix(program, null, Presets.get("unit").toSpec(), false))
                .hasMessageContaining("function 'main' has no tensor input named 'image'");
    }

    @Test
    void in_a_pipeline_the_sub_model_and_both_descriptions_are_edited() {
        Model nn = TestModels.network(TestModels.image("photo", 64, 48, ColorSpace.RGB));
        Model other = TestModels.network(TestModels.image("mask", 64, 48, ColorSpace.GRAYSCALE));
        Model p = TestModels.pipeline(nn, other);
        CoreMlEditor.Result r = CoreMlEditor.fix(p, "photo", Presets.get("caffe-imagenet").toSpec(), false);
        Model out = CoreMlFile.parse(r.model().toByteArray(), "pipeline");
        assertThat(out.getDescription().getInput(0).getType().getImageType().getColorSpace()).isEqualTo(ColorSpace.BGR);
        Model sub = out.getPipeline().getModels(0);
        assertThat(sub.getDescription().getInput(0).getType().getImageType().getColorSpace()).isEqualTo(ColorSpace.BGR);
        assertThat(sub.getNeuralNetwork().getPreprocessing(0).getScaler().getBlueBias()).isEqualTo(-103.939f);
        assertThat(out.getPipeline().getModels(1)).isEqualTo(other);
        CoreMlInspector.Report rep = CoreMlInspector.inspect(out);
        assertThat(rep.imageInputs()).extracting(ImageInput::where).containsExactly("model.pipeline.models[0] \"m0\"", "model.pipeline.models[1] \"m1\"");
    }

    @Test
    void mlprogram_scale_and_bias_are_read_from_the_ops() {
        Model program = TestModels.program("image", 1 / 127.5f, new float[] {-1, -0.5f, -0.25f});
        ImageInput in = reread(program);
        assertThat(in.modelType()).isEqualTo("mlProgram");
        assertThat(in.preprocessing().kind()).isEqualTo(StoredPreprocessing.Kind.PROGRAM_OPS);
        assertThat(in.preprocessing().scale()).isCloseTo(1 / 127.5, within(1e-8));
        assertThat(in.preprocessing().bias()).containsExactly(-1, -0.5, -0.25);
        assertThat(in.preprocessing().detail()).contains("image__scaled__").contains("image__biased__");
    }
}
