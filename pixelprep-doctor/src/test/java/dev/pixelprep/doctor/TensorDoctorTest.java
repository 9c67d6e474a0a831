package dev.pixelprep.doctor;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.io.spec.SpecJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each classic mistake is made with pixelprep's own pipeline from a deliberately wrong spec, the reference from
 * the right one; the expected finding ids come from how the mistake was constructed.
 */
class TensorDoctorTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static PixelBuffer chelsea;
    static Geometry crop;
    static Geometry stretch;

    static final double[] MEAN = {0.485, 0.456, 0.406};
    static final double[] STD = {0.229, 0.224, 0.225};
    static final double S = 0.017;
    static final double[] MEAN255 = {123.675, 116.28, 103.53};

    @BeforeAll
    static void load() {
        chelsea = ImageDecoder.defaults().decode(EXAMPLES.resolve("chelsea.png")).pixels();
        crop = SpecJson.read(EXAMPLES.resolve("models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx.pixelprep.json")).geometry();
        stretch = new Geometry(Resize.exact(224, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW), null);
    }

    /** A mistake: the right spec and the wrong one, both before layout and dtype are applied. */
    record Mistake(String id, Spec right, Spec wrong) {
    }

    static Spec torchvision() {
        double[] a = new double[3];
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = 1 / (255 * STD[c]);
            b[c] = -MEAN[c] / STD[c];
        }
        return Spec.builder().scale(a).bias(b).geometry(crop).build();
    }

    /** OpenCV-style (x - mean)·s. */
    static Spec opencv() {
        return Spec.builder().scale(S).bias(-S * MEAN255[0], -S * MEAN255[1], -S * MEAN255[2]).geometry(crop).build();
    }

    static MeanImage smoothMean() {
        int n = 224;
        float[] d = new float[3 * n * n];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double field = 14 * Math.sin(Math.PI * 2 * x / n) * Math.cos(Math.PI * y / n) + 6 * Math.cos(Math.PI * 2 * (x + y) / n);
                    d[(c * n + y) * n + x] = (float) (MEAN255[c] + field);
                }
            }
        }
        return new MeanImage(3, n, n, d);
    }

    static List<Mistake> mistakes() {
        Spec tv = torchvision();
        Spec cv = opencv();
        List<Mistake> m = new ArrayList<>();
        m.add(new Mistake(Finding.CHANNEL_SWAP, tv, tv.toBuilder().color(ColorOrder.BGR).build()));
        double[] a255 = tv.scale();
        for (int c = 0; c < 3; c++) {
            a255[c] *= 255;
        }
        m.add(new Mistake(Finding.SCALE_255, tv, tv.toBuilder().scale(a255).build()));
        m.add(new Mistake(Finding.SCALE_127_5, Presets.get("signed-unit").applyTo(Spec.builder()).geometry(crop).build(),
                Presets.get("raw").applyTo(Spec.builder()).geometry(crop).build()));
        m.add(new Mistake(Finding.SCALE_2, Presets.get("signed-unit").applyTo(Spec.builder()).geometry(crop).build(),
                Presets.get("unit").applyTo(Spec.builder()).geometry(crop).build()));
        m.add(new Mistake(Finding.BIAS_NOT_SCALED, cv, cv.toBuilder().bias(-MEAN255[0], -MEAN255[1], -MEAN255[2]).build()));
        m.add(new Mistake(Finding.MEAN_UNITS, cv, cv.toBuilder().bias(-S * MEAN255[0] / 255, -S * MEAN255[1] / 255, -S * MEAN255[2] / 255).build()));
        double avg = 1 / (255 * 0.226);
        m.add(new Mistake(Finding.STD_AVERAGED, tv, tv.toBuilder().scale(avg).build()));
        m.add(new Mistake(Finding.GRAY_INVERTED, Presets.get("mnist").applyTo(Spec.builder()).geometry(crop).build(),
                Presets.get("mnist-inverted").applyTo(Spec.builder()).geometry(crop).build()));
        m.add(new Mistake(Finding.MEAN_IMAGE, Spec.builder().scale(S).bias(0).meanImage(smoothMean()).geometry(crop).build(), cv));
        m.add(new Mistake(Finding.RESIZE_MISMATCH, tv, tv.toBuilder().geometry(stretch).build()));
        double[] a2 = tv.scale();
        double[] b2 = tv.bias();
        for (int c = 0; c < 3; c++) {
            a2[c] /= STD[c];
            b2[c] = (b2[c] - MEAN[c]) / STD[c];
        }
        m.add(new Mistake(Finding.DOUBLE_NORMALIZATION, tv, tv.toBuilder().scale(a2).bias(b2).build()));
        return m;
    }

    static Tensor tensor(Spec s, Layout layout, DType dtype) {
        return Pipeline.compile(s.toBuilder().layout(layout).dtype(dtype).build()).tensor(chelsea);
    }

    static Stream<Arguments> single() {
        List<Arguments> out = new ArrayList<>();
        for (Mistake m : mistakes()) {
            for (Layout l : new Layout[] {Layout.NCHW, Layout.NHWC}) {
                for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT16}) {
                    out.add(Arguments.of(m.id(), m, l, d));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("single")
    void eachMistakeAloneIsNamed(String id, Mistake m, Layout layout, DType dtype) {
        Tensor ref = tensor(m.right(), layout, dtype);
        Tensor mine = tensor(m.wrong(), layout, dtype);
        TensorDiagnosis d = TensorDoctor.diagnose(mine, ref, m.wrong().toBuilder().layout(layout).dtype(dtype).build());
        assertThat(d.ids()).as(d.findings().toString()).containsExactly(id);
    }

    static Stream<Arguments> otherPhotos() {
        List<Arguments> out = new ArrayList<>();
        for (String photo : List.of("coffee.png", "rocket.jpg", "astronaut.png")) {
            for (Mistake m : mistakes()) {
                out.add(Arguments.of(m.id(), photo, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("otherPhotos")
    void eachMistakeIsNamedOnOtherPhotosToo(String id, String photo, Mistake m) {
        PixelBuffer px = ImageDecoder.defaults().decode(EXAMPLES.resolve(photo)).pixels();
        Tensor ref = Pipeline.compile(m.right()).tensor(px);
        Tensor mine = Pipeline.compile(m.wrong()).tensor(px);
        TensorDiagnosis d = TensorDoctor.diagnose(mine, ref, null);
        assertThat(d.ids()).as(d.findings().toString()).containsExactly(id);
    }

    @ParameterizedTest(name = "{2} {3}")
    @MethodSource("layouts")
    void theRightTensorHasNoFinding(Layout layout, DType dtype, String l, String t) {
        for (Mistake m : mistakes()) {
            Tensor ref = tensor(m.right(), layout, dtype);
            TensorDiagnosis d = TensorDoctor.diagnose(ref, ref, m.right());
            assertThat(d.findings()).as(m.id()).isEmpty();
            assertThat(d.corrected().describe()).isEqualTo(m.right().toBuilder().layout(layout).dtype(dtype).build().describe());
        }
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(Layout.NCHW, DType.FLOAT32, "NCHW", "float32"), Arguments.of(Layout.NHWC, DType.FLOAT16, "NHWC", "float16"));
    }

    static Mistake find(String id) {
        for (Mistake m : mistakes()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException(id);
    }

    /** Applies a second mistake on top of a first: the wrong spec of {@code first} with {@code second}'s change. */
    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        UnaryOperator<Spec> swap = s -> s.toBuilder().color(s.color() == ColorOrder.RGB ? ColorOrder.BGR : ColorOrder.RGB).build();
        for (String id : List.of(Finding.SCALE_255, Finding.BIAS_NOT_SCALED, Finding.MEAN_UNITS, Finding.STD_AVERAGED, Finding.SCALE_127_5,
                Finding.SCALE_2, Finding.MEAN_IMAGE, Finding.RESIZE_MISMATCH, Finding.DOUBLE_NORMALIZATION)) {
            Mistake m = find(id);
            for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT16}) {
                out.add(Arguments.of(id + " + " + Finding.CHANNEL_SWAP, m.right(), swap.apply(m.wrong()), Layout.NCHW, Layout.NCHW, d,
                        List.of(id, Finding.CHANNEL_SWAP)));
                out.add(Arguments.of(id + " + " + Finding.LAYOUT_NHWC_NCHW, m.right(), m.wrong(), Layout.NCHW, Layout.NHWC, d,
                        List.of(id, Finding.LAYOUT_NHWC_NCHW)));
            }
        }
        Mistake inv = find(Finding.GRAY_INVERTED);
        out.add(Arguments.of("gray-inverted + scale-255", inv.right(), inv.wrong().toBuilder().scale(1).build(), Layout.NCHW, Layout.NCHW,
                DType.FLOAT32, List.of(Finding.GRAY_INVERTED, Finding.SCALE_255)));
        out.add(Arguments.of("gray-inverted + layout", inv.right(), inv.wrong(), Layout.NHWC, Layout.NCHW, DType.FLOAT16,
                List.of(Finding.GRAY_INVERTED, Finding.LAYOUT_NHWC_NCHW)));
        Mistake resize = find(Finding.RESIZE_MISMATCH);
        double[] a255 = resize.wrong().scale();
        for (int c = 0; c < 3; c++) {
            a255[c] *= 255;
        }
        out.add(Arguments.of("resize-mismatch + scale-255", resize.right(), resize.wrong().toBuilder().scale(a255).build(), Layout.NCHW,
                Layout.NCHW, DType.FLOAT32, List.of(Finding.RESIZE_MISMATCH, Finding.SCALE_255)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({5})")
    @MethodSource("pairs")
    void mistakesInPairsAreBothNamed(String name, Spec right, Spec wrong, Layout refLayout, Layout mineLayout, DType dtype, List<String> ids) {
        Tensor ref = tensor(right, refLayout, dtype);
        Tensor mine = tensor(wrong, mineLayout, dtype);
        TensorDiagnosis d = TensorDoctor.diagnose(mine, ref, wrong.toBuilder().layout(mineLayout).dtype(dtype).build());
        assertThat(d.ids()).as(d.findings().toString()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void channelsLastAgainstChannelsFirstIsNamedBothWays() {
        Spec tv = torchvision();
        for (Layout[] ls : new Layout[][] {{Layout.NHWC, Layout.NCHW}, {Layout.NCHW, Layout.NHWC}, {Layout.HWC, Layout.CHW}}) {
            TensorDiagnosis d = TensorDoctor.diagnose(tensor(tv, ls[0], DType.FLOAT32), tensor(tv, ls[1], DType.FLOAT32), tv.toBuilder().layout(ls[0]).build());
            assertThat(d.ids()).as(ls[0] + " vs " + ls[1]).containsExactly(Finding.LAYOUT_NHWC_NCHW);
            assertThat(d.corrected().layout()).isEqualTo(ls[1]);
            assertThat(d.psnr()).isInfinite();
        }
    }

    @Test
    void interleavedValuesUnderAPlanarShapeAreFound() {
        Spec tv = torchvision();
        Tensor nhwc = tensor(tv, Layout.NHWC, DType.FLOAT32);
        Tensor mislabelled = new Tensor(new int[] {1, 3, 224, 224}, DType.FLOAT32, Layout.NCHW, nhwc.data());
        TensorDiagnosis d = TensorDoctor.diagnose(mislabelled, tensor(tv, Layout.NCHW, DType.FLOAT32), null);
        assertThat(d.ids()).containsExactly(Finding.LAYOUT_NHWC_NCHW);
        assertThat(d.findings().get(0).message()).contains("reshaped instead of transposed");
    }

    @Test
    void exchangedHeightAndWidthAreFound() {
        Spec right = Presets.get("unit").applyTo(Spec.builder()).geometry(new Geometry(Resize.exact(200, 150, Interpolation.BILINEAR, ResizeFamily.OPENCV), null)).build();
        Tensor ref = tensor(right, Layout.NCHW, DType.FLOAT32);
        float[] v = ref.toFloatArray();
        float[] t = new float[v.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 150; y++) {
                for (int x = 0; x < 200; x++) {
                    t[(c * 200 + x) * 150 + y] = v[(c * 150 + y) * 200 + x];
                }
            }
        }
        Tensor mine = Tensor.ofFloats(new int[] {1, 3, 200, 150}, Layout.NCHW, t);
        assertThat(TensorDoctor.diagnose(mine, ref, null).ids()).containsExactly(Finding.LAYOUT_HW_TRANSPOSED);
    }

    @Test
    void coreMlBiasNotScaledIsCorrectedInCoreMlWords() {
        Mistake m = find(Finding.BIAS_NOT_SCALED);
        Spec wrong = m.wrong();
        TensorDiagnosis d = TensorDoctor.diagnose(tensor(wrong, Layout.NCHW, DType.FLOAT32), tensor(m.right(), Layout.NCHW, DType.FLOAT32), wrong);
        Finding f = d.findings().get(0);
        double[] mean = (double[]) f.numbers().get("mean");
        for (int c = 0; c < 3; c++) {
            assertThat(mean[c]).isCloseTo(MEAN255[c], org.assertj.core.data.Offset.offset(0.05));
            assertThat(d.corrected().scale(c)).isCloseTo(S, org.assertj.core.data.Offset.offset(1e-7));
            assertThat(d.corrected().bias(c)).isCloseTo(-S * MEAN255[c], org.assertj.core.data.Offset.offset(1e-4));
        }
        String coreml = dev.pixelprep.core.convention.Export.to("coreml", d.corrected()).text();
        assertThat(coreml).contains("red_bias=-2.1024").contains("blue_bias=-1.760");
    }

    @Test
    void channelSwapIsCorrectedToTheOtherColourOrder() {
        Mistake m = find(Finding.CHANNEL_SWAP);
        TensorDiagnosis d = TensorDoctor.diagnose(tensor(m.wrong(), Layout.NCHW, DType.FLOAT32), tensor(m.right(), Layout.NCHW, DType.FLOAT32), m.wrong());
        assertThat(d.permutation()).containsExactly(2, 1, 0);
        assertThat(d.corrected().color()).isEqualTo(ColorOrder.RGB);
        // the wrong spec kept its constants in tensor order, so the fix puts each constant back on its colour
        for (int c = 0; c < 3; c++) {
            assertThat(d.corrected().scale(c)).isCloseTo(m.right().scale(c), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(d.corrected().bias(c)).isCloseTo(m.right().bias(c), org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void unusableInputsAreRefusedWithTheReason() {
        Spec tv = torchvision();
        Tensor ref = tensor(tv, Layout.NCHW, DType.FLOAT32);
        Tensor gray = tensor(Presets.get("mnist").applyTo(Spec.builder()).geometry(crop).build(), Layout.NCHW, DType.FLOAT32);
        assertThatThrownBy(() -> TensorDoctor.diagnose(gray, ref, null)).isInstanceOf(DoctorException.class).hasMessageContaining("1 and 3 channels");
        Tensor small = Pipeline.compile(tv.toBuilder().geometry(new Geometry(Resize.exact(100, 100, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build()).tensor(chelsea);
        assertThatThrownBy(() -> TensorDoctor.diagnose(small, ref, null)).hasMessageContaining("100x100 and 224x224 pixels");
        Tensor empty = Tensor.ofFloats(new int[] {1, 3, 0, 224}, Layout.NCHW, new float[0]);
        assertThatThrownBy(() -> TensorDoctor.diagnose(empty, ref, null)).hasMessageContaining("is empty");
        float[] flat = new float[3 * 224 * 224];
        java.util.Arrays.fill(flat, 0.5f);
        Tensor constant = Tensor.ofFloats(new int[] {1, 3, 224, 224}, Layout.NCHW, flat);
        assertThatThrownBy(() -> TensorDoctor.diagnose(ref, constant, null)).hasMessageContaining("the reference is constant");
        flat[7] = Float.NaN;
        Tensor nan = Tensor.ofFloats(new int[] {1, 3, 224, 224}, Layout.NCHW, flat);
        assertThatThrownBy(() -> TensorDoctor.diagnose(nan, ref, null)).hasMessageContaining("non-finite value (NaN) at element 7");
        Tensor batch2 = Pipeline.compile(tv.toBuilder().batch(2).build()).tensor(List.of(chelsea, chelsea));
        assertThatThrownBy(() -> TensorDoctor.diagnose(batch2, ref, null)).hasMessageContaining("hold 2 and 1 images");
    }
}
