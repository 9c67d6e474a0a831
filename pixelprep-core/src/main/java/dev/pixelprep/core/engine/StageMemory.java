package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

/**
 * One thread's image memory for every {@link GeometryStage} it runs: the extracted source, the output canvas, the
 * resized window (three and four channels) and the float-stage images, kept and reused while they are large enough,
 * so that a stream of same-sized sources allocates nothing here.
 *
 * <p>Confined to its thread, and shared by all pipelines on it: a thread that compiles and drops a thousand
 * pipelines keeps one set of arrays (the largest it needed), not one per pipeline. (Memory held per pipeline in a
 * per-pipeline {@code ThreadLocal} was never freed while the thread lived, because the value referred back to its
 * key: 54,000 compile-and-run cycles ran a 1 GB heap out of memory.) A stage's result lives here only until the next
 * geometry call on this thread; the pipeline consumes it before it returns.
 *
 * <p>An array handed out keeps whatever its previous user left in it; every user writes what it reads (the
 * geometry stage's footprint says which source pixels its kernels read).
 */
final class StageMemory {
    private static final ThreadLocal<StageMemory> CURRENT = ThreadLocal.withInitial(StageMemory::new);
    /** A second set, for the second resize of a two-step geometry, which reads the first stage's output from the first. */
    private static final ThreadLocal<StageMemory> SECOND = ThreadLocal.withInitial(StageMemory::new);

    /** The source pixels the kernels read, extracted to tightly packed 8-bit channels. */
    final Slot source = new Slot();
    /** The output canvas. */
    final Slot output = new Slot();
    /** The resized window, in the output's channels. */
    final Slot window = new Slot();
    /** The resized window in a 4-byte source's own byte order. */
    final Slot window4 = new Slot();
    private byte[] sensorRow = new byte[0];
    private int[] sensorCols = new int[0];
    private float[] floats = new float[0];
    private float[] floatWindow = new float[0];
    private FloatImage floatImage;
    /** The last source array read directly, and the image over it. */
    private byte[] viewed;
    private Image8 view;

    private StageMemory() {
    }

    /** This thread's memory. */
    static StageMemory get() {
        return CURRENT.get();
    }

    /** This thread's memory for a second resize. */
    static StageMemory second() {
        return SECOND.get();
    }

    /** A row of a turned frame's sensor pixels, at least {@code n} bytes. */
    byte[] sensorRow(int n) {
        if (sensorRow.length < n) {
            sensorRow = new byte[n];
        }
        return sensorRow;
    }

    /** The sensor columns of a turned frame's footprint, at least {@code n} ints. */
    int[] sensorCols(int n) {
        if (sensorCols.length < n) {
            sensorCols = new int[n];
        }
        return sensorCols;
    }

    float[] floats(int n) {
        if (floats.length < n) {
            floats = new float[n];
        }
        return floats;
    }

    float[] floatWindow(int n) {
        if (floatWindow.length < n) {
            floatWindow = new float[n];
        }
        return floatWindow;
    }

    /** The float-stage result over {@code data}, made again only when its size, channels or array change. */
    FloatImage floatImage(int w, int h, int channels, float[] data) {
        FloatImage f = floatImage;
        if (f == null || f.width() != w || f.height() != h || f.channels() != channels || f.data() != data) {
            f = new FloatImage(w, h, channels, data);
            floatImage = f;
        }
        return f;
    }

    /** The source's bytes as an image of {@code c} channels; kept while the caller passes the same array and size. */
    Image8 view(PixelBuffer src, int c) {
        byte[] data = src.byteArray();
        if (view == null || viewed != data || view.width != src.width() || view.height != src.height() || view.channels != c) {
            view = new Image8(src.width(), src.height(), c, data);
            viewed = data;
        }
        return view;
    }

    /**
     * {@code w × h × c} as an array length, in long first: an intermediate image larger than a Java array is the
     * caller's too-large geometry, said in one line, never an integer overflow.
     */
    static int count(int w, int h, int c, int elementBytes) {
        long n = (long) w * h * c;
        if (n * elementBytes > Tensor.ARRAY_LIMIT_BYTES) {
            throw new InvalidSpecException("the resized image " + w + "x" + h + "x" + c + " needs "
                    + n * elementBytes + " bytes, more than the " + Tensor.ARRAY_LIMIT_BYTES + " a Java array holds; resize or crop to a smaller size");
        }
        return (int) n;
    }

    /**
     * One reusable byte array with the image and the pixel buffer last made over it; both are made again only when
     * the array grows or the caller asks for another size, channel count or format.
     */
    static final class Slot {
        private byte[] data = new byte[0];
        private Image8 image;
        private PixelBuffer buffer;

        /** A {@code w × h × c} image over this slot's array (grown when it is too small). */
        Image8 image(int w, int h, int c) {
            int n = count(w, h, c, 1);
            if (data.length < n) {
                data = new byte[n];
            }
            Image8 i = image;
            if (i == null || i.data != data || i.width != w || i.height != h || i.channels != c) {
                i = new Image8(w, h, c, data);
                image = i;
            }
            return i;
        }

        /** {@code img} (which must be this slot's current image) as a pixel buffer in {@code format} and {@code alpha}. */
        PixelBuffer buffer(Image8 img, PixelFormat format, AlphaMode alpha) {
            PixelBuffer b = buffer;
            if (b == null || b.byteArray() != img.data || b.width() != img.width || b.height() != img.height
                    || b.format() != format || b.alphaMode() != alpha) {
                b = PixelBuffer.builder().size(img.width, img.height).format(format).alphaMode(alpha).data(img.data).build();
                buffer = b;
            }
            return b;
        }
    }
}
