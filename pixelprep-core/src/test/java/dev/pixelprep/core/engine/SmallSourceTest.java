package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PaddleOCR detection's tiny sources (width + height under 64): padded black to at least 32 × 32 before the resize,
 * through every output; the authors' tensors for such a crop are in {@code GoldenRecipeTest}.
 */
class SmallSourceTest {
    private static final Spec DET = Recipes.get("paddleocr-det").spec();

    @Test
    void aTinySourceIsPaddedFirstAndItsBoxesMapToItsOwnPixels() {
        Geometry g = DET.geometry().forSource(41, 19);
        assertThat(g).isNotEqualTo(DET.geometry());
        assertThat(g.crop().width()).isEqualTo(41);
        assertThat(g.crop().height()).isEqualTo(32);
        Plan p = DET.geometry().plan(41, 19);
        assertThat(p.outputWidth()).isEqualTo(32);
        assertThat(p.outputHeight()).isEqualTo(32);
        // the padded canvas 41x32 resized to 32x32: x scales by 41/32, y by 1; the source's bottom edge is row 19
        double[] box = p.boxToSource(new double[] {0, 0, 32, 19});
        assertThat(box[0]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(box[2]).isCloseTo(41, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(box[3]).isCloseTo(19, org.assertj.core.data.Offset.offset(1e-9));
        // at 64 and above nothing changes
        assertThat(DET.geometry().forSource(32, 32)).isSameAs(DET.geometry());
        assertThat(DET.geometry().forSource(62, 1)).isNotSameAs(DET.geometry());
    }

    @Test
    void everyOutputGetsTheSameTensorAsTheStagedReference() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (PixelFormat f : new PixelFormat[] {PixelFormat.BGR888, PixelFormat.BGRA8888, PixelFormat.INT_ARGB}) {
            PixelBuffer src = LinearPlanesTest.source(rnd, f, 41, 19, 0);
            Pipeline pipe = Pipeline.compile(DET);
            Tensor t = pipe.tensor(src);
            assertThat(t.shape()).containsExactly(1, 3, 32, 32);
            // the same steps spelt out: a black top-left canvas of 41x32, then that canvas resized to 32x32
            Spec spelt = DET.toBuilder().geometry(new Geometry(null, new Crop(41, 32, dev.pixelprep.core.geometry.CropRounding.TOP_LEFT, true, null))
                    .withThen(dev.pixelprep.core.geometry.Resize.exact(32, 32, DET.geometry().resize().interpolation(),
                            DET.geometry().resize().family()))).build();
            float[] want = Pipeline.compile(spelt).tensor(src).toFloatArray();
            assertThat(t.toFloatArray()).containsExactly(want);
            float[] arr = new float[3 * 32 * 32 + 5];
            pipe.run(src, arr, 5);
            FloatBuffer fb = ByteBuffer.allocateDirect(4 * 3 * 32 * 32).order(ByteOrder.nativeOrder()).asFloatBuffer();
            pipe.run(src, fb, 0);
            for (int i = 0; i < want.length; i++) {
                assertThat(arr[5 + i]).isEqualTo(want[i]);
                assertThat(fb.get(i)).isEqualTo(want[i]);
            }
        }
    }

    @Test
    void aGeometryThatCannotPadFirstStillRefusesATinySource() {
        Spec cropped = DET.toBuilder().geometry(new Geometry(DET.geometry().resize(), Crop.torchvision(32, 32))).build();
        assertThatThrownBy(() -> Pipeline.compile(cropped).tensor(LinearPlanesTest.source(new SplittableRandom(1), PixelFormat.RGB888, 20, 20, 0)))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("pad the image first");
        // nor does the first stage of a two-step geometry (the fuzzer's finding: its plan padded, its engine would not)
        Spec twoStep = DET.toBuilder().geometry(DET.geometry().withThen(dev.pixelprep.core.geometry.Resize.exact(64, 64,
                DET.geometry().resize().interpolation(), DET.geometry().resize().family()))).build();
        assertThatThrownBy(() -> twoStep.geometry().plan(6, 1)).isInstanceOf(InvalidPixelsException.class).hasMessageContaining("pad the image first");
        assertThatThrownBy(() -> Pipeline.compile(twoStep).tensor(LinearPlanesTest.source(new SplittableRandom(1), PixelFormat.RGB888, 6, 1, 0)))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("pad the image first");
    }
}
