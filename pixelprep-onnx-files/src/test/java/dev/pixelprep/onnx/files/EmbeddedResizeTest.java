package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import ai.onnxruntime.OrtException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.onnx.files.proto.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An embedded ONNX Resize against pixelprep's own resize (the kernels checked bit-exact against Pillow and OpenCV),
 * measured in 8-bit levels on a real photo through an identity model, and end to end on MobileNet.
 */
class EmbeddedResizeTest {
    /** chelsea.png (451x300) as RGB888 bytes, or a centre part of it for upscaling. */
    static PixelBuffer photo(int w, int h) {
        PixelBuffer full = Bundled.image("chelsea.png");
        Spec pixels = Spec.builder().geometry(new Geometry(null, new dev.pixelprep.core.geometry.Crop(w, h,
                dev.pixelprep.core.geometry.CropRounding.FLOOR, false, null))).layout(Layout.HWC)
                .dtype(dev.pixelprep.core.spec.DType.UINT8).build();
        byte[] rgb = new byte[w * h * 3];
        Pipeline.compile(pixels).tensor(full).data().duplicate().get(rgb);
        return PixelBuffer.of(rgb, w, h, PixelFormat.RGB888);
    }

    /** max, mean |difference| in levels and the share of values that differ: embedded resize vs pixelprep's. */
    static double[] levels(Resize r, int opset, PixelBuffer src, int outW, int outH) throws OrtException {
        Spec spec = Spec.builder().color(ColorOrder.RGB).geometry(new Geometry(r, null)).build();
        Onnx.ModelProto id = EmbedderTest.identity(Onnx.TensorProto.DataType.FLOAT_VALUE, 1, 3, outH, outW);
        id = id.toBuilder().setOpsetImport(0, Onnx.OperatorSetIdProto.newBuilder().setVersion(opset)).build();
        Embedder.Result e = Embedder.embed(id, spec, PixelFormat.RGB888, true);
        assertThat(e.inputShape()).containsExactly(1, -1, -1, 3);
        float[] got = EmbedderTest.runPixels(e.model(), e.inputName(), src.byteArray(), new long[] {1, src.height(), src.width(), 3}).get("y");
        float[] want = Pipeline.compile(spec).tensor(src).toFloatArray();
        double max = 0;
        double sum = 0;
        int differ = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            max = Math.max(max, d);
            sum += d;
            differ += d > 0 ? 1 : 0;
        }
        return new double[] {max, sum / want.length, 100.0 * differ / want.length};
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3} -> {4}x{5}, opset {6}")
    @CsvSource({
            // shrinking 451x300 to 224x224; bounds just above what was measured (the README's embed section lists them)
            "pillow, bilinear, 451, 300, 224, 224, 12, 30, 1.5",   // no antialias before opset 18: far off
            "pillow, bilinear, 451, 300, 224, 224, 18, 1, 0.2",
            "pillow, bicubic, 451, 300, 224, 224, 18, 1, 0.2",
            "opencv, bilinear, 451, 300, 224, 224, 12, 1, 0.15",
            "pillow, nearest, 451, 300, 224, 224, 12, 0, 0",
            "opencv, nearest, 451, 300, 224, 224, 12, 64, 0.05",   // a neighbouring source pixel at 0.4% of the positions
            // enlarging a 160x120 part to 320x240
            "pillow, bilinear, 160, 120, 320, 240, 12, 1, 0.3",
            "opencv, bilinear, 160, 120, 320, 240, 12, 1, 0.1",
            "opencv, bicubic, 160, 120, 320, 240, 12, 0, 0",
    })
    void embeddedResizeAgainstPixelprepsResizeInLevels(String family, String interp, int w, int h, int outW, int outH, int opset,
                                                       double maxLevels, double meanLevels) throws OrtException {
        ResizeFamily f = ResizeFamily.parse(family);
        Interpolation i = Interpolation.parse(interp);
        double[] d = levels(Resize.exact(outW, outH, i, f), opset, photo(w, h), outW, outH);
        System.out.printf(Locale.ROOT, "embedded Resize %s %s %dx%d -> %dx%d opset %d: max %.0f levels, mean %.4f, %.2f%% of values differ%n",
                family, interp, w, h, outW, outH, opset, d[0], d[1], d[2]);
        assertThat(d[0]).isLessThanOrEqualTo(maxLevels);
        assertThat(d[1]).isLessThanOrEqualTo(meanLevels);
    }

    @Test
    void mobileNetWithAnEmbeddedStretchAgainstTheOriginalOnPixelprepsTensor() throws OrtException {
        try (OnnxModel mobilenet = OnnxModel.open(Bundled.MOBILENET)) {
            Spec base = SpecResolver.resolve(mobilenet, null, null).spec();
            PixelBuffer px = photo(451, 300);
            for (ResizeFamily f : List.of(ResizeFamily.OPENCV, ResizeFamily.PILLOW)) {
                Spec spec = base.toBuilder().geometry(new Geometry(Resize.exact(224, 224, Interpolation.BILINEAR, f), null)).build();
                float[] want = mobilenet.run(spec, List.of(px)).get("output").toFloatArray();
                Embedder.Result e = Embedder.embed(ModelFile.read(Bundled.MOBILENET), spec, PixelFormat.RGB888, true);
                float[] got = EmbedderTest.runPixels(e.model(), e.inputName(), px.byteArray(), new long[] {1, 300, 451, 3}).get("output");
                double d = EmbedderTest.maxAbsDiff(got, want);
                List<Integer> topGot = EmbedderTest.topK(got, 0, 1000, 1, 5);
                List<Integer> topWant = EmbedderTest.topK(want, 0, 1000, 1, 5);
                System.out.printf(Locale.ROOT, "embedded stretch (%s bilinear, opset 12) on MobileNet: max |logit difference| %.3f, top-5 %s vs %s%n",
                        f.id(), d, topGot, topWant);
                // the same three best classes; lynx and plastic bag, 4th and 5th, are close enough to swap
                assertThat(topGot.subList(0, 3)).isEqualTo(topWant.subList(0, 3)).startsWith(285);
                assertThat(d).isLessThan(3);
            }
        }
    }

    @Test
    void onlyAnExactResizeInANewEnoughOpsetIsEmbedded() {
        Spec shorter = Spec.builder().geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build();
        Onnx.ModelProto id = EmbedderTest.identity(Onnx.TensorProto.DataType.FLOAT_VALUE, 1, 3, 224, 224);
        assertThatThrownBy(() -> Embedder.embed(id, shorter, PixelFormat.RGB888, true)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("only an exact WxH resize without crop can be embedded");
        // a second resize would be lost: two exact resizes in a row are not embedded as the first alone
        Spec twice = Spec.builder().geometry(new Geometry(Resize.exact(224, 224, Interpolation.BILINEAR, ResizeFamily.OPENCV), null)
                .withThen(Resize.exact(224, 224, Interpolation.BILINEAR, ResizeFamily.OPENCV))).build();
        assertThatThrownBy(() -> Embedder.embed(id, twice, PixelFormat.RGB888, true)).hasMessageContaining("only an exact WxH resize without crop can be embedded");
        // PaddleDetection's exact resize with PadStride: the padding would be lost
        Spec strided = Spec.builder().geometry(new Geometry(Resize.exact(200, 200, Interpolation.BILINEAR, ResizeFamily.OPENCV).withStride(32), null)
                .withPadValue(0)).build();
        assertThatThrownBy(() -> Embedder.embed(id, strided, PixelFormat.RGB888, true)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("the spec pads the resized image");
        Spec lanczos = Spec.builder().geometry(new Geometry(Resize.exact(224, 224, Interpolation.LANCZOS, ResizeFamily.PILLOW), null)).build();
        assertThatThrownBy(() -> Embedder.embed(id, lanczos, PixelFormat.RGB888, true)).hasMessageContaining("no lanczos kernel");
        Spec other = Spec.builder().geometry(new Geometry(Resize.exact(200, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build();
        assertThatThrownBy(() -> Embedder.embed(id, other, PixelFormat.RGB888, true)).hasMessageContaining("resizes to 200x224 but the model input is 224x224");
        Spec stretch = Spec.builder().geometry(new Geometry(Resize.exact(320, 240, Interpolation.BILINEAR, ResizeFamily.OPENCV), null)).build();
        assertThatThrownBy(() -> Embedder.embed(ModelFile.read(Bundled.ULTRAFACE), stretch, PixelFormat.RGB888, true))
                .hasMessageContaining("opset 9; an embedded Resize needs opset 11");
    }
}
