package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.ScaleLimit;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;

/**
 * The geometry planner from fuzzed sizes and parameters: building the {@link Resize} / {@link Crop} either refuses
 * with the documented exception or gives a {@link Plan} whose numbers agree with what the spec promises. Small
 * plans are also run through {@link Pipeline} to check the tensor has the planned shape.
 */
class GeometryFuzzTest {
    private static final ResizeMode[] MODES = ResizeMode.values();
    private static final Interpolation[] INTERPOLATIONS = Interpolation.values();
    private static final ResizeFamily[] FAMILIES = ResizeFamily.values();
    private static final CropRounding[] ROUNDINGS = CropRounding.values();

    @FuzzTest
    void plan(FuzzedDataProvider data) throws Exception {
        Expected.refusalOk(() -> check(data));
    }

    /** About the taps of a separable resize from {@code w x h}: resized width x source rows + resized height x source columns. */
    private static double taps(Plan p, int w, int h) {
        return (double) p.resizedWidth() * h + (double) p.resizedHeight() * w;
    }

    private static void check(FuzzedDataProvider data) {
        // sides mostly small (interesting rounding), sometimes anywhere up to past the allowed maximum
        int w = side(data);
        int h = side(data);
        Resize resize = null;
        if (data.consumeBoolean()) {
            ResizeMode mode = data.pickValue(MODES);
            int[] pad = {data.consumeInt(0, 255), data.consumeInt(0, 255), data.consumeInt(0, 255)};
            resize = new Resize(mode, side(data), side(data), side(data), data.consumeBoolean() ? 0 : side(data),
                    data.pickValue(INTERPOLATIONS), data.pickValue(FAMILIES), data.consumeBoolean(), pad,
                    data.consumeBoolean(), data.pickValue(SideRounding.values()), data.pickValue(ScaleLimit.values()),
                    data.consumeBoolean() ? 0 : data.consumeInt(-2, 64), data.consumeBoolean() ? 0 : data.consumeInt(-2, 64));
        }
        Crop crop = null;
        if (resize == null || data.consumeBoolean()) {
            crop = new Crop(side(data), side(data), data.pickValue(ROUNDINGS), data.consumeBoolean(),
                    new int[] {data.consumeInt(0, 255), data.consumeInt(0, 255), data.consumeInt(0, 255)});
        }
        Geometry g = new Geometry(resize, crop, resize != null && data.consumeBoolean());
        if (!g.resizeOnFloats() && data.consumeBoolean()) {
            // a second exact resize of the whole result (MediaPipe's resize_pad)
            g = g.withThen(Resize.exact(side(data), side(data), data.pickValue(INTERPOLATIONS), data.pickValue(FAMILIES)));
        }
        Plan p = g.plan(w, h);
        // the steps this source size is prepared with: a PaddleOCR tiny image is padded first (Geometry.forSource), a
        // two-step geometry from then on
        Geometry asked = g;
        g = g.forSource(w, h);
        if (g != asked) {
            require(asked.resize().sideRounding() == dev.pixelprep.core.geometry.SideRounding.RATIO && (long) w + h < 64
                    && g.crop().width() == Math.max(32, w) && g.crop().height() == Math.max(32, h), "only tiny ratio-rule sources are padded first", asked, p);
        }
        if (g.then() != null) {
            // the first stage keeps its own invariants; the whole is the second size, mapped through both
            invariants(g.firstStage(), p.firstStage(), w, h);
            require(p.outputWidth() == g.then().width() && p.outputHeight() == g.then().height(), "output = the second resize's size", g, p);
            double u = w / 3.0;
            require(Math.abs(p.toSourceX(p.toOutputX(u)) - u) <= 1e-6 * Math.max(1, w), "x round trip through both steps", g, p);
            double[] box = p.boxToSource(new double[] {-1e9, -1e9, 1e9, 1e9});
            require(box[0] >= 0 && box[1] >= 0 && box[2] <= w && box[3] <= h, "boxes map back inside the source", g, p);
        } else {
            invariants(g, p, w, h);
        }
        // a separable resize costs about (resized width x source rows) + (resized height x source columns) taps: a
        // 1x40000 line stretched to 40000x1 is 40,000 pixels each way but 1.6e9 taps, seconds of honest work (Pillow's
        // too) that a 20 s fuzzing timeout under instrumentation would report as a hang
        // in double: a crop of a 2-gigapixel-wide source sums past Long.MAX_VALUE (the fuzzer's finding)
        double work = (double) w * h + (double) p.resizedWidth() * p.resizedHeight() + (double) p.outputWidth() * p.outputHeight()
                + (double) p.firstStage().outputWidth() * p.firstStage().outputHeight()
                + taps(p.firstStage(), w, h)
                + (g.then() == null ? 0 : taps(p, p.firstStage().outputWidth(), p.firstStage().outputHeight()));
        if (work <= 40_000 && data.consumeBoolean()) {
            runPipeline(asked, p, w, h, data.consumeBytes(w * h * 3));
        }
    }

