package dev.pixelprep.bench;

import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
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
 * Benchmark (e), issue 10's: a 1920x1080 BGRA8888 camera frame to an Ultralytics YOLO input, the
 * {@code ultralytics-letterbox} recipe: sides round(w·r) (640x360), centred in 640x640 with grey 114, OpenCV
 * bilinear, RGB 0..1, float32 NCHW.
 *
 * <p>pixelprep runs the recipe's {@link dev.pixelprep.core.spec.Spec} through
 * {@link Pipeline#run(PixelBuffer, float[], int)} into a reused {@code float[]}: one pass over the frame's footprint,
 * the padding written straight into the tensor.
 *
 * <p>The OpenCV peers do what Ultralytics' {@code LetterBox} and predictor do, in OpenCV's Java binding:
 * {@code Imgproc.resize} of the 8UC4 frame to 640x360 with INTER_LINEAR, {@code Core.copyMakeBorder} with 140 rows
 * of (114, 114, 114) above and below, then {@code Dnn.blobFromImage(1/255, swapRB=true)} (its first three planes are
 * R, G, B; it writes the alpha plane after them). The {@code Reuse} peer allocates nothing per call: resize and
 * border into reused Mats, {@code convertTo(CV_32F, 1/255)} into a reused float Mat and {@code mixChannels} into
 * the planes of a reused blob.
 *
 * <p>Same kernel, same pixels: {@code @Setup} fails the run unless pixelprep's tensor equals both peers' within
 * 1e-6 (the 8-bit images are identical; OpenCV's x·(1/255) in float32 and pixelprep's one rounding of the double
 * product may differ in the last place).
 *
 * <p>1920 → 640 is an exact shrink by 3: every INTER_LINEAR weight is (2048, 0), which pixelprep's fused kernel
 * notices (it reads one tap per axis, with the same result) and OpenCV does not. {@link Letterbox900Bench} runs the
 * same comparison on a 1600x900 frame (2.5×), where every output reads two taps in each direction.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Letterbox1080Bench {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    static final int SIDE = 640;
    static final double SAME_PIXELS = 1e-6;

    private PixelBuffer src;
    private Pipeline letterbox;
    private float[] out;

    private Mat frame;
    private Size resized;
    private int top;
    private int bottom;
    private int left;
    private int right;
    private Scalar grey;
    private Mat resizedReuse;
    private Mat paddedReuse;
    private Mat paddedFloat;
    private Mat reusedBlob;
    private List<Mat> reuseSource;
    private List<Mat> reusePlanes;
    private MatOfInt bgraToRgbPlanes;

    /** The frame's width; 1920 here, 1600 in {@link Letterbox900Bench}. */
    int width() {
        return WIDTH;
    }

    int height() {
        return HEIGHT;
    }

    @Setup(Level.Trial)
    public void setup() {
        System.out.println(OpenCvBinding.load());
        System.out.println("pixelprep kernels: " + Pipeline.kernels());
        int width = width();
        int height = height();
        byte[] bgra = new byte[width * height * 4];
        Frames.smoothNoise(bgra, width, height, new SplittableRandom(640));
        src = PixelBuffer.of(bgra, width, height, PixelFormat.BGRA8888);
        letterbox = Pipeline.compile(Recipes.get("ultralytics-letterbox").spec());
        out = new float[letterbox.imageElements(width, height)];
        if (out.length != 3 * SIDE * SIDE) {
            throw new IllegalStateException("expected a 3x640x640 tensor, the recipe gives " + out.length + " elements");
        }
        Plan plan = letterbox.spec().geometry().plan(width, height);
        frame = new Mat(height, width, CvType.CV_8UC4);
        frame.put(0, 0, bgra);
        resized = new Size(plan.resizedWidth(), plan.resizedHeight());
        // Ultralytics' split: top = round(dh/2 - 0.1), bottom = round(dh/2 + 0.1), i.e. floor and ceil
        top = plan.offsetY();
        bottom = SIDE - plan.resizedHeight() - top;
        left = plan.offsetX();
        right = SIDE - plan.resizedWidth() - left;
        grey = new Scalar(114, 114, 114, 255);
        resizedReuse = new Mat(plan.resizedHeight(), plan.resizedWidth(), CvType.CV_8UC4);
        paddedReuse = new Mat(SIDE, SIDE, CvType.CV_8UC4);
        paddedFloat = new Mat(SIDE, SIDE, CvType.CV_32FC4);
        reusedBlob = new Mat(3 * SIDE, SIDE, CvType.CV_32F);
        reuseSource = List.of(paddedFloat);
        reusePlanes = List.of(reusedBlob.rowRange(0, SIDE), reusedBlob.rowRange(SIDE, 2 * SIDE), reusedBlob.rowRange(2 * SIDE, 3 * SIDE));
        bgraToRgbPlanes = new MatOfInt(2, 0, 1, 1, 0, 2);

        pixelprep();
        Mat blob = blob();
        double a = Agreement.require("letterbox, blobFromImage", out, Agreement.floats(blob, out.length), SAME_PIXELS);
        blob.release();
        opencvReuse();
        double b = Agreement.require("letterbox, reuse", out, Agreement.floats(reusedBlob, out.length), SAME_PIXELS);
        System.out.printf("pixelprep and OpenCV agree: max |difference| %.3g (blobFromImage), %.3g (reuse); plan %s%n", a, b, plan);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        resizedReuse.release();
        paddedReuse.release();
        paddedFloat.release();
        reusedBlob.release();
    }

    @Benchmark
    public float[] pixelprep() {
        letterbox.run(src, out, 0);
        return out;
    }

    /** {@link #pixelprep} in a JVM with the Vector API. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public float[] pixelprepSimd() {
        return pixelprep();
    }

    @Benchmark
    public long opencv() {
        return OpenCvBinding.released(blob());
    }

    @Benchmark
    public Mat opencvReuse() {
        Imgproc.resize(frame, resizedReuse, resized, 0, 0, Imgproc.INTER_LINEAR);
        Core.copyMakeBorder(resizedReuse, paddedReuse, top, bottom, left, right, Core.BORDER_CONSTANT, grey);
        paddedReuse.convertTo(paddedFloat, CvType.CV_32F, 1.0 / 255.0);
        Core.mixChannels(reuseSource, reusePlanes, bgraToRgbPlanes);
        return reusedBlob;
    }

    /** {@link #opencvReuse} with OpenCV on one thread ({@code cv::setNumThreads(1)}), as pixelprep runs. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = OpenCvBinding.ONE_THREAD)
    public Mat opencvReuseOneThread() {
        return opencvReuse();
    }

    /** resize, copyMakeBorder, blobFromImage(1/255, swapRB): Ultralytics' LetterBox and preprocess in OpenCV. */
    private Mat blob() {
        Mat small = new Mat();
        Imgproc.resize(frame, small, resized, 0, 0, Imgproc.INTER_LINEAR);
        Mat padded = new Mat();
        Core.copyMakeBorder(small, padded, top, bottom, left, right, Core.BORDER_CONSTANT, grey);
        Mat blob = Dnn.blobFromImage(padded, 1.0 / 255.0, new Size(SIDE, SIDE), new Scalar(0, 0, 0, 0), true, false, CvType.CV_32F);
        small.release();
        padded.release();
        return blob;
    }
}
