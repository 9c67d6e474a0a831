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

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (a): a 224x224 RGB888 image to a float32 NCHW tensor normalised with the ImageNet mean and
 * standard deviation, as torchvision's {@code ToTensor()} + {@code Normalize(mean, std)} does.
 *
 * <p>pixelprep computes {@code y[c] = x/(255·std[c]) − mean[c]/std[c]} in one pass into a caller-owned
 * {@code float[]} or direct {@link FloatBuffer}. The OpenCV peer does the same arithmetic the way an OpenCV user
 * would: {@code blobFromImage} subtracts {@code 255·mean} and multiplies by {@code 1/255}, then each channel
 * plane of the blob is multiplied in place by {@code 1/std[c]}. OpenCV gets its most favourable terms: its input
 * already sits in a native {@code Mat} and its output stays in the native blob (no copy to or from the Java heap);
 * only the blob's release is timed with it, since {@code blobFromImage} allocates a new blob on every call.
 * A second peer, {@code opencvReuse}, avoids that allocation: {@code convertTo(CV_32F, 1/255)}, subtract the mean
 * and multiply by {@code 1/std} per channel on a reused 3-channel float Mat, then {@code mixChannels} into the
 * planes of a reused blob. The faster of the two is the bar.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImageNet224Bench extends PixelprepOutputs {
    static final int SIZE = 224;
    static final double[] MEAN = {0.485, 0.456, 0.406};
    static final double[] STD = {0.229, 0.224, 0.225};

    private Mat image;
    private Size size;
    private Scalar meanTimes255;
    private Scalar[] inverseStd;
    private Scalar mean;
    private Scalar inverseStd3;
    private Mat rgbFloat;
    private Mat reusedBlob;
    private List<Mat> reuseSource;
    private List<Mat> reusePlanes;
    private MatOfInt samePlanes;

    /** The torchvision normalisation as pixelprep's canonical affine map {@code a·x + b}. */
    static Spec imagenetSpec() {
        double[] a = new double[3];
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = 1.0 / (255.0 * STD[c]);
            b[c] = -MEAN[c] / STD[c];
        }
        return Spec.builder().color(ColorOrder.RGB).scale(a).bias(b).layout(Layout.NCHW).build();
    }

    @Setup(Level.Trial)
    public void setup() {
        System.out.println(OpenCvBinding.load());
        System.out.println("pixelprep kernels: " + Pipeline.kernels());
        byte[] rgb = new byte[SIZE * SIZE * 3];
        new SplittableRandom(224).nextBytes(rgb);

        prepare("224x224 RGB888 ImageNet", Pipeline.compile(imagenetSpec()), PixelBuffer.of(rgb, SIZE, SIZE, PixelFormat.RGB888));

        image = new Mat(SIZE, SIZE, CvType.CV_8UC3);
        image.put(0, 0, rgb);
        size = new Size(SIZE, SIZE);
        meanTimes255 = new Scalar(MEAN[0] * 255, MEAN[1] * 255, MEAN[2] * 255);
        inverseStd = new Scalar[3];
        for (int c = 0; c < 3; c++) {
            inverseStd[c] = new Scalar(1.0 / STD[c]);
        }

        mean = new Scalar(MEAN[0], MEAN[1], MEAN[2]);
        inverseStd3 = new Scalar(1.0 / STD[0], 1.0 / STD[1], 1.0 / STD[2]);
        rgbFloat = new Mat(SIZE, SIZE, CvType.CV_32FC3);
        reusedBlob = new Mat(3 * SIZE, SIZE, CvType.CV_32F);
        reuseSource = List.of(rgbFloat);
        reusePlanes = List.of(reusedBlob.rowRange(0, SIZE), reusedBlob.rowRange(SIZE, 2 * SIZE), reusedBlob.rowRange(2 * SIZE, 3 * SIZE));
        samePlanes = new MatOfInt(0, 0, 1, 1, 2, 2);

        Mat blob = blob();
        float[] cv = Agreement.floats(blob, out.length);
        blob.release();
        double d1 = Agreement.require("224x224 RGB888 ImageNet, float[]", out, cv);
        double d2 = Agreement.require("224x224 RGB888 ImageNet, direct FloatBuffer", Agreement.floats(direct, out.length), cv);
        opencvReuse();
        double d3 = Agreement.require("224x224 RGB888 ImageNet, float[] vs convertTo+subtract+multiply+mixChannels", out,
                Agreement.floats(reusedBlob, out.length));
        System.out.printf("pixelprep and OpenCV agree: max |difference| %.3g (float[]), %.3g (FloatBuffer), %.3g (reuse)%n", d1, d2, d3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        image.release();
        rgbFloat.release();
        reusedBlob.release();
    }

    @Benchmark
    public long opencv() {
        return OpenCvBinding.released(blob());
    }

    @Benchmark
    public Mat opencvReuse() {
        rgbImageToFloat();
        Core.mixChannels(reuseSource, reusePlanes, samePlanes);
        return reusedBlob;
    }

    /** (x/255 − mean)·(1/std) per channel, in place on the reused float image. */
    private void rgbImageToFloat() {
        image.convertTo(rgbFloat, CvType.CV_32F, 1.0 / 255.0);
        Core.subtract(rgbFloat, mean, rgbFloat);
        Core.multiply(rgbFloat, inverseStd3, rgbFloat);
    }

    /** (x − 255·mean)·(1/255), then each plane ·(1/std): the same map as {@link #imagenetSpec()}. */
    private Mat blob() {
        Mat blob = Dnn.blobFromImage(image, 1.0 / 255.0, size, meanTimes255, false, false, CvType.CV_32F);
        Mat planes = blob.reshape(1, 3);
        for (int c = 0; c < 3; c++) {
            Mat plane = planes.row(c);
            Core.multiply(plane, inverseStd[c], plane);
            plane.release();
        }
        planes.release();
        return blob;
    }
}
