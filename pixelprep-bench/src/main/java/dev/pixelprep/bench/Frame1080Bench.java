package dev.pixelprep.bench;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (b): a 1920x1080 BGRA8888 camera frame to a float32 NCHW RGB tensor scaled to 0..1, and
 * benchmark (c): the same frame's bytes copied with {@code System.arraycopy}, the memory-bandwidth reference.
 *
 * <p>Bandwidth is (bytes read + bytes written) / time for both: (b) reads 4 bytes and writes 3 floats
 * (12 bytes) per pixel, 33,177,600 bytes per frame; (c) reads and writes 4 bytes per pixel, 16,588,800 bytes.
 * So (b)'s share of the copy bandwidth is {@code 2 · time(c) / time(b)}.
 *
 * <p>OpenCV has two correct ways to do (b), both timed: {@code opencvBlob4} hands the CV_8UC4 frame straight to
 * {@code blobFromImage}, which then writes a fourth (alpha) plane after the three RGB planes (the first
 * 3·H·W floats of that blob are the tensor); {@code opencvCvtColorBlob} first drops alpha with
 * {@code cvtColor(BGRA2BGR)} into a reused Mat and then builds a 3-plane blob. {@code blobFromImage} allocates
 * (and the OS zero-fills) a fresh 33 MB blob on every call, so a third peer, {@code opencvReuse}, does the job
 * with no allocation: {@code convertTo(CV_32F, 1/255)} into a reused 4-channel float Mat, then
 * {@code mixChannels} from it into the three planes of a reused blob. The fastest of the three is the bar.
 * As in {@link ImageNet224Bench}, OpenCV's input is already a native Mat and its output stays native.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Frame1080Bench extends PixelprepOutputs {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;

    private byte[] bgra;
    private byte[] copy;

    private Mat frame;
    private Mat bgr;
    private Size size;
    private Scalar zero3;
    private Scalar zero4;
    private Mat bgraFloat;
    private Mat reusedBlob;
    private List<Mat> reuseSource;
    private List<Mat> reusePlanes;
    private MatOfInt bgraToRgbPlanes;

    static Spec rgb01Spec() {
        return Spec.builder().color(ColorOrder.RGB).scale(1.0 / 255.0).bias(0).layout(Layout.NCHW).build();
    }

    @Setup(Level.Trial)
    public void setup() {
        System.out.println(OpenCvBinding.load());
        System.out.println("pixelprep kernels: " + Pipeline.kernels());
        bgra = new byte[WIDTH * HEIGHT * 4];
        new SplittableRandom(1080).nextBytes(bgra);
        copy = new byte[bgra.length];

        prepare("1080p BGRA8888 0..1", Pipeline.compile(rgb01Spec()), PixelBuffer.of(bgra, WIDTH, HEIGHT, PixelFormat.BGRA8888));

        frame = new Mat(HEIGHT, WIDTH, CvType.CV_8UC4);
        frame.put(0, 0, bgra);
        bgr = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3);
        size = new Size(WIDTH, HEIGHT);
        zero3 = new Scalar(0, 0, 0);
        zero4 = new Scalar(0, 0, 0, 0);
        bgraFloat = new Mat(HEIGHT, WIDTH, CvType.CV_32FC4);
        reusedBlob = new Mat(3 * HEIGHT, WIDTH, CvType.CV_32F);
        reuseSource = List.of(bgraFloat);
        // Planes 0, 1, 2 of the blob are row ranges of one continuous Mat: R, G, B in NCHW order.
        reusePlanes = List.of(reusedBlob.rowRange(0, HEIGHT), reusedBlob.rowRange(HEIGHT, 2 * HEIGHT),
                reusedBlob.rowRange(2 * HEIGHT, 3 * HEIGHT));
        bgraToRgbPlanes = new MatOfInt(2, 0, 1, 1, 0, 2);

        float[] viaDirect = Agreement.floats(direct, out.length);
        Mat b4 = blob4();
        Mat b3 = cvtColorBlob();
        double d1 = Agreement.require("1080p BGRA8888 0..1, float[] vs blobFromImage(8UC4)", out, Agreement.floats(b4, out.length));
        double d2 = Agreement.require("1080p BGRA8888 0..1, float[] vs cvtColor+blobFromImage", out, Agreement.floats(b3, out.length));
        double d3 = Agreement.require("1080p BGRA8888 0..1, FloatBuffer vs cvtColor+blobFromImage", viaDirect, Agreement.floats(b3, out.length));
        opencvReuse();
        double d4 = Agreement.require("1080p BGRA8888 0..1, float[] vs convertTo+mixChannels", out, Agreement.floats(reusedBlob, out.length));
        b4.release();
        b3.release();
        System.out.printf("pixelprep and OpenCV agree: max |difference| %.3g, %.3g, %.3g, %.3g%n", d1, d2, d3, d4);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        bgr.release();
        bgraFloat.release();
        reusedBlob.release();
    }

    @Benchmark
    public long opencvBlob4() {
        return OpenCvBinding.released(blob4());
    }

    @Benchmark
    public long opencvCvtColorBlob() {
        return OpenCvBinding.released(cvtColorBlob());
    }

    @Benchmark
    public Mat opencvReuse() {
        frame.convertTo(bgraFloat, CvType.CV_32F, 1.0 / 255.0);
        Core.mixChannels(reuseSource, reusePlanes, bgraToRgbPlanes);
        return reusedBlob;
    }

    /** (c): the bandwidth reference, one plain copy of the frame's bytes. */
    @Benchmark
    public byte[] copyFrameBytes() {
        System.arraycopy(bgra, 0, copy, 0, bgra.length);
        return copy;
    }

    private Mat blob4() {
        return Dnn.blobFromImage(frame, 1.0 / 255.0, size, zero4, true, false, CvType.CV_32F);
    }

    private Mat cvtColorBlob() {
        Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_BGRA2BGR);
        return Dnn.blobFromImage(bgr, 1.0 / 255.0, size, zero3, true, false, CvType.CV_32F);
    }
}
