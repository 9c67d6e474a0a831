package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The engine's semantics on small hand-checked images. */
class PipelineTest {
    /** 2x1 RGBA: an opaque orange pixel and a half-transparent blue one. */
    static final byte[] RGBA = {(byte) 255, (byte) 128, 0, (byte) 255, 10, 20, (byte) 200, (byte) 128};

    static PixelBuffer rgba(AlphaMode mode) {
        return PixelBuffer.builder().size(2, 1).format(PixelFormat.RGBA8888).alphaMode(mode).data(RGBA).build();
    }

    @Test
    void nchwAndNhwcPlaceChannelsWhereTheirNamesSay() {
        Spec nchw = Spec.builder().build();
        float[] a = Pipeline.compile(nchw).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        assertThat(a).containsExactly(255, 10, 128, 20, 0, 200);
        float[] b = Pipeline.compile(nchw.toBuilder().layout(Layout.NHWC).build()).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        assertThat(b).containsExactly(255, 128, 0, 10, 20, 200);
        float[] bgr = Pipeline.compile(nchw.toBuilder().color(ColorOrder.BGR).layout(Layout.HWC).build()).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        assertThat(bgr).containsExactly(0, 128, 255, 200, 20, 10);
    }

    @Test
    void compositeOverBackgroundForStraightAndPremultipliedAlpha() {
        Spec spec = Spec.builder().alpha(AlphaPolicy.composite(255, 255, 255)).layout(Layout.NHWC).build();
        float[] s = Pipeline.compile(spec).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        // (c*a + 255*(255-a) + 127) / 255 with a = 128: 10 -> 132, 20 -> 137, 200 -> 227
        assertThat(s).containsExactly(255, 128, 0, (10 * 128 + 255 * 127 + 127) / 255, (20 * 128 + 255 * 127 + 127) / 255, (200 * 128 + 255 * 127 + 127) / 255);
        float[] p = Pipeline.compile(spec).tensor(rgba(AlphaMode.PREMULTIPLIED)).toFloatArray();
        int add = (255 * 127 + 127) / 255;
        assertThat(p).containsExactly(255, 128, 0, 10 + add, 20 + add, Math.min(255, 200 + add));
    }

    @Test
    void dropKeepsTheStoredColourAndUnpremultiplyDividesByAlpha() {
        Spec drop = Spec.builder().layout(Layout.NHWC).build();
        assertThat(Pipeline.compile(drop).tensor(rgba(AlphaMode.PREMULTIPLIED)).toFloatArray()).containsExactly(255, 128, 0, 10, 20, 200);
        Spec un = drop.toBuilder().alpha(AlphaPolicy.UNPREMULTIPLY).build();
        float[] u = Pipeline.compile(un).tensor(rgba(AlphaMode.PREMULTIPLIED)).toFloatArray();
        assertThat(u).containsExactly(255, 128, 0, (10 * 255 + 64) / 128, (20 * 255 + 64) / 128, 255);
        assertThat(Pipeline.compile(un).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray()).containsExactly(255, 128, 0, 10, 20, 200);
    }

    @Test
    void grayIsPillowLumaAndInvertFlipsTheLevels() {
        Spec gray = Spec.builder().color(ColorOrder.GRAY).build();
        float[] g = Pipeline.compile(gray).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        assertThat(g).containsExactly((255 * 19595 + 128 * 38470 + 0x8000) >> 16, (10 * 19595 + 20 * 38470 + 200 * 7471 + 0x8000) >> 16);
        float[] inv = Pipeline.compile(gray.toBuilder().invert(true).scale(1 / 255.0).build()).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        assertThat(inv[0]).isCloseTo((255 - g[0]) / 255f, within(1e-7f));
    }

    @Test
    void meanImageIsSubtractedBeforeTheScale() {
        MeanImage m = new MeanImage(3, 1, 2, new float[] {100, 5, 28, 10, 1, 100});
        Spec spec = Spec.builder().meanImage(m).scale(0.5).bias(1).build();
        float[] y = Pipeline.compile(spec).tensor(rgba(AlphaMode.STRAIGHT)).toFloatArray();
        assertThat(y).containsExactly(0.5f * (255 - 100) + 1, 0.5f * (10 - 5) + 1, 0.5f * (128 - 28) + 1, 0.5f * (20 - 10) + 1,
                0.5f * (0 - 1) + 1, 0.5f * (200 - 100) + 1);
        PixelBuffer big = PixelBuffer.of(new byte[4 * 3 * 3], 3, 4, PixelFormat.RGB888);
        assertThatThrownBy(() -> Pipeline.compile(spec).tensor(big)).isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("mean image is 2x1 but the input is 3x4");
    }

