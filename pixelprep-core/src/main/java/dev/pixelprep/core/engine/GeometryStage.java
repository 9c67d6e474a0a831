package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.geometry.resample.Filter;
import dev.pixelprep.core.geometry.resample.Footprint;
import dev.pixelprep.core.geometry.resample.OpenCvResampler;
import dev.pixelprep.core.geometry.resample.PillowResampler;
import dev.pixelprep.core.geometry.resample.TorchResampler;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.Spec;

/**
 * The geometric stage of a pipeline: source pixels → 8-bit RGB (or gray) with the alpha policy and luma applied →
 * resize (only the part the crop keeps) → crop or pad → a tightly packed image that the normalisation stage reads.
 * Runs on 8-bit data, as the Pillow, OpenCV and torchvision-on-uint8 pipelines it reproduces do.
 */
final class GeometryStage {
    private final Geometry geometry;
    private final Pipeline extract;
    private final int channels;
    private final Luma luma;
    /** Whether the resize may run on all four channels of a 4-byte source (see {@link #directChannels}). */
    private final boolean fourChannelKernel;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(() -> new Buffers());

    GeometryStage(Spec spec) {
        this.geometry = spec.geometry();
        boolean gray = spec.color() == ColorOrder.GRAY;
        this.channels = gray ? 1 : 3;
        // identity map to uint8 HWC: the table holds exact integers, so rounding returns the 8-bit value itself
        this.extract = Pipeline.compile(Spec.builder().color(gray ? ColorOrder.GRAY : ColorOrder.RGB).layout(Layout.HWC)
                .dtype(DType.UINT8).alpha(spec.alpha()).luma(spec.luma()).build());
        this.luma = spec.luma();
        Resize r = geometry.resize();
        this.fourChannelKernel = r != null && (r.family() == ResizeFamily.OPENCV
                ? OpenCvResampler.prefersFourChannels(Filter.valueOf(r.interpolation().name()))
                : r.family() == ResizeFamily.PILLOW && PillowResampler.prefersFourChannels(Filter.valueOf(r.interpolation().name())));
    }

    boolean floatStage() {
        return geometry.resizeOnFloats();
    }