    private static int side(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0: return data.consumeInt(1, 8);
            case 1: return data.consumeInt(1, 300);
            case 2: return data.consumeInt(1, 40_000);
            default: return data.consumeInt();
        }
    }

    static void invariants(Geometry g, Plan p, int w, int h) {
        Resize r = g.resize();
        Crop c = g.crop();
        require(p.sourceWidth() == w && p.sourceHeight() == h, "source size", g, p);
        if (r == null) {
            require(p.resizedWidth() == w && p.resizedHeight() == h && !p.resamples(), "no resize keeps the source size", g, p);
        } else {
            require(p.resizedWidth() >= 1 && p.resizedHeight() >= 1 && p.resizedWidth() <= Resize.MAX_SIDE
                    && p.resizedHeight() <= Resize.MAX_SIDE, "resized size within 1.." + Resize.MAX_SIDE, g, p);
        }
        require(p.outputWidth() >= 1 && p.outputHeight() >= 1 && p.outputWidth() <= Resize.MAX_SIDE
                && p.outputHeight() <= Resize.MAX_SIDE, "output size within 1.." + Resize.MAX_SIDE, g, p);
        // PadStride (exact and side resizes): the side rules hold for the resized image, the output is its canvas
        // padded right and bottom to the next multiple of the stride
        boolean padStride = c == null && r != null && r.stride() > 0 && r.mode() != ResizeMode.FIT;
        int outW = padStride ? p.resizedWidth() : p.outputWidth();
        int outH = padStride ? p.resizedHeight() : p.outputHeight();
        if (padStride) {
            int s = r.stride();
            require(p.outputWidth() == (p.resizedWidth() + s - 1) / s * s && p.outputHeight() == (p.resizedHeight() + s - 1) / s * s
                    && p.offsetX() == 0 && p.offsetY() == 0, "pad stride: the resized image top-left on the next multiple of " + s, g, p);
        }
        if (c != null) {
            require(p.outputWidth() == c.width() && p.outputHeight() == c.height(), "output = crop size", g, p);
        } else if (r.mode() == ResizeMode.FIT && r.stride() > 0) {
            require(p.outputWidth() <= r.width() && p.outputHeight() <= r.height() && p.outputWidth() - p.resizedWidth() < r.stride()
                    && p.outputHeight() - p.resizedHeight() < r.stride() && (r.width() - p.outputWidth()) % r.stride() == 0
                    && (r.height() - p.outputHeight()) % r.stride() == 0, "stride letterbox: whole strides off the size, less than one padded", g, p);
        } else if (r.mode() == ResizeMode.HEIGHT) {
            require(outH == r.height() && outW >= r.width() - 1 && outW >= p.resizedWidth() && p.offsetX() == 0
                    && p.offsetY() == 0, "text line: the height, a canvas at least the width, the line top-left", g, p);
        } else if (r.mode() == ResizeMode.EXACT || r.mode() == ResizeMode.FIT || r.mode() == ResizeMode.FILL) {
            require(outW == r.width() && outH == r.height(), "output = resize size", g, p);
        } else if (r.multiple() > 0) {
            require(outW % r.multiple() == 0 && outH % r.multiple() == 0, "sides a multiple of " + r.multiple(), g, p);
        } else if (r.scaleLimit() != ScaleLimit.ANY || r.sideRounding() == SideRounding.RATIO) {
            int ref = r.mode() == ResizeMode.SHORTER_SIDE ? Math.min(w, h) : Math.max(w, h);
            int out = r.mode() == ResizeMode.SHORTER_SIDE ? Math.min(outW, outH) : Math.max(outW, outH);
            boolean kept = r.scaleLimit() == ScaleLimit.DOWN ? r.size() >= ref : r.scaleLimit() == ScaleLimit.UP && r.size() <= ref;
            require(kept ? out == ref || r.maxSize() > 0 : Math.abs(out - r.size()) <= 1 || r.maxSize() > 0, "limited side: " + out, g, p);
        } else if (r.sideRounding() == SideRounding.HF) {
            require(Math.min(outW, outH) <= r.size() || Math.min(outW, outH) == Math.min(w, h),
                    "hf shorter side at most size", g, p);
            // HF keeps an image whose shorter side already is the (capped) target, even when its longer side passes the cap
            boolean kept = outW == w && outH == h;
            require(kept || r.maxSize() == 0 || Math.max(outW, outH) <= r.maxSize(), "hf longer side <= max_size", g, p);
        } else if (r.mode() == ResizeMode.SHORTER_SIDE) {
            int shortOut = Math.min(outW, outH);
            require(r.maxSize() > 0 ? shortOut <= r.size() : shortOut == r.size(), "shorter side = size", g, p);
            require(r.maxSize() == 0 || Math.max(outW, outH) <= r.maxSize(), "longer side <= max_size", g, p);
        } else {
            require(Math.max(outW, outH) == r.size(), "longer side = size", g, p);
        }
        if (r != null && r.mode() == ResizeMode.EXACT) {
            require(p.resizedWidth() == r.width() && p.resizedHeight() == r.height(), "exact resize size", g, p);
        }
        if (r != null && r.mode() == ResizeMode.FIT) {
            require(p.resizedWidth() <= r.width() && p.resizedHeight() <= r.height(), "letterbox inside the canvas", g, p);
        }
        if (r != null && r.mode() == ResizeMode.FILL) {
            require(p.resizedWidth() >= r.width() && p.resizedHeight() >= r.height(), "cover covers the canvas", g, p);
        }
        Window v = p.visibleWindow();
        // only padding can land on the output when the crop pads, or cuts a letterbox's or a stride-padded canvas (documented on visibleWindow)
        boolean mayBeEmpty = c != null && (c.pad() || (r != null && (r.mode() == ResizeMode.FIT || r.mode() == ResizeMode.HEIGHT || r.stride() > 0)));
        require(v != null || mayBeEmpty, "some of the image is visible", g, p);
        if (v != null) {
            require(v.x() + v.width() <= p.resizedWidth() && v.y() + v.height() <= p.resizedHeight(), "window inside the resized image", g, p);
            // the visible part, mapped back, lies inside the source (one source pixel of slack for rounding of the size)
            double x0 = p.toSourceX(v.x() + p.offsetX());
            double x1 = p.toSourceX(v.x() + v.width() + p.offsetX());
            double y0 = p.toSourceY(v.y() + p.offsetY());
            double y1 = p.toSourceY(v.y() + v.height() + p.offsetY());
            double sx = Math.max(1, 1 / p.invScaleX());
            double sy = Math.max(1, 1 / p.invScaleY());
            require(Double.isFinite(x0) && Double.isFinite(x1) && Double.isFinite(y0) && Double.isFinite(y1), "finite mapping", g, p);
            require(x0 >= -1e-9 && y0 >= -1e-9 && x1 <= w + sx && y1 <= h + sy && x0 < x1 && y0 < y1,
                    "visible window maps inside the source: [" + x0 + "," + y0 + " .. " + x1 + "," + y1 + "]", g, p);
            // and a point of the source maps there and back to itself
            double u = w / 3.0;
            require(Math.abs(p.toSourceX(p.toOutputX(u)) - u) <= 1e-6 * Math.max(1, w), "x round trip", g, p);
        }
        double[] box = p.boxToSource(new double[] {-1e9, -1e9, 1e9, 1e9});
        require(box[0] >= 0 && box[1] >= 0 && box[2] <= w && box[3] <= h, "boxes map back inside the source", g, p);
    }

    private static void runPipeline(Geometry g, Plan p, int w, int h, byte[] pixels) {
        byte[] rgb = new byte[w * h * 3];
        System.arraycopy(pixels, 0, rgb, 0, Math.min(pixels.length, rgb.length));
        Spec spec = Spec.builder().geometry(g).scale(1 / 255.0).layout(Layout.NCHW).build();
        Tensor t = Pipeline.compile(spec).tensor(PixelBuffer.of(rgb, w, h, PixelFormat.RGB888));
        int[] s = t.shape();
        require(s.length == 4 && s[0] == 1 && s[1] == 3 && s[2] == p.outputHeight() && s[3] == p.outputWidth(),
                "tensor shape " + java.util.Arrays.toString(s) + " = planned output", g, p);
        // 8-bit resizes stay in 0..255; a cubic kernel on float values (torch's interpolate) may ring past them
        for (int i = 0; !g.resizeOnFloats() && i < t.size(); i++) {
            float f = t.getFloat(i);
            require(f >= 0 && f <= 1.0001f, "pixel " + i + " = " + f + " outside 0..1", g, p);
        }
    }

    private static void require(boolean ok, String what, Geometry g, Plan p) {
        if (!ok) {
            throw new AssertionError("plan invariant broken (" + what + "): " + g + " -> " + p);
        }
    }
}
