package example;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Camera frames with padded rows into one reused direct buffer: no allocation per frame. */
public class CameraFrame {
    private final Pipeline pipeline = Pipeline.compile(Presets.get("torchvision-v1").toSpec());
    private final ByteBuffer input = ByteBuffer.allocateDirect(3 * 224 * 224 * Float.BYTES).order(ByteOrder.nativeOrder());

    /** {@code bgra}: a BGRA frame as a CVPixelBuffer or a capture card gives it, {@code bytesPerRow} apart. */
    public ByteBuffer prepare(ByteBuffer bgra, int width, int height, int bytesPerRow) {
        PixelBuffer frame = PixelBuffer.builder()
                .size(width, height).format(PixelFormat.BGRA8888)
                .rowStride(bytesPerRow)
                .data(bgra)                          // byte[], heap or direct ByteBuffer
                .build();
        pipeline.run(frame, input, 0);               // float32 little-endian; image i of a batch at byte i * 3*224*224*4
        return input;
    }
}
