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
}