    @Test
    void integerAndHalfOutputs() {
        PixelBuffer px = rgba(AlphaMode.STRAIGHT);
        Spec signed = Spec.builder().scale(1 / 127.5).bias(-1).dtype(DType.INT8).quantization(new Quantization(1 / 128.0, 0)).build();
        Tensor q = Pipeline.compile(signed).tensor(px);
        // y = 255/127.5 - 1 = 1 -> round(128) saturates to 127; y = 10/127.5 - 1 -> round(-117.96) = -118
        assertThat(q.getFloat(0)).isEqualTo(127);
        assertThat(q.getFloat(1)).isEqualTo((float) Math.rint((10 / 127.5 - 1) * 128));
        Tensor u8 = Pipeline.compile(Spec.builder().dtype(DType.UINT8).build()).tensor(px);
        assertThat(u8.toFloatArray()).containsExactly(255, 10, 128, 20, 0, 200);
        Tensor half = Pipeline.compile(Spec.builder().scale(1 / 255.0).dtype(DType.FLOAT16).build()).tensor(px);
        assertThat(half.getFloat(2)).isEqualTo(Half.toFloat(Half.fromFloat(128 / 255f)));
        assertThat(half.getFloat(0)).isEqualTo(1f);
    }

    @Test
    void halfRoundsToNearestEvenAndKeepsSpecials() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3C00);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7BFF);
        assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7C00);
        assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
        assertThat(Half.fromFloat(5.9604645e-8f)).isEqualTo((short) 1);
        // 1 + 2^-11 is exactly between 1 and the next half (1 + 2^-10): ties to even -> 1
        assertThat(Half.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3C00);
        assertThat(Half.fromFloat(1f + 0x1p-11f + 0x1p-20f)).isEqualTo((short) 0x3C01);
        assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN)))).isTrue();
        for (int h = 0; h < 0x7C00; h++) {
            assertThat(Half.fromFloat(Half.toFloat((short) h))).isEqualTo((short) h);
        }
    }

    @Test
    void everyOutputKindGivesTheSameValuesAndHonoursOffsets() {
        Spec spec = Spec.builder().scale(1 / 255.0, 2 / 255.0, 3 / 255.0).bias(-0.5).batch(2).build();
        Pipeline p = Pipeline.compile(spec);
        PixelBuffer px = rgba(AlphaMode.STRAIGHT);
        float[] ref = p.tensor(List.of(px, px)).toFloatArray();
        float[] arr = new float[13];
        p.run(px, arr, 1);
        p.run(px, arr, 7);
        FloatBuffer direct = ByteBuffer.allocateDirect(13 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        p.run(px, direct, 1);
        p.run(px, direct, 7);
        ByteBuffer bytes = ByteBuffer.allocateDirect(13 * 4).order(ByteOrder.BIG_ENDIAN);
        p.run(px, bytes, 4);
        p.run(px, bytes, 28);
        assertThat(bytes.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 12; i++) {
            assertThat(arr[i + 1]).isEqualTo(ref[i]);
            assertThat(direct.get(i + 1)).isEqualTo(ref[i]);
            assertThat(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).getFloat(4 + 4 * i)).isEqualTo(ref[i]);
        }
        assertThatThrownBy(() -> p.run(px, new float[8], 3)).isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("holds 8 elements").hasMessageContaining("needs 9");
        assertThatThrownBy(() -> p.tensor(px)).hasMessageContaining("spec declares batch 2 but 1 images were given");
        Pipeline half = Pipeline.compile(Spec.builder().dtype(DType.FLOAT16).build());
        assertThatThrownBy(() -> half.run(px, new float[6], 0)).hasMessageContaining("spec produces float16");
    }

    @Test
    void batchImagesWithoutAFixingGeometryMustShareOneSize() {
        Pipeline p = Pipeline.compile(Spec.builder().batch(2).build());
        PixelBuffer a = PixelBuffer.of(new byte[12], 2, 2, PixelFormat.RGB888);
        PixelBuffer b = PixelBuffer.of(new byte[18], 3, 2, PixelFormat.RGB888);
        assertThatThrownBy(() -> p.tensor(List.of(a, b))).isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("image 0 (2x2) makes [2,3,2,2], image 1 (3x2) makes [2,3,2,3]");
    }

    @Test
    void pipelineIsSafeToShareBetweenThreads() throws Exception {
        Spec spec = Spec.builder().scale(1 / 255.0).color(ColorOrder.GRAY).build();
        Pipeline p = Pipeline.compile(spec);
        java.util.Random r = new java.util.Random(7);
        byte[][] imgs = new byte[8][];
        float[][] want = new float[8][];
        for (int i = 0; i < 8; i++) {
            imgs[i] = new byte[(40 + i) * 30 * 4];
            r.nextBytes(imgs[i]);
            want[i] = p.tensor(PixelBuffer.of(imgs[i], 40 + i, 30, PixelFormat.BGRA8888)).toFloatArray();
        }
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int i = t % 8;
                fs.add(ex.submit(() -> java.util.Arrays.equals(p.tensor(PixelBuffer.of(imgs[i], 40 + i, 30, PixelFormat.BGRA8888)).toFloatArray(), want[i])));
            }
            for (java.util.concurrent.Future<Boolean> f : fs) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
