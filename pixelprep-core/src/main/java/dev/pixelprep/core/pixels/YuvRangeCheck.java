package dev.pixelprep.core.pixels;

/**
 * Whether a frame's samples agree with the range its conversion declares: video-range luma lives in 16..235, so a
 * frame whose luma often falls outside that was most likely encoded full range (or the other way round: a
 * "full-range" frame whose luma never leaves 16..235 is probably video range). A hint for the user, not a decision:
 * a dark scene may be full range and never go below 16.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class YuvRangeCheck {
    /** Share of luma samples outside 16..235 above which a video-range frame is reported as probably full range. */
    public static final double FULL_RANGE_SHARE = 0.002;

    private YuvRangeCheck() {
    }

    /** Share of the frame's luma samples below 16 or above 235 (0 for a non-YUV buffer). */
    public static double outsideVideoRange(PixelBuffer frame) {
        YuvPlane y = frame.lumaPlane();
        if (y == null) {
            return 0;
        }
        long outside = 0;
        int w = frame.width();
        int h = frame.height();
        byte[] row = y.byteArray() != null ? null : new byte[(w - 1) * y.pixelStride() + 1];
        for (int r = 0; r < h; r++) {
            int start = y.offset() + r * y.rowStride();
            byte[] a = y.byteArray();
            int base = start;
            if (a == null) {
                y.byteBuffer().get(start, row, 0, row.length);
                a = row;
                base = 0;
            }
            for (int x = 0; x < w; x++) {
                int v = a[base + x * y.pixelStride()] & 0xFF;
                if (v < 16 || v > 235) {
                    outside++;
                }
            }
        }
        return (double) outside / ((long) w * h);
    }

    /**
     * A one-line warning when the frame's luma contradicts its declared range, else {@code null}: video range declared
     * but more than {@link #FULL_RANGE_SHARE} (0.2 %) of the luma outside 16..235 (video encoders clip to it; the
     * legal excursions of a video signal are rarer than that in a camera frame).
     */
    public static String warning(PixelBuffer frame) {
        YuvConversion c = frame.yuvConversion();
        if (c == null || c.range() != YuvConversion.Range.VIDEO) {
            return null;
        }
        double share = outsideVideoRange(frame);
        if (share <= FULL_RANGE_SHARE) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%.1f%% of the luma samples are outside video range (16..235), but the frame is "
                + "read as %s; it is probably full range (Android camera frames, iOS '420f', JPEG): read it as %s", 100 * share, c.id(),
                YuvConversion.of(c.matrix(), YuvConversion.Range.FULL,
                        c.arithmetic() == YuvConversion.Arithmetic.OPENCV ? YuvConversion.Arithmetic.EXACT : c.arithmetic()).id());
    }
}
