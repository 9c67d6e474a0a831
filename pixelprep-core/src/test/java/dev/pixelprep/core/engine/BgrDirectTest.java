package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The geometry stage reads a BGR888 source (every decoded colour PNG and JPEG) in place instead of extracting it to
 * RGB first; the tensor must be the RGB888 source's, bit for bit, for every kernel family and every way the window
 * reaches the output (resized and covering, resized into a padded canvas, cropped without a resize).
 */
class BgrDirectTest {
    private static List<Geometry> geometries() {
        List<Geometry> g = new ArrayList<>();
        for (ResizeFamily f : ResizeFamily.values()) {
            for (Interpolation i : Interpolation.values()) {
                if (!f.supports(i)) {
                    continue;
                }
                g.add(new Geometry(Resize.shorterSide(37, i, f), Crop.torchvision(31, 29)));
                g.add(new Geometry(Resize.exact(53, 41, i, f), null));
                g.add(new Geometry(Resize.shorterSide(37, i, f), Crop.torchvision(60, 50)));
            }
        }
        g.add(new Geometry(Resize.letterbox(64, 64), null));
        g.add(new Geometry(null, Crop.torchvision(40, 30)));
        g.add(new Geometry(null, Crop.torchvision(120, 90)));
        return g;
    }

    @Test
    void bgrSourcesGiveTheTensorsOfTheSameRgbPixels() {
        Random r = new Random(5);
        for (int[] size : new int[][] {{97, 71}, {71, 97}, {33, 20}}) {
            int w = size[0];
            int h = size[1];
            byte[] rgb = new byte[w * h * 3];
            r.nextBytes(rgb);
            byte[] bgr = new byte[rgb.length];
            for (int i = 0; i < rgb.length; i += 3) {
                bgr[i] = rgb[i + 2];
                bgr[i + 1] = rgb[i + 1];
                bgr[i + 2] = rgb[i];
            }
            PixelBuffer a = PixelBuffer.of(rgb, w, h, PixelFormat.RGB888);
            PixelBuffer b = PixelBuffer.of(bgr, w, h, PixelFormat.BGR888);
            for (Geometry g : geometries()) {
                for (ColorOrder c : new ColorOrder[] {ColorOrder.RGB, ColorOrder.BGR}) {
                    Spec spec = Spec.builder().color(c).scale(0.017, 0.018, 0.019).bias(-2.1, -2.0, -1.8).geometry(g).build();
                    Pipeline p = Pipeline.compile(spec);
                    assertThat(p.tensor(b).toFloatArray()).as(w + "x" + h + " " + g + " " + c).isEqualTo(p.tensor(a).toFloatArray());
                }
            }
        }
    }
}
