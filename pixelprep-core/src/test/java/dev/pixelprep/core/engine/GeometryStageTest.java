package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.geometry.resample.Filter;
import dev.pixelprep.core.geometry.resample.OpenCvResampler;
import dev.pixelprep.core.geometry.resample.PillowResampler;
import dev.pixelprep.core.geometry.resample.TorchResampler;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The geometry stage's shortcuts against the slow, obvious computations they replace. */
class GeometryStageTest {
    private static final AlphaPolicy[] ALPHA = {AlphaPolicy.DROP, AlphaPolicy.UNPREMULTIPLY, AlphaPolicy.composite(255, 128, 7)};

    /**
     * {@link Pipeline#extract8} writes, for the pixels it is given, exactly the bytes the identity uint8 pipeline
     * writes for them: every format, byte[] / ByteBuffer / int[] storage, padded rows, alpha policies and modes,
     * colour and luma.
     */
    @Test
    void extract8EqualsTheUint8Pipeline() {
        SplittableRandom rnd = new SplittableRandom(8);
        int checked = 0;
        for (PixelFormat f : PixelFormat.values()) {
            if (f.isYuv()) {
                continue; // YuvReaderTest
            }
            for (ColorOrder color : new ColorOrder[] {ColorOrder.RGB, ColorOrder.GRAY}) {
                for (Luma luma : Luma.values()) {
                    for (AlphaPolicy alpha : ALPHA) {
                        for (AlphaMode mode : AlphaMode.values()) {
                            Spec spec = Spec.builder().color(color).layout(Layout.HWC).dtype(DType.UINT8).alpha(alpha).luma(luma).build();
                            Pipeline p = Pipeline.compile(spec);
                            PixelBuffer src = source(f, mode, 1 + rnd.nextInt(40), 1 + rnd.nextInt(5), rnd);
                            int cn = color.channels();
                            ByteBuffer whole = ByteBuffer.allocate(src.width() * src.height() * cn);
                            p.run(src, whole, 0);
                            byte[] want = whole.array();
                            byte[] got = new byte[want.length];
                            for (int y = 0; y < src.height(); y++) {
                                int[] cols = someColumns(src.width(), rnd);
                                p.extract8(src, y, cols, cols.length, got, y * src.width() * cn);
                                for (int x : cols) {
                                    for (int c = 0; c < cn; c++) {
                                        int i = (y * src.width() + x) * cn + c;
                                        assertThat(got[i]).as("%s %s %s %s %s pixel %d,%d channel %d", f, color, luma, alpha.kind(), mode, x, y, c)
                                                .isEqualTo(want[i]);
                                    }
                                }
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    /**
     * The whole geometry against the plainest computation of it: the whole source to 8-bit through the identity
     * uint8 pipeline, the whole resized image from the kernel, cropped or padded onto the canvas, then
     * normalised by the spec without geometry. The stage fills only the footprint of the window in a buffer that
     * starts zeroed, so a kernel reading a pixel the footprint left out would see 0 there instead of the image.
     */
    @Test
    void geometryEqualsWholeImageResizeThenCrop() {
        SplittableRandom rnd = new SplittableRandom(9);
        int compared = 0;
        for (int i = 0; i < 600; i++) {
            Spec spec = randomGeometrySpec(rnd);
            int w = 1 + rnd.nextInt(80);
            int h = 1 + rnd.nextInt(80);
            PixelFormat f = FORMATS[rnd.nextInt(FORMATS.length)];
            // half of them tightly packed in a byte[] from index 0, which the stage may resize without extracting
            PixelBuffer src = rnd.nextBoolean() ? tight(f, w, h, rnd) : source(f, AlphaMode.STRAIGHT, w, h, rnd);
            Pipeline p = Pipeline.compile(spec);
            Plan plan;
            float[] got;
            try {
                plan = spec.geometry().plan(w, h);
                got = new float[p.imageElements(w, h)];
            } catch (InvalidPixelsException e) {
                continue; // this size does not fit the geometry (side out of range, crop larger than a FILL)
            }
            p.run(src, got, 0);
            PixelBuffer canvas = reference(spec, plan, src);
            float[] want = new float[got.length];
            Pipeline.compile(spec.toBuilder().geometry(null).build()).run(canvas, want, 0);
            assertThat(got).as("%s on %dx%d %s", spec.geometry(), w, h, f).isEqualTo(want);
            compared++;
        }
        assertThat(compared).isGreaterThan(450);
    }

    private static PixelBuffer reference(Spec spec, Plan plan, PixelBuffer src) {
        boolean gray = spec.color() == ColorOrder.GRAY;
        int cn = gray ? 1 : 3;
        int w = src.width();
        int h = src.height();
        Pipeline extract = Pipeline.compile(Spec.builder().color(spec.color()).layout(Layout.HWC).dtype(DType.UINT8)
                .alpha(spec.alpha()).luma(spec.luma()).build());
        ByteBuffer all = ByteBuffer.allocate(w * h * cn);
        extract.run(src, all, 0);
        Image8 in = new Image8(w, h, cn, all.array());
        Image8 resized = in;
        Resize r = spec.geometry().resize();
        if (plan.resamples()) {
            int rw = plan.resizedWidth();
            int rh = plan.resizedHeight();
            resized = Image8.allocate(rw, rh, cn);
            Filter filter = Filter.valueOf(r.interpolation().name());
            Window full = Window.full(rw, rh);
            switch (r.family()) {
                case PILLOW: PillowResampler.resize(in, rw, rh, filter, full, resized); break;
                case OPENCV: OpenCvResampler.resize(in, rw, rh, plan.invScaleX(), plan.invScaleY(), filter, full, resized); break;
                default: TorchResampler.resize(in, rw, rh, filter, r.antialias(), full, resized);
            }
        }
        int ow = plan.outputWidth();
        int oh = plan.outputHeight();
        int[] pad = plan.padColor();
        byte[] canvas = new byte[ow * oh * cn];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx = x - plan.offsetX();
                int sy = y - plan.offsetY();
                boolean inside = sx >= 0 && sy >= 0 && sx < resized.width && sy < resized.height;
                for (int c = 0; c < cn; c++) {
                    int v = inside ? resized.get(sx, sy, c) : gray ? spec.luma().of(pad[0], pad[1], pad[2]) : pad[c];
                    canvas[(y * ow + x) * cn + c] = (byte) v;
                }
            }
        }
        return PixelBuffer.of(canvas, ow, oh, gray ? PixelFormat.GRAY8 : PixelFormat.RGB888);
    }

    private static Spec randomGeometrySpec(SplittableRandom rnd) {
        ResizeFamily family = ResizeFamily.values()[rnd.nextInt(ResizeFamily.values().length)];
        List<Interpolation> kernels = new ArrayList<>();
        for (Interpolation i : Interpolation.values()) {
            if (family.supports(i)) {
                kernels.add(i);
            }
        }
        Interpolation interp = kernels.get(rnd.nextInt(kernels.size()));
        boolean aa = family == ResizeFamily.TORCHVISION_TENSOR && interp != Interpolation.NEAREST ? rnd.nextBoolean()
                : Resize.defaultAntialias(family, interp);
        int tw = 1 + rnd.nextInt(60);
        int th = 1 + rnd.nextInt(60);
        Resize resize;
        switch (rnd.nextInt(4)) {
            case 0: resize = new Resize(ResizeMode.EXACT, tw, th, 0, 0, interp, family, aa, null, true); break;
            case 1: resize = new Resize(ResizeMode.SHORTER_SIDE, 0, 0, tw, 0, interp, family, aa, null, true); break;
            case 2: resize = new Resize(ResizeMode.FIT, tw, th, 0, 0, interp, family, aa, new int[] {1, 2, 3}, rnd.nextBoolean()); break;
            default: resize = new Resize(ResizeMode.FILL, tw, th, 0, 0, interp, family, aa, null, true);
        }
        Crop crop = rnd.nextBoolean() ? null
                : new Crop(1 + rnd.nextInt(50), 1 + rnd.nextInt(50), CropRounding.values()[rnd.nextInt(2)], true, new int[] {9, 8, 7});
        ColorOrder color = rnd.nextInt(4) == 0 ? ColorOrder.GRAY : ColorOrder.RGB;
        return Spec.builder().color(color).scale(1 / 255.0).bias(-0.5).layout(Layout.NCHW).geometry(new Geometry(resize, crop)).build();
    }

    private static final PixelFormat[] FORMATS = {PixelFormat.BGRA8888, PixelFormat.RGBX8888, PixelFormat.RGB888,
        PixelFormat.BGR888, PixelFormat.GRAY8};

    /** A random image of byte format {@code f}, rows packed from index 0 of a {@code byte[]}. */
    private static PixelBuffer tight(PixelFormat f, int w, int h, SplittableRandom rnd) {
        byte[] d = new byte[w * h * f.pixelStride()];
        rnd.nextBytes(d);
        return PixelBuffer.of(d, w, h, f);
    }

    /** A random image of format {@code f}, stored in the kind of memory the format takes, with padded rows. */
    private static PixelBuffer source(PixelFormat f, AlphaMode mode, int w, int h, SplittableRandom rnd) {
        int pad = rnd.nextInt(3);
        int offset = rnd.nextInt(4);
        PixelBuffer.Builder b = PixelBuffer.builder().size(w, h).format(f).offset(offset).rowStride(w * f.pixelStride() + pad);
        if (f.hasAlpha()) {
            b.alphaMode(mode);
        }
        int n = offset + h * (w * f.pixelStride() + pad);
        if (f.isPackedInt()) {
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                d[i] = rnd.nextInt();
            }
            return b.data(d).build();
        }
        byte[] d = new byte[n];
        rnd.nextBytes(d);
        if (mode == AlphaMode.PREMULTIPLIED && f.hasAlpha()) {
            // keep the colour bytes premultiplied: none above its pixel's alpha
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = offset + y * (w * f.pixelStride() + pad) + x * f.pixelStride();
                    int a = d[p + f.alphaIndex()] & 0xFF;
                    for (int c : new int[] {f.redIndex(), f.greenIndex(), f.blueIndex()}) {
                        d[p + c] = (byte) Math.min(d[p + c] & 0xFF, a);
                    }
                }
            }
        }
        return rnd.nextBoolean() ? b.data(d).build() : b.data(ByteBuffer.wrap(d)).build();
    }

    /** A random ascending, non-empty subset of {@code 0 .. width-1}; sometimes all of it. */
    private static int[] someColumns(int width, SplittableRandom rnd) {
        if (rnd.nextInt(3) == 0) {
            int[] all = new int[width];
            for (int x = 0; x < width; x++) {
                all[x] = x;
            }
            return all;
        }
        List<Integer> cols = new ArrayList<>();
        for (int x = 0; x < width; x++) {
            if (rnd.nextInt(3) == 0) {
                cols.add(x);
            }
        }
        if (cols.isEmpty()) {
            cols.add(rnd.nextInt(width));
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }
}
