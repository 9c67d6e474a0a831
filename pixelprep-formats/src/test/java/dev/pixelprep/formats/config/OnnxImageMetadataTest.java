package dev.pixelprep.formats.config;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.formats.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OnnxImageMetadataTest {
    @Test
    void signed_unit_is_normalized_1_1_exactly() {
        Target t = OnnxImageMetadata.express(Presets.get("signed-unit").toSpec());
        assertThat(t.exact()).isTrue();
        assertThat(t.text()).contains("Rgb8").contains("Normalized_1_1");
    }

    @Test
    void ultraface_author_formula_is_normalized_1_1_within_one_128th() {
        Target t = OnnxImageMetadata.express(CoreMl.rgb(1 / 128.0, -127 / 128.0, -127 / 128.0, -127 / 128.0, false).toSpec());
        assertThat(t.exact()).isFalse();
        assertThat(t.text()).contains("Normalized_1_1");
        assertThat(t.maxError()).isCloseTo(1 / 128.0, within(1e-12));
        assertThat(t.notes()).anyMatch(n -> n.contains("Sub(x, [127.0, 127.0, 127.0]) and Mul(., [0.0078125, 0.0078125, 0.0078125])"));
    }

    @Test
    void gray_unit_and_bgr_caffe() {
        assertThat(OnnxImageMetadata.express(Presets.get("mnist").toSpec()).text()).contains("Gray8").contains("Normalized_0_1");
        Target caffe = OnnxImageMetadata.express(Presets.get("caffe-imagenet").toSpec());
        assertThat(caffe.text()).contains("Bgr8");
        assertThat(caffe.exact()).isFalse();
    }
}
