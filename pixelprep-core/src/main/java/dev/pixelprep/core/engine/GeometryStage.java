package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.geometry.resample.Filter;
import dev.pixelprep.core.geometry.resample.OpenCvResampler;
import dev.pixelprep.core.geometry.resample.PillowResampler;
import dev.pixelprep.core.geometry.resample.TorchResampler;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;

import java.nio.ByteBuffer;

/**
 * The geometric stage of a pipeline: source pixels → 8-bit RGB (or gray) with the alpha policy and luma applied →
 * resize (only the part the crop keeps) → crop or pad → a tightly packed image that the normalisation stage reads.
 * Runs on 8-bit data, as the Pillow, OpenCV and torchvision-on-uint8 pipelines it reproduces do.
 */
final class GeometryStage {
    private final Geometry geometry;
    private final Pipeline extract;
    private final int channels;
    private final int[] padGray;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    GeometryStage(Spec spec) {
        this.geometry = spec.geometry();
        boolean gray = spec.color() == ColorOrder.GRAY;
        this.channels = gray ? 1 : 3;
        // identity map to uint8 HWC: the table holds exact integers, so rounding returns the 8-bit value itself
        this.extract = Pipeline.compile(Spec.builder().color(gray ? ColorOrder.GRAY : ColorOrder.RGB).layout(Layout.HWC)
                .dtype(DType.UINT8).alpha(spec.alpha()).luma(spec.luma()).build());
        this.padGray = new int[3];
        int[] pad = geometry.resize() != null ? geometry.resize().padColor() : geometry.crop().padColor();
        int l = spec.luma().of(pad[0], pad[1], pad[2]);
        padGray[0] = padGray[1] = padGray[2] = l;
    }

    boolean floatStage() {
        return geometry.resizeOnFloats();
    }

    /**
     * The geometry on float values: the same extraction, crop and padding as {@link #apply}, but the resize result is
     * kept unrounded (torch's float interpolation). The result lives in per-thread memory.
     */
    FloatImage applyFloat(PixelBuffer src) {
        Plan plan = geometry.plan(src.width(), src.height());
        Buffers b = buffers.get();
        Image8 in = b.source(src.width(), src.height(), channels);
        extract.run(src, ByteBuffer.wrap(in.data), 0);
        int ow = plan.outputWidth();
        int oh = plan.outputHeight();
        float[] out = b.floats(ow * oh * channels);
        int[] pad = channels == 1 ? padGray : plan.padColor();
        for (int i = 0; i < ow * oh; i++) {
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = pad[c];
            }
        }
        Window win = plan.visibleWindow();
        if (win != null) {
            float[] part = b.floatWindow(win.width() * win.height() * channels);
            Resize r = geometry.resize();
            TorchResampler.resizeFloat(in, plan.resizedWidth(), plan.resizedHeight(), Filter.valueOf(r.interpolation().name()), r.antialias(),
                    win, part);
            int rowLen = win.width() * channels;
            for (int j = 0; j < win.height(); j++) {
                System.arraycopy(part, j * rowLen, out, ((win.y() + plan.offsetY() + j) * ow + win.x() + plan.offsetX()) * channels, rowLen);
            }
        }
        return new FloatImage(ow, oh, channels, out);
    }

    Plan plan(int width, int height) {
        return geometry.plan(width, height);
    }

    /** The geometry applied to {@code src}; the result lives in per-thread memory until the next call on this thread. */
    PixelBuffer apply(PixelBuffer src) {
        Plan plan = geometry.plan(src.width(), src.height());
        Buffers b = buffers.get();
        Image8 in = b.source(src.width(), src.height(), channels);
        extract.run(src, ByteBuffer.wrap(in.data), 0);
        Image8 out = b.output(plan.outputWidth(), plan.outputHeight(), channels);
        fill(out, channels == 1 ? padGray : plan.padColor());
        Window win = plan.visibleWindow();
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

    /** Per-thread images, reused while their size fits. */
    private static final class Buffers {
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

        float[] floatWindow(int n) {
            if (floatWindow.length < n) {
                floatWindow = new float[n];
            }
            return floatWindow;
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
