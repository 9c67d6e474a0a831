package dev.pixelprep.bench;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The decoder's {@code BGR888} against {@code RGB888} of the same pixels, 1080p → {@code Resize(256)} +
 * {@code CenterCrop(224)} + ImageNet normalisation, for every kernel family: a decoded colour PNG or JPEG is BGR888,
 * so it must not pay for its byte order (issue 11: within 1.2× of RGB888). {@code @Setup} fails unless both give the
 * same tensor.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BgrRgbBench {
    @Param({"pillow-bilinear", "pillow-bicubic", "pillow-lanczos", "pillow-nearest", "opencv-bilinear", "opencv-bicubic",
            "opencv-area", "opencv-nearest", "torchvision-tensor-bilinear"})
    public String kernel;

    private Pipeline pipeline;
    private PixelBuffer rgb;
    private PixelBuffer bgr;
    private ByteBuffer out;

    @Setup(Level.Trial)
    public void setup() {
        int w = Resize1080Bench.WIDTH;
        int h = Resize1080Bench.HEIGHT;
        byte[] bgra = new byte[w * h * 4];
        Frames.smoothNoise(bgra, w, h, new SplittableRandom(888));
        byte[] a = new byte[w * h * 3];
        byte[] b = new byte[w * h * 3];
        for (int i = 0, j = 0; i < bgra.length; i += 4, j += 3) {
            b[j] = bgra[i];
            b[j + 1] = bgra[i + 1];
            b[j + 2] = bgra[i + 2];
            a[j] = bgra[i + 2];
            a[j + 1] = bgra[i + 1];
            a[j + 2] = bgra[i];
        }
        rgb = PixelBuffer.of(a, w, h, PixelFormat.RGB888);
        bgr = PixelBuffer.of(b, w, h, PixelFormat.BGR888);
        int dash = kernel.lastIndexOf('-');
        pipeline = Pipeline.compile(Resize1080Bench.spec(Interpolation.valueOf(kernel.substring(dash + 1).toUpperCase(java.util.Locale.ROOT)),
                ResizeFamily.parse(kernel.substring(0, dash))));
        out = ByteBuffer.allocateDirect(4 * pipeline.imageElements(w, h)).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = pipeline.tensor(rgb).toFloatArray();
        float[] y = pipeline.tensor(bgr).toFloatArray();
        if (!Arrays.equals(x, y)) {
            throw new IllegalStateException(kernel + ": the BGR888 source gives another tensor than the same RGB888 pixels");
        }
    }

    @Benchmark
    public ByteBuffer rgb888() {
        pipeline.run(rgb, out, 0);
        return out;
    }

    @Benchmark
    public ByteBuffer bgr888() {
        pipeline.run(bgr, out, 0);
        return out;
    }
}
