package example;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.pixels.AndroidPixels;
import dev.pixelprep.core.pixels.PixelBuffer;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * An Android Bitmap (ARGB_8888) to a model input, with pixelprep-core alone (no java.awt in it). On a device:
 * {@code ByteBuffer pixels = ByteBuffer.allocateDirect(bitmap.getByteCount()); bitmap.copyPixelsToBuffer(pixels);}
 * then {@code prepare(pixels, bitmap.getWidth(), bitmap.getHeight(), bitmap.getRowBytes(), bitmap.isPremultiplied())}.
 */
public class AndroidBitmap {
    private static final Pipeline PIPELINE = Pipeline.compile(Presets.get("torchvision-v1").toSpec());

    public static FloatBuffer prepare(ByteBuffer copiedPixels, int width, int height, int rowBytes, boolean premultiplied) {
        // copyPixelsToBuffer writes R, G, B, A bytes, premultiplied by alpha unless the Bitmap says otherwise
        PixelBuffer frame = AndroidPixels.fromCopiedPixels(copiedPixels, width, height, rowBytes, premultiplied);
        return PIPELINE.tensor(frame).asFloatBuffer();
    }
}
