package dev.pixelprep.core.engine;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Photos of different sizes and formats in one batch, whenever the spec fixes the tensor's shape. */
class MixedSizeBatchTest {
    static PixelBuffer photo(String name) throws IOException {
        try (InputStream in = MixedSizeBatchTest.class.getResourceAsStream("/golden-resize/inputs/" + name)) {
            return TestImages.pixels(ImageIO.read(in));
        }
    }

    /** Each image's slot of the batch is that image's own tensor, byte for byte. */
    static void assertSlotsAreTheSingleTensors(Spec spec, List<PixelBuffer> images) {
        Tensor batch = Pipeline.compile(spec.toBuilder().batch(images.size()).build()).tensor(images);
        Pipeline single = Pipeline.compile(spec);
        assertThat(batch.shape()[0]).isEqualTo(images.size());
        ByteBuffer all = batch.data();
        int per = all.capacity() / images.size();
        for (int i = 0; i < images.size(); i++) {
            ByteBuffer one = single.tensor(images.get(i)).data();
            byte[] a = new byte[per];
            byte[] b = new byte[per];
            all.duplicate().position(i * per).get(a);
            one.duplicate().position(0).get(b);
            assertThat(Arrays.equals(a, b)).as("slot %d", i).isTrue();
        }
    }

    @Test
    void aPresetWithItsGeometryBatchesPhotosOfEverySize() throws IOException {
        // 451x300 RGB, 427x640 RGB, 512x512 gray, 500x500 RGBA
        List<PixelBuffer> images = List.of(photo("chelsea.png"), photo("rocket_portrait.png"), photo("camera.png"), photo("logo.png"));
        assertSlotsAreTheSingleTensors(Presets.get("onnx-zoo-imagenet").toSpec(), images);
    }

    @Test
    void aLetterboxAndAStretchBatchPhotosOfEverySize() throws IOException {
        List<PixelBuffer> images = List.of(photo("synth_rgb_600x90.png"), photo("rocket.png"), photo("synth_rgb_37x23.png"));
        Spec unit = Presets.get("unit").toSpec();
        assertSlotsAreTheSingleTensors(unit.toBuilder().geometry(Geometry.fit(320, 320)).build(), images);
        assertSlotsAreTheSingleTensors(unit.toBuilder().geometry(Geometry.exact(96, 64, Interpolation.BILINEAR, ResizeFamily.OPENCV)).build(), images);
        assertSlotsAreTheSingleTensors(unit.toBuilder().geometry(Geometry.fill(96, 64, Interpolation.AREA, ResizeFamily.OPENCV)).build(), images);
    }

    @Test
    void aSpecThatKeepsTheImageSizeNamesTheImageThatDoesNotFit() throws IOException {
        Spec spec = Presets.get("unit").toSpec().toBuilder().batch(2).build();
        List<PixelBuffer> images = List.of(photo("chelsea.png"), photo("rocket.png"));
        assertThatThrownBy(() -> Pipeline.compile(spec).tensor(images))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessage("images of one batch must make one tensor shape: image 0 (451x300) makes [2,3,300,451], image 1 (640x427)"
                        + " makes [2,3,427,640]; the spec has no geometry: add a resize (and crop) to a fixed size");
        // a shorter-side resize alone keeps the aspect, so 3:2 and 1:1 photos differ
        Spec side = spec.toBuilder().geometry(Geometry.of(dev.pixelprep.core.geometry.Resize.shorterSide(64, Interpolation.BILINEAR,
                ResizeFamily.PILLOW))).build();
        assertThatThrownBy(() -> Pipeline.compile(side).tensor(List.of(photo("chelsea.png"), photo("astronaut.png"))))
                .isInstanceOf(InvalidPixelsException.class)
                .hasMessageContaining("image 1 (512x512) makes [2,3,64,64]")
                .hasMessageEndingWith("this geometry does not fix the output size: resize or crop to a fixed size, or pad the batch (pad_batch)");
    }
}
