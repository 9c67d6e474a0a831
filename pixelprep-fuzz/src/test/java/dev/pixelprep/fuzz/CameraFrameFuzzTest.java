package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;

import java.nio.ByteBuffer;

/**
 * Camera frames from hostile descriptions: a fuzzed YUV format, size, plane offsets, row and pixel strides, buffer
 * lengths (arrays, heap and direct buffers), conversion, frame turn and a small geometry. Building the buffer either
 * refuses in one line or gives a frame every read of which stays inside its planes: the pipeline then returns a
 * tensor of the planned shape (an identity uint8 tensor, so every value is a byte) and never throws anything else.
 */
class CameraFrameFuzzTest {
    private static final PixelFormat[] YUV = {PixelFormat.NV12, PixelFormat.NV21, PixelFormat.I420, PixelFormat.YV12,
        PixelFormat.YUV_420_888, PixelFormat.YUYV, PixelFormat.UYVY};
    private static final YuvConversion.Matrix[] MATRICES = YuvConversion.Matrix.values();
    private static final YuvConversion.Range[] RANGES = YuvConversion.Range.values();
    private static final YuvConversion.Arithmetic[] ARITHMETICS = YuvConversion.Arithmetic.values();

    @FuzzTest
    void frame(FuzzedDataProvider data) throws Exception {
        Expected.refusalOk(() -> check(data));
    }

    private static void check(FuzzedDataProvider data) {
        PixelFormat f = data.pickValue(YUV);
        int w = data.consumeBoolean() ? data.consumeInt(1, 70) : data.consumeInt();
        int h = data.consumeBoolean() ? data.consumeInt(1, 50) : data.consumeInt();
        PixelBuffer.Builder b = PixelBuffer.builder().size(w, h).format(f)
                .yuv(YuvConversion.of(data.pickValue(MATRICES), data.pickValue(RANGES), data.pickValue(ARITHMETICS)));
        if (data.consumeBoolean()) {
            // one array in the format's contiguous layout
            b.data(memory(data, data.consumeInt(0, 20_000))).offset(data.consumeInt(-2, 64)).rowStride(data.consumeInt(-2, 300));
        } else {
            int planes = data.consumeInt(0, 4);
            for (int i = 0; i < planes; i++) {
                int len = data.consumeInt(0, 20_000);
                int offset = data.consumeBoolean() ? data.consumeInt(0, 64) : data.consumeInt();
                int rowStride = data.consumeBoolean() ? data.consumeInt(0, 300) : data.consumeInt();
                int pixelStride = data.consumeInt(-1, 5);
                switch (data.consumeInt(0, 2)) {
                    case 0: b.plane(memory(data, len), offset, rowStride, pixelStride); break;
                    case 1: b.plane(ByteBuffer.wrap(memory(data, len)), offset, rowStride, pixelStride); break;
                    default: {
                        ByteBuffer d = ByteBuffer.allocateDirect(len);
                        d.put(memory(data, len)).position(0);
                        b.plane(d, offset, rowStride, pixelStride);
                    }
                }
            }
        }
        PixelBuffer src = b.build();
        Geometry g = null;
        if (data.consumeBoolean()) {
            g = Geometry.oriented(new FrameOrientation(90 * data.consumeInt(0, 3), data.consumeBoolean()));
        }
        if (data.consumeBoolean()) {
            Geometry r = new Geometry(Resize.exact(data.consumeInt(1, 40), data.consumeInt(1, 40), Interpolation.BILINEAR,
                    data.consumeBoolean() ? ResizeFamily.OPENCV : ResizeFamily.PILLOW), data.consumeBoolean() ? Crop.torchvision(7, 5) : null);
            g = g == null ? r : r.withOrientation(g.orientation());
        }
        ColorOrder color = data.consumeBoolean() ? ColorOrder.RGB : data.consumeBoolean() ? ColorOrder.BGR : ColorOrder.GRAY;
        Spec spec = Spec.builder().color(color).layout(Layout.HWC).dtype(DType.UINT8).geometry(g).build();
        Tensor t = Pipeline.compile(spec).tensor(src);
        int ow = g == null ? w : g.plan(w, h).outputWidth();
        int oh = g == null ? h : g.plan(w, h).outputHeight();
        int[] s = t.shape();
        if (s.length != 3 || s[0] != oh || s[1] != ow || s[2] != color.channels()) {
            Plan p = g == null ? null : g.plan(w, h);
            throw new AssertionError("tensor shape " + java.util.Arrays.toString(s) + " for " + src + " and " + p);
        }
    }

    private static byte[] memory(FuzzedDataProvider data, int len) {
        byte[] m = new byte[len];
        byte[] given = data.consumeBytes(Math.min(len, 64));
        for (int i = 0; i < len; i++) {
            m[i] = given.length == 0 ? (byte) i : given[i % given.length];
        }
        return m;
    }
}
