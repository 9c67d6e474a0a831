package dev.pixelprep.core.engine;

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
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiling, running and dropping pipelines must not pile up memory in the thread that ran them. Found by the
 * geometry fuzz target: its heap grew until {@code OutOfMemoryError} after 54,000 compile-and-run cycles, because each
 * geometry stage kept its images in a {@code ThreadLocal} of its own whose value referred back to the stage, so the
 * thread's map never let go of either.
 */
class PipelineMemoryTest {
    private static final int CYCLES = 60;

    @Test
    void droppedPipelinesLeaveNoImageMemoryBehind() {
        // a BGR source is extracted into a source-sized buffer (6.75 MB here) before the kernels read it: 60 pipelines
        // that each kept theirs would hold 400 MB; one shared per-thread set holds one
        int w = 1500;
        int h = 1500;
        byte[] bgr = new byte[w * h * 3];
        new SplittableRandom(3).nextBytes(bgr);
        PixelBuffer src = PixelBuffer.of(bgr, w, h, PixelFormat.BGR888);
        float[] reference = null;
        long before = 0;
        for (int i = 0; i < CYCLES; i++) {
            // a different pad or size each cycle, as a fuzzer's or a doctor's candidates differ
            Spec spec = Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).layout(Layout.NCHW)
                    .geometry(new Geometry(Resize.shorterSide(32 + i % 2, Interpolation.NEAREST, ResizeFamily.PILLOW),
                            Crop.torchvision(32, 32), false)).build();
            Pipeline p = Pipeline.compile(spec);
            float[] out = new float[p.imageElements(w, h)];
            p.run(src, out, 0);
            if (i == 0) {
                reference = out;
            } else if (i % 2 == 0) {
                // shared memory must not change what a pipeline computes
                assertThat(out).as("cycle %d", i).containsExactly(reference);
            }
            if (i == 1) {
                before = usedAfterGc();
            }
        }
        long grown = usedAfterGc() - before;
        assertThat(grown).as("heap grown by %d compile-and-run cycles after the first two, bytes", CYCLES - 2)
                .isLessThan(64L << 20);
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
