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
        Buffers b = buffers.get();
        SizePlan l = b.sizePlan(src.width(), src.height());
        Plan plan = l.plan;
        Image8 in = b.source(src.width(), src.height(), channels);
        // Only the source pixels that the window's kernels read are extracted: rows l.rows × columns l.cols of a
        // buffer the size of the whole source. The rest of that buffer keeps whatever an earlier call left there;
        // no kernel reads it (Footprint).
        int rowBytes = src.width() * channels;
        for (int i = 0; i < l.rowCount; i++) {
            int y = l.rows[i];
            extract.extract8(src, y, l.cols, l.colCount, in.data, y * rowBytes);
        }
        Image8 out = b.output(plan.outputWidth(), plan.outputHeight(), channels);
        fill(out, l.pad);
        Window win = l.window;
        if (win != null) {
            Image8 part;
            if (plan.resamples()) {
                part = b.window(win.width(), win.height(), channels);
                resample(geometry.resize(), plan, in, win, part);
                copy(part, 0, 0, out, win.x() + plan.offsetX(), win.y() + plan.offsetY(), win.width(), win.height());
            } else {
                copy(in, win.x(), win.y(), out, win.x() + plan.offsetX(), win.y() + plan.offsetY(), win.width(), win.height());
            }
        }
        return PixelBuffer.of(out.data, out.width, out.height, channels == 1 ? PixelFormat.GRAY8 : PixelFormat.RGB888);
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

    /** Per-thread images, reused while their size fits, and the layout of the last source size seen. */
    private final class Buffers {
        private SizePlan sizePlan;
        private byte[] source = new byte[0];
        private byte[] output = new byte[0];
        private byte[] window = new byte[0];

        SizePlan sizePlan(int w, int h) {
            if (sizePlan == null || sizePlan.width != w || sizePlan.height != h) {
                sizePlan = new SizePlan(w, h);
            }
            return sizePlan;
        }

        Image8 source(int w, int h, int c) {
            source = grow(source, w, h, c);
            return new Image8(w, h, c, source);
        }

        Image8 output(int w, int h, int c) {
            output = grow(output, w, h, c);
            return new Image8(w, h, c, output);
        }

        Image8 window(int w, int h, int c) {
            window = grow(window, w, h, c);
            return new Image8(w, h, c, window);
        }

        private static byte[] grow(byte[] a, int w, int h, int c) {
            long n = (long) w * h * c;
            return a.length >= n ? a : new byte[Math.toIntExact(n)];
        }
    }
}
