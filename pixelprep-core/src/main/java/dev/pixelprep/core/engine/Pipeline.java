package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.simd.Simd;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Spec} compiled into lookup tables and a row kernel: pixels in, tensor out, in one pass.
 *
 * <p>Each source row is fetched from memory once and each output element written once (planar outputs take
 * the channels of a row one after another while the row sits in L1). For 8-bit input the per-channel
 * affine map (with inversion folded in) is a 256-entry table per channel, computed in double and rounded
 * once to float, so the result is the correctly rounded {@code a·x + b}. Rows that need alpha handling or a
 * mean image are first unpacked into small per-thread row buffers that stay in L1.
 *
 * <p>A pipeline is immutable and thread-safe; per-thread scratch rows are reused, so a loop that feeds the
 * same sizes into the same caller-owned output allocates nothing per call (float outputs).
 */
public final class Pipeline {
    private static final int PILLOW_R = 19595;
    private static final int PILLOW_G = 38470;
    private static final int PILLOW_B = 7471;
    private static final int OPENCV_R = 9798;
    private static final int OPENCV_G = 19235;
    private static final int OPENCV_B = 3735;

    private final Spec spec;
    private final int channels;
    private final float[][] lut;
    private final double[][] lutExact;
    private final double[][] meanTerm;
    /** The spec's per-channel scale and bias, for the SIMD rows. */
    private final double[] scale;
    private final double[] bias;
    /** {@link #channelIndices} for every source format, by ordinal: computed once so a row allocates nothing. */
    private final int[][] directIndex;
    /**
     * One thread's row buffers, shared by every pipeline on it (a per-pipeline {@code ThreadLocal} left one set per
     * compiled pipeline in every thread that ran it). Safe because a call takes them only after the geometry stage,
     * which uses them through its extraction pipeline, has returned, and each call writes every element it reads.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private final GeometryStage geometry;
    /** The padding in tensor units per channel, written after normalisation; {@code null} when padding is a pixel colour. */
    private final float[] padTensor;

