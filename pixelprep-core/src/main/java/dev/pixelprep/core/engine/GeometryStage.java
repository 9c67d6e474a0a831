package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
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
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(() -> new Buffers());

    GeometryStage(Spec spec) {
        this.geometry = spec.geometry();
        boolean gray = spec.color() == ColorOrder.GRAY;
        this.channels = gray ? 1 : 3;
        // identity map to uint8 HWC: the table holds exact integers, so rounding returns the 8-bit value itself
        this.extract = Pipeline.compile(Spec.builder().color(gray ? ColorOrder.GRAY : ColorOrder.RGB).layout(Layout.HWC)
                .dtype(DType.UINT8).alpha(spec.alpha()).luma(spec.luma()).build());
        this.luma = spec.luma();
    }

    Plan plan(int width, int height) {
        return geometry.plan(width, height);
    }

    /** The geometry applied to {@code src}; the result lives in per-thread memory until the next call on this thread. */
    PixelBuffer apply(PixelBuffer src) {
        SizePlan l = buffers.get().sizePlan(src.width(), src.height());
        Plan plan = l.plan;
        Image8 in = l.in;
        // Only the source pixels that the window's kernels read are extracted: rows l.rows × columns l.cols of a
        // buffer the size of the whole source. The rest of that buffer keeps whatever an earlier call left there;
        // no kernel reads it (Footprint).
        int rowBytes = src.width() * channels;
        for (int i = 0; i < l.rowCount; i++) {
            int y = l.rows[i];
            extract.extract8(src, y, l.cols, l.colCount, in.data, y * rowBytes);
        }
        Image8 out = l.out;
        fill(out, l.pad);
        Window win = l.window;
        if (win != null) {
            if (plan.resamples()) {
                resample(geometry.resize(), plan, in, win, l.part);
                copy(l.part, 0, 0, out, win.x() + plan.offsetX(), win.y() + plan.offsetY(), win.width(), win.height());
            } else {
                copy(in, win.x(), win.y(), out, win.x() + plan.offsetX(), win.y() + plan.offsetY(), win.width(), win.height());
            }
        }
        return l.result;
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
        PixelBuffer result;

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

        SizePlan sizePlan(int w, int h) {
            if (sizePlan == null || sizePlan.width != w || sizePlan.height != h) {
                SizePlan p = new SizePlan(w, h);
                source = grow(source, w, h);
                p.in = new Image8(w, h, channels, source);
                Plan plan = p.plan;
                output = grow(output, plan.outputWidth(), plan.outputHeight());
                p.out = new Image8(plan.outputWidth(), plan.outputHeight(), channels, output);
                p.result = PixelBuffer.of(output, plan.outputWidth(), plan.outputHeight(),
                        channels == 1 ? PixelFormat.GRAY8 : PixelFormat.RGB888);
                if (p.window != null && plan.resamples()) {
                    window = grow(window, p.window.width(), p.window.height());
                    p.part = new Image8(p.window.width(), p.window.height(), channels, window);
                }
                sizePlan = p;
            }
            return sizePlan;
        }

        private byte[] grow(byte[] a, int w, int h) {
            long n = (long) w * h * channels;
            return a.length >= n ? a : new byte[Math.toIntExact(n)];
        }
    }
}
