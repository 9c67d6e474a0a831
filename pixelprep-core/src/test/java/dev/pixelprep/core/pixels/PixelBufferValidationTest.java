package dev.pixelprep.core.pixels;

import dev.pixelprep.core.InvalidPixelsException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad pixel-buffer descriptions fail when built, with messages that name the numbers involved. */
class PixelBufferValidationTest {

    @Test
    void sizeMustBePositive() {
        assertThatThrownBy(() -> PixelBuffer.of(new byte[12], 0, 4, PixelFormat.RGB888))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("0x4");
        assertThatThrownBy(() -> PixelBuffer.of(new byte[12], 4, -3, PixelFormat.RGB888))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("4x-3");
        assertThatThrownBy(() -> PixelBuffer.ofArgb(new int[4], -1, -1))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("-1x-1");
    }

    @Test
    void sizeBeyondTheLimitIsRejected() {
        assertThatThrownBy(() -> PixelBuffer.of(new byte[1], 70000, 1, PixelFormat.GRAY8))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("70000x1").hasMessageContaining("65536");
    }

    @Test
    void strideSmallerThanARowIsRejected() {
        assertThatThrownBy(() -> PixelBuffer.builder().size(10, 2).format(PixelFormat.BGRA8888).rowStride(39).data(new byte[100]).build())
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("row stride 39 bytes").hasMessageContaining("width 10").hasMessageContaining("40 bytes");
        assertThatThrownBy(() -> PixelBuffer.builder().size(10, 2).format(PixelFormat.INT_ARGB).rowStride(9).data(new int[30]).build())
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("row stride 9 ints").hasMessageContaining("10 ints");
    }

    @Test
    void bufferTooShortIsRejectedWithTheBytesNeededAndHeld() {
        // 3 rows of stride 20 with 12 bytes of pixels on the last, after an offset of 5: 5 + 2*20 + 12 = 57.
        assertThatThrownBy(() -> PixelBuffer.builder().size(4, 3).format(PixelFormat.RGB888).rowStride(20).offset(5)
                .data(new byte[56]).build())
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("needs 57 bytes").hasMessageContaining("has 56");
        assertThat(PixelBuffer.builder().size(4, 3).format(PixelFormat.RGB888).rowStride(20).offset(5)
                .data(new byte[57]).build().width()).isEqualTo(4);
        assertThatThrownBy(() -> PixelBuffer.builder().size(8, 8).format(PixelFormat.GRAY8).data(ByteBuffer.allocateDirect(63)).build())
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("needs 64 bytes").hasMessageContaining("has 63");
        assertThatThrownBy(() -> PixelBuffer.ofArgb(new int[5], 3, 2))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("needs 6 ints").hasMessageContaining("has 5");
    }

    @Test
    void negativeOffsetIsRejected() {
        assertThatThrownBy(() -> PixelBuffer.builder().size(1, 1).format(PixelFormat.GRAY8).offset(-2).data(new byte[4]).build())
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("-2");
    }

    @Test
    void storageMustMatchTheFormat() {
        assertThatThrownBy(() -> PixelBuffer.builder().size(2, 2).format(PixelFormat.RGBA8888).data(new int[4]).build())
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("RGBA8888").hasMessageContaining("int[]");
        assertThatThrownBy(() -> PixelBuffer.builder().size(2, 2).format(PixelFormat.INT_RGB).data(new byte[16]).build())
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("INT_RGB").hasMessageContaining("int[]");
        assertThatThrownBy(() -> PixelBuffer.builder().size(2, 2).format(PixelFormat.INT_BGR).data(ByteBuffer.allocate(16)).build())
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("INT_BGR");
    }

    @Test
    void regionOutsideTheBufferIsRejected() {
        PixelBuffer p = PixelBuffer.of(new byte[4 * 3 * 3], 4, 3, PixelFormat.RGB888);
        assertThatThrownBy(() -> p.region(2, 1, 3, 2))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("2,1 3x2").hasMessageContaining("4x3");
    }
}
