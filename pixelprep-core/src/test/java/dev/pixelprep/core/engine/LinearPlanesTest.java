package dev.pixelprep.core.engine;

import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.AlphaPolicy;
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

/**
 * The fused OpenCV-bilinear route ({@link LinearPlanes}) gives the floats of the staged route (8-bit
 * window, canvas, normalisation rows), bit for bit, for every source layout it takes: the staged route is the one the
 * golden cases check (they go through {@link Pipeline#tensor}, which writes a ByteBuffer), so this carries their
 * verdict over to the fused one. Each case also asserts that the fused route was taken, so a change that quietly
 * sends everything down the staged route fails here rather than passing by comparing a route with itself.
 */
class LinearPlanesTest {
    private static final PixelFormat[] COLOUR = {PixelFormat.BGRA8888, PixelFormat.RGBA8888, PixelFormat.ARGB8888,
        PixelFormat.ABGR8888, PixelFormat.RGBX8888, PixelFormat.BGRX8888, PixelFormat.RGB888, PixelFormat.BGR888,
        PixelFormat.GRAY8, PixelFormat.INT_ARGB, PixelFormat.INT_RGB, PixelFormat.INT_BGR};

    @Test
    void everyRecipeOnOpenCvBilinearMatchesTheStagedRoute() {
        SplittableRandom rnd = new SplittableRandom(7);
        int recipes = 0;
        for (Recipes.Recipe r : Recipes.all().values()) {
            Geometry g = r.spec().geometry();
            if (g == null || g.resize() == null || g.then() != null || g.resize().family() != ResizeFamily.OPENCV
                    || g.resize().interpolation() != Interpolation.BILINEAR || r.spec().meanImage() != null) {
                continue;
            }
            recipes++;
            for (int[] size : new int[][] {{1920, 1080}, {600, 400}, {1080, 1920}, {333, 97}, {1440, 810}, {37, 41}}) {
                for (PixelFormat f : new PixelFormat[] {PixelFormat.BGRA8888, PixelFormat.BGR888, PixelFormat.INT_ARGB}) {
                    Spec spec = r.spec().toBuilder().layout(Layout.NCHW).dtype(dev.pixelprep.core.spec.DType.FLOAT32).build();
                    if (spec.color() == ColorOrder.GRAY) {
                        f = PixelFormat.GRAY8;
                    }
                    compare(r.name(), spec, source(rnd, f, size[0], size[1], 0), true);
                }
            }
        }
        assertThat(recipes).as("recipes on OpenCV bilinear").isGreaterThanOrEqualTo(4);
    }

