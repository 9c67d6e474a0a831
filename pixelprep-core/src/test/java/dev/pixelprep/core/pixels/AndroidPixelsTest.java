package dev.pixelprep.core.pixels;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Android entry points read the layouts Android documents: {@code copyPixelsToBuffer} bytes (R,G,B,A, premultiplied
 * as Skia stores them, rows of {@code getRowBytes()}), {@code getPixels} ints (straight 0xAARRGGBB with offset and
 * stride) and a CameraX RGBA plane (padded rows); all three give the tensor of the same pixels as plain RGB bytes.
 */
class AndroidPixelsTest {
    static final int W = 37;
    static final int H = 23;

    /** Straight RGBA test pixels; {@code opaque} forces alpha 255. */
    static byte[] straight(boolean opaque) {
        SplittableRandom rnd = new SplittableRandom(12);
        byte[] px = new byte[W * H * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) rnd.nextInt(256);
        }
        for (int i = 3; i < px.length; i += 4) {
            px[i] = opaque ? (byte) 255 : px[i];
        }
        return px;
    }

    /** Skia's 8-bit premultiply (SkMulDiv255Round), as a decoded Bitmap stores colour. */
    static int premul(int c, int a) {
        int p = c * a + 128;
        return (p + (p >> 8)) >> 8;
    }

    /** As copyPixelsToBuffer writes it: rows of rowBytes, then the buffer's position left at the end. */
    static ByteBuffer copied(byte[] rgba, int rowBytes, boolean premultiply) {
        ByteBuffer b = ByteBuffer.allocateDirect(rowBytes * H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int s = (y * W + x) * 4;
                int a = rgba[s + 3] & 0xFF;
                for (int c = 0; c < 3; c++) {
                    int v = rgba[s + c] & 0xFF;
                    b.put(y * rowBytes + x * 4 + c, (byte) (premultiply ? premul(v, a) : v));
                }
                b.put(y * rowBytes + x * 4 + 3, (byte) a);
            }
        }
        b.position(b.capacity());
        return b;
    }

    static int[] ints(byte[] rgba, int offset, int stride) {
        int[] out = new int[offset + stride * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int s = (y * W + x) * 4;
                out[offset + y * stride + x] = (rgba[s + 3] & 0xFF) << 24 | (rgba[s] & 0xFF) << 16 | (rgba[s + 1] & 0xFF) << 8 | (rgba[s + 2] & 0xFF);
            }
        }
        return out;
    }

    static byte[] rgb(byte[] rgba) {
        byte[] out = new byte[W * H * 3];
        for (int p = 0; p < W * H; p++) {
            System.arraycopy(rgba, p * 4, out, p * 3, 3);
        }
        return out;
    }

    @Test
    void opaqueBitmapsAndCameraFramesGiveThePlainRgbTensor() {
        byte[] px = straight(true);
        Pipeline p = Pipeline.compile(Spec.builder().scale(1 / 255.0).build());
        float[] expected = p.tensor(PixelBuffer.of(rgb(px), W, H, PixelFormat.RGB888)).toFloatArray();

        assertThat(p.tensor(AndroidPixels.fromCopiedPixels(copied(px, W * 4 + 12, true), W, H, W * 4 + 12, true)).toFloatArray())
                .containsExactly(expected);
        assertThat(p.tensor(AndroidPixels.fromGetPixels(ints(px, 5, W + 3), 5, W + 3, W, H)).toFloatArray())
                .containsExactly(expected);
        assertThat(p.tensor(AndroidPixels.fromRgbaPlane(copied(px, W * 4 + 64, false), W, H, W * 4 + 64)).toFloatArray())
                .containsExactly(expected);
    }

    @Test
    void premultipliedBitmapReadsAsItsStraightColoursWhenTheSpecUndoesAlpha() {
        byte[] px = straight(false);
        for (AlphaPolicy policy : new AlphaPolicy[] {AlphaPolicy.UNPREMULTIPLY, AlphaPolicy.composite(255, 255, 255)}) {
            Pipeline p = Pipeline.compile(Spec.builder().alpha(policy).build());
            float[] fromInts = p.tensor(AndroidPixels.fromGetPixels(ints(px, 0, W), 0, W, W, H)).toFloatArray();
            float[] fromBitmap = p.tensor(AndroidPixels.fromCopiedPixels(copied(px, W * 4, true), W, H, W * 4, true)).toFloatArray();
            double worst = 0;
            for (int i = 0; i < fromInts.length; i++) {
                worst = Math.max(worst, Math.abs(fromInts[i] - fromBitmap[i]));
            }
            // premultiplying to 8 bits loses up to 255/a/2 levels for small alpha; compositing keeps it within one
            if (policy.kind() == AlphaPolicy.Kind.COMPOSITE) {
                assertThat(worst).as("composite").isLessThanOrEqualTo(1.0);
            } else {
                // below alpha 16 a premultiplied byte keeps almost no colour; above it the loss is at most 255/a levels (NCHW: pixel = i mod W·H)
                int far = 0;
                for (int i = 0; i < fromInts.length; i++) {
                    int a = px[(i % (W * H)) * 4 + 3] & 0xFF;
                    if (a >= 16 && Math.abs(fromInts[i] - fromBitmap[i]) > 255.0 / a) {
                        far++;
                    }
                }
                assertThat(far).as("unpremultiply beyond the rounding bound").isZero();
            }
        }
        // and the flag matters: the same bytes read as straight colour are darker (the silent mistake this guards)
        Pipeline drop = Pipeline.compile(Spec.builder().alpha(AlphaPolicy.composite(255, 255, 255)).build());
        float[] right = drop.tensor(AndroidPixels.fromCopiedPixels(copied(px, W * 4, true), W, H, W * 4, true)).toFloatArray();
        float[] wrong = drop.tensor(AndroidPixels.fromCopiedPixels(copied(px, W * 4, true), W, H, W * 4, false)).toFloatArray();
        assertThat(wrong).isNotEqualTo(right);
    }
}
