package dev.pixelprep.core.engine;

import dev.pixelprep.core.simd.Simd;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loop feeding same-sized images into the same caller-owned output (float[], direct FloatBuffer, direct ByteBuffer) must not allocate, whether or not
 * the JIT has compiled it yet (so escape analysis is not what keeps it at zero). Measured with HotSpot's
 * per-thread allocation counter; skipped on a JVM without one.
 */
class SteadyStateAllocationTest {
    private static final int CALLS = 200;

    @Test
    void repeatedCallsIntoOneOutputAllocateNothing() {
        com.sun.management.ThreadMXBean threads = hotspotThreads();
        byte[] rgb = new byte[224 * 224 * 3];
        byte[] bgra = new byte[64 * 48 * 4];
        new SplittableRandom(7).nextBytes(rgb);
        new SplittableRandom(8).nextBytes(bgra);
        for (Layout layout : new Layout[] {Layout.NCHW, Layout.NHWC}) {
            Pipeline p = Pipeline.compile(Spec.builder().color(ColorOrder.RGB).scale(1 / 58.0).bias(-2.1).layout(layout).build());
            check(threads, p, PixelBuffer.of(rgb, 224, 224, PixelFormat.RGB888));
            check(threads, p, PixelBuffer.of(bgra, 64, 48, PixelFormat.BGRA8888));
        }
    }

