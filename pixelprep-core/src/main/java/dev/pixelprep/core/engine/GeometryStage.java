package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.FrameOrientation;
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
import dev.pixelprep.core.pixels.AlphaMode;
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
    /**
     * The layout of the last source size seen. A size plan is immutable once built, so every thread may use it;
     * two threads racing on different sizes only build theirs again. The images live in {@link StageMemory}.
     */
    private volatile SizePlan last;
    /** A two-step geometry's stages (the second reads the first's output), or {@code null}. */
    private final GeometryStage firstStage;
    private final GeometryStage secondStage;
    /** Whether this stage is a second resize, which keeps its images in the second per-thread memory. */
    private final boolean secondary;
    /** One OpenCV INTER_LINEAR resize on 8-bit pixels, no frame turn: what {@link LinearPlanes} can fuse. */
    private final boolean linearGeometry;

    GeometryStage(Spec spec) {
        this(spec, false);
    }

    private GeometryStage(Spec spec, boolean secondary) {
        this.secondary = secondary;
        Geometry whole = spec.geometry();
        if (whole.then() != null) {
            this.firstStage = new GeometryStage(spec.toBuilder().geometry(whole.firstStage()).build(), false);
            this.secondStage = new GeometryStage(spec.toBuilder().geometry(new Geometry(whole.then(), null)).build(), true);
        } else {
            this.firstStage = null;
            this.secondStage = null;
        }
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
        this.linearGeometry = firstStage == null && r != null && r.family() == ResizeFamily.OPENCV
                && r.interpolation() == Interpolation.BILINEAR && !geometry.resizeOnFloats() && geometry.orientation().isNone();
    }

    /** Whether this is one OpenCV INTER_LINEAR resize on 8-bit pixels, no frame turn: what {@link LinearPlanes} fuses. */
    boolean linearGeometry() {
        return linearGeometry;
    }

    /** The cached plan of {@code src}'s size (see {@link SizePlan}). */
    SizePlan sizePlanOf(PixelBuffer src) {
        return sizePlan(src.width(), src.height());
    }

    /** Output channels of the 8-bit stage: 1 for gray, else 3. */
    int channels() {
        return channels;
    }

    boolean floatStage() {
        return geometry.resizeOnFloats();
    }

    /**
     * The geometry on float values: the same extraction, crop and padding as {@link #apply}, but the resize result is
     * kept unrounded (torch's float interpolation). The result lives in per-thread memory.
     */
    FloatImage applyFloat(PixelBuffer src) {
        StageMemory m = memory();
        SizePlan l = sizePlan(src.width(), src.height());
        Plan plan = l.plan;
        int ow = plan.outputWidth();
        int oh = plan.outputHeight();
        float[] out = m.floats(StageMemory.count(ow, oh, channels, 4));
        for (int i = 0; i < ow * oh; i++) {
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = l.pad[c];
            }
        }
        Window win = l.window;
        if (win != null) {
            // the same footprint extraction as apply(): the torch kernels read the same source pixels in float
            Image8 in = extract(src, l, m);
            float[] part = m.floatWindow(StageMemory.count(win.width(), win.height(), channels, 4));
            Resize r = geometry.resize();
            TorchResampler.resizeFloat(in, plan.resizedWidth(), plan.resizedHeight(), Filter.valueOf(r.interpolation().name()), r.antialias(),
                    win, part);
            int rowLen = win.width() * channels;
            for (int j = 0; j < win.height(); j++) {
                System.arraycopy(part, j * rowLen, out, ((win.y() + plan.offsetY() + j) * ow + win.x() + plan.offsetX()) * channels, rowLen);
            }
        }
        return m.floatImage(ow, oh, channels, out);
    }

    /** The size plan for a {@code width × height} source: the last one when the size repeats. */
    private SizePlan sizePlan(int width, int height) {
        SizePlan p = last;
        if (p == null || p.width != width || p.height != height) {
            p = new SizePlan(width, height);
            last = p;
        }
        return p;
    }

    Plan plan(int width, int height) {
        return geometry.plan(width, height);
    }

    /** {x0, x1, y0, y1} of the output that a {@code width × height} source covers (the cached plan's; do not modify). */
    int[] content(int width, int height) {
        return sizePlan(width, height).content;
    }

    private StageMemory memory() {
        return secondary ? StageMemory.second() : StageMemory.get();
    }

    /** The geometry applied to {@code src}; the result lives in per-thread memory until the next call on this thread. */
    PixelBuffer apply(PixelBuffer src) {
        if (firstStage != null) {
            // the first stage's canvas, then the whole canvas resized (its images in the second memory)
            return secondStage.apply(firstStage.apply(src));
        }
        StageMemory m = memory();
        SizePlan l = sizePlan(src.width(), src.height());
        Plan plan = l.plan;
        Image8 out = m.output.image(plan.outputWidth(), plan.outputHeight(), channels);
        PixelFormat outFormat = channels == 1 ? PixelFormat.GRAY8 : PixelFormat.RGB888;
        Window win = l.window;
        // a resized window that is the whole output (no padding) is handed on as it is: no canvas, no copy
        boolean covers = win != null && plan.resamples() && win.x() + plan.offsetX() == 0 && win.y() + plan.offsetY() == 0
                && win.width() == plan.outputWidth() && win.height() == plan.outputHeight();
        if (!covers) {
            fill(out, l.pad);
        }
        if (win == null) {
            return m.output.buffer(out, outFormat, AlphaMode.STRAIGHT);
        }
        int direct = directChannels(src);
        boolean bgr = direct == 3 && channels == 3 && src.format() == PixelFormat.BGR888;
        Image8 in;
        boolean four = false;
        if (direct > 0) {
            // The source's own bytes are already a tightly packed image the kernels can read (see directChannels).
            in = m.view(src, direct);
            four = direct != channels && plan.resamples();
        } else {
            // Only the source pixels that the window's kernels read are extracted: rows l.rows × columns l.cols of
            // a buffer the size of the whole source. The rest of that buffer keeps whatever an earlier call left
            // there; no kernel reads it (Footprint).
            in = extract(src, l, m);
        }
        int tx = win.x() + plan.offsetX();
        int ty = win.y() + plan.offsetY();
        Image8 from = in;
        int fx = win.x();
        int fy = win.y();
        if (plan.resamples()) {
            StageMemory.Slot slot = four ? m.window4 : m.window;
            Image8 part = slot.image(win.width(), win.height(), four ? 4 : channels);
            resample(geometry.resize(), plan, in, win, part);
            if (covers) {
                // the 4-channel window goes on in the source's byte order and alpha mode; normalisation picks R, G, B
                return four ? slot.buffer(part, src.format(), src.alphaMode())
                        : slot.buffer(part, bgr ? PixelFormat.BGR888 : outFormat, AlphaMode.STRAIGHT);
            }
            from = part;
            fx = 0;
            fy = 0;
        }
        if (bgr) {
            copySwapped(from, fx, fy, out, tx, ty, win.width(), win.height());
        } else if (from.channels == channels) {
            copy(from, fx, fy, out, tx, ty, win.width(), win.height());
        } else {
            copyRgbOf4(from, fx, fy, src.format(), out, tx, ty, win.width(), win.height());
        }
        return m.output.buffer(out, outFormat, AlphaMode.STRAIGHT);
    }

    /**
     * The source pixels the kernels read (rows {@code l.rows} × columns {@code l.cols} of the frame as the geometry
     * sees it), extracted into an image of that frame's size. With a frame orientation, the turned frame's rows and
     * columns are sensor columns and rows: each needed sensor row is extracted once, at the needed sensor columns
     * (ascending), and its pixels are put where the turn takes them.
     */
    private Image8 extract(PixelBuffer src, SizePlan l, StageMemory m) {
        Plan plan = l.plan;
        int tw = plan.sourceWidth();
        int th = plan.sourceHeight();
        Image8 in = m.source.image(tw, th, channels);
        FrameOrientation o = plan.orientation();
        if (o.isNone()) {
            int rowBytes = src.width() * channels;
            for (int i = 0; i < l.rowCount; i++) {
                int y = l.rows[i];
                extract.extract8(src, y, l.cols, l.colCount, in.data, y * rowBytes);
            }
            return in;
        }
        int sw = src.width();
        int sh = src.height();
        boolean swap = o.swapsAxes();
        // the turned axis whose indices pick sensor rows, and the one that picks sensor columns
        int[] rowPick = swap ? l.cols : l.rows;
        int rowPicks = swap ? l.colCount : l.rowCount;
        int[] colPick = swap ? l.rows : l.cols;
        int colPicks = swap ? l.rowCount : l.colCount;
        int[] sensorCols = m.sensorCols(Math.max(tw, th));
        for (int j = 0; j < colPicks; j++) {
            int b = colPick[j];
            sensorCols[j] = swap ? o.sensorX(0, b, sw, sh) : o.sensorX(b, 0, sw, sh);
        }
        // a reversed axis gives descending sensor columns; extraction wants them ascending
        boolean reversed = colPicks > 1 && sensorCols[0] > sensorCols[1];
        if (reversed) {
            for (int i = 0, k = colPicks - 1; i < k; i++, k--) {
                int t = sensorCols[i];
                sensorCols[i] = sensorCols[k];
                sensorCols[k] = t;
            }
        }
        byte[] row = m.sensorRow(sw * channels);
        byte[] dst = in.data;
        for (int i = 0; i < rowPicks; i++) {
            int a = rowPick[i];
            int ys = swap ? o.sensorY(a, 0, sw, sh) : o.sensorY(0, a, sw, sh);
            extract.extract8(src, ys, sensorCols, colPicks, row, 0);
            for (int j = 0; j < colPicks; j++) {
                int b = colPick[j];
                int from = sensorCols[reversed ? colPicks - 1 - j : j] * channels;
                int to = (swap ? b * tw + a : a * tw + b) * channels;
                if (channels == 3) {
                    dst[to] = row[from];
                    dst[to + 1] = row[from + 1];
                    dst[to + 2] = row[from + 2];
                } else {
                    dst[to] = row[from];
                }
            }
        }
        return in;
    }

    /**
     * How many channels the kernels can read straight from the source's bytes, or 0 when the source must be
     * extracted first. The source must be a {@code byte[]} whose rows are tightly packed from index 0, and the
     * alpha policy must leave the colours alone (it always does for formats without alpha):
     * <ul>
     *   <li>RGB888 for colour output, GRAY8 for gray output: the bytes are exactly what extraction would produce,
     *       so every kernel gives the same bits without the copy.</li>
     *   <li>BGR888 (what the decoder returns for every colour PNG and JPEG) for colour output: the same three bytes
     *       in the other order. Every kernel's arithmetic is per channel and depends only on the channel count, so
     *       resizing the BGR bytes gives the extracted RGB image's bytes with R and B exchanged; the window goes on
     *       in BGR order (the normalisation picks the channels) or is copied into the RGB canvas exchanging them.</li>
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
        if (!geometry.orientation().isNone()) {
            return 0;
        }
        if (src.byteArray() == null || src.offset() != 0 || src.rowStride() != src.width() * f.pixelStride()) {
            return 0;
        }
        if (channels == 1) {
            return f == PixelFormat.GRAY8 ? 1 : 0;
        }
        if (f == PixelFormat.RGB888 || f == PixelFormat.BGR888) {
            return 3;
        }
        return f.pixelStride() == 4 && fourChannelKernel && !extract.changesColours(src) ? 4 : 0;
    }

    /**
     * The plan for one source size, its visible window, and the source rows and columns that window reads.
     * Immutable once built.
     */
    final class SizePlan {
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
        /** {x0, x1, y0, y1}: the output the image covers (empty when none); the rest is padding. */
        final int[] content;

        SizePlan(int width, int height) {
            this.width = width;
            this.height = height;
            this.plan = geometry.plan(width, height);
            // the plan knows whose pad colour applies (the letterbox's for FIT, else the crop's)
            int[] rgb = plan.padColor();
            int l = luma.of(rgb[0], rgb[1], rgb[2]);
            this.pad = channels == 1 ? new int[] {l, l, l} : rgb;
            this.window = plan.visibleWindow();
            this.content = window == null ? new int[4] : new int[] {window.x() + plan.offsetX(), window.x() + plan.offsetX() + window.width(),
                window.y() + plan.offsetY(), window.y() + plan.offsetY() + window.height()};
            // the footprint is in the frame the geometry sees (turned, when the frame has an orientation)
            int tw = plan.sourceWidth();
            int th = plan.sourceHeight();
            this.rows = new int[th];
            this.cols = new int[tw];

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
                boolean[] seen = new boolean[Math.max(tw, th)];
                colCount = Footprint.axis(r.family(), f, r.antialias(), enlarges, tw, sx, window.x(), window.width(), seen, cols);
                rowCount = Footprint.axis(r.family(), f, r.antialias(), enlarges, th, sy, window.y(), window.height(), seen, rows);
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

    /** A three-channel window copied with its first and third channel exchanged (BGR into the RGB canvas). */
    private static void copySwapped(Image8 from, int fx, int fy, Image8 to, int tx, int ty, int w, int h) {
        byte[] a = from.data;
        byte[] b = to.data;
        for (int y = 0; y < h; y++) {
            int i = ((fy + y) * from.width + fx) * 3;
            int o = ((ty + y) * to.width + tx) * 3;
            for (int x = 0; x < w; x++, i += 3, o += 3) {
                b[o] = a[i + 2];
                b[o + 1] = a[i + 1];
                b[o + 2] = a[i];
            }
        }
    }

    private static void copy(Image8 from, int fx, int fy, Image8 to, int tx, int ty, int w, int h) {
        int c = from.channels;
        for (int y = 0; y < h; y++) {
            System.arraycopy(from.data, ((fy + y) * from.width + fx) * c, to.data, ((ty + y) * to.width + tx) * c, w * c);
        }
    }
}
