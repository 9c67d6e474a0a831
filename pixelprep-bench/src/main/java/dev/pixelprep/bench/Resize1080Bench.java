package dev.pixelprep.bench;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.geometry.resample.Filter;
import dev.pixelprep.core.geometry.resample.PillowResampler;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Spec;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
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
 * Benchmark (d): a 1920x1080 BGRA8888 camera frame to the 224x224 float32 NCHW ImageNet input of a classifier:
 * shorter side to 256 (455x256), centre crop 224, ImageNet mean/std, as torchvision's classification preset does.
 *
 * <p>pixelprep runs one {@link Spec} with a {@link Geometry} through {@link Pipeline#run(PixelBuffer, float[], int)}
 * into a reused {@code float[]}, with three resize kernels: Pillow's antialiased bilinear (what torchvision on PIL
 * images computes), and OpenCV's INTER_LINEAR and INTER_AREA reproduced bit for bit.
 *
 * <p>The OpenCV peers do what an OpenCV user would: {@code Imgproc.resize} of the whole frame to 455x256 with
 * INTER_LINEAR or INTER_AREA, a {@code submat} for the crop, then {@code blobFromImage(swapRB=true)} on the
 * 4-channel crop (its first three planes are R, G, B; it writes the alpha plane after them) and each plane of the
 * blob multiplied in place by {@code 1/std[c]}, as the peer of {@link ImageNet224Bench} does. The {@code Reuse}
 * peers allocate nothing per call: resize into a reused Mat, then {@code convertTo(CV_32F, 1/255)},
 * {@code subtract(mean)} and {@code multiply(1/std)} on a reused 224x224 float Mat, and {@code mixChannels} into the
 * planes of a reused blob. Resizing the 4-channel frame costs OpenCV a fourth channel; dropping alpha first
 * ({@code cvtColor}) would cost a pass over the whole frame instead, which is dearer.
 *
 * <p>Same kernel, same pixels: {@code @Setup} fails the run unless pixelprep's OpenCV-family outputs equal the
 * OpenCV peers' within 1e-5 (the 8-bit images are identical, so only float rounding of the normalisation remains;
 * one 8-bit step is 0.017 after it). Pillow's bilinear is another (antialiased) algorithm, so it is checked against
 * pixelprep's own reference instead: {@link PillowResampler} on the whole 8-bit frame, the crop cut from the full
 * 455x256 result, normalised in double.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Resize1080Bench {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    static final int SHORTER_SIDE = 256;
    static final int CROP = 224;
    /** Largest difference tolerated between outputs built from identical 8-bit images. */
    static final double SAME_PIXELS = 1e-5;

    private PixelBuffer src;
    private Pipeline pillowLinear;
    private Pipeline opencvLinear;
    private Pipeline opencvArea;
    private float[] out;

    private Mat frame;
    private Size resized;
    private Rect crop;
    private Size cropSize;
    private Scalar meanTimes255;
    private Scalar[] inverseStd;
    private Scalar mean;
    private Scalar inverseStd4;
    private Mat resizedReuse;
    private Mat cropReuse;
    private Mat cropFloat;
    private Mat reusedBlob;
    private List<Mat> reuseSource;
    private List<Mat> reusePlanes;
    private MatOfInt bgraToRgbPlanes;

    static Spec spec(Interpolation interpolation, ResizeFamily family) {
        Resize resize = Resize.shorterSide(SHORTER_SIDE, interpolation, family);
        return ImageNet224Bench.imagenetSpec().toBuilder().geometry(new Geometry(resize, Crop.torchvision(CROP, CROP))).build();
    }

    @Setup(Level.Trial)
    public void setup() {
        System.out.println(OpenCvBinding.load());
        System.out.println("pixelprep kernels: " + Pipeline.kernels());
        byte[] bgra = new byte[WIDTH * HEIGHT * 4];
        Frames.smoothNoise(bgra, WIDTH, HEIGHT, new SplittableRandom(256));
        src = PixelBuffer.of(bgra, WIDTH, HEIGHT, PixelFormat.BGRA8888);
        pillowLinear = Pipeline.compile(spec(Interpolation.BILINEAR, ResizeFamily.PILLOW));
        opencvLinear = Pipeline.compile(spec(Interpolation.BILINEAR, ResizeFamily.OPENCV));
        opencvArea = Pipeline.compile(spec(Interpolation.AREA, ResizeFamily.OPENCV));
        out = new float[pillowLinear.imageElements(WIDTH, HEIGHT)];
        if (out.length != 3 * CROP * CROP) {
            throw new IllegalStateException("expected a 3x224x224 tensor, the spec gives " + out.length + " elements");
        }

        Plan plan = opencvArea.spec().geometry().plan(WIDTH, HEIGHT);
        frame = new Mat(HEIGHT, WIDTH, CvType.CV_8UC4);
        frame.put(0, 0, bgra);
        resized = new Size(plan.resizedWidth(), plan.resizedHeight());
        // the same window pixelprep's centre crop keeps
        crop = new Rect(-plan.offsetX(), -plan.offsetY(), CROP, CROP);
        cropSize = new Size(CROP, CROP);
        double[] m = ImageNet224Bench.MEAN;
        double[] s = ImageNet224Bench.STD;
        meanTimes255 = new Scalar(m[0] * 255, m[1] * 255, m[2] * 255, 0);
        inverseStd = new Scalar[3];
        for (int c = 0; c < 3; c++) {
            inverseStd[c] = new Scalar(1.0 / s[c]);
        }
        // BGRA order for the 4-channel float crop; alpha is computed and never copied out
        mean = new Scalar(m[2], m[1], m[0], 0);
        inverseStd4 = new Scalar(1.0 / s[2], 1.0 / s[1], 1.0 / s[0], 1);
        resizedReuse = new Mat(plan.resizedHeight(), plan.resizedWidth(), CvType.CV_8UC4);
        cropReuse = resizedReuse.submat(crop);
        cropFloat = new Mat(CROP, CROP, CvType.CV_32FC4);
        reusedBlob = new Mat(3 * CROP, CROP, CvType.CV_32F);
        reuseSource = List.of(cropFloat);
        reusePlanes = List.of(reusedBlob.rowRange(0, CROP), reusedBlob.rowRange(CROP, 2 * CROP), reusedBlob.rowRange(2 * CROP, 3 * CROP));
        bgraToRgbPlanes = new MatOfInt(2, 0, 1, 1, 0, 2);

        pixelprepOpenCvArea();
        double area = agree("INTER_AREA, blobFromImage", out, Imgproc.INTER_AREA);
        opencvAreaReuse();
        double areaReuse = Agreement.require("INTER_AREA, reuse", out, Agreement.floats(reusedBlob, out.length), SAME_PIXELS);
        pixelprepOpenCvLinear();
        double linear = agree("INTER_LINEAR, blobFromImage", out, Imgproc.INTER_LINEAR);
        opencvLinearReuse();
        double linearReuse = Agreement.require("INTER_LINEAR, reuse", out, Agreement.floats(reusedBlob, out.length), SAME_PIXELS);
        pixelprepPillowLinear();
        double pillow = Agreement.require("Pillow bilinear vs PillowResampler on the whole frame", out, pillowReference(bgra, plan),
                SAME_PIXELS);
        System.out.printf("pixelprep and OpenCV agree: max |difference| %.3g (area), %.3g (area, reuse), %.3g (linear), "
                + "%.3g (linear, reuse); Pillow bilinear vs its reference %.3g%n", area, areaReuse, linear, linearReuse, pillow);
    }

    private double agree(String what, float[] pixelprep, int interpolation) {
        Mat blob = blob(interpolation);
        float[] cv = Agreement.floats(blob, pixelprep.length);
        blob.release();
        return Agreement.require(what, pixelprep, cv, SAME_PIXELS);
    }

    /** Pillow's bilinear on the whole RGB frame, the crop taken from the full result, ImageNet-normalised in double. */
    private static float[] pillowReference(byte[] bgra, Plan plan) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int i = 0, p = 0; i < WIDTH * HEIGHT; i++, p += 4) {
            rgb[3 * i] = bgra[p + 2];
            rgb[3 * i + 1] = bgra[p + 1];
            rgb[3 * i + 2] = bgra[p];
        }
        int rw = plan.resizedWidth();
        int rh = plan.resizedHeight();
        Image8 full = Image8.allocate(rw, rh, 3);
        PillowResampler.resize(new Image8(WIDTH, HEIGHT, 3, rgb), rw, rh, Filter.BILINEAR, Window.full(rw, rh), full);
        float[] ref = new float[3 * CROP * CROP];
        for (int c = 0; c < 3; c++) {
            double a = 1.0 / (255.0 * ImageNet224Bench.STD[c]);
            double b = -ImageNet224Bench.MEAN[c] / ImageNet224Bench.STD[c];
            for (int y = 0; y < CROP; y++) {
                for (int x = 0; x < CROP; x++) {
                    ref[(c * CROP + y) * CROP + x] = (float) (a * full.get(x - plan.offsetX(), y - plan.offsetY(), c) + b);
                }
            }
        }
        return ref;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        cropReuse.release();
        resizedReuse.release();
        cropFloat.release();
        reusedBlob.release();
    }

    @Benchmark
    public float[] pixelprepPillowLinear() {
        pillowLinear.run(src, out, 0);
        return out;
    }

    @Benchmark
    public float[] pixelprepOpenCvLinear() {
        opencvLinear.run(src, out, 0);
        return out;
    }

    @Benchmark
    public float[] pixelprepOpenCvArea() {
        opencvArea.run(src, out, 0);
        return out;
    }

    /** {@link #pixelprepPillowLinear} in a JVM with the Vector API (the normalisation in SIMD rows). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public float[] pixelprepSimdPillowLinear() {
        return pixelprepPillowLinear();
    }

    /** {@link #pixelprepOpenCvLinear} with the Vector API: INTER_LINEAR's passes and the normalisation in lanes. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public float[] pixelprepSimdOpenCvLinear() {
        return pixelprepOpenCvLinear();
    }

    /** {@link #pixelprepOpenCvArea} with the Vector API. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public float[] pixelprepSimdOpenCvArea() {
        return pixelprepOpenCvArea();
    }

    @Benchmark
    public long opencvLinear() {
        return OpenCvBinding.released(blob(Imgproc.INTER_LINEAR));
    }

    @Benchmark
    public long opencvArea() {
        return OpenCvBinding.released(blob(Imgproc.INTER_AREA));
    }

    @Benchmark
    public Mat opencvLinearReuse() {
        return reuse(Imgproc.INTER_LINEAR);
    }

    @Benchmark
    public Mat opencvAreaReuse() {
        return reuse(Imgproc.INTER_AREA);
    }

    /** {@link #opencvLinearReuse} with OpenCV on one thread ({@code cv::setNumThreads(1)}), as pixelprep runs. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = OpenCvBinding.ONE_THREAD)
    public Mat opencvLinearReuseOneThread() {
        return reuse(Imgproc.INTER_LINEAR);
    }

    /** {@link #opencvAreaReuse} with OpenCV on one thread. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = OpenCvBinding.ONE_THREAD)
    public Mat opencvAreaReuseOneThread() {
        return reuse(Imgproc.INTER_AREA);
    }

    /** resize, crop, {@code blobFromImage} (x − 255·mean)·(1/255), then each RGB plane ·(1/std). */
    private Mat blob(int interpolation) {
        Mat small = new Mat();
        Imgproc.resize(frame, small, resized, 0, 0, interpolation);
        Mat window = small.submat(crop);
        Mat blob = Dnn.blobFromImage(window, 1.0 / 255.0, cropSize, meanTimes255, true, false, CvType.CV_32F);
        window.release();
        small.release();
        Mat planes = blob.reshape(1, 4);
        for (int c = 0; c < 3; c++) {
            Mat plane = planes.row(c);
            Core.multiply(plane, inverseStd[c], plane);
            plane.release();
        }
        planes.release();
        return blob;
    }

    /** resize into a reused Mat, then (x/255 − mean)·(1/std) on a reused float crop, then B, G, R → planes 2, 1, 0. */
    private Mat reuse(int interpolation) {
        Imgproc.resize(frame, resizedReuse, resized, 0, 0, interpolation);
        cropReuse.convertTo(cropFloat, CvType.CV_32F, 1.0 / 255.0);
        Core.subtract(cropFloat, mean, cropFloat);
        Core.multiply(cropFloat, inverseStd4, cropFloat);
        Core.mixChannels(reuseSource, reusePlanes, bgraToRgbPlanes);
        return reusedBlob;
    }
}