    private Pipeline(Spec spec) {
        this.spec = spec;
        this.geometry = spec.geometry() == null ? null : new GeometryStage(spec);
        // the spec has checked that the values are one or one per channel
        double[] pv = spec.geometry() == null ? null : spec.geometry().padValue();
        this.padTensor = pv == null ? null : new float[spec.color().channels()];
        for (int c = 0; pv != null && c < padTensor.length; c++) {
            padTensor[c] = (float) spec.geometry().padValue(c);
        }
        this.channels = spec.channels();
        this.scale = new double[channels];
        this.bias = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = spec.scale(c);
            bias[c] = spec.bias(c);
        }
        this.lut = new float[channels][256];
        this.lutExact = new double[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int x = 0; x < 256; x++) {
                int v = spec.invert() ? 255 - x : x;
                lutExact[c][x] = spec.apply(c, v);
                lut[c][x] = (float) lutExact[c][x];
            }
        }
        PixelFormat[] formats = PixelFormat.values();
        directIndex = new int[formats.length][];
        for (PixelFormat f : formats) {
            directIndex[f.ordinal()] = channelIndices(spec.color(), f);
        }
        MeanImage m = spec.meanImage();
        if (m == null) {
            meanTerm = null;
        } else {
            meanTerm = new double[channels][];
            float[] data = m.data();
            int plane = m.width() * m.height();
            for (int c = 0; c < channels; c++) {
                meanTerm[c] = new double[plane];
                for (int i = 0; i < plane; i++) {
                    meanTerm[c][i] = spec.scale(c) * data[c * plane + i];
                }
            }
        }
    }

    /**
     * Compiles a spec, refusing one whose output is not finite for some input level (see
     * {@link #compile(Spec, boolean)}).
     */
    public static Pipeline compile(Spec spec) {
        return compile(spec, false);
    }

    /**
     * Compiles a spec.
     *
     * <p>Unless {@code allowNonFinite}, the output of every channel for every input level 0..255 is computed first
     * (after inversion, scale, bias and the mean image's extremes, in double, then rounded to the spec's dtype) and a
     * spec for which one of them is infinite or NaN is refused: a scale of {@code 1e308}, a std of {@code 1e-300} or
     * a float16 tensor whose values pass 65504 would otherwise write a tensor of {@code inf}. Integer dtypes saturate,
     * so for them only a non-finite value in double is refused. Values a float-stage resize interpolates between
     * levels are not checked.
     *
     * @param allowNonFinite write such values anyway (the caller wants to see the infinities)
     * @throws InvalidSpecException naming the channel and the level, e.g. {@code channel R level 255 gives inf in
     *                              float32 (255 × scale 1e308 + bias 0)}
     */
    public static Pipeline compile(Spec spec, boolean allowNonFinite) {
        if (Simd.ERROR != null) {
            // the caller's JVM configuration asks for lanes this JVM cannot give: the caller's error, in one line
            throw new PixelprepException(Simd.ERROR);
        }
        Pipeline p = new Pipeline(spec);
        if (!allowNonFinite) {
            p.requireFinite();
        }
        return p;
    }

    /** The check of {@link #compile(Spec, boolean)}: 256 levels × the mean's two extremes per channel, at compile time only. */
    private void requireFinite() {
        String[] names = spec.color().channelNames();
        DType dtype = spec.dtype();
        for (int c = 0; padTensor != null && c < channels; c++) {
            double v = spec.geometry().padValue(c);
            double out = dtype == DType.FLOAT16 ? Half.toFloat(Half.fromFloat(padTensor[c])) : dtype == DType.FLOAT32 ? padTensor[c] : v;
            if (!Double.isFinite(out)) {
                throw new InvalidSpecException("$.pad_value", "channel " + names[c] + " pad value " + Spec.num(v) + " gives " + (out > 0 ? "inf" : "-inf")
                        + " in " + dtype.id() + "; give a value within the dtype's range, or allow non-finite output explicitly");
            }
        }
        for (int c = 0; c < channels; c++) {
            double lo = 0;
            double hi = 0;
            if (meanTerm != null) {
                lo = Double.POSITIVE_INFINITY;
                hi = Double.NEGATIVE_INFINITY;
                for (double m : meanTerm[c]) {
                    lo = Math.min(lo, m);
                    hi = Math.max(hi, m);
                }
            }
            for (int x = 0; x < 256; x++) {
                for (double m : new double[] {lo, hi}) {
                    double v = lutExact[c][x] - m;
                    double out = v;
                    if (dtype == DType.FLOAT32) {
                        out = (float) v;
                    } else if (dtype == DType.FLOAT16) {
                        out = Half.toFloat(Half.fromFloat((float) v));
                    }
                    if (!Double.isFinite(out)) {
                        int level = spec.invert() ? 255 - x : x;
                        throw new InvalidSpecException("channel " + names[c] + " level " + x + " gives " + (Double.isNaN(out) ? "NaN" : out > 0 ? "inf" : "-inf")
                                + " in " + dtype.id() + " (" + level + " × scale " + Spec.num(spec.scale(c)) + " + bias " + Spec.num(spec.bias(c))
                                + (meanTerm == null ? "" : " − scaled mean image up to " + Spec.num(m)) + " = " + v
                                + "); check the scale, std or mean (a value beyond " + (dtype == DType.FLOAT16 ? "65504 for float16" : "the dtype's range")
                                + "), or allow non-finite output explicitly");
                    }
                }
            }
        }
    }

    /**
     * Which row kernels this JVM runs: SIMD lanes when started with {@code --add-modules jdk.incubator.vector} on
     * x86-64 with AVX-512 (unless {@code -Dpixelprep.simd=off}; see {@link Simd}), else the per-channel tables.
     * Both give the same bits.
     */
    public static String kernels() {
        return Simd.describe();
    }

    public Spec spec() {
        return spec;
    }

    /** Shape of the whole tensor (all {@code spec.batch()} images) for inputs of the given size. */
    public int[] shape(int width, int height) {
        return spec.shape(width, height);
    }

    /**
     * Elements one image occupies: channels × height × width.
     *
     * @throws InvalidSpecException when one image is larger than {@link Tensor#maxBytes()} in the spec's dtype
     */
    public int imageElements(int width, int height) {
        int w = width;
        int h = height;
        if (geometry != null) {
            dev.pixelprep.core.geometry.Plan p = geometry.plan(width, height);
            w = p.outputWidth();
            h = p.outputHeight();
        }
        return (int) (Tensor.checkSize(spec.layout().shape(1, channels, h, w), spec.dtype()) / spec.dtype().size());
    }

    /** channels × height × width, in long: never overflows (a caller's buffer decides whether it fits). */
    private long elements(int width, int height) {
        return (long) channels * height * width;
    }

    /**
     * Writes one image as float32 into {@code out} starting at element {@code offset} (image {@code i} of an
     * NCHW or NHWC batch starts at {@code i × imageElements}).
     */
    public void run(PixelBuffer src, float[] out, int offset) {
        requireDType(DType.FLOAT32, "float[]");
        int[] content = padContent(src);
        FloatImage fi = floatStage(src);
        src = fi == null ? geometric(src) : src;
        int w = fi == null ? src.width() : fi.width();
        int h = fi == null ? src.height() : fi.height();
        checkTarget(w, h, out.length, offset, "float[]");
        Scratch s = SCRATCH.get().ensure(w);
        boolean planar = spec.layout().planar();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            if (planar) {
                for (int c = 0; c < channels; c++) {
                    s.base[c] = offset + c * plane + y * w;
                }
                row(src, fi, y, s, out, 1);
            } else {
                for (int c = 0; c < channels; c++) {
                    s.base[c] = offset + y * w * channels + c;
                }
                row(src, fi, y, s, out, channels);
            }
        }
        if (content != null) {
            int cn = channels;
            float[] pv = padTensor;
            padRuns(w, h, content, (y, xa, xb) -> {
                for (int c = 0; c < cn; c++) {
                    if (planar) {
                        java.util.Arrays.fill(out, offset + c * plane + y * w + xa, offset + c * plane + y * w + xb, pv[c]);
                    } else {
                        for (int x = xa; x < xb; x++) {
                            out[offset + (y * w + x) * cn + c] = pv[c];
                        }
                    }
                }
            });
        }
    }

    /** Writes one image as float32 into a heap or direct {@link FloatBuffer} at absolute element {@code offset}. */
    public void run(PixelBuffer src, FloatBuffer out, int offset) {
        requireDType(DType.FLOAT32, "FloatBuffer");
        if (out.hasArray() && !out.isReadOnly()) {
            checkTarget(imageWidth(src), imageHeight(src), out.capacity(), offset, "FloatBuffer");
            run(src, out.array(), out.arrayOffset() + offset);
            return;
        }
        int[] content = padContent(src);
        FloatImage fi = floatStage(src);
        src = fi == null ? geometric(src) : src;
        int w = fi == null ? src.width() : fi.width();
        int h = fi == null ? src.height() : fi.height();
        checkTarget(w, h, out.capacity(), offset, "FloatBuffer");
        Scratch s = SCRATCH.get().ensure(w);
        boolean planar = spec.layout().planar();
        for (int y = 0; y < h; y++) {
            rowToScratch(src, fi, w, y, s, planar);
            if (planar) {
                for (int c = 0; c < channels; c++) {
                    out.put(offset + c * w * h + y * w, s.row, c * w, w);
                }
            } else {
                out.put(offset + y * w * channels, s.row, 0, w * channels);
            }
        }
        if (content != null) {
            int cn = channels;
            float[] pv = padTensor;
            padRuns(w, h, content, (y, xa, xb) -> {
                for (int c = 0; c < cn; c++) {
                    for (int x = xa; x < xb; x++) {
                        out.put(planar ? offset + c * w * h + y * w + x : offset + (y * w + x) * cn + c, pv[c]);
                    }
                }
            });
        }
    }

    /**
     * Writes one image in the spec's dtype, little-endian, into {@code out} at absolute byte {@code byteOffset}.
     * The buffer's own byte order, position and limit are left untouched.
     */
    public void run(PixelBuffer src, ByteBuffer out, int byteOffset) {
        int[] content = padContent(src);
        FloatImage fi = floatStage(src);
        src = fi == null ? geometric(src) : src;
        int w = fi == null ? src.width() : fi.width();
        int h = fi == null ? src.height() : fi.height();
        int size = spec.dtype().size();
        checkTarget(w, h, out.capacity() / size, 0, "ByteBuffer");
        long need = (long) byteOffset + (long) elements(w, h) * size;
        if (byteOffset < 0 || need > out.capacity()) {
            throw new InvalidPixelsException("output ByteBuffer holds " + out.capacity() + " bytes; writing "
                    + w + "x" + h + "x" + channels + " " + spec.dtype().id() + " at byte " + byteOffset
                    + " needs " + need);
        }
        Scratch s = SCRATCH.get().ensure(w);
        boolean planar = spec.layout().planar();
        if (Simd.ENABLED && fi == null && planar && size == 4 && directRows(src)) {
            // float32 planes written by the lanes straight into the buffer (a direct one included), no staging row;
            // the lanes and the tail name their byte order, so the caller's buffer is used as it is (no duplicate)
            for (int y = 0; y < h; y++) {
                simdRowToBytes(src, y, s, out, byteOffset + 4 * y * w, 4 * w * h);
            }
            padBytes(out, byteOffset, w, h, content, s, planar);
            return;
        }
        for (int y = 0; y < h; y++) {
            rowToScratch(src, fi, w, y, s, planar);
            if (planar) {
                for (int c = 0; c < channels; c++) {
                    emit(out, byteOffset + (c * w * h + y * w) * size, s.row, c * w, w);
                }
            } else {
                emit(out, byteOffset + y * w * channels * size, s.row, 0, w * channels);
            }
        }
        padBytes(out, byteOffset, w, h, content, s, planar);
    }

    /** The tensor-unit padding into a ByteBuffer in the spec's dtype (quantised as every other value). */
    private void padBytes(ByteBuffer out, int byteOffset, int w, int h, int[] content, Scratch s, boolean planar) {
        if (content == null) {
            return;
        }
        int size = spec.dtype().size();
        int cn = channels;
        float[] pv = padTensor;
        float[] row = s.row;
        padRuns(w, h, content, (y, xa, xb) -> {
            int n = xb - xa;
            if (planar) {
                for (int c = 0; c < cn; c++) {
                    java.util.Arrays.fill(row, 0, n, pv[c]);
                    emit(out, byteOffset + (c * w * h + y * w + xa) * size, row, 0, n);
                }
            } else {
                for (int i = 0; i < n * cn; i++) {
                    row[i] = pv[i % cn];
                }
                emit(out, byteOffset + (y * w + xa) * cn * size, row, 0, n * cn);
            }
        });
    }

    /** One run {@code [xa, xb)} of padding in row {@code y} of the output. */
    private interface PadRun {
        void write(int y, int xa, int xb);
    }

    /** The output's {x0, x1, y0, y1} the image covers when padding is in tensor units, else {@code null}. */
    private int[] padContent(PixelBuffer src) {
        return padTensor == null ? null : geometry.content(src.width(), src.height());
    }

    /** Calls {@code run} for every run of output pixels outside {@code content} = {x0, x1, y0, y1}, row by row. */
    private static void padRuns(int w, int h, int[] content, PadRun run) {
        boolean none = content[1] <= content[0] || content[3] <= content[2];
        for (int y = 0; y < h; y++) {
            if (none || y < content[2] || y >= content[3]) {
                run.write(y, 0, w);
                continue;
            }
            if (content[0] > 0) {
                run.write(y, 0, Math.min(content[0], w));
            }
            if (content[1] < w) {
                run.write(y, Math.max(content[1], 0), w);
            }
        }
    }

    /**
     * With a geometry, the resized and cropped 8-bit image (per-thread memory, valid until the next call on this
     * thread); without, the source itself.
     */
    private PixelBuffer geometric(PixelBuffer src) {
        return geometry == null ? src : geometry.apply(src);
    }

    /** With a float-stage geometry, the resized image in float (per-thread memory); otherwise {@code null}. */
    private FloatImage floatStage(PixelBuffer src) {
        return geometry != null && geometry.floatStage() ? geometry.applyFloat(src) : null;
    }

    private int imageWidth(PixelBuffer src) {
        return geometry == null ? src.width() : geometry.plan(src.width(), src.height()).outputWidth();
    }

    private int imageHeight(PixelBuffer src) {
        return geometry == null ? src.height() : geometry.plan(src.width(), src.height()).outputHeight();
    }

    private void row(PixelBuffer src, FloatImage fi, int y, Scratch s, float[] dst, int stride) {
        if (fi != null) {
            floatRow(fi, y, s, dst, stride);
        } else {
            kernelRow(src, y, s, dst, stride);
        }
    }

    /**
     * The normalisation of a float-stage image row: {@code scale·(x' − mean) + bias} on unrounded resized values
     * (x' = 255 − x when inverted), in double like the tables, rounded once to float.
     */
    private void floatRow(FloatImage fi, int y, Scratch s, float[] dst, int stride) {
        int w = fi.width();
        int cn = fi.channels();
        float[] d = fi.data();
        int base = y * w * cn;
        boolean inv = spec.invert();
        for (int c = 0; c < channels; c++) {
            int sc = fi.channels() == 1 ? 0 : spec.color() == ColorOrder.BGR ? 2 - c : c;
            double a = spec.scale(c);
            double b = spec.bias(c);
            double[] m = meanTerm == null ? null : meanTerm[c];
            int o = s.base[c];
            for (int x = 0; x < w; x++) {
                double v = d[base + x * cn + sc];
                double yv = a * (inv ? 255 - v : v) + b;
                if (m != null) {
                    yv -= m[y * w + x];
                }
                dst[o + x * stride] = (float) yv;
            }
        }
    }

    /** Builds the whole tensor from {@code spec.batch()} images of one size. */
    public Tensor tensor(List<PixelBuffer> images) {
        if (images.isEmpty()) {
            throw new InvalidPixelsException("no images given");
        }
        if (images.size() != spec.batch()) {
            throw new InvalidPixelsException("spec declares batch " + spec.batch() + " but " + images.size() + " images were given");
        }
        PixelBuffer first = images.get(0);
        for (int i = 1; i < images.size(); i++) {
            PixelBuffer p = images.get(i);
            if (p.width() != first.width() || p.height() != first.height()) {
                throw new InvalidPixelsException("all images of a batch must have one size: image 0 is " + first.width() + "x"
                        + first.height() + ", image " + i + " is " + p.width() + "x" + p.height());
            }
        }
        int[] shape = shape(first.width(), first.height());
        // the size in long, against the limit, before the geometry or the tensor allocates anything
        long bytes = Tensor.checkSize(shape, spec.dtype());
        int size = spec.dtype().size();
        int per = (int) (bytes / size / images.size());
        ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < images.size(); i++) {
            run(images.get(i), data, i * per * size);
        }
        return new Tensor(shape, spec.dtype(), spec.layout(), data);
    }

    /** Builds the tensor of a single image (the spec's batch must be 1). */
    public Tensor tensor(PixelBuffer image) {
        return tensor(List.of(image));
    }

    private void requireDType(DType wanted, String target) {
        if (spec.dtype() != wanted) {
            throw new InvalidPixelsException("spec produces " + spec.dtype().id() + " but the output is a " + target
                    + " of " + wanted.id() + "; write into a ByteBuffer instead");
        }
    }

    private void checkTarget(int w, int h, int capacity, int offset, String what) {
        MeanImage m = spec.meanImage();
        if (m != null && (m.width() != w || m.height() != h)) {
            throw new InvalidPixelsException("mean image is " + m.width() + "x" + m.height() + " but the input is "
                    + w + "x" + h + "; crop or resize the mean to the model input size");
        }
        long need = (long) offset + elements(w, h);
        if (offset < 0 || need > capacity) {
            throw new InvalidPixelsException("output " + what + " holds " + capacity + " elements; one " + w + "x"
                    + h + "x" + channels + " image at offset " + offset + " needs " + need);
        }
    }

    private void rowToScratch(PixelBuffer src, FloatImage fi, int w, int y, Scratch s, boolean planar) {
        for (int c = 0; c < channels; c++) {
            s.base[c] = planar ? c * w : c;
        }
        row(src, fi, y, s, s.row, planar ? 1 : channels);
    }

    /** Values {@code row[from .. from+n)} in the spec's dtype, little-endian whatever {@code out}'s own order. */
    private void emit(ByteBuffer out, int pos, float[] row, int from, int n) {
        DType dt = spec.dtype();
        boolean swap = out.order() != ByteOrder.LITTLE_ENDIAN;
        switch (dt) {
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(row[from + i]);
                    out.putInt(pos + 4 * i, swap ? Integer.reverseBytes(bits) : bits);
                }
                break;
            case FLOAT16:
                for (int i = 0; i < n; i++) {
                    short bits = Half.fromFloat(row[from + i]);
                    out.putShort(pos + 2 * i, swap ? Short.reverseBytes(bits) : bits);
                }
                break;
            default:
                Quantization q = spec.quantization();
                int lo = dt.min();
                int hi = dt.max();
                for (int i = 0; i < n; i++) {
                    double v = row[from + i];
                    long r = q == null ? (long) Math.rint(v) : (long) Math.rint(v / q.scale()) + q.zeroPoint();
                    out.put(pos + i, (byte) Math.max(lo, Math.min(hi, r)));
                }
        }
    }

    // ---- the row kernel -------------------------------------------------------------------------------

    /** Whether this pipeline's 8-bit values of {@code src} differ from its colour bytes (alpha policy or luma). */
    boolean changesColours(PixelBuffer src) {
        return alphaWork(src) || (spec.color() == ColorOrder.GRAY && !src.format().isGray());
    }

    /** Whether the spec's alpha policy changes the colour channels of this source. */
    private boolean alphaWork(PixelBuffer src) {
        AlphaPolicy.Kind ak = spec.alpha().kind();
        return src.format().hasAlpha() && (ak == AlphaPolicy.Kind.COMPOSITE
                || (ak == AlphaPolicy.Kind.UNPREMULTIPLY && src.alphaMode() == AlphaMode.PREMULTIPLIED));
    }

    /** Writes channel c of pixel x of row y to {@code dst[s.base[c] + x·stride]}. */
    private void kernelRow(PixelBuffer src, int y, Scratch s, float[] dst, int stride) {
        PixelFormat f = src.format();
        boolean alphaWork = alphaWork(src);
        boolean luma = spec.color() == ColorOrder.GRAY && !f.isGray();
        int w = src.width();
        if (f.isPackedInt()) {
            int base = src.offset() + y * src.rowStride();
            if (alphaWork || meanTerm != null || luma) {
                stageInts(src.intArray(), base, f, w, s);
                finishStaged(s, y, w, dst, stride, luma, alphaWork, src.alphaMode());
            } else {
                int[] sh = directIndex[f.ordinal()];
                if (stride == 1 && Simd.ENABLED) {
                    for (int c = 0; c < channels; c++) {
                        SimdRows.planeRowInt(src.intArray(), base, sh[c], spec.invert(), scale[c], bias[c], lut[c],
                                dst, s.base[c], w);
                    }
                } else if (stride == 1) {
                    for (int c = 0; c < channels; c++) {
                        planeRowInt(src.intArray(), base, sh[c], lut[c], dst, s.base[c], w);
                    }
                } else if (channels == 3) {
                    color3Int(src.intArray(), base, sh[0], sh[1], sh[2], dst, s.base[0], s.base[1], s.base[2], stride, w);
                } else {
                    gray1Int(src.intArray(), base, sh[0], dst, s.base[0], stride, w);
                }
            }
            return;
        }
        byte[] row = sourceRow(src, y, s);
        int base = s.rowBase;
        if (alphaWork || meanTerm != null || luma) {
            stageBytes(row, base, f, w, s);
            finishStaged(s, y, w, dst, stride, luma, alphaWork, src.alphaMode());
            return;
        }
        int[] idx = directIndex[f.ordinal()];
        int ps = f.pixelStride();
        if (stride == 1 && Simd.ENABLED) {
            for (int c = 0; c < channels; c++) {
                SimdRows.planeRow(row, base, ps, idx[c], spec.invert(), scale[c], bias[c], lut[c], dst, s.base[c], w);
            }
        } else if (stride == 1) {
            for (int c = 0; c < channels; c++) {
                planeRow(row, base + idx[c], ps, lut[c], dst, s.base[c], w);
            }
        } else if (channels == 3) {
            color3(row, base, ps, idx[0], idx[1], idx[2], dst, s.base[0], s.base[1], s.base[2], stride, w);
        } else {
            gray1(row, base, ps, idx[0], dst, s.base[0], stride, w);
        }
    }

    /**
     * The array holding row y of a byte source: the caller's own {@code byte[]}, or the row copied out of its
     * {@code ByteBuffer} into the scratch bytes; the row starts at {@code s.rowBase}.
     */
    private static byte[] sourceRow(PixelBuffer src, int y, Scratch s) {
        if (src.byteArray() != null) {
            s.rowBase = src.offset() + y * src.rowStride();
            return src.byteArray();
        }
        s.rowBase = 0;
        src.byteBuffer().get(src.offset() + y * src.rowStride(), s.bytes, 0, src.width() * src.format().pixelStride());
        return s.bytes;
    }

    /** Whether rows of {@code src} go straight from the source bytes through the tables (no staging). */
    private boolean directRows(PixelBuffer src) {
        return !changesColours(src) && meanTerm == null;
    }

    /** Row y of a {@link #directRows} source in SIMD lanes, plane c at byte {@code at + c·planeBytes} of {@code out}. */
    private void simdRowToBytes(PixelBuffer src, int y, Scratch s, ByteBuffer out, int at, int planeBytes) {
        PixelFormat f = src.format();
        int w = src.width();
        boolean inv = spec.invert();
        if (f.isPackedInt()) {
            int base = src.offset() + y * src.rowStride();
            int[] sh = directIndex[f.ordinal()];
            for (int c = 0; c < channels; c++) {
                SimdRows.planeRowInt(src.intArray(), base, sh[c], inv, scale[c], bias[c], lut[c], out,
                        at + c * planeBytes, w);
            }
            return;
        }
        byte[] row = sourceRow(src, y, s);
        int base = s.rowBase;
        int[] idx = directIndex[f.ordinal()];
        for (int c = 0; c < channels; c++) {
            SimdRows.planeRow(row, base, f.pixelStride(), idx[c], inv, scale[c], bias[c], lut[c], out,
                    at + c * planeBytes, w);
        }
    }

    // ---- 8-bit extraction for the geometry stage ------------------------------------------------------

    /**
     * The 8-bit channel values of the pixels {@code cols[0 .. n-1]} (ascending) of source row {@code y}, with the
     * alpha policy and luma applied but no normalisation: pixel {@code x}'s channels go to
     * {@code dst[rowBase + x·channels ..]}, interleaved, so the row lands where it sits in a tightly packed image of
     * the source's width. The geometry stage calls this on a pipeline whose spec is the identity to uint8, and it
     * gives exactly what {@link #run(PixelBuffer, ByteBuffer, int)} writes for those pixels (the identity table
     * holds exact integers, so its rounding returns the 8-bit value itself), without the float round trip.
     */
    void extract8(PixelBuffer src, int y, int[] cols, int n, byte[] dst, int rowBase) {
        PixelFormat f = src.format();
        Scratch s = SCRATCH.get().ensure(src.width());
        boolean staged = alphaWork(src) || (spec.color() == ColorOrder.GRAY && !f.isGray());
        int[] idx = directIndex[f.ordinal()];
        if (f.isPackedInt()) {
            int[] row = src.intArray();
            int base = src.offset() + y * src.rowStride();
            if (staged) {
                for (int i = 0; i < n; i++) {
                    int v = row[base + cols[i]];
                    s.r[i] = (v >>> f.redIndex()) & 0xFF;
                    s.g[i] = (v >>> f.greenIndex()) & 0xFF;
                    s.b[i] = (v >>> f.blueIndex()) & 0xFF;
                    s.a[i] = f.hasAlpha() ? v >>> 24 : 255;
                }
                finishStaged8(src, s, cols, n, dst, rowBase);
            } else if (channels == 3) {
                int s0 = idx[0];
                int s1 = idx[1];
                int s2 = idx[2];
                for (int i = 0; i < n; i++) {
                    int x = cols[i];
                    int v = row[base + x];
                    int o = rowBase + 3 * x;
                    dst[o] = (byte) (v >>> s0);
                    dst[o + 1] = (byte) (v >>> s1);
                    dst[o + 2] = (byte) (v >>> s2);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int x = cols[i];
                    dst[rowBase + x] = (byte) (row[base + x] >>> idx[0]);
                }
            }
            return;
        }
        int ps = f.pixelStride();
        byte[] row;
        int base;
        if (src.byteArray() != null) {
            row = src.byteArray();
            base = src.offset() + y * src.rowStride();
        } else {
            // only the span from the first to the last wanted pixel is copied out of the buffer
            row = s.bytes;
            int first = cols[0];
            src.byteBuffer().get(src.offset() + y * src.rowStride() + first * ps, row, 0, (cols[n - 1] - first + 1) * ps);
            base = -first * ps;
        }
        if (staged) {
            int ri = f.redIndex();
            int gi = f.greenIndex();
            int bi = f.blueIndex();
            int ai = f.alphaIndex();
            for (int i = 0; i < n; i++) {
                int p = base + cols[i] * ps;
                s.r[i] = row[p + ri] & 0xFF;
                s.g[i] = row[p + gi] & 0xFF;
                s.b[i] = row[p + bi] & 0xFF;
                s.a[i] = ai < 0 ? 255 : row[p + ai] & 0xFF;
            }
            finishStaged8(src, s, cols, n, dst, rowBase);
        } else if (channels == 3 && ps >= 3 && cols[n - 1] - cols[0] == n - 1) {
            // the usual footprint of a shrink: one run of columns; a plain strided loop, no index table
            int first = cols[0];
            if (ps == 4) {
                copy3of4(row, base + first * 4, idx[0], idx[1], idx[2], dst, rowBase + first * 3, n);
            } else {
                copy3of3(row, base + first * 3, idx[0], idx[1], idx[2], dst, rowBase + first * 3, n);
            }
        } else if (channels == 3) {
            int i0 = idx[0];
            int i1 = idx[1];
            int i2 = idx[2];
            for (int i = 0; i < n; i++) {
                int x = cols[i];
                int p = base + x * ps;
                int o = rowBase + 3 * x;
                dst[o] = row[p + i0];
                dst[o + 1] = row[p + i1];
                dst[o + 2] = row[p + i2];
            }
        } else {
            for (int i = 0; i < n; i++) {
                int x = cols[i];
                dst[rowBase + x] = row[base + x * ps + idx[0]];
            }
        }
    }

    /**
     * {@code n} pixels of 4 bytes from {@code s[p..]} to 3 bytes each at {@code d[o..]}, bytes {@code i0, i1, i2}
     * of each pixel in that order. The ranges are checked once up front and the stride is a literal, so C2 drops
     * the per-byte bounds checks (as in {@link #planeRow4}).
     */
    private static void copy3of4(byte[] s, int p, int i0, int i1, int i2, byte[] d, int o, int n) {
        Objects.checkFromIndexSize(p, 4 * n, s.length);
        Objects.checkFromIndexSize(o, 3 * n, d.length);
        Objects.checkIndex(i0, 4);
        Objects.checkIndex(i1, 4);
        Objects.checkIndex(i2, 4);
        for (int x = 0; x < n; x++) {
            d[o + 3 * x] = s[p + 4 * x + i0];
            d[o + 3 * x + 1] = s[p + 4 * x + i1];
            d[o + 3 * x + 2] = s[p + 4 * x + i2];
        }
    }

    /** {@link #copy3of4} for 3-byte pixels. */
    private static void copy3of3(byte[] s, int p, int i0, int i1, int i2, byte[] d, int o, int n) {
        Objects.checkFromIndexSize(p, 3 * n, s.length);
        Objects.checkFromIndexSize(o, 3 * n, d.length);
        Objects.checkIndex(i0, 3);
        Objects.checkIndex(i1, 3);
        Objects.checkIndex(i2, 3);
        for (int x = 0; x < n; x++) {
            d[o + 3 * x] = s[p + 3 * x + i0];
            d[o + 3 * x + 1] = s[p + 3 * x + i1];
            d[o + 3 * x + 2] = s[p + 3 * x + i2];
        }
    }

    /** Alpha policy and luma on staged channels {@code 0 .. n-1}, then their bytes to the pixels {@code cols}. */
    private void finishStaged8(PixelBuffer src, Scratch s, int[] cols, int n, byte[] dst, int rowBase) {
        if (alphaWork(src)) {
            applyAlpha(s, n, src.alphaMode());
        }
        if (channels == 1) {
            luma(s, n);
            for (int i = 0; i < n; i++) {
                dst[rowBase + cols[i]] = (byte) s.l[i];
            }
            return;
        }
        int[][] planes = spec.color() == ColorOrder.BGR ? s.bgrPlanes : s.rgbPlanes;
        int[] c0 = planes[0];
        int[] c1 = planes[1];
        int[] c2 = planes[2];
        for (int i = 0; i < n; i++) {
            int o = rowBase + 3 * cols[i];
            dst[o] = (byte) c0[i];
            dst[o + 1] = (byte) c1[i];
            dst[o + 2] = (byte) c2[i];
        }
    }

    /** Byte index (or bit shift) in the source pixel of each output channel, for the direct kernels. */
    private static int[] channelIndices(ColorOrder color, PixelFormat f) {
        switch (color) {
            case RGB: return new int[] {f.redIndex(), f.greenIndex(), f.blueIndex()};
            case BGR: return new int[] {f.blueIndex(), f.greenIndex(), f.redIndex()};
            default: return new int[] {f.redIndex()};
        }
    }

    /**
     * One channel of one row into consecutive output elements: {@code d[o + x] = l[s[p + ps·x] & 0xFF]}.
     *
     * <p>Planar output is written one channel at a time rather than all channels of a pixel at once. Two
     * things make that the fast shape for HotSpot's C2 compiler, measured on JDK 17 (see BENCHMARKS.md):
     * <ul>
     *   <li>The loop body is tiny, so C2 unrolls it and keeps everything in registers; the three-channel loop
     *       needs more registers than x86-64 has and spills on every pixel. The row is re-read once per
     *       channel, but it is a few kilobytes that stay in L1, and each float is still written once.</li>
     *   <li>The explicit range checks before the loop are never false here ({@link PixelBuffer} and the
     *       callers have validated every size), but they tell C2 that {@code p + ps·x} cannot overflow or leave
     *       either array, so it drops the per-element bounds checks on {@code s} and {@code d}. Without them
     *       the source check stays inside the loop. Only the table lookup keeps its check.</li>
     * </ul>
     * The strides 4 and 3 get their own methods so that the stride is a literal both in the up-front check
     * and in the index expression; a shared check on a variable stride does not let C2 drop the loop's checks.
     */
    private static void planeRow(byte[] s, int p, int ps, float[] l, float[] d, int o, int w) {
        switch (ps) {
            case 4:
                planeRow4(s, p, l, d, o, w);
                break;
            case 3:
                planeRow3(s, p, l, d, o, w);
                break;
            default:
                Objects.checkFromIndexSize(o, w, d.length);
                requireRow(s, p, ps, w);
                for (int x = 0; x < w; x++) {
                    d[o + x] = l[s[p + ps * x] & 0xFF];
                }
        }
    }

    private static void planeRow4(byte[] s, int p, float[] l, float[] d, int o, int w) {
        Objects.checkFromIndexSize(o, w, d.length);
        requireRow(s, p, 4, w);
        for (int x = 0; x < w; x++) {
            d[o + x] = l[s[p + 4 * x] & 0xFF];
        }
    }

    private static void planeRow3(byte[] s, int p, float[] l, float[] d, int o, int w) {
        Objects.checkFromIndexSize(o, w, d.length);
        requireRow(s, p, 3, w);
        for (int x = 0; x < w; x++) {
            d[o + x] = l[s[p + 3 * x] & 0xFF];
        }
    }

    /** Throws unless bytes {@code p, p + ps, ..., p + ps·(w − 1)} all lie inside {@code s}. */
    private static void requireRow(byte[] s, int p, int ps, int w) {
        if (p < 0 || (long) p + (long) ps * (w - 1) >= s.length) {
            throw new IndexOutOfBoundsException("row of " + w + " pixels at byte " + p + " with stride " + ps
                    + " does not fit in " + s.length + " bytes");
        }
    }

    /** {@link #planeRow} for packed ints: {@code d[o + x] = l[(s[p + x] >>> shift) & 0xFF]}. */
    private static void planeRowInt(int[] s, int p, int shift, float[] l, float[] d, int o, int w) {
        Objects.checkFromIndexSize(o, w, d.length);
        Objects.checkFromIndexSize(p, w, s.length);
        for (int x = 0; x < w; x++) {
            d[o + x] = l[(s[p + x] >>> shift) & 0xFF];
        }
    }

    private void color3(byte[] s, int p, int ps, int i0, int i1, int i2, float[] d, int d0, int d1, int d2, int ds, int w) {
        float[] l0 = lut[0];
        float[] l1 = lut[1];
        float[] l2 = lut[2];
        for (int x = 0; x < w; x++, p += ps) {
            int o = x * ds;
            d[d0 + o] = l0[s[p + i0] & 0xFF];
            d[d1 + o] = l1[s[p + i1] & 0xFF];
            d[d2 + o] = l2[s[p + i2] & 0xFF];
        }
    }

    private void gray1(byte[] s, int p, int ps, int i0, float[] d, int d0, int ds, int w) {
        float[] l0 = lut[0];
        for (int x = 0; x < w; x++, p += ps) {
            d[d0 + x * ds] = l0[s[p + i0] & 0xFF];
        }
    }

    private void color3Int(int[] s, int p, int s0, int s1, int s2, float[] d, int d0, int d1, int d2, int ds, int w) {
        float[] l0 = lut[0];
        float[] l1 = lut[1];
        float[] l2 = lut[2];
        for (int x = 0; x < w; x++) {
            int v = s[p + x];
            int o = x * ds;
            d[d0 + o] = l0[(v >>> s0) & 0xFF];
            d[d1 + o] = l1[(v >>> s1) & 0xFF];
            d[d2 + o] = l2[(v >>> s2) & 0xFF];
        }
    }

    private void gray1Int(int[] s, int p, int s0, float[] d, int d0, int ds, int w) {
        float[] l0 = lut[0];
        for (int x = 0; x < w; x++) {
            d[d0 + x * ds] = l0[(s[p + x] >>> s0) & 0xFF];
        }
    }

    private static void stageBytes(byte[] row, int p, PixelFormat f, int w, Scratch s) {
        int ps = f.pixelStride();
        int ri = f.redIndex();
        int gi = f.greenIndex();
        int bi = f.blueIndex();
        int ai = f.alphaIndex();
        for (int x = 0; x < w; x++, p += ps) {
            s.r[x] = row[p + ri] & 0xFF;
            s.g[x] = row[p + gi] & 0xFF;
            s.b[x] = row[p + bi] & 0xFF;
            s.a[x] = ai < 0 ? 255 : row[p + ai] & 0xFF;
        }
    }

    private static void stageInts(int[] row, int p, PixelFormat f, int w, Scratch s) {
        int rs = f.redIndex();
        int gs = f.greenIndex();
        int bs = f.blueIndex();
        boolean alpha = f.hasAlpha();
        for (int x = 0; x < w; x++) {
            int v = row[p + x];
            s.r[x] = (v >>> rs) & 0xFF;
            s.g[x] = (v >>> gs) & 0xFF;
            s.b[x] = (v >>> bs) & 0xFF;
            s.a[x] = alpha ? v >>> 24 : 255;
        }
    }

    private void finishStaged(Scratch s, int y, int w, float[] d, int ds, boolean luma, boolean alphaWork, AlphaMode mode) {
        if (alphaWork) {
            applyAlpha(s, w, mode);
        }
        int[][] planes;
        if (luma) {
            luma(s, w);
            planes = s.lumaPlanes;
        } else if (spec.color() == ColorOrder.BGR) {
            planes = s.bgrPlanes;
        } else {
            planes = s.rgbPlanes;
        }
        for (int c = 0; c < channels; c++) {
            int[] v = planes[c];
            int o = s.base[c];
            if (meanTerm == null) {
                float[] l = lut[c];
                for (int x = 0; x < w; x++) {
                    d[o + x * ds] = l[v[x]];
                }
            } else {
                double[] l = lutExact[c];
                double[] m = meanTerm[c];
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    d[o + x * ds] = (float) (l[v[x]] - m[row + x]);
                }
            }
        }
    }

    /** The spec's luma of staged pixels {@code 0 .. w-1} into {@code s.l}. */
    private void luma(Scratch s, int w) {
        if (spec.luma() == Luma.PILLOW) {
            for (int x = 0; x < w; x++) {
                s.l[x] = (s.r[x] * PILLOW_R + s.g[x] * PILLOW_G + s.b[x] * PILLOW_B + 0x8000) >> 16;
            }
        } else {
            for (int x = 0; x < w; x++) {
                s.l[x] = (s.r[x] * OPENCV_R + s.g[x] * OPENCV_G + s.b[x] * OPENCV_B + 0x4000) >> 15;
            }
        }
    }

    private void applyAlpha(Scratch s, int w, AlphaMode mode) {
        AlphaPolicy p = spec.alpha();
        if (p.kind() == AlphaPolicy.Kind.UNPREMULTIPLY) {
            for (int x = 0; x < w; x++) {
                int a = s.a[x];
                s.r[x] = unpremultiply(s.r[x], a);
                s.g[x] = unpremultiply(s.g[x], a);
                s.b[x] = unpremultiply(s.b[x], a);
            }
            return;
        }
        int[] bg = p.background();
        boolean pre = mode == AlphaMode.PREMULTIPLIED;
        for (int x = 0; x < w; x++) {
            int a = s.a[x];
            s.r[x] = over(s.r[x], a, bg[0], pre);
            s.g[x] = over(s.g[x], a, bg[1], pre);
            s.b[x] = over(s.b[x], a, bg[2], pre);
        }
    }

    static int unpremultiply(int c, int a) {
        if (a == 0) {
            return 0;
        }
        return Math.min(255, (c * 255 + a / 2) / a);
    }

    static int over(int c, int a, int bg, boolean premultiplied) {
        if (premultiplied) {
            return Math.min(255, c + (bg * (255 - a) + 127) / 255);
        }
        return (c * a + bg * (255 - a) + 127) / 255;
    }

    /** Per-thread row buffers, grown to the widest row seen and then reused. */
    private static final class Scratch {
        int width = -1;
        int[] r;
        int[] g;
        int[] b;
        int[] a;
        int[] l;
        int[][] rgbPlanes;
        int[][] bgrPlanes;
        int[][] lumaPlanes;
        byte[] bytes;
        float[] row;
        final int[] base = new int[3];
        /** Where {@link #sourceRow} put the row in the array it returned. */
        int rowBase;

        /** Buffers for rows of {@code w} pixels of up to three channels (four bytes each for the staged source row). */
        Scratch ensure(int w) {
            if (w > width) {
                int n = Math.max(w, width);
                r = new int[n];
                g = new int[n];
                b = new int[n];
                a = new int[n];
                l = new int[n];
                rgbPlanes = new int[][] {r, g, b};
                bgrPlanes = new int[][] {b, g, r};
                lumaPlanes = new int[][] {l};
                bytes = new byte[n * 4];
                row = new float[n * 3];
                width = n;
            }
            return this;
        }
    }

    @Override
    public String toString() {
        return "Pipeline[" + spec.describe() + ", luts " + Arrays.toString(new int[] {lut.length, 256}) + "]";
    }

    /** The layout the spec writes. */
    public Layout layout() {
        return spec.layout();
    }
}
