package dev.pixelprep.formats.config;

import dev.pixelprep.core.convention.Keras;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.Resources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Expected values: the configs' own keys (MANIFEST §5) and the class defaults of reference §7. */
class ConfigImportTest {
    static Imported hf(String name) {
        return HfPreprocessorConfig.read(Resources.path("hf/" + name));
    }

    static void normalisation(Spec s, double[] mean, double[] std) {
        for (int c = 0; c < 3; c++) {
            assertThat(s.scale(c)).isCloseTo(1 / (255 * std[c]), within(1e-12));
            assertThat(s.bias(c)).isCloseTo(-mean[c] / std[c], within(1e-12));
        }
        assertThat(s.color()).isEqualTo(ColorOrder.RGB);
    }

    static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    @Test
    void real_vit_config_with_dict_size_and_imagenet_mean() {
        Imported i = hf("vit-imagenet-mean.preprocessor_config.json");
        normalisation(i.spec(), IMAGENET_MEAN, IMAGENET_STD);
        Geometry g = i.spec().geometry();
        assertThat(g.resize().mode()).isEqualTo(ResizeMode.EXACT);
        assertThat(g.resize().width()).isEqualTo(224);
        assertThat(g.resize().height()).isEqualTo(224);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BILINEAR);
        assertThat(g.crop()).isNull();
        assertThat(i.source()).contains("ViTFeatureExtractor");
    }

    @Test
    void clip_legacy_int_size_is_a_shortest_edge_and_crop_336() {
        Imported i = hf("clip-legacy-int-size.json");
        normalisation(i.spec(), new double[] {0.48145466, 0.4578275, 0.40821073}, new double[] {0.26862954, 0.26130258, 0.27577711});
        Geometry g = i.spec().geometry();
        assertThat(g.resize().mode()).isEqualTo(ResizeMode.SHORTER_SIDE);
        assertThat(g.resize().size()).isEqualTo(336);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(g.crop().width()).isEqualTo(336);
        assertThat(g.crop().rounding()).isEqualTo(CropRounding.FLOOR);
        assertThat(i.notes()).anyMatch(n -> n.contains("do_rescale not in the file"));
    }

    @Test
    void vit_legacy_int_size_squares_and_half_mean_std_gives_minus_one_to_one() {
        Imported i = hf("vit-legacy-crlf.json");
        assertThat(i.spec().geometry().resize().mode()).isEqualTo(ResizeMode.EXACT);
        assertThat(i.spec().geometry().resize().width()).isEqualTo(224);
        for (double[] r : i.spec().outputRange()) {
            assertThat(r[0]).isCloseTo(-1, within(1e-12));
            assertThat(r[1]).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void convnext_crop_pct_resizes_to_256_and_crops_224() {
        Imported i = hf("convnext-crop-pct.json");
        Geometry g = i.spec().geometry();
        assertThat(g.resize().mode()).isEqualTo(ResizeMode.SHORTER_SIDE);
        assertThat(g.resize().size()).isEqualTo(256);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(g.crop().width()).isEqualTo(224);
        assertThat(g.crop().height()).isEqualTo(224);
    }

    @Test
    void detr_shortest_800_longest_1333() {
        Imported i = hf("detr-shortest-longest.json");
        normalisation(i.spec(), IMAGENET_MEAN, IMAGENET_STD);
        assertThat(i.spec().geometry().resize().size()).isEqualTo(800);
        assertThat(i.spec().geometry().resize().maxSize()).isEqualTo(1333);
        // DETR's get_size_with_aspect_ratio: 1920x1080 gives 1333x750 (torchvision's max_size rule: 749)
        assertThat(i.spec().geometry().resize().sideRounding()).isEqualTo(dev.pixelprep.core.geometry.SideRounding.HF);
        assertThat(i.spec().geometry().plan(1920, 1080).outputHeight()).isEqualTo(750);
        assertThat(i.notes()).anyMatch(n -> n.startsWith("do_pad"));
        // and the same as the detr recipe
        assertThat(i.spec().geometry()).isEqualTo(dev.pixelprep.core.convention.Recipes.get("detr").spec().geometry());
    }

    @Test
    void mobilenetv2_missing_keys_take_class_defaults_and_pad_160_to_224() {
        Imported i = hf("mobilenetv2-missing-keys.json");
        Geometry g = i.spec().geometry();
        assertThat(g.resize().width()).isEqualTo(160);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(g.crop().width()).isEqualTo(224);
        assertThat(g.crop().height()).isEqualTo(224);
        assertThat(i.notes()).anyMatch(n -> n.contains("do_center_crop not in the file")).anyMatch(n -> n.contains("zero-padded"));
        normalisation(i.spec(), IMAGENET_MEAN, IMAGENET_STD);
    }

    @Test
    void rtdetr_non_square_and_segformer_544() {
        Geometry r = hf("rtdetr-nonsquare.json").spec().geometry();
        assertThat(r.resize().width()).isEqualTo(640);
        assertThat(r.resize().height()).isEqualTo(360);
        Geometry s = hf("segformer-544.json").spec().geometry();
        assertThat(s.resize().width()).isEqualTo(544);
        assertThat(s.resize().interpolation()).isEqualTo(Interpolation.BILINEAR);
    }

    @Test
    void rtdetr_without_normalize_key_uses_the_class_default_false() {
        Imported i = HfPreprocessorConfig.parse("{\"image_processor_type\": \"RTDetrImageProcessor\"}", "min.json");
        assertThat(i.spec().scale(0)).isCloseTo(1 / 255.0, within(1e-15));
        assertThat(i.spec().bias(0)).isEqualTo(0);
        assertThat(i.spec().geometry().resize().width()).isEqualTo(640);
    }

    @Test
    void bad_configs_are_one_line_errors() {
        assertThatThrownBy(() -> HfPreprocessorConfig.parse("{\"size\": \"big\", \"do_resize\": true}", "x.json"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("x.json: size");
        assertThatThrownBy(() -> HfPreprocessorConfig.parse("[1, 2]", "y.json")).hasMessage("y.json: expected a JSON object");
        assertThatThrownBy(() -> HfPreprocessorConfig.parse("{\"image_std\": [0, 1, 1], \"do_normalize\": true}", "z.json"))
                .isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> HfPreprocessorConfig.parse("{\"resample\": 9}", "r.json")).hasMessageContaining("resample 9");
    }

    @Test
    void timm_hub_config_crop_pct_095_resizes_to_235() {
        Imported i = TimmConfig.read(Resources.path("timm/convnext-hub-config.json"));
        Geometry g = i.spec().geometry();
        // floor(224 / 0.95) = 235 (reference §7.3)
        assertThat(g.resize().size()).isEqualTo(235);
        assertThat(g.crop().width()).isEqualTo(224);
        assertThat(g.crop().rounding()).isEqualTo(CropRounding.HALF_EVEN);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(i.source()).contains("convnext_tiny");
        normalisation(i.spec(), IMAGENET_MEAN, IMAGENET_STD);
        Imported inc = TimmConfig.read(Resources.path("timm/inception-bare-cfg.json"));
        // floor(299 / 0.875) = 341
        assertThat(inc.spec().geometry().resize().size()).isEqualTo(341);
        assertThat(inc.spec().geometry().crop().width()).isEqualTo(299);
        Imported defaults = TimmConfig.parse("{}", "empty.json");
        assertThat(defaults.spec().geometry().resize().size()).isEqualTo(256);
        assertThat(defaults.notes()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void keras_names_map_to_their_modes() {
        assertThat(KerasApplications.of("VGG16").spec()).isEqualTo(new Keras(Keras.Mode.CAFFE).toSpec());
        assertThat(KerasApplications.of("resnet50").spec().color()).isEqualTo(ColorOrder.BGR);
        assertThat(KerasApplications.of("MobileNetV2").spec()).isEqualTo(new Keras(Keras.Mode.TF).toSpec());
        assertThat(KerasApplications.of("Xception").spec()).isEqualTo(new Keras(Keras.Mode.TF).toSpec());
        assertThat(KerasApplications.of("densenet-121").spec()).isEqualTo(new Keras(Keras.Mode.TORCH).toSpec());
        Imported eff = KerasApplications.of("EfficientNetB0");
        assertThat(eff.spec()).isEqualTo(Presets.get("raw").toSpec());
        assertThat(eff.notes()).anyMatch(n -> n.contains("inside the model"));
        assertThat(KerasApplications.of("EfficientNetV2S").notes()).anyMatch(n -> n.contains("x/128 - 1"));
        assertThatThrownBy(() -> KerasApplications.of("AlexNet")).isInstanceOf(FormatException.class).hasMessageContaining("VGG16");
    }

    @Test
    void torchvision_weights_table() {
        Imported v2 = TorchvisionWeights.of("ResNet50_Weights.IMAGENET1K_V2");
        assertThat(v2.spec().geometry().resize().size()).isEqualTo(232);
        assertThat(v2.spec().geometry().crop().width()).isEqualTo(224);
        normalisation(v2.spec(), IMAGENET_MEAN, IMAGENET_STD);
        Imported v1 = TorchvisionWeights.of("resnet18_weights.imagenet1k_v1");
        assertThat(v1.spec().geometry().resize().size()).isEqualTo(256);
        Imported b3 = TorchvisionWeights.of("EfficientNet_B3_Weights.IMAGENET1K_V1");
        assertThat(b3.spec().geometry().resize().size()).isEqualTo(320);
        assertThat(b3.spec().geometry().crop().width()).isEqualTo(300);
        assertThat(b3.spec().geometry().resize().interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThatThrownBy(() -> TorchvisionWeights.of("ResNet50")).isInstanceOf(FormatException.class);
    }

    @Test
    void tflite_metadata_mean_and_std_127_5() {
        Imported i = TfLiteNormalization.read(Resources.path("tflite/mobilenet_v2_metadata.json"));
        assertThat(i.spec().scale(0)).isCloseTo(1 / 127.5, within(1e-15));
        assertThat(i.spec().bias(2)).isCloseTo(-1, within(1e-15));
        assertThat(i.source()).contains("'image'");
        assertThat(TfLiteNormalization.of(new double[] {0}, new double[] {255}, true).spec().color()).isEqualTo(ColorOrder.GRAY);
        assertThatThrownBy(() -> TfLiteNormalization.parse("{\"subgraph_metadata\": []}", "t.json")).hasMessageContaining("NormalizationOptions");
    }
}
