package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.BatchGeometry;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches whose images make different sizes: {@code pad_batch} (each image as alone, then padded right and bottom
 * with the tensor-unit pad value) and text lines on the widest line's canvas. The authors' own batch tensors are
 * checked in {@code GoldenRecipeTest} (PaddleOCR) and {@code PaddleDetectionGoldenTest} (PaddleDetection).
 */
class BatchTensorTest {
    private static final Resize KEEP_RATIO = Resize.shorterSide(64, Interpolation.BILINEAR, ResizeFamily.OPENCV).withMaxSize(100)
            .withSideRounding(SideRounding.SCALE);

    private static Spec padded(Layout layout, int stride, double pad) {
        Resize r = stride > 0 ? KEEP_RATIO.withStride(stride) : KEEP_RATIO;
        return Spec.builder().scale(1 / 255.0).bias(-0.5).layout(layout).batch(3)
                .geometry(new Geometry(r, null).withPadValue(pad).withPadBatch(true)).build();
    }

    private static List<PixelBuffer> images(long seed, int[][] sizes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<PixelBuffer> out = new ArrayList<>();
        PixelFormat[] formats = {PixelFormat.RGB888, PixelFormat.BGRA8888, PixelFormat.INT_ARGB};
        for (int i = 0; i < sizes.length; i++) {
            out.add(LinearPlanesTest.source(rnd, formats[i % formats.length], sizes[i][0], sizes[i][1], i));
        }
        return out;
    }

    @Test
    void padBatchPlacesEachImageAsAloneTopLeftAndPadsTheRestInTensorUnits() {
        int[][] sizes = {{90, 60}, {40, 120}, {64, 64}};
        for (Layout layout : new Layout[] {Layout.NCHW, Layout.NHWC}) {
            for (int stride : new int[] {0, 32}) {
                Spec spec = padded(layout, stride, 0.25);
                List<PixelBuffer> imgs = images(7 + stride, sizes);
                Tensor batch = Pipeline.compile(spec).tensor(imgs);
                int bw = 0;
                int bh = 0;
                for (PixelBuffer p : imgs) {
                    Plan plan = spec.geometry().plan(p.width(), p.height());
                    bw = Math.max(bw, plan.outputWidth());
                    bh = Math.max(bh, plan.outputHeight());
                }
                int[] shape = batch.shape();
                assertThat(shape).containsExactly(layout.shape(3, 3, bh, bw));
                Spec one = spec.toBuilder().batch(1).build();
                for (int i = 0; i < imgs.size(); i++) {
                    Tensor alone = Pipeline.compile(one).tensor(imgs.get(i));
                    int[] s = alone.shape();
                    int h = layout.planar() ? s[2] : s[1];
                    int w = layout.planar() ? s[3] : s[2];
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < bh; y++) {
                            for (int x = 0; x < bw; x++) {
                                float want = y < h && x < w ? alone.getFloat(index(layout, 0, c, y, x, h, w)) : 0.25f;
                                float got = batch.getFloat(index(layout, i, c, y, x, bh, bw));
                                if (Float.compare(want, got) != 0) {
                                    throw new AssertionError(layout + " stride " + stride + " image " + i + " c" + c + " (" + x + "," + y + "): " + got + " != " + want);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int index(Layout l, int n, int c, int y, int x, int h, int w) {
        return l.planar() ? ((n * 3 + c) * h + y) * w + x : ((n * h + y) * w + x) * 3 + c;
    }

    @Test
    void withoutPadBatchDifferentSizesAreRefusedNamingTheImage() {
        Spec spec = Spec.builder().scale(1 / 255.0).bias(0).batch(2).geometry(new Geometry(KEEP_RATIO, null)).build();
        List<PixelBuffer> imgs = images(3, new int[][] {{90, 60}, {40, 120}});
        assertThatThrownBy(() -> Pipeline.compile(spec).tensor(imgs)).isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("image 1 (40x120) makes [2,3,100,33]").hasMessageContaining("pad_batch");
    }

    @Test
    void aBatchThatAlreadySharesOneSizeIsUnchanged() {
        Spec spec = padded(Layout.NCHW, 0, 0);
        BatchGeometry b = BatchGeometry.of(spec.geometry(), new int[] {90, 90, 90}, new int[] {60, 60, 60});
        assertThat(b.geometry()).isEqualTo(spec.geometry());
        assertThat(b.width()).isEqualTo(96);
        assertThat(b.height()).isEqualTo(64);
    }

    @Test
    void textLinesShareTheWidestLinesCanvas() {
        Spec rec = Recipes.get("paddleocr-rec").spec().toBuilder().batch(2).build();
        // 384x37: alone its canvas is int(48·384/37) = 498 and it takes 498 columns (ceil 499 passes the canvas);
        // beside a wider line the canvas is that line's and it takes ceil: 499
        List<PixelBuffer> imgs = images(5, new int[][] {{384, 37}, {385, 37}});
        BatchGeometry b = BatchGeometry.of(rec.geometry(), new int[] {384, 385}, new int[] {37, 37});
        assertThat(b.width()).isEqualTo(499);
        assertThat(b.geometry().plan(384, 37).resizedWidth()).isEqualTo(499);
        assertThat(rec.geometry().plan(384, 37).resizedWidth()).isEqualTo(498);
        Tensor t = Pipeline.compile(rec).tensor(imgs);
        assertThat(t.shape()).containsExactly(2, 3, 48, 499);
    }

    @Test
    void padBatchNeedsTensorUnitsAndAnOpenSize() {
        assertThatThrownBy(() -> new Geometry(KEEP_RATIO, null).withPadBatch(true)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("pad_value");
        assertThatThrownBy(() -> new Geometry(KEEP_RATIO, Crop.torchvision(32, 32)).withPadValue(0).withPadBatch(true))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("a crop");
        assertThatThrownBy(() -> Recipes.get("paddleocr-rec").spec().geometry().withPadBatch(true)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("widest line");
    }
}
