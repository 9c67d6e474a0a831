package dev.pixelprep.fuzz;

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
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link ImageDecoder} on arbitrary bytes (every format it sniffs: PNG, JPEG, GIF, BMP, TIFF, WebP), from memory and
 * from a file, and a decode followed by a {@link Pipeline} with a geometry. A decoded image must be as large as it
 * says it is.
 */
class ImageDecoderFuzzTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults();
    private static final ResizeMode[] MODES = ResizeMode.values();
    private static final Interpolation[] INTERPOLATIONS = Interpolation.values();
    private static final ResizeFamily[] FAMILIES = ResizeFamily.values();

    @FuzzTest
    void decodeBytes(byte[] data) throws Exception {
        Expected.refusalOk(() -> checkDecoded(DECODER.decode(data, "fuzz-input")));
    }

    @FuzzTest
    void decodeFile(byte[] data) throws Exception {
        Path f = Files.createTempFile("pixelprep-fuzz", ".img");
        try {
            Files.write(f, data);
            Expected.refusalOk(() -> checkDecoded(DECODER.decode(f)));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /**
     * The first 8 bytes choose a geometry (mode, kernel, family, target size, crop), the rest is the image file;
     * the seeds are the image seeds with such a prefix.
     */
    @FuzzTest
    void decodeThenPipeline(byte[] data) throws Exception {
        if (data.length < 9) {
            return;
        }
        Expected.refusalOk(() -> {
            byte[] image = Arrays.copyOfRange(data, 8, data.length);
            DecodedImage img = DECODER.decode(image, "fuzz-input");
            checkDecoded(img);
            Geometry g = geometry(data);
            Spec spec = Spec.builder().geometry(g).color(data[7] < 0 ? ColorOrder.BGR : ColorOrder.RGB)
                    .scale(1 / 255.0).layout(Layout.NCHW).build();
            Plan plan = g.plan(img.width(), img.height());
            Tensor t = Pipeline.compile(spec).tensor(img.pixels());
            int[] s = t.shape();
            if (s.length != 4 || s[1] != 3 || s[2] != plan.outputHeight() || s[3] != plan.outputWidth()) {
                throw new AssertionError("tensor shape " + Arrays.toString(s) + " is not the plan's " + plan);
            }
        });
    }

    static Geometry geometry(byte[] d) {
        ResizeMode mode = MODES[(d[0] & 0xFF) % MODES.length];
        Interpolation interpolation = INTERPOLATIONS[(d[1] & 0xFF) % INTERPOLATIONS.length];
        ResizeFamily family = FAMILIES[(d[1] & 0xFF) / INTERPOLATIONS.length % FAMILIES.length];
        int w = 1 + (d[2] & 0xFF);
        int h = 1 + (d[3] & 0xFF);
        boolean antialias = (d[4] & 1) != 0;
        Resize r = (d[4] & 2) != 0 ? null
                : new Resize(mode, w, h, w, 0, interpolation, family, antialias, null, (d[4] & 4) != 0);
        Crop c = (d[4] & 8) != 0 || r == null
                ? new Crop(1 + (d[5] & 0xFF), 1 + (d[6] & 0xFF), (d[4] & 16) != 0 ? CropRounding.FLOOR : CropRounding.HALF_EVEN,
                        (d[4] & 32) != 0, null)
                : null;
        return new Geometry(r, c, r != null && (d[4] & 64) != 0);
    }

    private static void checkDecoded(DecodedImage img) {
        // width and height are as stored; the pixels are turned upright when the EXIF orientation says so (5..8 swap axes)
        boolean swapped = img.orientationApplied() && img.exifOrientation() >= 5;
        int w = swapped ? img.height() : img.width();
        int h = swapped ? img.width() : img.height();
        if (img.width() < 1 || img.height() < 1 || img.pixels().width() != w || img.pixels().height() != h) {
            throw new AssertionError("decoded size " + img.width() + "x" + img.height() + " disagrees with its pixels " + img.pixels());
        }
    }
}
