package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.geometry.BatchGeometry;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.simd.Simd;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Spec} compiled into lookup tables and a row kernel: pixels in, tensor out, in one pass.
 *
 * <p>The work is split in stages: a {@link SourceReader} per family of memory layouts reads source rows (or, for
 * the {@link GeometryStage}, the 8-bit values of the pixels its kernels read), the {@link Normaliser} holds the
 * compiled tables and the colour staging, and this class checks the output, dispatches and writes padding and
 * dtypes.
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
    private final Spec spec;
    private final int channels;
    private final Normaliser norm;
    private final InterleavedReader interleaved;
    private final PackedIntReader packed;
    private final YuvReader yuv;
    private final GeometryStage geometry;
    /** The padding in tensor units per channel, written after normalisation; {@code null} when padding is a pixel colour. */
    private final float[] padTensor;
    /** The fused route for float32 planes (no mean image), taken by the sources it {@link LinearPlanes#takes}; or {@code null}. */
    private final LinearPlanes linear;
    /** The last batch's pipeline when its geometry resolved differently ({@link #forBatch}); racy but idempotent. */
    private final java.util.concurrent.atomic.AtomicReference<Pipeline> lastBatch = new java.util.concurrent.atomic.AtomicReference<>();
    /** The last source-size pipeline ({@link #forSource}); racy but idempotent. */
    private final java.util.concurrent.atomic.AtomicReference<Pipeline> lastSized = new java.util.concurrent.atomic.AtomicReference<>();

    private Pipeline(Spec spec) {
        this(spec, true);
    }

    /** {@code fuse}: whether sources that can take the fused resize route take it (tests compare it with the staged one). */
    private Pipeline(Spec spec, boolean fuse) {
        this.spec = spec;
        this.geometry = spec.geometry() == null ? null : new GeometryStage(spec);
        // the spec has checked that the values are one or one per channel
        double[] pv = spec.geometry() == null ? null : spec.geometry().padValue();
        this.padTensor = pv == null ? null : new float[spec.color().channels()];
        for (int c = 0; pv != null && c < padTensor.length; c++) {
            padTensor[c] = (float) spec.geometry().padValue(c);
        }
        this.channels = spec.channels();
        this.norm = new Normaliser(spec);
        this.interleaved = new InterleavedReader(norm);
        this.packed = new PackedIntReader(norm);
        this.yuv = new YuvReader(norm);
        this.linear = fuse && geometry != null && geometry.linearGeometry() && norm.meanTerm == null && spec.dtype() == DType.FLOAT32
                && spec.layout().planar() ? new LinearPlanes(geometry, norm, padTensor) : null;
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

    /**
     * The spec compiled without the fused resize route: every source goes through the 8-bit canvas and the
     * normalisation rows. For tests that hold the fused route against it.
     */
    static Pipeline compileStaged(Spec spec) {
        Pipeline p = new Pipeline(spec, false);
        p.requireFinite();
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
            if (norm.meanTerm != null) {
                lo = Double.POSITIVE_INFINITY;
                hi = Double.NEGATIVE_INFINITY;
                for (double m : norm.meanTerm[c]) {
                    lo = Math.min(lo, m);
                    hi = Math.max(hi, m);
                }
            }
            for (int x = 0; x < 256; x++) {
                for (double m : new double[] {lo, hi}) {
                    double v = norm.lutExact[c][x] - m;
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
                                + (norm.meanTerm == null ? "" : " − scaled mean image up to " + Spec.num(m)) + " = " + v
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
        Pipeline sized = forSource(src);
        if (sized != this) {
            sized.run(src, out, offset);
            return;
        }
        if (fusesLinearPlanes(src)) {
            checkTarget(linear.outputWidth(src), linear.outputHeight(src), out.length, offset, "float[]");
            linear.run(src, out, offset);
            return;
        }
        int[] content = padContent(src);
        FloatImage fi = floatStage(src);
        src = fi == null ? geometric(src) : src;
        int w = fi == null ? src.width() : fi.width();
        int h = fi == null ? src.height() : fi.height();
        checkTarget(w, h, out.length, offset, "float[]");
        RowScratch s = RowScratch.get(w);
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
        Pipeline sized = forSource(src);
        if (sized != this) {
            sized.run(src, out, offset);
            return;
        }
        if (out.hasArray() && !out.isReadOnly()) {
            checkTarget(imageWidth(src), imageHeight(src), out.capacity(), offset, "FloatBuffer");
            run(src, out.array(), out.arrayOffset() + offset);
            return;
        }
        if (fusesLinearPlanes(src)) {
            checkTarget(linear.outputWidth(src), linear.outputHeight(src), out.capacity(), offset, "FloatBuffer");
            linear.run(src, out, null, offset);
            return;
        }
        int[] content = padContent(src);
        FloatImage fi = floatStage(src);
        src = fi == null ? geometric(src) : src;
        int w = fi == null ? src.width() : fi.width();
        int h = fi == null ? src.height() : fi.height();
        checkTarget(w, h, out.capacity(), offset, "FloatBuffer");
        RowScratch s = RowScratch.get(w);
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
        Pipeline sized = forSource(src);
        if (sized != this) {
            sized.run(src, out, byteOffset);
            return;
        }
        if (fusesLinearPlanes(src)) {
            int w = linear.outputWidth(src);
            int h = linear.outputHeight(src);
            long need = (long) byteOffset + elements(w, h) * Float.BYTES;
            if (byteOffset < 0 || need > out.capacity()) {
                throw new InvalidPixelsException("output ByteBuffer holds " + out.capacity() + " bytes; writing "
                        + w + "x" + h + "x" + channels + " float32 at byte " + byteOffset + " needs " + need);
            }
            linear.run(src, null, out, byteOffset);
            return;
        }
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
        RowScratch s = RowScratch.get(w);
        boolean planar = spec.layout().planar();
        if (Simd.ENABLED && fi == null && planar && size == 4 && norm.directRows(src)) {
            // float32 planes written by the lanes straight into the buffer (a direct one included), no staging row;
            // the lanes and the tail name their byte order, so the caller's buffer is used as it is (no duplicate)
            for (int y = 0; y < h; y++) {
                reader(src).simdRow(src, y, s, out, byteOffset + 4 * y * w, 4 * w * h);
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

    /** Whether {@code src} goes through the fused resize-and-normalise route ({@link LinearPlanes}). */
    boolean fusesLinearPlanes(PixelBuffer src) {
        return linear != null && linear.takes(src);
    }

    /** The tensor-unit padding into a ByteBuffer in the spec's dtype (quantised as every other value). */
    private void padBytes(ByteBuffer out, int byteOffset, int w, int h, int[] content, RowScratch s, boolean planar) {
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

    private void row(PixelBuffer src, FloatImage fi, int y, RowScratch s, float[] dst, int stride) {
        if (fi != null) {
            floatRow(fi, y, s, dst, stride);
        } else {
            reader(src).row(src, y, s, dst, stride);
        }
    }

    /**
     * The normalisation of a float-stage image row: {@code scale·(x' − mean) + bias} on unrounded resized values
     * (x' = 255 − x when inverted), in double like the tables, rounded once to float.
     */
    private void floatRow(FloatImage fi, int y, RowScratch s, float[] dst, int stride) {
        int w = fi.width();
        int cn = fi.channels();
        float[] d = fi.data();
        int base = y * w * cn;
        boolean inv = spec.invert();
        for (int c = 0; c < channels; c++) {
            int sc = fi.channels() == 1 ? 0 : spec.color() == ColorOrder.BGR ? 2 - c : c;
            double a = spec.scale(c);
            double b = spec.bias(c);
            double[] m = norm.meanTerm == null ? null : norm.meanTerm[c];
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

    /**
     * Builds the whole tensor from {@code spec.batch()} images. They may differ in size and format whenever the spec
     * makes one tensor shape of each (a fixed resize, a letterbox, a resize and crop), or says how a batch shares one
     * ({@link BatchGeometry}: text lines on the widest line's canvas, as PaddleOCR's recogniser; {@code pad_batch},
     * as PaddleDetection); otherwise the first image whose shape differs is named.
     */
    public Tensor tensor(List<PixelBuffer> images) {
        if (images.isEmpty()) {
            throw new InvalidPixelsException("no images given");
        }
        if (images.size() != spec.batch()) {
            throw new InvalidPixelsException("spec declares batch " + spec.batch() + " but " + images.size() + " images were given");
        }
        Pipeline each = forBatch(images);
        int[] shape = each.batchShape(images);
        // the size in long, against the limit, before the geometry or the tensor allocates anything
        long bytes = Tensor.checkSize(shape, spec.dtype());
        int size = spec.dtype().size();
        int per = (int) (bytes / size / images.size());
        ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < images.size(); i++) {
            each.run(images.get(i), data, i * per * size);
        }
        return new Tensor(shape, spec.dtype(), spec.layout(), data);
    }

    /**
     * The pipeline a source of this size is prepared with: this one, unless the geometry's steps change for its size
     * ({@link Geometry#forSource}, PaddleOCR's padding of tiny images); then the same spec with those steps, compiled
     * when first needed and kept for the next such source.
     */
    private Pipeline forSource(PixelBuffer src) {
        Geometry g = spec.geometry();
        if (g == null || g.resize() == null || g.resize().sideRounding() != dev.pixelprep.core.geometry.SideRounding.RATIO) {
            return this;
        }
        Geometry sized = g.forSource(src.width(), src.height());
        if (sized == g) {
            return this;
        }
        return derived(sized, lastSized);
    }

    /** This spec with geometry {@code g}, compiled once and kept in {@code slot} while later calls resolve to the same. */
    private Pipeline derived(Geometry g, java.util.concurrent.atomic.AtomicReference<Pipeline> slot) {
        Pipeline last = slot.get();
        if (last != null && last.spec.geometry().equals(g)) {
            return last;
        }
        Pipeline p = new Pipeline(spec.toBuilder().geometry(g).build());
        slot.set(p);
        return p;
    }

    /**
     * The pipeline every image of this batch is prepared with: this one, unless the geometry resolves differently
     * for the batch ({@link BatchGeometry}: PaddleOCR's text lines, {@code pad_batch}); then the same spec with the
     * batch's geometry, compiled once and kept while batches resolve the same. A caller that writes a batch image by
     * image into its own buffer runs each image through this pipeline, at offsets of its {@link #batchShape}.
     */
    public Pipeline forBatch(List<PixelBuffer> images) {
        Geometry sg = spec.geometry();
        boolean lines = sg != null && sg.resize() != null && sg.resize().mode() == dev.pixelprep.core.geometry.ResizeMode.HEIGHT;
        if (sg == null || !sg.padBatch() && !(lines && images.size() > 1)) {
            // no batch rule: every image must make the same shape (batchShape names the first that does not)
            return this;
        }
        int[] ws = new int[images.size()];
        int[] hs = new int[images.size()];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = images.get(i).width();
            hs[i] = images.get(i).height();
        }
        Geometry g = BatchGeometry.of(spec.geometry(), ws, hs).geometry();
        return g.equals(spec.geometry()) ? this : derived(g, lastBatch);
    }

    /**
     * The batch tensor's shape for {@code images}: the one shape every image makes with this spec (or with its
     * {@link BatchGeometry}), or an {@link InvalidPixelsException} naming the first image whose shape differs from
     * image 0's.
     */
    public int[] batchShape(List<PixelBuffer> images) {
        if (images.isEmpty()) {
            throw new InvalidPixelsException("no images given");
        }
        Pipeline each = forBatch(images);
        if (each != this) {
            return each.batchShape(images);
        }
        PixelBuffer first = images.get(0);
        int[] shape = shape(first.width(), first.height());
        for (int i = 1; i < images.size(); i++) {
            PixelBuffer p = images.get(i);
            if (p.width() == first.width() && p.height() == first.height()) {
                continue;
            }
            int[] other = shape(p.width(), p.height());
            if (!Arrays.equals(other, shape)) {
                throw new InvalidPixelsException("images of one batch must make one tensor shape: image 0 (" + first.width() + "x" + first.height()
                        + ") makes " + Arrays.toString(shape).replace(" ", "") + ", image " + i + " (" + p.width() + "x" + p.height()
                        + ") makes " + Arrays.toString(other).replace(" ", "")
                        + (spec.geometry() == null ? "; the spec has no geometry: add a resize (and crop) to a fixed size"
                        : "; this geometry does not fix the output size: resize or crop to a fixed size, or pad the batch (pad_batch)"));
            }
        }
        return shape;
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

    private void rowToScratch(PixelBuffer src, FloatImage fi, int w, int y, RowScratch s, boolean planar) {
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

    // ---- the source readers --------------------------------------------------------------------------

    /** The reader of this source's family of memory layouts. */
    private SourceReader reader(PixelBuffer src) {
        PixelFormat f = src.format();
        return f.isPackedInt() ? packed : f.isYuv() ? yuv : interleaved;
    }

    /**
     * The 8-bit channel values of the pixels {@code cols[0 .. n-1]} (ascending) of source row {@code y}, with the
     * alpha policy and luma applied but no normalisation: pixel {@code x}'s channels go to
     * {@code dst[rowBase + x·channels ..]}, interleaved, so the row lands where it sits in a tightly packed image of
     * the source's width. The geometry stage calls this on a pipeline whose spec is the identity to uint8, and it
     * gives exactly what {@link #run(PixelBuffer, ByteBuffer, int)} writes for those pixels (the identity table
     * holds exact integers, so its rounding returns the 8-bit value itself), without the float round trip.
     */
    void extract8(PixelBuffer src, int y, int[] cols, int n, byte[] dst, int rowBase) {
        reader(src).extract8(src, y, cols, n, dst, rowBase, RowScratch.get(src.width()));
    }

    /** Whether this pipeline's 8-bit values of {@code src} differ from its colour bytes (alpha policy or luma). */
    boolean changesColours(PixelBuffer src) {
        return norm.changesColours(src);
    }

    @Override
    public String toString() {
        return "Pipeline[" + spec.describe() + ", luts " + Arrays.toString(new int[] {channels, 256}) + "]";
    }

    /** The layout the spec writes. */
    public Layout layout() {
        return spec.layout();
    }
}
