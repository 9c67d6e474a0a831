package dev.pixelprep.core.geometry;

import dev.pixelprep.core.convention.Presets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The short factories are the long spellings they stand for, and plan what their javadoc says. */
class GeometryFactoriesTest {
    @Test
    void eachFactoryIsItsLongSpelling() {
        assertThat(Geometry.fit(640, 640)).isEqualTo(new Geometry(new Resize(ResizeMode.FIT, 640, 640, 0, 0, Interpolation.BILINEAR,
                ResizeFamily.OPENCV, false, null, true), null));
        assertThat(Geometry.fill(224, 224, Interpolation.BILINEAR, ResizeFamily.OPENCV)).isEqualTo(new Geometry(new Resize(ResizeMode.FILL,
                224, 224, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true), null));
        assertThat(Geometry.exact(320, 240, Interpolation.BICUBIC, ResizeFamily.PILLOW)).isEqualTo(new Geometry(new Resize(ResizeMode.EXACT,
                320, 240, 0, 0, Interpolation.BICUBIC, ResizeFamily.PILLOW, true, null, true), null));
        assertThat(Geometry.shorterSide(256, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW))
                .isEqualTo(Geometry.torchvision(256, 224, Interpolation.BILINEAR));
    }

    @Test
    void theirPlansAreTheDocumentedSizes() {
        // letterbox 600x400 into 640: scale 16/15, 640x426 (truncated), 107 rows of padding above
        Plan fit = Geometry.fit(640, 640).plan(600, 400);
        assertThat(fit.outputWidth()).isEqualTo(640);
        assertThat(fit.outputHeight()).isEqualTo(640);
        assertThat(fit.resizedWidth()).isEqualTo(640);
        assertThat(fit.resizedHeight()).isEqualTo(426);
        // cover 224x224 from 600x400: 336x224, then the centred window
        Plan fill = Geometry.fill(224, 224, Interpolation.BILINEAR, ResizeFamily.OPENCV).plan(600, 400);
        assertThat(fill.resizedWidth()).isEqualTo(336);
        assertThat(fill.resizedHeight()).isEqualTo(224);
        assertThat(fill.outputWidth()).isEqualTo(224);
        assertThat(fill.outputHeight()).isEqualTo(224);
    }

    @Test
    void theModelSourcePresetsCarryTheirGeometry() {
        Geometry zoo = Presets.get("onnx-zoo-imagenet").toSpec().geometry();
        // imagenet_preprocess.py: 451x300 -> shorter side 256, other side int(round(256 * 451 / 300)) = 385 (torchvision: 384)
        Plan p = zoo.plan(451, 300);
        assertThat(p.resizedWidth()).isEqualTo(385);
        assertThat(p.resizedHeight()).isEqualTo(256);
        assertThat(Geometry.torchvision(256, 224, Interpolation.BILINEAR).plan(451, 300).resizedWidth()).isEqualTo(384);
        assertThat(Presets.get("torchvision-v1").toSpec().geometry()).isEqualTo(Geometry.torchvision(256, 224, Interpolation.BILINEAR));
        assertThat(Presets.get("torchvision-v2").toSpec().geometry()).isEqualTo(Geometry.torchvision(232, 224, Interpolation.BILINEAR));
        assertThat(Presets.get("torchvision-imagenet").hasGeometry()).isFalse();
    }
}