    /**
     * Camera frames: an NV21 frame in an array and a YUV_420_888 frame in direct buffers (Android's pixel-stride-2
     * planes), without and with a turn, resize and crop, allocate nothing per frame.
     */
    @Test
    void repeatedCameraFramesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = hotspotThreads();
        SplittableRandom rnd = new SplittableRandom(11);
        byte[] nv21 = new byte[320 * 240 * 3 / 2];
        rnd.nextBytes(nv21);
        PixelBuffer frame = PixelBuffer.of(nv21, 320, 240, PixelFormat.NV21);
        java.nio.ByteBuffer y = java.nio.ByteBuffer.allocateDirect(320 * 240);
        java.nio.ByteBuffer vu = java.nio.ByteBuffer.allocateDirect(320 * 120);
        y.put(nv21, 0, 320 * 240);
        vu.put(nv21, 320 * 240, 320 * 120);
        PixelBuffer android = PixelBuffer.builder().size(320, 240).format(PixelFormat.YUV_420_888).plane(y, 0, 320, 1)
                .plane(vu, 1, 320, 2).plane(vu, 0, 320, 2).yuv(dev.pixelprep.core.pixels.YuvConversion.LIBYUV_JPEG).build();
        for (PixelBuffer src : new PixelBuffer[] {frame, android}) {
            Pipeline p = Pipeline.compile(Spec.builder().color(ColorOrder.RGB).scale(1 / 58.0).bias(-2.1).layout(Layout.NCHW).build());
            check(threads, p, src);
            geometryCallsAllocateNothing(threads, src, new Geometry(Resize.shorterSide(64, Interpolation.BILINEAR, ResizeFamily.OPENCV),
                    Crop.torchvision(56, 56)).withOrientation(new dev.pixelprep.core.geometry.FrameOrientation(90, true)));
            geometryCallsAllocateNothing(threads, src, new Geometry(Resize.shorterSide(64, Interpolation.BILINEAR, ResizeFamily.PILLOW),
                    Crop.torchvision(56, 56)));
        }
    }

    /**
     * The same with a geometry (resize, centre crop) for every kernel of the three families (torchvision-tensor
     * with and without antialias, on 8-bit pixels and on float values): the stage's buffers, the footprint and the
     * kernels' coefficient tables and rows are all reused for a source of the same size.
     */
    @Test
    void repeatedGeometryCallsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = hotspotThreads();
        byte[] bgra = new byte[320 * 240 * 4];
        new SplittableRandom(9).nextBytes(bgra);
        byte[] rgb = new byte[320 * 240 * 3];
        new SplittableRandom(10).nextBytes(rgb);
        // a 4-byte frame and packed RGB: both are resized in place, on four and three channels
        for (PixelBuffer src : new PixelBuffer[] {PixelBuffer.of(bgra, 320, 240, PixelFormat.BGRA8888),
                PixelBuffer.of(rgb, 320, 240, PixelFormat.RGB888)}) {
            geometryCallsAllocateNothing(threads, src);
        }
    }

    /** The fused OpenCV-bilinear route (a letterbox with grey padding) into each output, on each kind of source it takes. */
    @Test
    void repeatedLetterboxCallsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = hotspotThreads();
        byte[] bgra = new byte[330 * 250 * 4];
        new SplittableRandom(11).nextBytes(bgra);
        int[] argb = new int[330 * 250];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = new SplittableRandom(i).nextInt();
        }
        Pipeline p = Pipeline.compile(dev.pixelprep.core.convention.Recipes.get("ultralytics-letterbox-auto").spec().toBuilder()
                .geometry(new Geometry(Resize.letterbox(200, 200).withKernel(Interpolation.BILINEAR, ResizeFamily.OPENCV).withStride(32), null)).build());
        for (PixelBuffer src : new PixelBuffer[] {PixelBuffer.of(bgra, 330, 250, PixelFormat.BGRA8888),
                PixelBuffer.of(java.util.Arrays.copyOf(bgra, 330 * 250 * 3), 330, 250, PixelFormat.BGR888),
                PixelBuffer.ofArgb(argb, 330, 250)}) {
            assertThat(p.fusesLinearPlanes(src)).as("%s takes the fused route", src).isTrue();
            check(threads, p, src);
        }
    }

    private static void geometryCallsAllocateNothing(com.sun.management.ThreadMXBean threads, PixelBuffer src) {
        Object[][] kernels = {
            {ResizeFamily.PILLOW, Interpolation.BILINEAR}, {ResizeFamily.PILLOW, Interpolation.BICUBIC},
            {ResizeFamily.PILLOW, Interpolation.NEAREST}, {ResizeFamily.OPENCV, Interpolation.BILINEAR},
            {ResizeFamily.OPENCV, Interpolation.AREA}, {ResizeFamily.OPENCV, Interpolation.BICUBIC},
            {ResizeFamily.OPENCV, Interpolation.NEAREST}, {ResizeFamily.TORCHVISION_TENSOR, Interpolation.BILINEAR},
            {ResizeFamily.TORCHVISION_TENSOR, Interpolation.BICUBIC}, {ResizeFamily.TORCHVISION_TENSOR, Interpolation.NEAREST}};
        for (Object[] k : kernels) {
            // 320x240 -> 85x64: a non-integer shrink; 160x120: OpenCV's exact halving (its block average)
            for (int side : new int[] {64, 120}) {
                boolean torch = k[0] == ResizeFamily.TORCHVISION_TENSOR;
                for (Resize resize : torch && k[1] != Interpolation.NEAREST
                        ? new Resize[] {Resize.shorterSide(side, (Interpolation) k[1], (ResizeFamily) k[0]),
                            Resize.shorterSide(side, (Interpolation) k[1], (ResizeFamily) k[0]).withAntialias(false)}
                        : new Resize[] {Resize.shorterSide(side, (Interpolation) k[1], (ResizeFamily) k[0])}) {
                    // the torch kernels also on float values (resize after normalisation)
                    for (boolean onFloats : torch ? new boolean[] {false, true} : new boolean[] {false}) {
                        geometryCallsAllocateNothing(threads, src, new Geometry(resize, Crop.torchvision(56, 56), onFloats));
                    }
                }
            }
        }
    }

    private static void geometryCallsAllocateNothing(com.sun.management.ThreadMXBean threads, PixelBuffer src, Geometry geometry) {
        Spec spec = Spec.builder().color(ColorOrder.RGB).scale(1 / 58.0).bias(-2.1).layout(Layout.NCHW)
                .geometry(geometry).build();
        Pipeline p = Pipeline.compile(spec);
        float[] out = new float[p.imageElements(320, 240)];
        p.run(src, out, 0);
        long bytes = leastOfRounds(threads, () -> p.run(src, out, 0));
        assertThat(bytes).as("bytes allocated by %d calls of %s on %s (least of several rounds)", CALLS, geometry, src)
                .isLessThan(CALLS);
    }

    private static void check(com.sun.management.ThreadMXBean threads, Pipeline p, PixelBuffer src) {
        int n = p.imageElements(src.width(), src.height());
        float[] array = new float[n];
        FloatBuffer direct = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        ByteBuffer bytesOut = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        p.run(src, array, 0);
        p.run(src, direct, 0);
        p.run(src, bytesOut, 0);

        long arrayBytes = leastOfRounds(threads, () -> p.run(src, array, 0));
        long directBytes = leastOfRounds(threads, () -> p.run(src, direct, 0));
        long byteBufferBytes = leastOfRounds(threads, () -> p.run(src, bytesOut, 0));

        // The counter itself may account a few bytes per read; anything per call would be CALLS times larger.
        assertThat(arrayBytes).as("bytes allocated by %d calls into a float[] (%s)", CALLS, src).isLessThan(CALLS);
        assertThat(directBytes).as("bytes allocated by %d calls into a direct FloatBuffer (%s)", CALLS, src).isLessThan(CALLS);
        assertThat(byteBufferBytes).as("bytes allocated by %d calls into a direct ByteBuffer (%s)", CALLS, src).isLessThan(CALLS);
    }

    /**
     * Bytes allocated by {@link #CALLS} calls of {@code call}, the least of several rounds: a one-off allocation while
     * the JIT compiles or deoptimises a path (seen: a few hundred bytes, once) does not repeat in every round, an
     * allocation per call would. The table kernels get three rounds. The SIMD rows get up to forty: until C2 has
     * compiled them, the Vector API boxes every vector on the heap (megabytes per round here), so their steady
     * state starts only once the JIT is done; past that point they must allocate nothing either.
     */
    private static long leastOfRounds(com.sun.management.ThreadMXBean threads, Runnable call) {
        long least = Long.MAX_VALUE;
        int rounds = Simd.ENABLED ? 40 : 3;
        for (int round = 0; round < rounds && least >= CALLS; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private static com.sun.management.ThreadMXBean hotspotThreads() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(t instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) t;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
