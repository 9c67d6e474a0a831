package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The views a runtime takes: a read-only FloatBuffer over the same elements and the shape as longs. */
class TensorViewsTest {
    @Test
    void theFloatBufferIsAReadOnlyViewOfTheElementsInOrder() {
        Tensor t = Tensor.ofFloats(new int[] {1, 2, 1, 3}, Layout.NCHW, new float[] {0.5f, -1.25f, 3f, Float.MIN_VALUE, 7f, -0f});
        FloatBuffer f = t.asFloatBuffer();
        assertThat(f.isReadOnly()).isTrue();
        assertThat(f.remaining()).isEqualTo(6);
        float[] got = new float[6];
        f.get(got);
        assertThat(got).containsExactly(t.toFloatArray());
        assertThat(Float.floatToIntBits(got[5])).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(t.longShape()).containsExactly(1L, 2L, 1L, 3L);
    }

    @Test
    void otherDtypesAreRefusedNotReinterpreted() {
        Tensor bytes = new Tensor(new int[] {1, 4}, DType.UINT8, Layout.NCHW, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        assertThatThrownBy(bytes::asFloatBuffer).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("asFloatBuffer needs a float32 tensor, this one is uint8; use data()");
    }

    @Test
    void differenceCountsElementsOverTheToleranceAcrossDtypes() {
        Tensor floats = Tensor.ofFloats(new int[] {1, 4}, Layout.NCHW, new float[] {1f, 2.5f, 3f, 250f});
        Tensor bytes = new Tensor(new int[] {1, 4}, DType.UINT8, Layout.NCHW, ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 255}));
        Tensor.Difference d = floats.difference(bytes, 0.5);
        assertThat(d.max()).isEqualTo(5.0);
        assertThat(d.over()).isEqualTo(1);
        assertThat(floats.difference(bytes, 0.25).over()).isEqualTo(2);
        assertThat(floats.difference(floats, 0)).isEqualTo(new Tensor.Difference(0, 0));
    }

    @Test
    void aNanIsTheLargestDifferenceAndCounts() {
        Tensor a = Tensor.ofFloats(new int[] {3}, Layout.CHW, new float[] {Float.NaN, 1f, 9f});
        Tensor b = Tensor.ofFloats(new int[] {3}, Layout.CHW, new float[] {0f, 1f, 1f});
        Tensor.Difference d = a.difference(b, 1e-6);
        assertThat(d.max()).isNaN();
        assertThat(d.over()).isEqualTo(2);
    }

    @Test
    void differentShapesAreRefused() {
        Tensor a = Tensor.ofFloats(new int[] {1, 3}, Layout.NCHW, new float[3]);
        Tensor b = Tensor.ofFloats(new int[] {3, 1}, Layout.NCHW, new float[3]);
        assertThatThrownBy(() -> a.difference(b, 0)).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("cannot compare tensor [1, 3] with [3, 1]: the shapes differ");
    }
}
