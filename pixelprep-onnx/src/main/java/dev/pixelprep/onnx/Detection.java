package dev.pixelprep.onnx;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes detector outputs of the UltraFace style: {@code scores [1, N, classes]} (already softmaxed) and
 * {@code boxes [1, N, 4]} = (x1, y1, x2, y2) normalised to the network input; keeps candidates above a threshold,
 * suppresses overlaps greedily (hard NMS), and maps the boxes back to the original image through the geometry
 * plan, so letterbox, crop and scale are undone.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class Detection {
    /** A detected object in source-image pixel coordinates. */
    public record Box(double x1, double y1, double x2, double y2, double score, int classIndex) {
        double area() {
            return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        }
    }

    private Detection() {
    }

    /**
     * @param classIndex   which score column is the object (UltraFace: 1 = face, 0 = background)
     * @param threshold    minimum score (UltraFace's authors use 0.7)
     * @param iou          overlap above which the lower-scored box is dropped (authors: 0.3)
     * @param plan         the geometry that made the network input from the source image
     */
    public static List<Box> ultraFace(Tensor scores, Tensor boxes, int classIndex, double threshold, double iou, Plan plan) {
        int[] ss = scores.shape();
        int[] bs = boxes.shape();
        if (ss.length != 3 || bs.length != 3 || ss[1] != bs[1] || bs[2] != 4 || classIndex >= ss[2]) {
            throw new InvalidModelException("expected scores [1,N,C] and boxes [1,N,4], got " + java.util.Arrays.toString(ss) + " and "
                    + java.util.Arrays.toString(bs));
        }
        float[] s = scores.toFloatArray();
        float[] b = boxes.toFloatArray();
        int n = ss[1];
        int c = ss[2];
        double w = plan.outputWidth();
        double h = plan.outputHeight();
        List<Box> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = s[i * c + classIndex];
            if (score > threshold) {
                double[] tensorBox = {b[i * 4] * w, b[i * 4 + 1] * h, b[i * 4 + 2] * w, b[i * 4 + 3] * h};
                double[] src = plan.boxToSource(tensorBox);
                candidates.add(new Box(src[0], src[1], src[2], src[3], score, classIndex));
            }
        }
        return nms(candidates, iou);
    }

    /** Greedy hard NMS: best first, drop every later box overlapping a kept one by more than {@code iou}. */
    public static List<Box> nms(List<Box> boxes, double iou) {
        List<Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box cand : sorted) {
            boolean keep = true;
            for (Box k : kept) {
                if (iou(cand, k) > iou) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                kept.add(cand);
            }
        }
        return kept;
    }

    static double iou(Box a, Box b) {
        double ix = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
        double iy = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
        double inter = ix * iy;
        double union = a.area() + b.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
