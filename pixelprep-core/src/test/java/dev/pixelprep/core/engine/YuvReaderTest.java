package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * YUV frames through the engine: the identity pipeline gives each conversion's RGB (a per-pixel reference written from
 * the peers' formulas), and every spec gives the same tensor from the YUV frame as from that RGB888 image: every
 * format, layout (padded rows, offsets, junk between planes, pixel stride 2, arrays, heap and direct buffers), odd
 * sizes, conversion, colour order, gray, mean image, resize families, crop, letterbox, float-stage resize, float
 * and byte outputs. The peers' own bits are checked in {@code YuvGoldenTest}.
 */
class YuvReaderTest {
    private static final PixelFormat[] YUV = {PixelFormat.NV12, PixelFormat.NV21, PixelFormat.I420, PixelFormat.YV12,
        PixelFormat.YUV_420_888, PixelFormat.YUYV, PixelFormat.UYVY};
    private static final YuvConversion[] CONVERSIONS = {YuvConversion.OPENCV, YuvConversion.LIBYUV_I601, YuvConversion.LIBYUV_JPEG,
        YuvConversion.LIBYUV_H709, YuvConversion.LIBYUV_F709, YuvConversion.LIBYUV_U2020, YuvConversion.LIBYUV_V2020,
        YuvConversion.exact(YuvConversion.Matrix.BT601, YuvConversion.Range.FULL),
        YuvConversion.exact(YuvConversion.Matrix.BT709, YuvConversion.Range.VIDEO),
        YuvConversion.exact(YuvConversion.Matrix.BT2020, YuvConversion.Range.FULL)};

