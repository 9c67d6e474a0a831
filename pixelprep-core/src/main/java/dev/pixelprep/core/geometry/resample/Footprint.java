package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.ResizeFamily;

/**
 * Which source pixels a windowed resize reads, one axis at a time, so that a caller can prepare only those.
 *
 * <p>Every kernel here is separable: output index {@code d} of an axis reads the source indices whose pixel
 * centre {@code r + 0.5} lies within a radius {@code R} of a sample position {@code p(d)}, clamped to the image
 * (the kernels clamp their taps to the border the same way). Per family and filter, with {@code s} the source
 * pixels per output pixel:
 * <ul>
 *   <li>centred kernels, {@code p = (d + 0.5)·s}: Pillow's filters and torch's antialiased ones with
 *       {@code R = support·max(1, s)} (the support is stretched when shrinking); OpenCV's and torch's
 *       non-antialiased BILINEAR ({@code R = 1}, taps {@code floor(p − 0.5)} and the next; torch clamps
 *       {@code p} to at least 0.5) and BICUBIC ({@code R = 2}, four taps); OpenCV's pixel-area shrink and its
 *       integer block average ({@code R = s/2 + 1/2}: the cell {@code [d·s, (d+1)·s)} and the pixels it touches;
 *       OpenCV's exact 2x BILINEAR runs as that block average, whose two pixels the linear rule already covers);
 *       Pillow's NEAREST ({@code R = 1/2}).</li>
 *   <li>OpenCV's and torch's NEAREST take {@code floor(d·s)}, the pixel that contains {@code d·s}:
 *       {@code p = d·s}, {@code R = 1/2}.</li>
 *   <li>OpenCV's AREA when an axis enlarges runs its linear kernel with taps {@code floor(d·s)} and the next,
 *       on both axes: {@code p = d·s}, {@code R = 3/2}.</li>
 * </ul>
 * Every radius gets {@link #SLACK} on top, so that the rounding in the kernels' own position arithmetic (float
 * positions in OpenCV and torch, a running sum in Pillow's NEAREST) can only add an index that is not read,
 * never drop one that is. {@code FootprintTest} checks the rule against the kernels, and the geometry stage's
 * tests check that images extracted this way resize to the same bits.
 *
 * <p>Stateless utility: static methods only; scratch memory is per thread, so calls from several threads do not meet.
 */
public final class Footprint {
    /** Added to every radius, in source pixels: far above the kernels' position rounding (≤ 0.01 at 32768 pixels). */
    static final double SLACK = 1.0 / 16;

    private Footprint() {
    }

    /**
     * Writes to {@code idx}, ascending and without repeats, every source index along one axis that outputs
     * {@code from .. from+count-1} of the resize read; returns how many.
     *
     * @param scale          source pixels per output pixel along this axis (OpenCV's {@code 1 / inv_scale})
     * @param enlargesEither whether either axis of the resize enlarges ({@code scale < 1}); OpenCV's AREA then runs
     *                       its linear kernel
     * @param seen           scratch of at least {@code in} entries, all false on entry and on return
     * @param idx            receives the indices; at least {@code in} entries
     */
    public static int axis(ResizeFamily family, Filter f, boolean antialias, boolean enlargesEither, int in, double scale,
                           int from, int count, boolean[] seen, int[] idx) {
        double radius;
        double shift; // p(d) = (d + shift)·s: the output pixel's centre when shift = 1/2, its left edge when 0
        boolean torchClamp = false;
        if (f == Filter.NEAREST) {
            radius = 0.5;
            shift = family == ResizeFamily.PILLOW ? 0.5 : 0;
        } else if (family == ResizeFamily.PILLOW || (family == ResizeFamily.TORCHVISION_TENSOR && antialias)) {
            radius = PillowResampler.support(f) * Math.max(1, scale);
            shift = 0.5;
        } else if (family == ResizeFamily.OPENCV && f == Filter.AREA) {
            radius = enlargesEither ? 1.5 : 0.5 * scale + 0.5;
            shift = enlargesEither ? 0 : 0.5;
        } else if (f == Filter.BILINEAR) {
            radius = 1;
            shift = 0.5;
            torchClamp = family == ResizeFamily.TORCHVISION_TENSOR;
        } else if (f == Filter.BICUBIC) {
            radius = 2;
            shift = 0.5;
        } else {
            throw new IllegalArgumentException(family.id() + " has no " + f + " resize");
        }
        radius += SLACK;
        for (int d = from; d < from + count; d++) {
            double p = (d + shift) * scale;
            if (torchClamp) {
                p = Math.max(p, 0.5);
            }
            // r + 0.5 in [p − radius, p + radius], then clamped to the image as the kernels clamp their taps
            int lo = Args.clamp((int) Math.ceil(p - radius - 0.5), 0, in - 1);
            int hi = Args.clamp((int) Math.floor(p + radius - 0.5), 0, in - 1);
            for (int r = lo; r <= hi; r++) {
                seen[r] = true;
            }
        }
        int n = 0;
        for (int r = 0; r < in; r++) {
            if (seen[r]) {
                idx[n++] = r;
                seen[r] = false;
            }
        }
        return n;
    }
}
