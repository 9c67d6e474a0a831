package example;

import dev.pixelprep.awt.BufferedImages;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.spec.Spec;

import java.awt.image.BufferedImage;

/** A BufferedImage of any type to a torchvision model's NCHW float32 input. */
public class FromBufferedImage {
    // say what the model wants in the words of the framework it came from: (x/255 - mean)/std, RGB, NCHW float32,
    // then torchvision's Resize(256) + CenterCrop(224) with Pillow's bilinear kernel
    static final Spec SPEC = Torchvision.imagenet().applyTo(Spec.builder())
            .geometry(Geometry.shorterSide(256, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW))
            .build();
    // compiled once; immutable and thread-safe, so share it
    static final Pipeline PIPELINE = Pipeline.compile(SPEC);

    public static float[] chw(BufferedImage image) {
        // read from the raster (never getRGB), for every BufferedImage type
        return PIPELINE.tensor(BufferedImages.toPixelBuffer(image)).toFloatArray();
    }
}
