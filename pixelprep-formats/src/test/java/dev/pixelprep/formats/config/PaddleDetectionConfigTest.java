package dev.pixelprep.formats.config;

import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * PaddleDetection {@code infer_cfg.yml} files, written here as the exporter ({@code ppdet/engine/export_utils.py}
 * {@code _parse_reader}) writes them; expected values follow {@code deploy/python/preprocess.py} at 666f597f. The
 * tensors themselves are checked against the authors' code in {@link PaddleDetectionGoldenTest}.
 */
class PaddleDetectionConfigTest {
    private static final String HEAD = "mode: paddle\ndraw_threshold: 0.5\nmetric: COCO\nuse_dynamic_shape: false\narch: %s\nmin_subgraph_size: 3\n"
            + "Preprocess:\n";
    private static final String IMAGENET = "- is_scale: true\n  mean: [0.485, 0.456, 0.406]\n  std: [0.229, 0.224, 0.225]\n  type: NormalizeImage\n";

    private static Imported parse(String arch, String ops) {
        return PaddleDetectionConfig.parse(String.format(HEAD, arch) + ops + "label_list:\n- person\n- bicycle\n", "infer_cfg.yml");
    }

    private static void refused(String ops, String... message) {
        assertThatThrownBy(() -> parse("YOLO", ops)).isInstanceOf(FormatException.class).hasMessageContainingAll(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith("infer_cfg.yml"));
    }

