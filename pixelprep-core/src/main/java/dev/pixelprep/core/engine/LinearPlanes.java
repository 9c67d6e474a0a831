package dev.pixelprep.core.engine;

import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.resample.OpenCvLinearPlanes;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The fused route of an OpenCV-bilinear geometry (the detector letterboxes and resizes: Ultralytics, YOLOv5,
 * PaddleDetection): source pixels resized by {@link OpenCvLinearPlanes} straight into the float32 planes of the
 * tensor, normalised on the way, and the padding written as the normalisation maps it. No 8-bit window, canvas or
 * second pass over the output, where the staged route ({@link GeometryStage#apply} then the normalisation rows) has
 * all three; the floats are the same bits (the same resize arithmetic, the same table), which {@code
 * LinearPlanesTest} holds for every source layout the route takes.
 *
 * <p>Immutable and thread-safe: per-call memory is the calling thread's {@link RowScratch} and resampler workspace.
 */
final class LinearPlanes {
    private final GeometryStage geometry;
    private final Normaliser n;
    /** The padding in tensor units per channel, or {@code null} when it is a pixel colour. */
    private final float[] padTensor;
    private final int channels;

    LinearPlanes(GeometryStage geometry, Normaliser n, float[] padTensor) {
        this.geometry = geometry;
        this.n = n;
        this.padTensor = padTensor;
        this.channels = geometry.channels();
    }

    /**
     * Whether this route takes {@code src}: a one-step OpenCV bilinear geometry that resizes this source's size with
     * INTER_LINEAR (not a copy, not OpenCV's 2× INTER_AREA), on a {@code byte[]} of 1-, 3- or 4-byte pixels or a
     * packed {@code int[]}, whose colours reach the kernel as they are (no alpha policy or luma at work).
     */
    boolean takes(PixelBuffer src) {
        if (!geometry.linearGeometry() || src.format().isYuv() || n.changesColours(src)) {
            return false;
        }
        int ps = src.format().pixelStride();
        if (src.intArray() == null && (src.byteArray() == null || (ps != 1 && ps != 3 && ps != 4))) {
            return false;
        }
        if (channels == 1 && src.format() != PixelFormat.GRAY8) {
            return false;
        }
        GeometryStage.SizePlan l = geometry.sizePlanOf(src);
        Plan p = l.plan;
        return l.window != null && p.resamples()
                && OpenCvLinearPlanes.handles(p.sourceWidth(), p.sourceHeight(), p.resizedWidth(), p.resizedHeight(), p.invScaleX(), p.invScaleY());
    }

    /** The output width of {@code src}'s plan (cached for a repeated size). */
    int outputWidth(PixelBuffer src) {
        return geometry.sizePlanOf(src).plan.outputWidth();
    }

    int outputHeight(PixelBuffer src) {
        return geometry.sizePlanOf(src).plan.outputHeight();
    }

    /** A source {@link #takes} took, into planar float32 {@code out} from element {@code offset}. */
    void run(PixelBuffer src, float[] out, int offset) {
        GeometryStage.SizePlan l = geometry.sizePlanOf(src);
        Plan p = l.plan;
        int w = p.outputWidth();
        int plane = w * p.outputHeight();
        int[] planeStart = RowScratch.get(w).base;
        for (int c = 0; c < channels; c++) {
            planeStart[c] = offset + c * plane + l.content[2] * w + l.content[0];
        }
        resize(src, l, out, planeStart, w, null);
        int[] k = l.content;
        for (int c = 0; c < channels; c++) {
            float v = padLevel(l, c);
            int base = offset + c * plane;
            java.util.Arrays.fill(out, base, base + k[2] * w, v);
            for (int y = k[2]; y < k[3]; y++) {
                java.util.Arrays.fill(out, base + y * w, base + y * w + k[0], v);
                java.util.Arrays.fill(out, base + y * w + k[1], base + (y + 1) * w, v);
            }
            java.util.Arrays.fill(out, base + k[3] * w, base + plane, v);
        }
    }

    /**
     * A source {@link #takes} took, into a FloatBuffer (from element {@code offset}) or a ByteBuffer (little-endian
     * float32 from byte {@code offset}), exactly one of them non-null: each window row staged, then copied to its
     * place in every plane.
     */
    void run(PixelBuffer src, FloatBuffer fb, ByteBuffer bb, int offset) {
        GeometryStage.SizePlan l = geometry.sizePlanOf(src);
        Plan p = l.plan;
        int w = p.outputWidth();
        int h = p.outputHeight();
        int winW = l.window.width();
        RowScratch s = RowScratch.get(w);
        BufferPlanes target = s.bufferPlanes;
        int[] k = l.content;
        target.target(fb, bb, offset, w, h, channels, winW, k[0], k[2]);
        int[] planeStart = s.base;
        for (int c = 0; c < channels; c++) {
            planeStart[c] = c * winW;
        }
        resize(src, l, target.stage, planeStart, 0, target);
        for (int c = 0; c < channels; c++) {
            float v = padLevel(l, c);
            target.fill(c, 0, k[2] * w, v);
            for (int y = k[2]; y < k[3]; y++) {
                target.fill(c, y * w, k[0], v);
                target.fill(c, y * w + k[1], w - k[1], v);
            }
            target.fill(c, k[3] * w, (h - k[3]) * w, v);
        }
    }

    private void resize(PixelBuffer src, GeometryStage.SizePlan l, float[] out, int[] planeStart, int outRowStride,
                        OpenCvLinearPlanes.RowSink sink) {
        Plan p = l.plan;
        OpenCvLinearPlanes.resize(src.byteArray(), src.intArray(), src.offset(), src.rowStride(), src.format().pixelStride(),
                n.directIndex(src.format()), p.sourceWidth(), p.sourceHeight(), p.resizedWidth(), p.resizedHeight(), p.invScaleX(),
                p.invScaleY(), l.window, n.lut, n.scale, n.bias, n.invert, out, planeStart, outRowStride, sink);
    }

    /**
     * Output channel c's padding as the tensor holds it: the tensor-unit value, or the level of the pad colour's
     * channel through the table (the staged route's canvas is RGB, so a BGR tensor's channel 0 reads its blue).
     */
    private float padLevel(GeometryStage.SizePlan l, int c) {
        if (padTensor != null) {
            return padTensor[c];
        }
        return n.lut[c][l.pad[channels == 1 ? 0 : n.directIndex(PixelFormat.RGB888)[c]]];
    }
}