    @Test
    void theIdentityPipelineGivesEachConversionsRgb() {
        SplittableRandom rnd = new SplittableRandom(15);
        Pipeline identity = Pipeline.compile(Spec.builder().color(ColorOrder.RGB).layout(Layout.HWC).dtype(DType.UINT8).build());
        int checked = 0;
        for (PixelFormat f : YUV) {
            for (YuvConversion c : CONVERSIONS) {
                for (int[] size : new int[][] {{1, 1}, {2, 2}, {3, 5}, {33, 25}, {64, 37}, {75, 50}}) {
                    YuvFrames frame = new YuvFrames(f, size[0], size[1], rnd);
                    PixelBuffer src = frame.buffer(c, rnd);
                    ByteBuffer out = ByteBuffer.allocate(size[0] * size[1] * 3);
                    identity.run(src, out, 0);
                    assertThat(out.array()).as("%s %s %dx%d %s", f, c, size[0], size[1], src).isEqualTo(frame.referenceRgb(c));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(YUV.length * CONVERSIONS.length * 6);
    }

    @Test
    void everySpecGivesTheTensorOfTheEquivalentRgbImage() {
        SplittableRandom rnd = new SplittableRandom(2026);
        int checked = 0;
        for (PixelFormat f : YUV) {
            for (int i = 0; i < 6; i++) {
                int w = 1 + rnd.nextInt(90);
                int h = 1 + rnd.nextInt(70);
                YuvConversion c = CONVERSIONS[rnd.nextInt(CONVERSIONS.length)];
                YuvFrames frame = new YuvFrames(f, w, h, rnd);
                PixelBuffer yuv = frame.buffer(c, rnd);
                PixelBuffer rgb = PixelBuffer.of(frame.referenceRgb(c), w, h, PixelFormat.RGB888);
                for (Spec spec : specs(w, h)) {
                    Pipeline p = Pipeline.compile(spec);
                    int n = p.imageElements(w, h);
                    if (spec.dtype() == DType.FLOAT32) {
                        float[] a = new float[n];
                        float[] b = new float[n];
                        p.run(yuv, a, 0);
                        p.run(rgb, b, 0);
                        assertThat(a).as("%s %s %s", yuv, c, spec.describe()).isEqualTo(b);
                    }
                    ByteBuffer a = ByteBuffer.allocateDirect(n * spec.dtype().size()).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer b = ByteBuffer.allocateDirect(n * spec.dtype().size()).order(ByteOrder.LITTLE_ENDIAN);
                    p.run(yuv, a, 0);
                    p.run(rgb, b, 0);
                    assertThat(a).as("%s %s %s", yuv, c, spec.describe()).isEqualTo(b);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(YUV.length * 6 * 8);
    }

    private static List<Spec> specs(int w, int h) {
        List<Spec> specs = new ArrayList<>();
        double[] mean = new double[3];
        double[] std = new double[3];
        double[] m0 = {0.485, 0.456, 0.406};
        double[] s0 = {0.229, 0.224, 0.225};
        for (int c = 0; c < 3; c++) {
            mean[c] = 1 / (255 * s0[c]);
            std[c] = -m0[c] / s0[c];
        }
        specs.add(Spec.builder().color(ColorOrder.RGB).scale(mean).bias(std).layout(Layout.NCHW).build());
        specs.add(Spec.builder().color(ColorOrder.BGR).scale(1.0 / 255).bias(0).layout(Layout.NHWC).build());
        specs.add(Spec.builder().color(ColorOrder.GRAY).scale(1.0 / 127.5).bias(-1).invert(true).layout(Layout.NCHW).build());
        specs.add(Spec.builder().color(ColorOrder.RGB).layout(Layout.NHWC).dtype(DType.UINT8).build());
        float[] meanImage = new float[3 * w * h];
        SplittableRandom r = new SplittableRandom(w * 31 + h);
        for (int i = 0; i < meanImage.length; i++) {
            meanImage[i] = (float) (r.nextDouble() * 255);
        }
        specs.add(Spec.builder().color(ColorOrder.BGR).meanImage(new MeanImage(3, h, w, meanImage)).layout(Layout.NCHW).build());
        specs.add(Spec.builder().color(ColorOrder.RGB).scale(mean).bias(std).layout(Layout.NCHW)
                .geometry(new Geometry(Resize.shorterSide(24, Interpolation.BILINEAR, ResizeFamily.PILLOW), Crop.torchvision(20, 20))).build());
        specs.add(Spec.builder().color(ColorOrder.BGR).scale(1.0 / 255).bias(0).layout(Layout.NCHW)
                .geometry(new Geometry(Resize.letterbox(32, 32), null)).build());
        specs.add(Spec.builder().color(ColorOrder.RGB).scale(1.0 / 255).bias(0).layout(Layout.NCHW)
                .geometry(new Geometry(Resize.exact(17, 13, Interpolation.NEAREST, ResizeFamily.OPENCV), null)).build());
        specs.add(Spec.builder().color(ColorOrder.RGB).scale(1.0 / 255).bias(0).layout(Layout.NCHW)
                .geometry(new Geometry(Resize.exact(40, 30, Interpolation.BICUBIC, ResizeFamily.TORCHVISION_TENSOR), null, true)).build());
        specs.add(Spec.builder().color(ColorOrder.GRAY).scale(1.0 / 255).bias(0).layout(Layout.NCHW)
                .geometry(new Geometry(Resize.exact(16, 16, Interpolation.AREA, ResizeFamily.OPENCV), null)).build());
        specs.add(Spec.builder().color(ColorOrder.RGB).dtype(DType.FLOAT16).scale(1.0 / 255).bias(0).layout(Layout.NCHW).build());
        return specs;
    }

    @Test
    void extract8GivesTheIdentityPipelinesBytesForAnyColumns() {
        SplittableRandom rnd = new SplittableRandom(77);
        for (ColorOrder color : new ColorOrder[] {ColorOrder.RGB, ColorOrder.GRAY}) {
            Pipeline p = Pipeline.compile(Spec.builder().color(color).layout(Layout.HWC).dtype(DType.UINT8).build());
            int cn = color.channels();
            for (PixelFormat f : YUV) {
                YuvFrames frame = new YuvFrames(f, 1 + rnd.nextInt(60), 1 + rnd.nextInt(9), rnd);
                PixelBuffer src = frame.buffer(CONVERSIONS[rnd.nextInt(CONVERSIONS.length)], rnd);
                ByteBuffer whole = ByteBuffer.allocate(src.width() * src.height() * cn);
                p.run(src, whole, 0);
                byte[] got = new byte[whole.capacity()];
                for (int y = 0; y < src.height(); y++) {
                    List<Integer> picked = new ArrayList<>();
                    for (int x = 0; x < src.width(); x++) {
                        if (picked.isEmpty() || rnd.nextInt(3) == 0) {
                            picked.add(x);
                        }
                    }
                    int[] cols = picked.stream().mapToInt(Integer::intValue).toArray();
                    p.extract8(src, y, cols, cols.length, got, y * src.width() * cn);
                    for (int x : cols) {
                        for (int c = 0; c < cn; c++) {
                            int i = (y * src.width() + x) * cn + c;
                            assertThat(got[i]).as("%s %s pixel %d,%d", src, color, x, y).isEqualTo(whole.get(i));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRegionOfAFrameIsTheRegionOfItsImage() {
        SplittableRandom rnd = new SplittableRandom(5);
        Pipeline identity = Pipeline.compile(Spec.builder().color(ColorOrder.RGB).layout(Layout.HWC).dtype(DType.UINT8).build());
        for (PixelFormat f : YUV) {
            YuvFrames frame = new YuvFrames(f, 41, 30, rnd);
            PixelBuffer src = frame.buffer(YuvConversion.LIBYUV_JPEG, rnd);
            PixelBuffer part = src.region(6, 4, 21, 13);
            ByteBuffer whole = ByteBuffer.allocate(41 * 30 * 3);
            identity.run(src, whole, 0);
            ByteBuffer got = ByteBuffer.allocate(21 * 13 * 3);
            identity.run(part, got, 0);
            for (int y = 0; y < 13; y++) {
                for (int x = 0; x < 21 * 3; x++) {
                    assertThat(got.get(y * 63 + x)).as("%s", f).isEqualTo(whole.get(((4 + y) * 41 + 6) * 3 + x));
                }
            }
            assertThatThrownBy(() -> src.region(5, 4, 10, 10)).isInstanceOf(InvalidPixelsException.class)
                    .hasMessageContaining("starts inside a chroma block");
        }
    }

    @Test
    void badPlanesAreRefusedInOneLineNamingThePlaneAndTheNumbers() {
        byte[] y = new byte[64 * 48];
        byte[] uv = new byte[64 * 24];
        assertThatThrownBy(() -> PixelBuffer.builder().size(64, 48).format(PixelFormat.NV21).plane(y, 0, 64).plane(uv, 0, 64, 2)
                .plane(uv, 0, 64).build()).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("NV21 has 2 planes (Y, VU), got 3");
        assertThatThrownBy(() -> PixelBuffer.builder().size(64, 48).format(PixelFormat.NV21).plane(y, 0, 64)
                .plane(new byte[64 * 24 - 1], 0, 64).build()).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("plane VU of 64x48 NV21 (24 rows of 64 samples, offset 0, row stride 64, pixel stride 1) needs 1536 bytes, has 1535");
        assertThatThrownBy(() -> PixelBuffer.builder().size(64, 48).format(PixelFormat.I420).plane(y, 0, 60)
                .plane(uv, 0, 32).plane(uv, 0, 32).build()).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("plane Y of 64x48 I420: row stride 60 is smaller than its 64 samples (64 bytes)");
        for (int ps : new int[] {0, 3}) {
            assertThatThrownBy(() -> PixelBuffer.builder().size(64, 48).format(PixelFormat.YUV_420_888).plane(y, 0, 64, 1)
                    .plane(uv, 0, 64, ps).plane(uv, 1, 64, 2).build()).isInstanceOf(InvalidPixelsException.class)
                    .hasMessage("plane U of 64x48 YUV_420_888 has pixel stride " + ps
                            + "; YUV_420_888 chroma planes have pixel stride 1 (planar) or 2 (interleaved)");
        }
        // Android's interleaved chroma buffer ends after its last sample: exactly long enough is accepted, one less is not
        int need = 64 * 23 + 2 * 31 + 1;
        PixelBuffer.builder().size(64, 48).format(PixelFormat.YUV_420_888).plane(y, 0, 64, 1)
                .plane(new byte[need], 0, 64, 2).plane(new byte[need], 0, 64, 2).build();
        assertThatThrownBy(() -> PixelBuffer.builder().size(64, 48).format(PixelFormat.YUV_420_888).plane(y, 0, 64, 1)
                .plane(new byte[need - 1], 0, 64, 2).plane(new byte[need], 0, 64, 2).build()).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("plane U of 64x48 YUV_420_888 (24 rows of 32 samples, offset 0, row stride 64, pixel stride 2) needs "
                        + need + " bytes, has " + (need - 1));
        // odd sizes: chroma rounded up (65x49 I420 needs 33x25 chroma planes)
        assertThatThrownBy(() -> PixelBuffer.builder().size(65, 49).format(PixelFormat.I420).plane(new byte[65 * 49], 0, 65)
                .plane(new byte[32 * 25], 0, 32).plane(new byte[33 * 25], 0, 33).build()).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("plane U of 65x49 I420: row stride 32 is smaller than its 33 samples (33 bytes)");
        assertThatThrownBy(() -> PixelBuffer.of(new byte[65 * 49 + 2 * 33 * 25 - 1], 65, 49, PixelFormat.I420))
                .isInstanceOf(InvalidPixelsException.class).hasMessageStartingWith("plane V of 65x49 I420 (25 rows of 33 samples");
        assertThatThrownBy(() -> PixelBuffer.of(new byte[10], 2, 2, PixelFormat.YUV_420_888)).isInstanceOf(InvalidPixelsException.class)
                .hasMessageStartingWith("a YUV_420_888 buffer is given as three planes");
        assertThatThrownBy(() -> PixelBuffer.builder().size(4, 4).format(PixelFormat.RGB888).data(new byte[48])
                .yuv(YuvConversion.OPENCV).build()).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("planes and a YUV conversion belong to YUV formats, not RGB888");
        assertThatThrownBy(() -> YuvConversion.of(YuvConversion.Matrix.BT709, YuvConversion.Range.VIDEO, YuvConversion.Arithmetic.OPENCV))
                .isInstanceOf(InvalidPixelsException.class).hasMessageStartingWith("OpenCV's cvtColor converts YUV as BT.601 video range only");
    }

    @Test
    void conversionsParseAndPrintBack() {
        for (YuvConversion c : CONVERSIONS) {
            assertThat(YuvConversion.parse(c.id())).isEqualTo(c);
        }
        assertThat(YuvConversion.parse("libyuv-j420")).isEqualTo(YuvConversion.LIBYUV_JPEG);
        assertThat(YuvConversion.parse("bt709-full")).isEqualTo(YuvConversion.exact(YuvConversion.Matrix.BT709, YuvConversion.Range.FULL));
        assertThat(YuvConversion.defaultFor(PixelFormat.YUV_420_888).range()).isEqualTo(YuvConversion.Range.FULL);
        assertThat(YuvConversion.defaultFor(PixelFormat.NV12).range()).isEqualTo(YuvConversion.Range.VIDEO);
        assertThatThrownBy(() -> YuvConversion.parse("bt601-wide")).isInstanceOf(InvalidPixelsException.class)
                .hasMessage("unknown YUV range 'wide' in 'bt601-wide'; expected video or full");
    }
}
