package example;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.spec.Spec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * CameraX ImageAnalysis frames (YUV_420_888) to a model input, turned upright, with no copy of the frame. From an
 * ImageProxy: {@code PlaneProxy[] p = image.getPlanes();} then {@code prepare(p[0].getBuffer(), p[0].getRowStride(),
 * p[1].getBuffer(), p[2].getBuffer(), p[1].getRowStride(), p[1].getPixelStride(), image.getWidth(), image.getHeight(),
 * image.getImageInfo().getRotationDegrees())}.
 */
public class CameraXFrame {
    private static final Spec SPEC = Presets.get("torchvision-v1").toSpec();
    private final Map<Integer, Pipeline> byRotation = new HashMap<>();   // compile once per rotation and keep it
    private final ByteBuffer input = ByteBuffer.allocateDirect(3 * 224 * 224 * Float.BYTES).order(ByteOrder.nativeOrder());

    public ByteBuffer prepare(ByteBuffer y, int yRowStride, ByteBuffer u, ByteBuffer v, int uvRowStride, int uvPixelStride,
                              int width, int height, int rotationDegrees) {
        Pipeline turned = byRotation.computeIfAbsent(rotationDegrees, r -> Pipeline.compile(SPEC.toBuilder()
                .geometry(SPEC.geometry().withOrientation(new FrameOrientation(r, false)))
                .build()));
        PixelBuffer frame = PixelBuffer.builder().size(width, height).format(PixelFormat.YUV_420_888)
                .plane(y, 0, yRowStride, 1)
                .plane(u, 0, uvRowStride, uvPixelStride)
                .plane(v, 0, uvRowStride, uvPixelStride)
                .yuv(YuvConversion.LIBYUV_JPEG)              // the bits CameraX's RGBA_8888 output would have given
                .build();
        turned.run(frame, input, 0);                         // float32 into a reused direct buffer behind an OnnxTensor
        return input;
    }
}