    /**
     * The geometry on float values: the same extraction, crop and padding as {@link #apply}, but the resize result is
     * kept unrounded (torch's float interpolation). The result lives in per-thread memory.
     */
    FloatImage applyFloat(PixelBuffer src) {
        Buffers b = buffers.get();
        SizePlan l = b.sizePlan(src.width(), src.height());
        Plan plan = l.plan;
        int ow = plan.outputWidth();
        int oh = plan.outputHeight();
        float[] out = b.floats(Buffers.count(ow, oh, channels, 4));
        for (int i = 0; i < ow * oh; i++) {
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = l.pad[c];
            }
        }
        Window win = l.window;
        if (win != null) {
            // the same footprint extraction as apply(): the torch kernels read the same source pixels in float
            Image8 in = l.in;
            int rowBytes = src.width() * channels;
            for (int i = 0; i < l.rowCount; i++) {
                int y = l.rows[i];
                extract.extract8(src, y, l.cols, l.colCount, in.data, y * rowBytes);
            }
            float[] part = b.floatWindow(Buffers.count(win.width(), win.height(), channels, 4));
            Resize r = geometry.resize();
            TorchResampler.resizeFloat(in, plan.resizedWidth(), plan.resizedHeight(), Filter.valueOf(r.interpolation().name()), r.antialias(),
                    win, part);
            int rowLen = win.width() * channels;
            for (int j = 0; j < win.height(); j++) {
                System.arraycopy(part, j * rowLen, out, ((win.y() + plan.offsetY() + j) * ow + win.x() + plan.offsetX()) * channels, rowLen);
            }
        }
        return b.floatImage(ow, oh, out);
    }

    Plan plan(int width, int height) {
        return geometry.plan(width, height);
    }

    /** The geometry applied to {@code src}; the result lives in per-thread memory until the next call on this thread. */
    PixelBuffer apply(PixelBuffer src) {
        Buffers b = buffers.get();
        SizePlan l = b.sizePlan(src.width(), src.height());
        Plan plan = l.plan;
        Image8 out = l.out;
        Window win = l.window;
        // a resized window that is the whole output (no padding) is handed on as it is: no canvas, no copy
        boolean covers = win != null && plan.resamples() && win.x() + plan.offsetX() == 0 && win.y() + plan.offsetY() == 0
                && win.width() == plan.outputWidth() && win.height() == plan.outputHeight();
        if (!covers) {
            fill(out, l.pad);
        }
        if (win == null) {
            return l.result;
        }
        int direct = directChannels(src);
        Image8 in;
        Image8 part = l.part;
        if (direct > 0) {
            // The source's own bytes are already a tightly packed image the kernels can read (see directChannels).
            in = b.view(src, direct);
            if (direct != channels && plan.resamples()) {
                part = l.part4;
            }
        } else {
            // Only the source pixels that the window's kernels read are extracted: rows l.rows × columns l.cols of
            // a buffer the size of the whole source. The rest of that buffer keeps whatever an earlier call left
            // there; no kernel reads it (Footprint).
            in = l.in;
            int rowBytes = src.width() * channels;
            for (int i = 0; i < l.rowCount; i++) {
                int y = l.rows[i];
                extract.extract8(src, y, l.cols, l.colCount, in.data, y * rowBytes);
            }
        }
        int tx = win.x() + plan.offsetX();
        int ty = win.y() + plan.offsetY();
        Image8 from = in;
        int fx = win.x();
        int fy = win.y();
        if (plan.resamples()) {
            resample(geometry.resize(), plan, in, win, part);
            if (covers) {
                return part == l.part ? l.partResult : b.part4Result(l, src);
            }
            from = part;
            fx = 0;
            fy = 0;
        }
        if (from.channels == channels) {
            copy(from, fx, fy, out, tx, ty, win.width(), win.height());
        } else {
            copyRgbOf4(from, fx, fy, src.format(), out, tx, ty, win.width(), win.height());
        }
        return l.result;
    }

    /**
     * How many channels the kernels can read straight from the source's bytes, or 0 when the source must be
     * extracted first. The source must be a {@code byte[]} whose rows are tightly packed from index 0, and the
     * alpha policy must leave the colours alone (it always does for formats without alpha):
     * <ul>
     *   <li>RGB888 for colour output, GRAY8 for gray output: the bytes are exactly what extraction would produce,
     *       so every kernel gives the same bits without the copy.</li>
     *   <li>A 4-byte format (BGRA, RGBA, BGRX, ...) for colour output, when the kernel says it prefers four
     *       channels ({@link OpenCvResampler#prefersFourChannels}, {@link PillowResampler#prefersFourChannels}):
     *       the kernel resizes all four channels (their arithmetic is per channel, so the colour channels come out
     *       as from the extracted RGB image) and the window, in the source's byte order, goes on to the
     *       normalisation, which picks R, G, B. That trades the extraction pass for a third more kernel work. It
     *       pays for kernels that read one or two source pixels per output (nearest, OpenCV's bilinear: 1080p BGRA
     *       → 224 crop, whole pipeline, bilinear 1.1 → 0.9 ms, nearest 0.38 → 0.31 ms), and for the averaging
     *       kernels when they run in SIMD lanes, where a pixel's four bytes are one vector anyway; in scalar loops
     *       the averaging kernels do better on the extracted three channels. OpenCV's bicubic is left out because
     *       its vertical pass switches arithmetic at an element index that depends on the channel count.</li>
     * </ul>
     */
    private int directChannels(PixelBuffer src) {
        PixelFormat f = src.format();
        if (src.byteArray() == null || src.offset() != 0 || src.rowStride() != src.width() * f.pixelStride()) {
            return 0;
        }
        if (channels == 1) {
            return f == PixelFormat.GRAY8 ? 1 : 0;
        }
        if (f == PixelFormat.RGB888) {
            return 3;
        }
        return f.pixelStride() == 4 && fourChannelKernel && !extract.changesColours(src) ? 4 : 0;
    }

    /** The plan for one source size, its visible window, and the source rows and columns that window reads. */
    private final class SizePlan {
        final int width;
        final int height;
        final Plan plan;
        final Window window;
        final int[] rows;
        final int rowCount;
        final int[] cols;
        final int colCount;
        /** {R, G, B} of the padding, or its luma three times for gray output. */
        final int[] pad;
        /** The 8-bit source, the output canvas, the resized window and the canvas as a pixel buffer (set by Buffers). */
        Image8 in;
        Image8 out;
        Image8 part;
        /** The resized window in a 4-byte source's own layout, for the direct route (set by Buffers). */
        Image8 part4;
        PixelBuffer result;
        /** {@link #part} as the stage's result, when the window is the whole output. */
        PixelBuffer partResult;
        /** {@link #part4} as the stage's result, in the format and alpha mode it was last made for. */
        PixelBuffer part4Result;

        SizePlan(int width, int height) {
            this.width = width;
            this.height = height;
            this.plan = geometry.plan(width, height);
            // the plan knows whose pad colour applies (the letterbox's for FIT, else the crop's)
            int[] rgb = plan.padColor();
            int l = luma.of(rgb[0], rgb[1], rgb[2]);
            this.pad = channels == 1 ? new int[] {l, l, l} : rgb;
            this.window = plan.visibleWindow();
            this.rows = new int[height];
            this.cols = new int[width];
            if (window == null) {
                rowCount = 0;
                colCount = 0;
            } else if (!plan.resamples()) {
                rowCount = range(rows, window.y(), window.height());
                colCount = range(cols, window.x(), window.width());
            } else {
                Resize r = geometry.resize();
                Filter f = Filter.valueOf(r.interpolation().name());
                double sx = 1 / plan.invScaleX();
                double sy = 1 / plan.invScaleY();
                boolean enlarges = sx < 1 || sy < 1;
                boolean[] seen = new boolean[Math.max(width, height)];
                colCount = Footprint.axis(r.family(), f, r.antialias(), enlarges, width, sx, window.x(), window.width(), seen, cols);
                rowCount = Footprint.axis(r.family(), f, r.antialias(), enlarges, height, sy, window.y(), window.height(), seen, rows);
            }
        }

        private int range(int[] idx, int from, int count) {
            for (int i = 0; i < count; i++) {
                idx[i] = from + i;
            }
            return count;
        }
    }

    private static void resample(Resize r, Plan p, Image8 in, Window win, Image8 dst) {
        Filter f = Filter.valueOf(r.interpolation().name());
        switch (r.family()) {
            case PILLOW:
                PillowResampler.resize(in, p.resizedWidth(), p.resizedHeight(), f, win, dst);
                break;
            case OPENCV:
                OpenCvResampler.resize(in, p.resizedWidth(), p.resizedHeight(), p.invScaleX(), p.invScaleY(), f, win, dst);
                break;
            default:
                TorchResampler.resize(in, p.resizedWidth(), p.resizedHeight(), f, r.antialias(), win, dst);
        }
    }

    private static void fill(Image8 img, int[] rgb) {
        byte[] d = img.data;
        int n = img.width * img.height;
        if (img.channels == 1) {
            java.util.Arrays.fill(d, 0, n, (byte) rgb[0]);
            return;
        }
        for (int i = 0, p = 0; i < n; i++, p += 3) {
            d[p] = (byte) rgb[0];
            d[p + 1] = (byte) rgb[1];
            d[p + 2] = (byte) rgb[2];
        }
    }

    /** {@link #copy} from a 4-channel image in the source format's byte order onto the RGB canvas. */
    private static void copyRgbOf4(Image8 from, int fx, int fy, PixelFormat f, Image8 to, int tx, int ty, int w, int h) {
        int r = f.redIndex();
        int g = f.greenIndex();
        int b = f.blueIndex();
        for (int y = 0; y < h; y++) {
            int p = ((fy + y) * from.width + fx) * 4;
            int o = ((ty + y) * to.width + tx) * 3;
            for (int x = 0; x < w; x++, p += 4, o += 3) {
                to.data[o] = from.data[p + r];
                to.data[o + 1] = from.data[p + g];
                to.data[o + 2] = from.data[p + b];
            }
        }
    }

    private static void copy(Image8 from, int fx, int fy, Image8 to, int tx, int ty, int w, int h) {
        int c = from.channels;
        for (int y = 0; y < h; y++) {
            System.arraycopy(from.data, ((fy + y) * from.width + fx) * c, to.data, ((ty + y) * to.width + tx) * c, w * c);
        }
    }

    /**
     * Per-thread memory: the layout of the last source size seen and its images, whose arrays are kept and reused
     * while they are large enough, so that a stream of same-sized sources allocates nothing here.
     */
    private final class Buffers {
        private SizePlan sizePlan;
        private byte[] source = new byte[0];
        private byte[] output = new byte[0];
        private byte[] window = new byte[0];
        private float[] floats = new float[0];
        private float[] floatWindow = new float[0];

        float[] floats(int n) {
            if (floats.length < n) {
                floats = new float[n];
            }
            return floats;
        }

        private FloatImage floatImage;

        /** The float-stage result over {@code data}, made again only when its size or array changes. */
        FloatImage floatImage(int w, int h, float[] data) {
            FloatImage f = floatImage;
            if (f == null || f.width() != w || f.height() != h || f.data() != data) {
                f = new FloatImage(w, h, channels, data);
                floatImage = f;
            }
            return f;
        }

        float[] floatWindow(int n) {
            if (floatWindow.length < n) {
                floatWindow = new float[n];
            }
            return floatWindow;
        }

        private byte[] window4 = new byte[0];
        /** The last source array read directly, and the image over it. */
        private byte[] viewed;
        private Image8 view;

        SizePlan sizePlan(int w, int h) {
            if (sizePlan == null || sizePlan.width != w || sizePlan.height != h) {
                SizePlan p = new SizePlan(w, h);
                source = grow(source, w, h, channels);
                p.in = new Image8(w, h, channels, source);
                Plan plan = p.plan;
                output = grow(output, plan.outputWidth(), plan.outputHeight(), channels);
                p.out = new Image8(plan.outputWidth(), plan.outputHeight(), channels, output);
                p.result = PixelBuffer.of(output, plan.outputWidth(), plan.outputHeight(),
                        channels == 1 ? PixelFormat.GRAY8 : PixelFormat.RGB888);
                if (p.window != null && plan.resamples()) {
                    window = grow(window, p.window.width(), p.window.height(), channels);
                    p.part = new Image8(p.window.width(), p.window.height(), channels, window);
                    p.partResult = PixelBuffer.of(window, p.window.width(), p.window.height(),
                            channels == 1 ? PixelFormat.GRAY8 : PixelFormat.RGB888);
                    if (fourChannelKernel && channels == 3) {
                        window4 = grow(window4, p.window.width(), p.window.height(), 4);
                        p.part4 = new Image8(p.window.width(), p.window.height(), 4, window4);
                    }
                }
                sizePlan = p;
            }
            return sizePlan;
        }

        /**
         * The 4-channel resized window as a pixel buffer in {@code src}'s format and alpha mode (its channel bytes
         * are in that order), made again only when those change.
         */
        PixelBuffer part4Result(SizePlan p, PixelBuffer src) {
            PixelBuffer r = p.part4Result;
            if (r == null || r.format() != src.format() || r.alphaMode() != src.alphaMode()) {
                r = PixelBuffer.builder().size(p.part4.width, p.part4.height).format(src.format())
                        .alphaMode(src.alphaMode()).data(p.part4.data).build();
                p.part4Result = r;
            }
            return r;
        }

        /** The source's bytes as an image of {@code c} channels; kept while the caller passes the same array. */
        Image8 view(PixelBuffer src, int c) {
            byte[] data = src.byteArray();
            if (view == null || viewed != data || view.width != src.width() || view.height != src.height() || view.channels != c) {
                view = new Image8(src.width(), src.height(), c, data);
                viewed = data;
            }
            return view;
        }

        private byte[] grow(byte[] a, int w, int h, int c) {
            int n = count(w, h, c, 1);
            return a.length >= n ? a : new byte[n];
        }

        /**
         * {@code w × h × c} as an array length, in long first: an intermediate image larger than a Java array is the
         * caller's too-large geometry, said in one line, never an integer overflow.
         */
        static int count(int w, int h, int c, int elementBytes) {
            long n = (long) w * h * c;
            if (n * elementBytes > Tensor.ARRAY_LIMIT_BYTES) {
                throw new dev.pixelprep.core.InvalidSpecException("the resized image " + w + "x" + h + "x" + c + " needs "
                        + n * elementBytes + " bytes, more than the " + Tensor.ARRAY_LIMIT_BYTES + " a Java array holds; resize or crop to a smaller size");
            }
            return (int) n;
        }
    }
}
