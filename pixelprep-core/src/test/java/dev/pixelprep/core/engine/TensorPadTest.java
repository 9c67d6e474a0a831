package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Padding in tensor units (Segment Anything, PaddleOCR recognition): every padded element holds the value itself,
 * every image element is what the same spec with pixel-colour padding gives, on every output target and layout.
 */
class TensorPadTest {
    private static PixelBuffer photo(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new SplittableRandom(w * 31 + h).nextBytes(rgb);
        return PixelBuffer.of(rgb, w, h, PixelFormat.RGB888);
    }

    private static Geometry[] geometries() {
        return new Geometry[] {
            // a letterbox, centred (pad on two sides)
            new Geometry(Resize.letterbox(24, 24).withPadColor(9, 9, 9), null),
            // a longer side then a top-left canvas (Segment Anything's shape)
            new Geometry(Resize.longerSide(20).withKernel(Interpolation.BILINEAR, ResizeFamily.PILLOW), new Crop(24, 24, CropRounding.TOP_LEFT, true, null)),
            // a centre crop larger than the image (pads all round)
            new Geometry(null, new Crop(40, 30, CropRounding.HALF_EVEN, true, null)),
        };
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void paddedElementsHoldTheValueAndTheImageIsUnchanged(Layout layout) {
        PixelBuffer src = photo(31, 17);
        for (Geometry g : geometries()) {
            Spec pixelPad = Spec.builder().color(ColorOrder.BGR).scale(0.01, 0.02, 0.03).bias(-1, -2, -3).layout(layout).geometry(g).build();
            Spec tensorPad = pixelPad.toBuilder().geometry(g.withPadValue(0.5, -7.25, 1e3)).build();
            Tensor a = Pipeline.compile(pixelPad).tensor(src);
            Tensor b = Pipeline.compile(tensorPad).tensor(src);
            Plan plan = g.plan(src.width(), src.height());
            Window v = plan.visibleWindow();
            int x0 = v.x() + plan.offsetX();
            int y0 = v.y() + plan.offsetY();
            int w = plan.outputWidth();
            int h = plan.outputHeight();
            double[] pv = {0.5, -7.25, 1e3};
            int padded = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = layout.planar() ? (c * h + y) * w + x : (y * w + x) * 3 + c;
                        boolean inside = x >= x0 && x < x0 + v.width() && y >= y0 && y < y0 + v.height();
                        if (inside) {
                            assertThat(b.getFloat(i)).as("%s image element c%d (%d,%d)", g, c, x, y).isEqualTo(a.getFloat(i));
                        } else {
                            padded++;
                            assertThat(b.getFloat(i)).as("%s pad element c%d (%d,%d)", g, c, x, y).isEqualTo((float) pv[c]);
                        }
                    }
                }
            }
            assertThat(padded).as("%s pads something", g).isPositive();
            // the same through a float[], a direct FloatBuffer and a ByteBuffer (the three writers)
            Pipeline p = Pipeline.compile(tensorPad);
            float[] arr = new float[p.imageElements(src.width(), src.height()) + 5];
            p.run(src, arr, 5);
            FloatBuffer direct = ByteBuffer.allocateDirect(4 * arr.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            p.run(src, direct, 5);
            for (int i = 0; i < b.size(); i++) {
                assertThat(arr[5 + i]).isEqualTo(b.getFloat(i));
                assertThat(direct.get(5 + i)).isEqualTo(b.getFloat(i));
            }
        }
    }

    @Test
    void integerAndHalfOutputsQuantiseThePadValueLikeEveryOther() {
        PixelBuffer src = photo(10, 6);
        Geometry g = new Geometry(Resize.letterbox(12, 12), null).withPadValue(3.0);
        Tensor q = Pipeline.compile(Spec.builder().scale(1 / 255.0).bias(0).dtype(DType.UINT8).quantization(new Quantization(1 / 64.0, 10))
                .geometry(g).build()).tensor(src);
        assertThat(q.getFloat(0)).isEqualTo(3 * 64 + 10); // round(3 / (1/64)) + 10
        Tensor half = Pipeline.compile(Spec.builder().scale(1 / 255.0).bias(0).dtype(DType.FLOAT16).geometry(g).build()).tensor(src);
        assertThat(half.getFloat(0)).isEqualTo(3.0f);
    }

    @Test
    void badPadValuesAreRefused() {
        Geometry g = new Geometry(Resize.letterbox(12, 12), null);
        assertThatThrownBy(() -> g.withPadValue(Double.NaN)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("$.pad_value[0]: must be a finite number, got NaN");
        assertThatThrownBy(() -> Pipeline.compile(Spec.builder().geometry(g.withPadValue(1e300)).build()))
                .hasMessage("$.pad_value: channel R pad value 1.0E300 gives inf in float32; give a value within the dtype's range, or allow"
                        + " non-finite output explicitly");
        assertThatThrownBy(() -> g.withPadValue(1, 2)).hasMessage("$.pad_value: expected one value or one per channel (3), got 2");
        assertThatThrownBy(() -> Spec.builder().color(ColorOrder.GRAY).scale(1).bias(0).geometry(g.withPadValue(1, 2, 3)).build())
                .hasMessage("$.pad_value: a GRAY tensor has 1 channel(s); pad_value gives 3 values");
    }
}
