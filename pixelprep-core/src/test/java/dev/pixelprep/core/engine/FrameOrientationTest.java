package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A frame orientation in the geometry gives exactly the tensor of the same geometry on the frame turned first
 * (turned here pixel by pixel, as {@code cv2.rotate} then {@code cv2.flip(img, 1)} would): every rotation and mirror,
 * RGB and YUV sources, odd sizes, with and without resize, crop, letterbox and a float-stage resize; and boxes go back
 * to the sensor frame.
 */
class FrameOrientationTest {
    private static final FrameOrientation[] TURNS = {
        new FrameOrientation(0, true), new FrameOrientation(90, false), new FrameOrientation(90, true),
        new FrameOrientation(180, false), new FrameOrientation(180, true), new FrameOrientation(270, false),
        new FrameOrientation(270, true)};

    /** The RGB888 frame turned: clockwise by the rotation, then mirrored left to right. */
    static byte[] turn(byte[] rgb, int w, int h, FrameOrientation o) {
        byte[] r = rgb;
        int cw = w;
        int chh = h;
        for (int k = 0; k < o.rotation() / 90; k++) {
            // one clockwise quarter turn: new (x, y) = (H-1-y, x) of old
            byte[] t = new byte[r.length];
            int nw = chh;
            for (int y = 0; y < chh; y++) {
                for (int x = 0; x < cw; x++) {
                    int nx = chh - 1 - y;
                    int ny = x;
                    System.arraycopy(r, (y * cw + x) * 3, t, (ny * nw + nx) * 3, 3);
                }
            }
            r = t;
            int tmp = cw;
            cw = chh;
            chh = tmp;
        }
        if (o.mirror()) {
            byte[] t = new byte[r.length];
            for (int y = 0; y < chh; y++) {
                for (int x = 0; x < cw; x++) {
                    System.arraycopy(r, (y * cw + x) * 3, t, (y * cw + cw - 1 - x) * 3, 3);
                }
            }
            r = t;
        }
        return r;
    }

    private static List<Geometry> geometries() {
        List<Geometry> g = new ArrayList<>();
        g.add(null);
        g.add(new Geometry(Resize.shorterSide(24, Interpolation.BILINEAR, ResizeFamily.PILLOW), Crop.torchvision(20, 20)));
        g.add(new Geometry(Resize.letterbox(32, 32), null));
        g.add(new Geometry(Resize.exact(13, 17, Interpolation.AREA, ResizeFamily.OPENCV), null));
        g.add(new Geometry(null, Crop.torchvision(9, 14)));
        g.add(new Geometry(Resize.exact(30, 20, Interpolation.BICUBIC, ResizeFamily.TORCHVISION_TENSOR), null, true));
        return g;
    }

