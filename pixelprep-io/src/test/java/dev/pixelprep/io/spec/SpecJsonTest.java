package dev.pixelprep.io.spec;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpecJsonTest {

    @Property(tries = 200)
    void writeThenReadIsTheSameSpec(@ForAll("specs") Spec spec) {
        String json = SpecJson.write(spec);
        assertThat(SpecJson.parse(json, null)).isEqualTo(spec);
    }

    @Test
    void conventionBlocksYieldTheirCanonicalForm() {
        Spec tv = SpecJson.parse("{\"pixelprep_spec\": 1, \"torchvision\": {\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]}}", null);
        assertThat(tv).isEqualTo(Torchvision.imagenet().toSpec());
        Spec coreml = SpecJson.parse("{\"pixelprep_spec\": 1, \"coreml\": {\"image_scale\": 0.5, \"red_bias\": -1, \"green_bias\": -2, \"blue_bias\": -3, \"is_bgr\": true}}", null);
        assertThat(coreml.color()).isEqualTo(ColorOrder.BGR);
        assertThat(coreml.bias()).containsExactly(-3, -2, -1);
        Spec cv = SpecJson.parse("{\"pixelprep_spec\": 1, \"opencv\": {\"scalefactor\": 0.5, \"mean\": [10, 20, 30], \"swap_rb\": true}}", null);
        assertThat(cv.color()).isEqualTo(ColorOrder.RGB);
        assertThat(cv.bias()).containsExactly(-5, -10, -15);
        Spec preset = SpecJson.parse("{\"pixelprep_spec\": 1, \"preset\": \"mnist-inverted\", \"layout\": \"NHWC\"}", null);
        assertThat(preset).isEqualTo(Presets.get("mnist-inverted").toSpec().toBuilder().layout(Layout.NHWC).build());
        // a preset with geometry brings it, unless the file gives its own
        Spec zoo = SpecJson.parse("{\"pixelprep_spec\": 1, \"preset\": \"onnx-zoo-imagenet\"}", null);
        assertThat(zoo).isEqualTo(Presets.get("onnx-zoo-imagenet").toSpec());
        assertThat(zoo.geometry()).isNotNull();
        Spec own = SpecJson.parse("{\"pixelprep_spec\": 1, \"preset\": \"onnx-zoo-imagenet\", \"crop\": {\"width\": 100, \"height\": 100}}", null);
        assertThat(own.geometry().resize()).isNull();
        assertThat(own.geometry().crop().width()).isEqualTo(100);
        assertThat(SpecJson.parse(SpecJson.write(zoo), null)).isEqualTo(zoo);
        Spec keras = SpecJson.parse("{\"pixelprep_spec\": 1, \"keras\": {\"mode\": \"caffe\"}}", null);
        assertThat(keras).isEqualTo(Presets.get("caffe-imagenet").toSpec());
        Spec gray = SpecJson.parse("{\"pixelprep_spec\": 1, \"color\": \"GRAY\", \"coreml\": {\"image_scale\": -0.00392156862745098, \"gray_bias\": 1}}", null);
        assertThat(gray.apply(0, 255)).isCloseTo(0, within(1e-12));
    }

    @Test
    void everyFieldIsRead() {
        Spec s = SpecJson.parse("""
                {"pixelprep_spec": 1, "color": "BGR", "normalize": {"scale": 2, "bias": [1, 2, 3]},
                 "mean_image": {"shape": [3, 1, 2], "data": [1, 2, 3, 4, 5, 6]},
                 "layout": "HWC", "dtype": "int8", "quantization": {"scale": 0.5, "zero_point": -3},
                 "alpha": {"policy": "composite", "background": [255, 128, 0]}, "description": "for docs"}
                """, null);
        assertThat(s.color()).isEqualTo(ColorOrder.BGR);
        assertThat(s.scale()).containsExactly(2, 2, 2);
        assertThat(s.meanImage()).isEqualTo(new MeanImage(3, 1, 2, new float[] {1, 2, 3, 4, 5, 6}));
        assertThat(s.layout()).isEqualTo(Layout.HWC);
        assertThat(s.dtype()).isEqualTo(DType.INT8);
        assertThat(s.quantization()).isEqualTo(new Quantization(0.5, -3));
        assertThat(s.alpha()).isEqualTo(AlphaPolicy.composite(255, 128, 0));
    }

    @Test
    void aFrameOrientationRoundTripsAloneOrBeforeAGeometry() {
        Spec alone = SpecJson.parse("{\"pixelprep_spec\": 1, \"orientation\": {\"rotate\": 270, \"mirror\": true}}", null);
        assertThat(alone.geometry().orientation()).isEqualTo(new dev.pixelprep.core.geometry.FrameOrientation(270, true));
        assertThat(alone.geometry().resize()).isNull();
        assertThat(SpecJson.parse(SpecJson.write(alone), null)).isEqualTo(alone);
        Spec turned = Spec.builder().geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)
                .withOrientation(new dev.pixelprep.core.geometry.FrameOrientation(90, false))).build();
        assertThat(SpecJson.write(turned)).contains("\"orientation\" : {").contains("\"rotate\" : 90");
        assertThat(SpecJson.parse(SpecJson.write(turned), null)).isEqualTo(turned);
        assertThatThrownBy(() -> SpecJson.parse("{\"pixelprep_spec\": 1, \"orientation\": {\"rotate\": 45}}", null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("$.orientation.rotate")
                .hasMessageContaining("must be 0, 90, 180 or 270");
        assertThatThrownBy(() -> SpecJson.parse("{\"pixelprep_spec\": 1, \"orientation\": {\"flip\": true}}", null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("$.orientation");
        // no orientation key for an upright spec
        assertThat(SpecJson.write(Spec.builder().geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build()))
                .doesNotContain("orientation");
    }

    @Test
    void padBatchRoundTripsAndIsRefusedWhereItCannotApply() {
        String json = "{\"pixelprep_spec\": 1, \"resize\": {\"mode\": \"shorter-side\", \"size\": 800, \"max_size\": 1333,"
                + " \"side_rounding\": \"scale\", \"family\": \"opencv\"}, \"pad_value\": 0, \"pad_batch\": true}";
        Spec s = SpecJson.parse(json, null);
        assertThat(s.geometry().padBatch()).isTrue();
        assertThat(SpecJson.write(s)).contains("\"pad_batch\" : true");
        assertThat(SpecJson.parse(SpecJson.write(s), null)).isEqualTo(s);
        assertThat(SpecJson.write(Spec.builder().geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build())).doesNotContain("pad_batch");
        assertThatThrownBy(() -> SpecJson.parse(json.replace(", \"pad_value\": 0", ""), null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("$.pad_batch").hasMessageContaining("pad_value");
        assertThatThrownBy(() -> SpecJson.parse("{\"pixelprep_spec\": 1, \"pad_batch\": true}", null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("$.pad_batch");
        assertThatThrownBy(() -> SpecJson.parse(json.replace("true}", "\"yes\"}"), null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("$.pad_batch");
    }

    @Test
    void decodeBlockRoundTripsAndDefaultsStayImplicit() {
        SpecDocument d = SpecJson.parseDocument("{\"pixelprep_spec\": 1, \"decode\": {\"exif\": \"ignore\", \"icc\": \"apply\"}}", null);
        assertThat(d.decode().exif()).isEqualTo(dev.pixelprep.io.ExifPolicy.IGNORE);
        assertThat(d.decode().icc()).isEqualTo(dev.pixelprep.io.IccPolicy.APPLY);
        assertThat(SpecJson.parseDocument(SpecJson.write(d), null)).isEqualTo(d);
        SpecDocument plain = SpecJson.parseDocument("{\"pixelprep_spec\": 1}", null);
        assertThat(SpecJson.write(plain)).doesNotContain("decode");
        assertThatThrownBy(() -> SpecJson.parse("{\"pixelprep_spec\": 1, \"decode\": {\"exif\": \"rotate\"}}", null))
                .hasMessageStartingWith("$.decode.exif: expected apply or ignore");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"pixelprep_spec\": 1, \"colour\": \"RGB\"}|$.colour: unknown key",
        "{\"pixelprep_spec\": 1, \"torchvision\": {\"mean\": [0.5, 0.5, 0.5], \"std\": [0.2, 0, 0.2]}}|$.torchvision.std[1]: must not be 0",
        "{\"pixelprep_spec\": 1, \"normalize\": {\"scale\": [1, NaN, 1]}}|$.normalize.scale[1]: must be a finite number",
        "{\"pixelprep_spec\": 1, \"normalize\": {\"scale\": [1, 2]}}|$.normalize.scale: needs 1 or 3 values, got 2",
        "{\"pixelprep_spec\": 1, \"color\": \"GRAY\", \"normalize\": {\"bias\": [1, 2, 3]}}|$.normalize.bias: needs 1 or 1 values, got 3",
        "{\"pixelprep_spec\": 2}|$.pixelprep_spec: this pixelprep reads spec format 1",
        "{\"color\": \"RGB\"}|$: missing \"pixelprep_spec\"",
        "{\"pixelprep_spec\": 1, \"layout\": \"NCWH\"}|$.layout: unknown layout 'NCWH'",
        "{\"pixelprep_spec\": 1, \"dtype\": \"int8\", \"quantization\": {\"scale\": 0.1, \"zero_point\": 200}}|$.quantization.zero_point: must lie in -128..127",
        "{\"pixelprep_spec\": 1, \"layout\": \"CHW\", \"batch\": 4}|$.batch: layout CHW has no batch axis",
        "{\"pixelprep_spec\": 1, \"preset\": \"unit\", \"torchvision\": {\"mean\": 0, \"std\": 1}}|$: give the normalisation once",
        "{\"pixelprep_spec\": 1, \"color\": \"BGR\", \"preset\": \"torchvision-imagenet\"}|$.color: BGR contradicts $.preset",
        "{\"pixelprep_spec\": 1, \"mean_image\": {\"shape\": [3, 2, 2], \"data\": [1, 2, 3]}}|$.mean_image.data: expected 12 values",
        "{\"pixelprep_spec\": 1, \"alpha\": {\"policy\": \"blend\"}}|$.alpha.policy: expected drop, composite or unpremultiply",
        "{\"pixelprep_spec\": 1, \"keras\": {\"mode\": \"caffee\"}}|$.keras.mode: unknown Keras mode 'caffee'",
        "{\"pixelprep_spec\": 1, \"batch\": \"two\"}|$.batch: expected a number, got the string \"two\"",
        "[1, 2]|$: a spec must be a JSON object",
        "{\"pixelprep_spec\": 1, \"resize\": {\"mode\": \"shorter-side\", \"size\": 0}}|$.resize.size: must be 1..32768, got 0",
        "{\"pixelprep_spec\": 1, \"resize\": {\"mode\": \"exact\", \"width\": 10, \"height\": 10, \"family\": \"pillow\", \"antialias\": false}}|$.resize.antialias: Pillow always antialiases",
        "{\"pixelprep_spec\": 1, \"resize\": {\"mode\": \"exact\", \"width\": 10, \"height\": 10, \"interpolation\": \"area\"}}|$.resize.interpolation: pillow has no area resize",
        "{\"pixelprep_spec\": 1, \"resize\": {\"mode\": \"exact\", \"width\": 10, \"height\": 10, \"size\": 3}}|$.resize.size: does not apply to mode exact",
        "{\"pixelprep_spec\": 1, \"crop\": {\"size\": 224, \"rounding\": \"ceil\"}}|$.crop.rounding: unknown crop rounding 'ceil'",
        "{\"pixelprep_spec\": 1,|$: not valid JSON",
    })
    void invalidSpecsAreRejectedWithTheirPath(String json, String message) {
        assertThatThrownBy(() -> SpecJson.parse(json, null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<ColorOrder> order = Arbitraries.of(ColorOrder.class);
        Arbitrary<double[]> vals = Arbitraries.doubles().between(-100, 100).ofScale(9).array(double[].class).ofSize(3);
        Arbitrary<Layout> layout = Arbitraries.of(Layout.class);
        Arbitrary<DType> dtype = Arbitraries.of(DType.class);
        Arbitrary<AlphaPolicy> alpha = Arbitraries.oneOf(Arbitraries.of(AlphaPolicy.DROP, AlphaPolicy.UNPREMULTIPLY),
                Arbitraries.integers().between(0, 255).array(int[].class).ofSize(3).map(b -> AlphaPolicy.composite(b[0], b[1], b[2])));
        Arbitrary<Boolean> flags = Arbitraries.of(true, false);
        Arbitrary<java.util.Optional<Geometry>> geometry = Arbitraries.of(java.util.Optional.empty(),
                java.util.Optional.of(Geometry.torchvision(256, 224, Interpolation.BICUBIC)),
                java.util.Optional.of(new Geometry(new Resize(ResizeMode.FIT, 320, 240, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false,
                        new int[] {114, 114, 114}, false), null)),
                java.util.Optional.of(new Geometry(new Resize(ResizeMode.SHORTER_SIDE, 0, 0, 800, 1333, Interpolation.BILINEAR,
                        ResizeFamily.TORCHVISION_TENSOR, false, null, true), new Crop(640, 480, CropRounding.FLOOR, false, new int[] {1, 2, 3}))),
                java.util.Optional.of(new Geometry(null, Crop.torchvision(32, 16))),
                java.util.Optional.of(new Geometry(new Resize(ResizeMode.SHORTER_SIDE, 0, 0, 256, 0, Interpolation.BILINEAR, ResizeFamily.PILLOW, true,
                        null, true).withSideRounding(dev.pixelprep.core.geometry.SideRounding.ROUND), new Crop(224, 224, CropRounding.FLOOR, true, null))),
                // the detector rules: Ultralytics' auto letterbox, PaddleOCR's limited sides, DETR's rounding
                java.util.Optional.of(new Geometry(Resize.letterbox(640, 640).withSideRounding(dev.pixelprep.core.geometry.SideRounding.ROUND)
                        .withPadColor(114, 114, 114).withStride(32).withScaleLimit(dev.pixelprep.core.geometry.ScaleLimit.DOWN), null)),
                java.util.Optional.of(new Geometry(Resize.longerSide(960).withSideRounding(dev.pixelprep.core.geometry.SideRounding.RATIO)
                        .withScaleLimit(dev.pixelprep.core.geometry.ScaleLimit.DOWN).withMultiple(32), null)),
                java.util.Optional.of(new Geometry(Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.PILLOW).withMaxSize(1333)
                        .withSideRounding(dev.pixelprep.core.geometry.SideRounding.HF), null)),
                // tensor-unit padding: Segment Anything's top-left canvas, PaddleOCR recognition's text line
                java.util.Optional.of(dev.pixelprep.core.convention.Recipes.get("sam").spec().geometry()),
                java.util.Optional.of(dev.pixelprep.core.convention.Recipes.get("paddleocr-rec").spec().geometry().withPadValue(-0.25)),
                java.util.Optional.of(dev.pixelprep.core.convention.Recipes.get("mediapipe-blazeface").spec().geometry()));
        Arbitrary<Luma> luma = Arbitraries.of(Luma.class);
        return Combinators.combine(order, vals, vals, layout, dtype, alpha, flags, flags).flatAs((o, s, b, l, d, a, inv, withMean) ->
                Combinators.combine(geometry, luma).as((g, lu) -> {
            int c = o.channels();
            Spec.Builder sb = Spec.builder().color(o).scale(java.util.Arrays.copyOf(s, c)).bias(java.util.Arrays.copyOf(b, c))
                    .layout(l).dtype(d).alpha(a).invert(inv).batch(l.batched() ? 2 : 1);
            if (d.isInteger() && inv) {
                sb.quantization(new Quantization(0.25, d.min() + 3));
            }
            if (withMean) {
                float[] data = new float[c * 2 * 3];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (s[i % 3] * i);
                }
                sb.meanImage(new MeanImage(c, 2, 3, data));
            }
            if (o == ColorOrder.GRAY) {
                sb.luma(lu);
            }
            return sb.geometry(g.orElse(null)).build();
        }));
    }
}
