package dev.pixelprep.formats.config;

import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.Resources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PaddleOCR's exported {@code inference.yml} read by {@link PaddleOcrConfig} (through {@link PaddleDetectionConfig},
 * which hands PaddleOCR's {@code transform_ops} to it): each file reads to the recipe whose tensors are checked
 * against the authors' code in {@code GoldenRecipeTest}, and what cannot be read is refused in one line.
 */
class PaddleOcrConfigTest {
    private static Path ocr(String name) {
        return Resources.path("paddle/ocr/" + name);
    }

    private static Imported yaml(String transforms) {
        return PaddleDetectionConfig.parse("PreProcess:\n  transform_ops:\n" + transforms, "inference.yml");
    }

    @Test
    void theDetectionExportWithoutArgumentsIsTheOperatorsDefault736Min() {
        Imported i = PaddleDetectionConfig.read(ocr("PP-OCRv4_mobile_det.inference.yml"));
        assertThat(i.spec()).isEqualTo(Recipes.get("paddleocr-det-736").spec());
        assertThat(i.source()).contains("PaddleOCR inference.yml (PP-OCRv4_mobile_det)");
        assertThat(String.join("\n", i.notes())).contains("limit_side_len 736, limit_type min").contains("text_det_limit_side_len")
                .contains("DetLabelEncode: training labels");
    }

    @Test
    void limitSideArgumentsAreRead() {
        Imported i = PaddleDetectionConfig.read(ocr("det_limit_max960.inference.yml"));
        assertThat(i.spec()).isEqualTo(Recipes.get("paddleocr-det").spec());
    }

    @Test
    void theRecognitionExportIsTheTextLineRecipe() {
        Imported i = PaddleDetectionConfig.read(ocr("PP-OCRv4_mobile_rec.inference.yml"));
        Spec rec = Recipes.get("paddleocr-rec").spec();
        assertThat(i.spec()).isEqualTo(rec);
        assertThat(String.join("\n", i.notes())).contains("widens to a batch's widest line");
    }

    @Test
    void anRgbDecodeKeepsTheConstantsOnTheChannelsAsTheyLie() {
        Imported i = yaml("  - DecodeImage: {img_mode: RGB}\n  - DetResizeForTest: {limit_side_len: 960, limit_type: max}\n"
                + "  - NormalizeImage: {scale: 0.00392156862745098, mean: [0.5, 0.4, 0.3], std: [0.2, 0.2, 0.2], order: hwc}\n  - ToCHWImage: null\n");
        assertThat(i.spec().color()).isEqualTo(dev.pixelprep.core.spec.ColorOrder.RGB);
        // mean[0] = 0.5 meets R: bias -0.5 / 0.2 = -2.5
        assertThat(i.spec().bias(0)).isCloseTo(-2.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(i.spec().scale(0)).isCloseTo(1 / 255.0 / 0.2, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void whatCannotBeReadIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> yaml("  - DecodeImage: null\n  - DetResizeForTest: {image_shape: [736, 1280]}\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("transform_ops[1] DetResizeForTest: image_shape");
        assertThatThrownBy(() -> yaml("  - DecodeImage: null\n  - DetResizeForTest: {resize_long: 960}\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("resize_long");
        assertThatThrownBy(() -> yaml("  - DecodeImage: null\n  - IaaAugment: null\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("transform_ops[1] IaaAugment: not read");
        assertThatThrownBy(() -> yaml("  - ResizeImage: {resize_short: 256}\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("before DecodeImage");
        assertThatThrownBy(() -> yaml("  - DecodeImage: {img_mode: GRAY}\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("img_mode GRAY");
        assertThatThrownBy(() -> yaml("  - DecodeImage: null\n  - NormalizeImage: {scale: one}\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("scale 'one'");
        assertThatThrownBy(() -> yaml("  - DecodeImage: null\n  - DetResizeForTest: {limit_side_len: 960, limit_type: avg}\n"))
                .isInstanceOf(FormatException.class).hasMessageContaining("limit_type avg");
    }
}