    @Test
    void aTurnedFrameGivesTheTensorOfTheFrameTurnedFirst() {
        SplittableRandom rnd = new SplittableRandom(90);
        int checked = 0;
        for (int trial = 0; trial < 4; trial++) {
            int w = 5 + rnd.nextInt(60);
            int h = 5 + rnd.nextInt(50);
            YuvFrames frame = new YuvFrames(PixelFormat.NV21, w, h, rnd);
            YuvConversion conv = YuvConversion.LIBYUV_JPEG;
            byte[] rgb = frame.referenceRgb(conv);
            List<PixelBuffer> sources = List.of(PixelBuffer.of(rgb, w, h, PixelFormat.RGB888), frame.buffer(conv, rnd), bgra(rgb, w, h));
            for (FrameOrientation o : TURNS) {
                byte[] turned = turn(rgb, w, h, o);
                PixelBuffer upright = PixelBuffer.of(turned, o.width(w, h), o.height(w, h), PixelFormat.RGB888);
                for (Geometry g : geometries()) {
                    for (ColorOrder color : new ColorOrder[] {ColorOrder.RGB, ColorOrder.GRAY}) {
                        Spec plain = Spec.builder().color(color).scale(1.0 / 255).bias(0).layout(Layout.NCHW).geometry(g).build();
                        Spec withTurn = plain.toBuilder().geometry(g == null ? Geometry.oriented(o) : g.withOrientation(o)).build();
                        float[] want = run(Pipeline.compile(plain), upright);
                        for (PixelBuffer src : sources) {
                            assertThat(run(Pipeline.compile(withTurn), src)).as("%s %s %s %s", o, g, color, src).isEqualTo(want);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * TURNS.length * 6 * 2 * 3);
    }

    private static PixelBuffer bgra(byte[] rgb, int w, int h) {
        byte[] b = new byte[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            b[4 * i] = rgb[3 * i + 2];
            b[4 * i + 1] = rgb[3 * i + 1];
            b[4 * i + 2] = rgb[3 * i];
            b[4 * i + 3] = (byte) 255;
        }
        return PixelBuffer.of(b, w, h, PixelFormat.BGRA8888);
    }

    private static float[] run(Pipeline p, PixelBuffer src) {
        float[] out = new float[p.imageElements(src.width(), src.height())];
        p.run(src, out, 0);
        return out;
    }

    @Test
    void boxesGoBackToTheSensorFrame() {
        Geometry g = new Geometry(Resize.letterbox(320, 320), null);
        for (FrameOrientation o : TURNS) {
            Plan p = g.withOrientation(o).plan(640, 480);
            assertThat(p.sensorWidth()).isEqualTo(640);
            assertThat(p.sourceWidth()).isEqualTo(o.width(640, 480));
            double[] sensorBox = {100, 40, 220, 300};
            double[] back = p.boxToSource(p.sensorBoxToOutput(sensorBox));
            for (int i = 0; i < 4; i++) {
                assertThat(back[i]).as("%s corner %d", o, i).isCloseTo(sensorBox[i], within(1e-9));
            }
        }
        // a 90° turn: the sensor's top-left corner pixel is the turned frame's top-right one
        Plan p = Geometry.oriented(new FrameOrientation(90, false)).plan(4, 3);
        assertThat(p.boxToSource(new double[] {2, 0, 3, 1})).containsExactly(0, 0, 1, 1);
        assertThat(p.outputWidth()).isEqualTo(3);
        assertThat(p.outputHeight()).isEqualTo(4);
    }

    /** Each turn is the EXIF orientation it names, as the EXIF transform (image/Orientation) applies it. */
    @Test
    void eachTurnIsTheExifOrientationItNames() {
        SplittableRandom rnd = new SplittableRandom(6);
        byte[] rgb = new byte[7 * 5 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) rnd.nextInt(256);
        }
        PixelBuffer src = PixelBuffer.of(rgb, 7, 5, PixelFormat.RGB888);
        Spec identity = Spec.builder().color(ColorOrder.RGB).layout(Layout.HWC).dtype(DType.UINT8).build();
        for (FrameOrientation o : TURNS) {
            PixelBuffer exif = dev.pixelprep.core.image.Orientation.apply(src, o.exifOrientation());
            byte[] want = bytes(Pipeline.compile(identity).tensor(exif));
            byte[] got = bytes(Pipeline.compile(identity.toBuilder().geometry(Geometry.oriented(o)).build()).tensor(src));
            assertThat(got).as("%s = EXIF %d", o, o.exifOrientation()).isEqualTo(want);
            assertThat(turn(rgb, 7, 5, o)).isEqualTo(want);
        }
        List<dev.pixelprep.core.geometry.GeometryExport.Line> lines = dev.pixelprep.core.geometry.GeometryExport.all(
                Geometry.oriented(new FrameOrientation(90, true)));
        assertThat(lines).extracting(dev.pixelprep.core.geometry.GeometryExport.Line::text).containsExactly(
                "TF.rotate(img, -90, expand=True); TF.hflip(img)",
                "img.transpose(Image.Transpose.ROTATE_270); img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)",
                "cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE); cv2.flip(img, 1)",
                "turn the frame before the processor (np.rot90(img, k=-1), then img[:, ::-1])",
                "VNImageRequestHandler(cvPixelBuffer: frame, orientation: .leftMirrored)");
        assertThat(lines).allMatch(dev.pixelprep.core.geometry.GeometryExport.Line::exact);
    }

    private static byte[] bytes(Tensor t) {
        byte[] b = new byte[(int) t.size()];
        t.data().duplicate().get(b);
        return b;
    }

    @Test
    void onlyQuarterTurnsAreAccepted() {
        assertThatThrownBy(() -> new FrameOrientation(45, false)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("must be 0, 90, 180 or 270 (degrees clockwise), got 45");
        assertThat(new FrameOrientation(270, true).inverse()).isEqualTo(new FrameOrientation(270, true));
        assertThat(new FrameOrientation(90, false).inverse()).isEqualTo(new FrameOrientation(270, false));
        assertThat(Spec.builder().geometry(Geometry.oriented(new FrameOrientation(90, true))).dtype(DType.UINT8).build().geometry().toString())
                .isEqualTo("frame rotated 90° clockwise, then mirrored");
    }
}