    @Test
    void randomGeometriesFormatsStridesAndMapsMatchTheStagedRoute() {
        SplittableRandom rnd = new SplittableRandom(20261204);
        int fused = 0;
        for (int t = 0; t < 400; t++) {
            PixelFormat f = COLOUR[rnd.nextInt(COLOUR.length)];
            int w = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 700);
            int h = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 500);
            Spec spec = randomSpec(rnd, f == PixelFormat.GRAY8 && rnd.nextBoolean());
            PixelBuffer src = source(rnd, f, w, h, rnd.nextInt(3));
            fused += compare("case " + t, spec, src, false) ? 1 : 0;
        }
        assertThat(fused).as("cases that took the fused route").isGreaterThan(250);
    }

    @Test
    void sourcesItDoesNotTakeStayOnTheStagedRoute() {
        SplittableRandom rnd = new SplittableRandom(3);
        Spec letterbox = Recipes.get("ultralytics-letterbox").spec();
        Pipeline p = Pipeline.compile(letterbox);
        // alpha compositing changes the colours before the resize; an exact 2x halving is OpenCV's INTER_AREA
        Spec composite = letterbox.toBuilder().alpha(AlphaPolicy.composite(255, 255, 255)).build();
        PixelBuffer premultiplied = PixelBuffer.builder().size(64, 48).format(PixelFormat.RGBA8888).alphaMode(AlphaMode.PREMULTIPLIED)
                .data(bytes(rnd, 64 * 48 * 4)).build();
        assertThat(Pipeline.compile(composite).fusesLinearPlanes(premultiplied)).isFalse();
        Spec half = letterbox.toBuilder().geometry(Geometry.exact(320, 240, Interpolation.BILINEAR, ResizeFamily.OPENCV)).build();
        assertThat(Pipeline.compile(half).fusesLinearPlanes(source(rnd, PixelFormat.BGRA8888, 640, 480, 0))).isFalse();
        assertThat(p.fusesLinearPlanes(source(rnd, PixelFormat.BGRA8888, 800, 600, 0))).isTrue();
        assertThat(p.fusesLinearPlanes(source(rnd, PixelFormat.BGRA8888, 640, 480, 0))).as("same size: a copy").isFalse();
        compare("composite", composite, premultiplied, false);
        compare("half", half, source(rnd, PixelFormat.BGRA8888, 640, 480, 0), false);
    }

    private static Spec randomSpec(SplittableRandom rnd, boolean gray) {
        Resize resize;
        int kind = rnd.nextInt(5);
        int side = 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 400);
        switch (kind) {
            case 0:
                resize = Resize.exact(side, 1 + rnd.nextInt(300), Interpolation.BILINEAR, ResizeFamily.OPENCV);
                break;
            case 1:
                resize = Recipes.get("ultralytics-letterbox").spec().geometry().resize();
                break;
            case 2:
                resize = Recipes.get("ultralytics-letterbox-auto").spec().geometry().resize();
                break;
            case 3:
                resize = Resize.shorterSide(side, Interpolation.BILINEAR, ResizeFamily.OPENCV).withStride(1 + rnd.nextInt(Math.min(40, side)));
                break;
            default:
                resize = Resize.letterbox(side, 1 + rnd.nextInt(300)).withKernel(Interpolation.BILINEAR, ResizeFamily.OPENCV)
                        .withPadColor(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)).withPadCenter(rnd.nextBoolean());
        }
        Crop crop = rnd.nextInt(4) == 0 ? Crop.torchvision(1 + rnd.nextInt(200), 1 + rnd.nextInt(200)) : null;
        Geometry g = new Geometry(resize, crop, false);
        if (rnd.nextInt(4) == 0) {
            g = g.withPadValue(gray ? new double[] {rnd.nextDouble() * 4 - 2} : new double[] {-1.5, 0.25, 3});
        }
        ColorOrder color = gray ? ColorOrder.GRAY : rnd.nextBoolean() ? ColorOrder.RGB : ColorOrder.BGR;
        int n = gray ? 1 : 3;
        double[] scale = new double[n];
        double[] bias = new double[n];
        for (int c = 0; c < n; c++) {
            scale[c] = rnd.nextBoolean() ? 1 / 255.0 : (rnd.nextDouble() - 0.3) / 57;
            bias[c] = rnd.nextBoolean() ? 0 : rnd.nextDouble() * 3 - 1.5;
        }
        return Spec.builder().color(color).invert(rnd.nextInt(5) == 0).scale(scale).bias(bias)
                .layout(rnd.nextBoolean() ? Layout.NCHW : Layout.CHW).geometry(g).build();
    }

    /**
     * Runs the fused route into a float[], a direct FloatBuffer and ByteBuffers (heap and direct, both byte orders, at
     * an odd byte offset) and the staged route into a ByteBuffer; returns whether the fused one was taken (required
     * when {@code mustFuse}).
     */
    private static boolean compare(String what, Spec spec, PixelBuffer src, boolean mustFuse) {
        Pipeline p = Pipeline.compile(spec);
        boolean fuses = p.fusesLinearPlanes(src);
        if (mustFuse) {
            assertThat(fuses).as("%s on %s takes the fused route", what, src).isTrue();
        }
        int n = p.imageElements(src.width(), src.height());
        ByteBuffer staged = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        Pipeline.compileStaged(spec).run(src, staged, 0);
        String context = what + ", " + spec.describe() + " on " + src + " (" + spec.geometry().plan(src.width(), src.height()) + ")";

        float[] array = new float[n + 5];
        java.util.Arrays.fill(array, Float.NaN);
        p.run(src, array, 3);
        float[] got = java.util.Arrays.copyOfRange(array, 3, 3 + n);
        same(context + ", float[]", got, staged);
        assertThat(new float[] {array[0], array[1], array[2], array[n + 3], array[n + 4]}).as("outside the image's elements").containsOnly(Float.NaN);

        FloatBuffer direct = ByteBuffer.allocateDirect((n + 2) * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        p.run(src, direct, 2);
        direct.position(2);
        direct.get(got);
        same(context + ", direct FloatBuffer", got, staged);

        for (ByteBuffer bb : new ByteBuffer[] {ByteBuffer.allocate(n * 4 + 7), ByteBuffer.allocateDirect(n * 4 + 7).order(ByteOrder.LITTLE_ENDIAN)}) {
            p.run(src, bb, 7);
            ByteBuffer le = bb.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                got[i] = le.getFloat(7 + 4 * i);
            }
            same(context + ", " + (bb.isDirect() ? "direct" : "heap") + " ByteBuffer in " + bb.order(), got, staged);
        }
        return fuses;
    }

    private static void same(String context, float[] got, ByteBuffer staged) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < got.length && bad.size() < 3; i++) {
            float want = staged.getFloat(4 * i);
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want)) {
                bad.add("element " + i + ": " + got[i] + " against " + want);
            }
        }
        assertThat(bad).as(context).isEmpty();
    }

    static PixelBuffer source(SplittableRandom rnd, PixelFormat f, int w, int h, int extra) {
        if (f.isPackedInt()) {
            int stride = w + extra;
            int[] px = new int[2 + stride * h];
            for (int i = 0; i < px.length; i++) {
                px[i] = rnd.nextInt();
            }
            return PixelBuffer.builder().size(w, h).format(f).data(px).offset(2).rowStride(stride).build();
        }
        int ps = f.pixelStride();
        int stride = w * ps + extra;
        // smooth enough that interpolation is at work, noisy enough that every channel differs
        byte[] px = bytes(rnd, extra + stride * h);
        if (extra == 0) {
            return PixelBuffer.builder().size(w, h).format(f).data(px).build();
        }
        return PixelBuffer.builder().size(w, h).format(f).data(px).offset(extra).rowStride(stride).build();
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