    @Test
    void faster_rcnn_keep_ratio_scales_once_and_pads_to_the_stride_with_zeros() {
        Imported i = parse("FasterRCNN", "- interp: 1\n  keep_ratio: true\n  target_size: [800, 1333]\n  type: Resize\n" + IMAGENET
                + "- type: Permute\n- stride: 32\n  type: PadStride\n");
        Spec s = i.spec();
        Geometry g = s.geometry();
        assertThat(g.resize().mode()).isEqualTo(ResizeMode.SHORTER_SIDE);
        assertThat(g.resize().size()).isEqualTo(800);
        assertThat(g.resize().maxSize()).isEqualTo(1333);
        assertThat(g.resize().sideRounding()).isEqualTo(SideRounding.SCALE);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BILINEAR);
        assertThat(g.resize().family()).isEqualTo(ResizeFamily.OPENCV);
        assertThat(g.resize().stride()).isEqualTo(32);
        assertThat(g.padValue()).containsExactly(0);
        assertThat(s.layout()).isEqualTo(Layout.NCHW);
        assertThat(s.color()).isEqualTo(ColorOrder.RGB);
        ConfigImportTest.normalisation(s, ConfigImportTest.IMAGENET_MEAN, ConfigImportTest.IMAGENET_STD);
        // 640x480: s = 800/480 = 1.667, round(640 s) = 1067 <= 1333; 1067x800 padded to 1088x800
        Plan p = g.plan(640, 480);
        assertThat(p.resizedWidth()).isEqualTo(1067);
        assertThat(p.resizedHeight()).isEqualTo(800);
        assertThat(p.outputWidth()).isEqualTo(1088);
        assertThat(p.outputHeight()).isEqualTo(800);
        // 1920x480: s = 800/480 gives 3200 > 1333, so s = 1333/1920 and 480 s = 333.25 rounds to 333
        p = g.plan(1920, 480);
        assertThat(p.resizedWidth()).isEqualTo(1333);
        assertThat(p.resizedHeight()).isEqualTo(333);
        assertThat(p.outputWidth()).isEqualTo(1344);
        assertThat(p.outputHeight()).isEqualTo(352);
        assertThat(i.notes()).anyMatch(n -> n.contains("im_shape and scale_factor")).anyMatch(n -> n.contains("2 labels"));
        assertThat(i.source()).contains("FasterRCNN");
    }

    @Test
    void exact_resize_with_bicubic_and_no_mean_std_gives_zero_to_one() {
        Imported i = parse("PPYOLOE", "- interp: 2\n  keep_ratio: false\n  target_size: [640, 480]\n  type: Resize\n"
                + "- mean: [0.0, 0.0, 0.0]\n  norm_type: none\n  std: [1.0, 1.0, 1.0]\n  type: NormalizeImage\n- type: Permute\n");
        Geometry g = i.spec().geometry();
        assertThat(g.resize().mode()).isEqualTo(ResizeMode.EXACT);
        // target_size is [h, w]
        assertThat(g.resize().width()).isEqualTo(480);
        assertThat(g.resize().height()).isEqualTo(640);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.BICUBIC);
        assertThat(g.padValue()).isNull();
        for (int c = 0; c < 3; c++) {
            assertThat(i.spec().scale(c)).isCloseTo(1 / 255.0, within(1e-15));
            assertThat(i.spec().bias(c)).isZero();
        }
    }

    @Test
    void is_scale_false_takes_the_mean_and_std_in_pixel_units() {
        Imported i = parse("RetinaNet", "- interp: 3\n  keep_ratio: false\n  target_size: 320\n  type: Resize\n"
                + "- is_scale: false\n  mean: [123.675, 116.28, 103.53]\n  std: [58.395, 57.12, 57.375]\n  type: NormalizeImage\n- type: Permute\n");
        assertThat(i.spec().geometry().resize().interpolation()).isEqualTo(Interpolation.AREA);
        assertThat(i.spec().geometry().resize().width()).isEqualTo(320);
        assertThat(i.spec().scale(0)).isCloseTo(1 / 58.395, within(1e-15));
        assertThat(i.spec().bias(2)).isCloseTo(-103.53 / 57.375, within(1e-15));
    }

    @Test
    void yolox_pads_with_114_in_pixel_values_top_left_and_keeps_0_to_255() {
        Imported i = parse("YOLOX", "- interp: 1\n  keep_ratio: true\n  target_size: [640, 640]\n  type: Resize\n"
                + "- fill_value: [114.0, 114.0, 114.0]\n  size: [640, 640]\n  type: Pad\n- type: Permute\n");
        Geometry g = i.spec().geometry();
        assertThat(g.crop().rounding()).isEqualTo(CropRounding.TOP_LEFT);
        assertThat(g.crop().padColor()).containsExactly(114, 114, 114);
        assertThat(g.padValue()).isNull();
        assertThat(i.spec().scale(0)).isEqualTo(1);
        assertThat(i.notes()).anyMatch(n -> n.contains("no NormalizeImage"));
        Plan p = g.plan(451, 300);
        assertThat(p.resizedWidth()).isEqualTo(640);
        assertThat(p.resizedHeight()).isEqualTo(426);
        assertThat(p.outputWidth()).isEqualTo(640);
        assertThat(p.outputHeight()).isEqualTo(640);
        assertThat(p.offsetX()).isZero();
        assertThat(p.offsetY()).isZero();
    }

    @Test
    void a_pad_fill_after_normalisation_is_in_tensor_values_and_one_before_that_is_not_whole_is_mapped() {
        Imported after = parse("YOLOX", "- keep_ratio: false\n  target_size: [300, 300]\n  type: Resize\n" + IMAGENET
                + "- fill_value: [0.5, 0.5, 0.5]\n  size: 320\n  type: Pad\n- type: Permute\n");
        assertThat(after.spec().geometry().padValue()).containsExactly(0.5, 0.5, 0.5);
        Imported before = parse("YOLOX", "- keep_ratio: false\n  target_size: [300, 300]\n  type: Resize\n"
                + "- fill_value: [127.5, 127.5, 127.5]\n  size: 320\n  type: Pad\n" + IMAGENET + "- type: Permute\n");
        for (int c = 0; c < 3; c++) {
            assertThat(before.spec().geometry().padValue(c)).isCloseTo((127.5 / 255 - ConfigImportTest.IMAGENET_MEAN[c]) / ConfigImportTest.IMAGENET_STD[c],
                    within(1e-12));
        }
    }

    @Test
    void jde_letterbox_rounds_its_sides_and_pads_with_128_by_area() {
        Imported i = parse("JDE", "- target_size: [608, 1088]\n  type: LetterBoxResize\n"
                + "- is_scale: true\n  mean: [0, 0, 0]\n  std: [1, 1, 1]\n  type: NormalizeImage\n- type: Permute\n");
        Geometry g = i.spec().geometry();
        assertThat(g.resize().mode()).isEqualTo(ResizeMode.FIT);
        assertThat(g.resize().sideRounding()).isEqualTo(SideRounding.ROUND);
        assertThat(g.resize().interpolation()).isEqualTo(Interpolation.AREA);
        assertThat(g.resize().padColor()).containsExactly(128, 128, 128);
        Plan p = g.plan(1920, 1080);
        assertThat(p.outputWidth()).isEqualTo(1088);
        assertThat(p.outputHeight()).isEqualTo(608);
        assertThat(p.resizedWidth()).isEqualTo(1081);
    }

    @Test
    void without_permute_the_tensor_stays_nhwc() {
        Imported i = parse("SSD", "- keep_ratio: false\n  target_size: [300, 300]\n  type: Resize\n" + IMAGENET);
        assertThat(i.spec().layout()).isEqualTo(Layout.NHWC);
        assertThat(i.notes()).anyMatch(n -> n.contains("NHWC"));
    }

    @Test
    void defaults_are_the_deploy_codes_bilinear_keep_ratio_and_stride_zero_pads_nothing() {
        Imported i = parse("YOLO", "- target_size: [320, 320]\n  type: Resize\n" + IMAGENET + "- type: Permute\n- stride: 0\n  type: PadStride\n");
        assertThat(i.spec().geometry().resize().mode()).isEqualTo(ResizeMode.SHORTER_SIDE);
        assertThat(i.spec().geometry().resize().interpolation()).isEqualTo(Interpolation.BILINEAR);
        assertThat(i.spec().geometry().resize().stride()).isZero();
        assertThat(i.notes()).anyMatch(n -> n.contains("default true")).anyMatch(n -> n.contains("pads nothing"));
    }

    @Test
    void operations_without_a_spec_are_refused_by_name_and_position() {
        refused("- keep_res: false\n  type: WarpAffine\n", "Preprocess[0] WarpAffine", "affine");
        refused("- target_size: 320\n  type: Resize\n- type: Mosaic\n", "Preprocess[1] Mosaic", "not an operation");
        refused("- target_size: 320\n  type: TopDownEvalAffine\n", "TopDownEvalAffine");
        refused("- type: Resize\n  keep_ratio: false\n  target_size: 320\n  interp: 4\n", "LANCZOS4");
        refused("- type: Resize\n  keep_ratio: false\n  target_size: 320\n  interp: 7\n", "0..3");
        refused("- type: Resize\n  keep_ratio: false\n  target_size: 320\n  interp: bilinear\n", "0..3");
    }

    @Test
    void orders_the_deploy_code_would_not_run_as_a_spec_are_refused() {
        String resize = "- keep_ratio: false\n  target_size: [320, 320]\n  type: Resize\n";
        refused(resize + IMAGENET + "- stride: 32\n  type: PadStride\n- type: Permute\n", "PadStride before Permute");
        refused(resize + IMAGENET + "- type: Permute\n- stride: 32\n  type: PadStride\n- type: Permute\n", "after PadStride");
        refused(resize + resize, "second resize");
        refused(IMAGENET + resize, "after NormalizeImage");
        refused(resize + "- type: Permute\n" + IMAGENET, "after Permute");
        refused(resize + IMAGENET + IMAGENET, "second NormalizeImage");
        refused(resize + "- type: Permute\n- type: Permute\n", "second Permute");
        refused("- size: 320\n  type: Pad\n", "larger than the Pad size");
        refused("- keep_ratio: false\n  target_size: [400, 400]\n  type: Resize\n- size: 320\n  type: Pad\n", "fits 320x320");
        refused("- keep_ratio: true\n  target_size: [320, 480]\n  type: Resize\n- size: 480\n  type: Pad\n", "fits 480x480");
        refused("- type: Permute\n- stride: 32\n  type: PadStride\n", "without a Resize");
        refused("- target_size: 320\n  type: LetterBoxResize\n" + IMAGENET + "- type: Permute\n- stride: 32\n  type: PadStride\n", "LetterBoxResize");
        refused(resize + "- type: Permute\n- stride: -32\n  type: PadStride\n", "stride must be a whole number 0 or more");
        refused(resize + "- mean: [0, 0, 0]\n  std: [1, 1, 1]\n  norm_type: minmax\n  type: NormalizeImage\n", "norm_type must be");
        refused(resize + "- is_scale: true\n  type: NormalizeImage\n", "needs mean and std");
        refused(resize + "- is_scale: true\n  mean: [0, 0, 0]\n  std: [1, 0, 1]\n  type: NormalizeImage\n", "NormalizeImage");
        refused(resize + "- is_scale: yes please\n  mean: [0, 0, 0]\n  std: [1, 1, 1]\n  type: NormalizeImage\n", "is_scale must be true or false");
        refused("- keep_ratio: false\n  target_size: [320, 0]\n  type: Resize\n", "positive integer");
        refused("- keep_ratio: false\n  target_size: [320, 320, 3]\n  type: Resize\n", "[h, w]");
        refused("- keep_ratio: false\n  type: Resize\n", "no target_size");
        refused("- keep_ratio: false\n", "has no type");
        refused("- Resize\n", "must be a mapping");
    }

    @Test
    void other_yaml_files_are_told_apart_and_refused_with_a_reason() {
        // PaddleOCR's inference.yml goes to PaddleOcrConfig; PaddleClas' (no DecodeImage first) is refused there
        assertThat(PaddleDetectionConfig.parse("PreProcess:\n  transform_ops:\n  - DecodeImage: {channel_first: false}\n", "inference.yml").source())
                .startsWith("PaddleOCR inference.yml");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("PreProcess:\n  transform_ops:\n  - ResizeImage: {resize_short: 256}\n", "inference.yml"))
                .isInstanceOf(FormatException.class).hasMessageContaining("PaddleClas");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("model: resnet\n", "x.yml"))
                .isInstanceOf(FormatException.class).hasMessageContaining("no Preprocess list");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("- a\n- b\n", "x.yml"))
                .isInstanceOf(FormatException.class).hasMessageContaining("expected a YAML mapping at the top, got array");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("", "x.yml"))
                .isInstanceOf(FormatException.class).hasMessageContaining("got nothing");
    }

    @Test
    void hostile_yaml_is_one_line_refusal_before_any_tree_is_built() {
        // billion laughs: 9 levels of 9 aliases each
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> PaddleDetectionConfig.parse(bomb.toString(), "bomb.yml")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("bomb.yml: a YAML alias (*a0) at line 2").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        // an alias would otherwise be read as its name: mean [0, 0, 0] would silently become the text "m"
        assertThatThrownBy(() -> parse("YOLO", "- keep_ratio: false\n  target_size: 320\n  type: Resize\n- is_scale: true\n  mean: &m [0, 0, 0]\n"
                + "  std: *m\n  type: NormalizeImage\n")).isInstanceOf(FormatException.class).hasMessageContaining("alias (*m)");
        String deep = "a: ".repeat(1) + "[".repeat(500) + "]".repeat(500) + "\n";
        assertThatThrownBy(() -> PaddleDetectionConfig.parse(deep, "deep.yml")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("deep.yml: not valid YAML");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("Preprocess: []\nPreprocess: []\n", "dup.yml")).isInstanceOf(FormatException.class)
                .hasMessageContaining("dup.yml").hasMessageContaining("Preprocess");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("Preprocess: [\n", "broken.yml")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("broken.yml: not valid YAML");
        assertThatThrownBy(() -> PaddleDetectionConfig.parse("!!java.io.File x\n", "tag.yml")).isInstanceOf(FormatException.class);
        String big = "Preprocess: []\nlabel_list: [" + "x, ".repeat((LimitedYaml.MAX_BYTES / 3) + 1) + "x]\n";
        assertThatThrownBy(() -> PaddleDetectionConfig.parse(big, "big.yml")).isInstanceOf(FormatException.class)
                .hasMessageContaining("over the limit");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= PaddleDetectionConfig.MAX_OPS; i++) {
            many.append("- type: Permute\n");
        }
        refused(many.toString(), "at most " + PaddleDetectionConfig.MAX_OPS);
    }
}
