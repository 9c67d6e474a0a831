package dev.pixelprep.core.engine;

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
 * A loop feeding same-sized images into the same caller-owned float output must not allocate, whether or not
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

    private static void check(com.sun.management.ThreadMXBean threads, Pipeline p, PixelBuffer src) {
        int n = p.imageElements(src.width(), src.height());
        float[] array = new float[n];
        FloatBuffer direct = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        p.run(src, array, 0);
        p.run(src, direct, 0);

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            p.run(src, array, 0);
        }
        long arrayBytes = threads.getCurrentThreadAllocatedBytes() - before;

        before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            p.run(src, direct, 0);
        }
        long directBytes = threads.getCurrentThreadAllocatedBytes() - before;

        // The counter itself may account a few bytes per read; anything per call would be CALLS times larger.
        assertThat(arrayBytes).as("bytes allocated by %d calls into a float[] (%s)", CALLS, src).isLessThan(CALLS);
        assertThat(directBytes).as("bytes allocated by %d calls into a direct FloatBuffer (%s)", CALLS, src).isLessThan(CALLS);
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
