package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16 items 4 and 6: tensor sizes in long against a limit, and non-finite outputs refused at compile time. */
class PipelineLimitsTest {
    static final PixelBuffer SMALL = PixelBuffer.of(new byte[4 * 4 * 3], 4, 4, PixelFormat.RGB888);

    static Spec resized(int w, int h, DType dtype) {
        return Spec.builder().dtype(dtype).geometry(new Geometry(Resize.exact(w, h, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build();
    }

    @Test
    void aTensorOverTwoGibibytesIsRefusedBeforeAllocating() {
        // used to be ArithmeticException: integer overflow
        assertThatThrownBy(() -> Pipeline.compile(resized(32768, 32768, DType.FLOAT32)).tensor(SMALL))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("tensor float32 [1,3,32768,32768] needs 12.0 GiB, more than the 2.0 GiB a Java array holds; resize or crop to a smaller size");
        assertThatThrownBy(() -> Pipeline.compile(resized(32768, 32768, DType.UINT8)).tensor(SMALL))
                .hasMessageStartingWith("tensor uint8 [1,3,32768,32768] needs 3.0 GiB");
        assertThatThrownBy(() -> Pipeline.compile(resized(32768, 32768, DType.FLOAT32)).imageElements(4, 4))
                .isInstanceOf(InvalidSpecException.class).hasMessageStartingWith("tensor float32 [1,3,32768,32768] needs 12.0 GiB");
        // a large batch of small images overflows the same way
        Spec batch = Spec.builder().batch(20000).geometry(new Geometry(Resize.exact(224, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build();
        assertThatThrownBy(() -> Pipeline.compile(batch).tensor(java.util.Collections.nCopies(20000, SMALL)))
                .hasMessageStartingWith("tensor float32 [20000,3,224,224] needs 11.2 GiB");
    }

    @Test
    void theLimitCanBeLoweredWithASystemProperty() {
        String old = System.getProperty(Tensor.MAX_BYTES_PROPERTY);
        try {
            System.setProperty(Tensor.MAX_BYTES_PROPERTY, "1k");
            assertThat(Pipeline.compile(resized(8, 8, DType.FLOAT32)).tensor(SMALL).shape()).containsExactly(1, 3, 8, 8);
            assertThatThrownBy(() -> Pipeline.compile(resized(16, 16, DType.FLOAT32)).tensor(SMALL))
                    .hasMessage("tensor float32 [1,3,16,16] needs 0.0 GiB, more than the limit of 1024 bytes set by -Dpixelprep.maxTensorBytes; resize or crop to a smaller size");
            System.setProperty(Tensor.MAX_BYTES_PROPERTY, "lots");
            assertThatThrownBy(() -> Pipeline.compile(resized(16, 16, DType.FLOAT32)).tensor(SMALL)).isInstanceOf(InvalidSpecException.class)
                    .hasMessageStartingWith("-Dpixelprep.maxTensorBytes=lots: expected a positive number of bytes");
        } finally {
            if (old == null) {
                System.clearProperty(Tensor.MAX_BYTES_PROPERTY);
            } else {
                System.setProperty(Tensor.MAX_BYTES_PROPERTY, old);
            }
        }
    }

    @Test
    void elementCountsSaturateInsteadOfWrapping() {
        assertThat(Tensor.elementCount(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE})).isEqualTo(Long.MAX_VALUE);
        assertThat(Tensor.byteCount(new int[] {1, 3, 32768, 32768}, DType.FLOAT32)).isEqualTo(12L << 30);
        assertThat(Tensor.elementCount(new int[] {Integer.MAX_VALUE, 0, Integer.MAX_VALUE})).isZero();
    }

    @Test
    void hugeScalesAndTinyStdsAreRefusedNamingChannelAndLevel() {
        // used to write a tensor of inf with exit 0
        assertThatThrownBy(() -> Pipeline.compile(Spec.builder().scale(1e308).build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("channel R level 1 gives inf in float32 (1 × scale 1.0E308 + bias 0 = 1.0E308)");
        Spec tiny = Torchvision.of(new double[] {0.5}, new double[] {1e-300}).applyTo(Spec.builder()).build();
        assertThatThrownBy(() -> Pipeline.compile(tiny)).hasMessageStartingWith("channel R level 0 gives -inf in float32");
        // 255 × 1e308 is infinite even in double, and would be for uint8 too before saturating
        assertThatThrownBy(() -> Pipeline.compile(Spec.builder().scale(1e308).dtype(DType.UINT8).build()))
                .hasMessageStartingWith("channel R level 2 gives inf in uint8");
        // inversion: level 0 is the bright end
        assertThatThrownBy(() -> Pipeline.compile(Spec.builder().color(ColorOrder.GRAY).invert(true).scale(1e308).build()))
                .hasMessageStartingWith("channel gray level 0 gives inf in float32 (255 × scale");
    }

    @Test
    void float16RangeAndMeanImagesAreChecked() {
        // float16 holds up to 65504; 65300 + 220 = 65520 rounds (to even) to inf, 65300 + 219 to 65504
        assertThatThrownBy(() -> Pipeline.compile(Spec.builder().bias(65300).dtype(DType.FLOAT16).build()))
                .hasMessageStartingWith("channel R level 220 gives inf in float16 (220 × scale 1 + bias 65300 = 65520.0)");
        Pipeline ok = Pipeline.compile(Spec.builder().bias(65200).dtype(DType.FLOAT16).build());
        assertThat(ok.tensor(SMALL).toFloatArray()[0]).isEqualTo(65216f);
        float[] mean = new float[3 * 4 * 4];
        mean[5] = -3e38f;
        // scale 2 × (x − (−3e38)) passes float32's 3.4e38 at every level
        Spec m = Spec.builder().scale(2).meanImage(new MeanImage(3, 4, 4, mean)).layout(Layout.NCHW).build();
        assertThatThrownBy(() -> Pipeline.compile(m)).hasMessageStartingWith("channel R level 0 gives inf in float32")
                .hasMessageContaining("mean image");
    }

    @Test
    void non_finiteOutputIsWrittenWhenAskedFor() {
        Tensor t = Pipeline.compile(Spec.builder().scale(1e308).build(), true).tensor(PixelBuffer.of(new byte[] {0, 1, 2}, 1, 1, PixelFormat.RGB888));
        assertThat(t.toFloatArray()).containsExactly(0f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
    }

    @Test
    void torchvisionNearestIgnoresAntialiasAsTorchvisionDoes() {
        // used to pass validation and fail at run time ("torch: antialias is only supported for BILINEAR and BICUBIC")
        Resize aa = new Resize(dev.pixelprep.core.geometry.ResizeMode.EXACT, 3, 2, 0, 0, Interpolation.NEAREST, ResizeFamily.TORCHVISION_TENSOR, true, null, true);
        assertThat(aa.antialias()).isFalse();
        assertThat(aa).isEqualTo(aa.withAntialias(false));
        byte[] px = new byte[7 * 5 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        PixelBuffer src = PixelBuffer.of(px, 7, 5, PixelFormat.RGB888);
        Tensor t = Pipeline.compile(Spec.builder().geometry(new Geometry(aa, null)).build()).tensor(src);
        Tensor plain = Pipeline.compile(Spec.builder().geometry(new Geometry(Resize.exact(3, 2, Interpolation.NEAREST, ResizeFamily.TORCHVISION_TENSOR), null)).build()).tensor(src);
        assertThat(t.toFloatArray()).containsExactly(plain.toFloatArray());
        // bilinear keeps the flag
        assertThat(new Resize(dev.pixelprep.core.geometry.ResizeMode.EXACT, 3, 2, 0, 0, Interpolation.BILINEAR, ResizeFamily.TORCHVISION_TENSOR, true, null, true).antialias()).isTrue();
    }

    @Test
    void runningIntoACallersBufferWithAHugeGeometryIsOneLine() {
        // the 8-bit resized image itself (3 GiB) used to overflow in the geometry stage before the buffer was checked
        Pipeline p = Pipeline.compile(resized(32768, 32768, DType.FLOAT32));
        assertThatThrownBy(() -> p.run(SMALL, new float[16], 0)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("the resized image 32768x32768x3 needs 3221225472 bytes, more than the 2147483639 a Java array holds; resize or crop to a smaller size");
    }
}
