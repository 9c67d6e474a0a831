package dev.pixelprep.bench;

import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.engine.Pipeline;
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
import dev.pixelprep.core.spec.Layout;
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
 * Benchmark (f), issue 15's: a 1920x1080 NV21 camera frame in Android's layout (luma, then interleaved V, U) to an
 * ImageNet classifier's input: turned 90° clockwise (the sensor of a phone held upright), shorter side 256 with
 * OpenCV's bilinear, centre crop 224, RGB, ImageNet mean/std, float32 NCHW; and benchmark (g): the same frame
 * converted whole to RGB 0..1 float32 NCHW, against {@code System.arraycopy} of as many bytes as that tensor, the
 * bandwidth reference.
 *
 * <p>pixelprep runs one spec ({@link FrameOrientation} 90°, OpenCV resize family, {@link YuvConversion#OPENCV} on the
 * frame) through {@link Pipeline#run(PixelBuffer, float[], int)} into a reused {@code float[]}: the YUV read, the turn,
 * the resize's footprint and the normalisation in one pass, no full-frame RGB image.
 *
 * <p>The OpenCV peers do it as Android code with OpenCV's Java binding does: {@code Imgproc.cvtColor(COLOR_YUV2RGB_NV21)},
 * {@code Core.rotate(ROTATE_90_CLOCKWISE)}, {@code Imgproc.resize(INTER_LINEAR)}, the centre crop as a sub-Mat, then
 * {@code Dnn.blobFromImage(1/255)} and a per-plane {@code convertTo(1/std, −mean/std)}. The {@code Reuse} peer does the
 * same into reused Mats ({@code convertTo} of the crop to float, {@code mixChannels} into the planes of a reused blob,
 * then the per-plane affine map in place), allocating nothing per call.
 *
 * <p>Same pixels: {@code @Setup} fails the run unless pixelprep's tensor equals both peers' within 1e-5 (the 8-bit
 * images are identical; OpenCV's float32 steps round three times where pixelprep rounds once).
 *
 * <p>Confined: JMH state of {@code Scope.Thread}, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Yuv1080Bench {
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    static final int CROP = 224;
    static final double SAME_PIXELS = 1e-5;
    static final double[] MEAN = {0.485, 0.456, 0.406};
    static final double[] STD = {0.229, 0.224, 0.225};

    private PixelBuffer src;
    private Pipeline classifier;
    private float[] out;
    private Pipeline whole;
    private float[] wholeOut;
    private byte[] copyFrom;
    private byte[] copyTo;

    private Mat nv21;
    private Size resized;
    private Rect crop;
    private Mat rgbReuse;
    private Mat turnedReuse;
    private Mat resizedReuse;
    private Mat cropFloat;
    private Mat reusedBlob;
    private List<Mat> reuseSource;
    private List<Mat> reusePlanes;
    private MatOfInt rgbPlanes;

    @Setup(Level.Trial)
    public void setup() {
        System.out.println(OpenCvBinding.load());
        System.out.println("pixelprep kernels: " + Pipeline.kernels());
        // camera-like content: smooth noise for the luma and both chroma planes
        byte[] noise = new byte[WIDTH * HEIGHT * 4];
        Frames.smoothNoise(noise, WIDTH, HEIGHT, new SplittableRandom(1080));
        byte[] frame = new byte[WIDTH * HEIGHT * 3 / 2];
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            frame[i] = noise[4 * i];
        }
        for (int y = 0; y < HEIGHT / 2; y++) {
            for (int x = 0; x < WIDTH / 2; x++) {
                int p = ((2 * y) * WIDTH + 2 * x) * 4;
                frame[WIDTH * HEIGHT + y * WIDTH + 2 * x] = noise[p + 1];
                frame[WIDTH * HEIGHT + y * WIDTH + 2 * x + 1] = noise[p + 2];
            }
        }
        src = PixelBuffer.builder().size(WIDTH, HEIGHT).format(PixelFormat.NV21).data(frame).yuv(YuvConversion.OPENCV).build();
        Spec imagenet = Torchvision.imagenet().applyTo(Spec.builder()).layout(Layout.NCHW).build();
        Geometry g = new Geometry(Resize.shorterSide(256, Interpolation.BILINEAR, ResizeFamily.OPENCV), Crop.torchvision(CROP, CROP))
                .withOrientation(new FrameOrientation(90, false));
        classifier = Pipeline.compile(imagenet.toBuilder().geometry(g).build());
        out = new float[classifier.imageElements(WIDTH, HEIGHT)];
        whole = Pipeline.compile(Spec.builder().color(ColorOrder.RGB).scale(1.0 / 255).bias(0).layout(Layout.NCHW).build());
        wholeOut = new float[whole.imageElements(WIDTH, HEIGHT)];
        copyFrom = new byte[wholeOut.length * 4];
        copyTo = new byte[copyFrom.length];
        new SplittableRandom(3).nextBytes(copyFrom);

        Plan plan = g.plan(WIDTH, HEIGHT);
        resized = new Size(plan.resizedWidth(), plan.resizedHeight());
        crop = new Rect(-plan.offsetX(), -plan.offsetY(), CROP, CROP);
        nv21 = new Mat(HEIGHT * 3 / 2, WIDTH, CvType.CV_8UC1);
        nv21.put(0, 0, frame);
        rgbReuse = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3);
        turnedReuse = new Mat(WIDTH, HEIGHT, CvType.CV_8UC3);
        resizedReuse = new Mat(plan.resizedHeight(), plan.resizedWidth(), CvType.CV_8UC3);
        cropFloat = new Mat(CROP, CROP, CvType.CV_32FC3);
        reusedBlob = new Mat(3 * CROP, CROP, CvType.CV_32F);
        reuseSource = List.of(cropFloat);
        reusePlanes = List.of(reusedBlob.rowRange(0, CROP), reusedBlob.rowRange(CROP, 2 * CROP), reusedBlob.rowRange(2 * CROP, 3 * CROP));
        rgbPlanes = new MatOfInt(0, 0, 1, 1, 2, 2);

        pixelprep();
        Mat blob = blob();
        double a = Agreement.require("nv21 classifier, blobFromImage", out, Agreement.floats(blob, out.length), SAME_PIXELS);
        blob.release();
        opencvReuse();
        double b = Agreement.require("nv21 classifier, reuse", out, Agreement.floats(reusedBlob, out.length), SAME_PIXELS);
        // (g): the whole frame against cvtColor + convertTo
        Mat rgb = new Mat();
        Imgproc.cvtColor(nv21, rgb, Imgproc.COLOR_YUV2RGB_NV21);
        Mat wholeBlob = Dnn.blobFromImage(rgb, 1.0 / 255.0, new Size(WIDTH, HEIGHT), new Scalar(0, 0, 0), false, false, CvType.CV_32F);
        pixelprepWholeFrame();
        double c = Agreement.require("nv21 whole frame", wholeOut, Agreement.floats(wholeBlob, wholeOut.length), 1e-6);
        rgb.release();
        wholeBlob.release();
        System.out.printf("pixelprep and OpenCV agree: max |difference| %.3g (blobFromImage), %.3g (reuse), %.3g (whole frame); plan %s%n",
                a, b, c, plan);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Mat m : new Mat[] {nv21, rgbReuse, turnedReuse, resizedReuse, cropFloat, reusedBlob}) {
            m.release();
        }
    }

    @Benchmark
    public float[] pixelprep() {
        classifier.run(src, out, 0);
        return out;
    }

    /** {@link #pixelprep} in a JVM with the Vector API (needs AVX-512; refused elsewhere). */
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
        Imgproc.cvtColor(nv21, rgbReuse, Imgproc.COLOR_YUV2RGB_NV21);
        Core.rotate(rgbReuse, turnedReuse, Core.ROTATE_90_CLOCKWISE);
        Imgproc.resize(turnedReuse, resizedReuse, resized, 0, 0, Imgproc.INTER_LINEAR);
        resizedReuse.submat(crop).convertTo(cropFloat, CvType.CV_32F, 1.0 / 255.0);
        Core.mixChannels(reuseSource, reusePlanes, rgbPlanes);
        for (int c = 0; c < 3; c++) {
            Mat plane = reusePlanes.get(c);
            plane.convertTo(plane, -1, 1 / STD[c], -MEAN[c] / STD[c]);
        }
        return reusedBlob;
    }

    /** {@link #opencvReuse} with OpenCV on one thread ({@code cv::setNumThreads(1)}), as pixelprep runs. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = OpenCvBinding.ONE_THREAD)
    public Mat opencvReuseOneThread() {
        return opencvReuse();
    }

    /** (g): the whole frame to RGB 0..1, float32 NCHW. */
    @Benchmark
    public float[] pixelprepWholeFrame() {
        whole.run(src, wholeOut, 0);
        return wholeOut;
    }

    /** (g)'s reference: a plain copy of as many bytes as (g)'s tensor. */
    @Benchmark
    public byte[] copyTensorBytes() {
        System.arraycopy(copyFrom, 0, copyTo, 0, copyFrom.length);
        return copyTo;
    }

    private Mat blob() {
        Mat rgb = new Mat();
        Imgproc.cvtColor(nv21, rgb, Imgproc.COLOR_YUV2RGB_NV21);
        Mat turned = new Mat();
        Core.rotate(rgb, turned, Core.ROTATE_90_CLOCKWISE);
        Mat small = new Mat();
        Imgproc.resize(turned, small, resized, 0, 0, Imgproc.INTER_LINEAR);
        Mat cropped = small.submat(crop);
        Mat blob = Dnn.blobFromImage(cropped, 1.0 / 255.0, new Size(CROP, CROP), new Scalar(0, 0, 0), false, false, CvType.CV_32F);
        Mat planes = blob.reshape(1, new int[] {3 * CROP, CROP});
        for (int c = 0; c < 3; c++) {
            Mat plane = planes.rowRange(c * CROP, (c + 1) * CROP);
            plane.convertTo(plane, -1, 1 / STD[c], -MEAN[c] / STD[c]);
        }
        rgb.release();
        turned.release();
        small.release();
        cropped.release();
        planes.release();
        return blob;
    }
}
