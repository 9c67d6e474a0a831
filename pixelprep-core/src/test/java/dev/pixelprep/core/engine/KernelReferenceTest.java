package dev.pixelprep.core.engine;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The row kernels against the plainest possible computation: for every output element, find the source
 * byte by the format's channel index, invert if asked, and evaluate {@code (float) (a[c]·x + b[c])} in double.
 * Every float must match bit for bit, for every format, both channel orders, planar and interleaved layouts,
 * padded and offset sources, and each kind of output the engine writes floats into.
 */
class KernelReferenceTest {
    private static final int[][] SIZES = {{1, 1}, {1, 7}, {3, 2}, {5, 3}, {17, 4}, {64, 3}, {67, 5}, {224, 2}};

    @Test
    void everyDirectFormatMatchesTheReferenceBitForBit() {
        SplittableRandom rnd = new SplittableRandom(20261125);
        int checked = 0;
        for (PixelFormat f : PixelFormat.values()) {
            if (f.isYuv()) {
                continue; // YuvReaderTest
            }
            for (ColorOrder color : ordersFor(f)) {
                for (Layout layout : new Layout[] {Layout.NCHW, Layout.NHWC}) {
                    for (int[] size : SIZES) {
                        for (Spec spec : specs(color, layout, rnd)) {
                            checkAllOutputs(f, spec, size[0], size[1], rnd);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    /** Colour orders served by the direct (unstaged) kernels: a gray source only to gray, colour sources to RGB/BGR. */
    private static ColorOrder[] ordersFor(PixelFormat f) {
        return f.isGray() ? new ColorOrder[] {ColorOrder.GRAY} : new ColorOrder[] {ColorOrder.RGB, ColorOrder.BGR};
    }

    private static List<Spec> specs(ColorOrder color, Layout layout, SplittableRandom rnd) {
        int n = color.channels();
        List<Spec> specs = new ArrayList<>();
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        double[] a = new double[n];
        double[] b = new double[n];
        for (int c = 0; c < n; c++) {
            a[c] = 1.0 / (255.0 * std[c]);
            b[c] = -mean[c] / std[c];
        }
        specs.add(Spec.builder().color(color).scale(a).bias(b).layout(layout).build());
        specs.add(Spec.builder().color(color).scale(1.0 / 255.0).bias(0).layout(layout).build());
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int c = 0; c < n; c++) {
            ra[c] = (rnd.nextDouble() - 0.5) * 4;
            rb[c] = (rnd.nextDouble() - 0.5) * 300;
        }
        specs.add(Spec.builder().color(color).scale(ra).bias(rb).invert(rnd.nextBoolean()).layout(layout).build());
        return specs;
    }

    private static void checkAllOutputs(PixelFormat f, Spec spec, int w, int h, SplittableRandom rnd) {
        int padding = rnd.nextInt(3) * (f.isPackedInt() ? 1 : f.pixelStride()) + rnd.nextInt(2);
        int stride = w * f.pixelStride() + padding;
        int offset = rnd.nextInt(5);
        Pipeline p = Pipeline.compile(spec);
        int n = p.imageElements(w, h);
        int outOffset = rnd.nextInt(4);

        List<PixelBuffer> sources = new ArrayList<>();
        if (f.isPackedInt()) {
            int[] ints = new int[offset + stride * h];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = rnd.nextInt();
            }
            sources.add(PixelBuffer.builder().size(w, h).format(f).rowStride(stride).offset(offset).data(ints).build());
        } else {
            byte[] bytes = new byte[offset + stride * h];
            rnd.nextBytes(bytes);
            sources.add(PixelBuffer.builder().size(w, h).format(f).rowStride(stride).offset(offset).data(bytes).build());
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
            direct.put(0, bytes);
            sources.add(PixelBuffer.builder().size(w, h).format(f).rowStride(stride).offset(offset).data(direct).build());
        }
        for (PixelBuffer src : sources) {
            float[] expected = reference(src, spec);
            String what = f + " -> " + spec.describe() + ", " + w + "x" + h + ", stride " + stride + ", offset " + offset
                    + (src.byteBuffer() != null ? ", direct ByteBuffer source" : "");

            float[] array = new float[outOffset + n + 2];
            p.run(src, array, outOffset);
            requireSame(what + " into float[]", expected, array, outOffset);

            FloatBuffer directOut = ByteBuffer.allocateDirect((outOffset + n) * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            p.run(src, directOut, outOffset);
            float[] fromDirect = new float[outOffset + n];
            directOut.get(0, fromDirect);
            requireSame(what + " into direct FloatBuffer", expected, fromDirect, outOffset);

            FloatBuffer heapOut = FloatBuffer.allocate(outOffset + n);
            p.run(src, heapOut, outOffset);
            requireSame(what + " into heap FloatBuffer", expected, heapOut.array(), outOffset);

            ByteBuffer bytesOut = ByteBuffer.allocate((outOffset + n) * Float.BYTES);
            p.run(src, bytesOut, outOffset * Float.BYTES);
            float[] fromBytes = new float[outOffset + n];
            bytesOut.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(fromBytes);
            requireSame(what + " into little-endian ByteBuffer", expected, fromBytes, outOffset);

            // a direct one whose own order is big-endian: still written little-endian, order left as it was
            ByteBuffer directBytes = ByteBuffer.allocateDirect((outOffset + n) * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
            p.run(src, directBytes, outOffset * Float.BYTES);
            assertThat(directBytes.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
            float[] fromDirectBytes = new float[outOffset + n];
            directBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(fromDirectBytes);
            requireSame(what + " into direct little-endian ByteBuffer", expected, fromDirectBytes, outOffset);
        }
    }

    /** The straightforward definition: one element at a time, no tables. */
    private static float[] reference(PixelBuffer src, Spec spec) {
        PixelFormat f = src.format();
        int w = src.width();
        int h = src.height();
        int channels = spec.channels();
        float[] out = new float[channels * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int v = sample(src, x, y, channelIndex(f, spec.color(), c));
                    if (spec.invert()) {
                        v = 255 - v;
                    }
                    float value = (float) (spec.scale(c) * v + spec.bias(c));
                    int at = spec.layout().planar() ? (c * h + y) * w + x : (y * w + x) * channels + c;
                    out[at] = value;
                }
            }
        }
        return out;
    }

    private static int channelIndex(PixelFormat f, ColorOrder color, int c) {
        if (color == ColorOrder.GRAY) {
            return f.redIndex();
        }
        int[] rgb = {f.redIndex(), f.greenIndex(), f.blueIndex()};
        return color == ColorOrder.RGB ? rgb[c] : rgb[2 - c];
    }

    /** Byte {@code index} of pixel (x, y), or the byte at bit shift {@code index} for packed ints. */
    private static int sample(PixelBuffer src, int x, int y, int index) {
        PixelFormat f = src.format();
        if (f.isPackedInt()) {
            return (src.intArray()[src.offset() + y * src.rowStride() + x] >>> index) & 0xFF;
        }
        int at = src.offset() + y * src.rowStride() + x * f.pixelStride() + index;
        return (src.byteArray() != null ? src.byteArray()[at] : src.byteBuffer().get(at)) & 0xFF;
    }

    private static void requireSame(String what, float[] expected, float[] actual, int offset) {
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]);
            int a = Float.floatToRawIntBits(actual[offset + i]);
            if (e != a) {
                fail(what + ": element " + i + " is " + actual[offset + i] + " but the reference gives " + expected[i]);
            }
        }
    }
}
