package dev.pixelprep.core;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Test-only reader of the 8-bit PNG inputs the core's golden cases use (gray, RGB, RGBA), with ImageIO and the
 * raster's samples in band order. The core ships without {@code java.awt}; the real {@code BufferedImage} adapter
 * lives in pixelprep-awt and is tested there on every raster type. Anything else is refused so that a new golden
 * input of another kind cannot be read differently from how the peers read it.
 */
public final class TestImages {
    private TestImages() {
    }

    /** The stored samples of {@code image} as GRAY8, RGB888 or RGBA8888 (straight alpha). */
    public static PixelBuffer pixels(BufferedImage image) {
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        if (raster.getTransferType() != DataBuffer.TYPE_BYTE || image.getColorModel() instanceof IndexColorModel
                || image.getColorModel().isAlphaPremultiplied() || (bands != 1 && bands != 3 && bands != 4)) {
            throw new IllegalArgumentException("test inputs must be 8-bit gray, RGB or RGBA PNGs, got type " + image.getType());
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
        byte[] bytes = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bytes[i] = (byte) samples[i];
        }
        PixelFormat format = bands == 1 ? PixelFormat.GRAY8 : bands == 3 ? PixelFormat.RGB888 : PixelFormat.RGBA8888;
        return PixelBuffer.builder().size(w, h).format(format).data(bytes).build();
    }
}
