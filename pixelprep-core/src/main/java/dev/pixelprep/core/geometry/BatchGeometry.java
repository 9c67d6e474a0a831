package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidPixelsException;

import java.util.Arrays;

/**
 * A {@link Geometry} resolved for one batch of source sizes: the geometry every image of the batch is prepared with
 * so that all make one tensor size, as the model authors batch them.
 *
 * <ul>
 *   <li>A text-line resize ({@link ResizeMode#HEIGHT}, PaddleOCR recognition): PaddleOCR's {@code TextRecognizer}
 *       takes {@code max_wh_ratio} over the batch, starting at {@code W / H}, and gives every line the canvas
 *       {@code int(H · max_wh_ratio)}; each line is {@code ceil(H · w/h)} wide unless that passes the canvas. So a
 *       line may be resized one column wider in a batch than alone.</li>
 *   <li>{@link Geometry#padBatch()}: each image as alone, then padded right and bottom to the batch's largest
 *       width and height in tensor units (PaddleDetection's {@code create_inputs}).</li>
 *   <li>Otherwise every image must already make the same size; the first that does not is named.</li>
 * </ul>
 *
 * <p>Immutable: a value computed once per batch; safe to share between threads.
 */
public final class BatchGeometry {
    private final Geometry geometry;
    private final int width;
    private final int height;

    private BatchGeometry(Geometry geometry, int width, int height) {
        this.geometry = geometry;
        this.width = width;
        this.height = height;
    }

    /** The geometry each image of the batch is prepared with (the one given when the batch needs nothing else). */
    public Geometry geometry() {
        return geometry;
    }

    /** The batch's tensor width in pixels. */
    public int width() {
        return width;
    }

    /** The batch's tensor height in pixels. */
    public int height() {
        return height;
    }

    /**
     * Resolves {@code g} for the sources {@code widths[i] × heights[i]} (as stored: a frame orientation turns them
     * first).
     *
     * @throws InvalidPixelsException when the images make different sizes and the geometry has no batch rule, or
     *                                the sizes are not positive
     */
    public static BatchGeometry of(Geometry g, int[] widths, int[] heights) {
        if (widths.length == 0 || widths.length != heights.length) {
            throw new InvalidPixelsException("a batch needs one width and one height per image, got " + widths.length + " and " + heights.length);
        }
        Plan[] plans = new Plan[widths.length];
        for (int i = 0; i < plans.length; i++) {
            plans[i] = g.plan(widths[i], heights[i]);
        }
        Resize r = g.resize();
        if (r != null && r.mode() == ResizeMode.HEIGHT && g.then() == null && g.crop() == null && plans.length > 1) {
            return textLines(g, r, plans);
        }
        int w = plans[0].outputWidth();
        int h = plans[0].outputHeight();
        int differs = -1;
        for (int i = 1; i < plans.length; i++) {
            if (plans[i].outputWidth() != plans[0].outputWidth() || plans[i].outputHeight() != plans[0].outputHeight()) {
                differs = differs < 0 ? i : differs;
            }
            w = Math.max(w, plans[i].outputWidth());
            h = Math.max(h, plans[i].outputHeight());
        }
        if (differs < 0) {
            return new BatchGeometry(g, w, h);
        }
        if (!g.padBatch()) {
            throw new InvalidPixelsException("images of one batch must make one tensor size: image 0 (" + widths[0] + "x" + heights[0]
                    + ") makes " + size(plans[0]) + ", image " + differs + " (" + widths[differs] + "x" + heights[differs] + ") makes "
                    + size(plans[differs]) + (g.resize() == null && g.crop() == null ? "; the geometry does not fix the output size"
                    : "; this geometry does not fix the output size: resize or crop to a fixed size, or pad the batch (pad_batch)"));
        }
        // each image as alone, then a top-left crop of the batch's size: everything it adds is padding on the right
        // and at the bottom, written in the geometry's tensor-unit pad value
        Geometry padded = new Geometry(g.resize(), new Crop(w, h, CropRounding.TOP_LEFT, true, null), g.resizeOnFloats(), g.padValue(),
                null, g.orientation(), false);
        return new BatchGeometry(padded, w, h);
    }

    /**
     * PaddleOCR's batch of text lines: the canvas {@code int(H · max(W/H, max w/h))}, reached by giving the resize
     * that canvas as its narrowest width; every plan is checked against PaddleOCR's arithmetic, and a batch the
     * resize cannot express is refused rather than approximated.
     */
    private static BatchGeometry textLines(Geometry g, Resize r, Plan[] plans) {
        double ratio = (double) r.width() / r.height();
        for (Plan p : plans) {
            ratio = Math.max(ratio, (double) p.sourceWidth() / p.sourceHeight());
        }
        long canvas = (long) (r.height() * ratio);
        for (long width : new long[] {canvas, canvas + 1}) {
            if (width < 1 || width > Resize.MAX_SIDE) {
                continue;
            }
            Resize wide = new Resize(r.mode(), (int) width, r.height(), r.size(), r.maxSize(), r.interpolation(), r.family(), r.antialias(),
                    r.padColor(), r.padCenter(), r.sideRounding(), r.scaleLimit(), r.multiple(), r.stride());
            Geometry wg = new Geometry(wide, null, g.resizeOnFloats(), g.padValue(), null, g.orientation(), false);
            boolean all = true;
            for (Plan p : plans) {
                Plan q = wg.plan(p.sensorWidth(), p.sensorHeight());
                long c = (long) Math.ceil(r.height() * ((double) p.sourceWidth() / p.sourceHeight()));
                long want = Math.max(1, c > canvas ? canvas : c);
                all &= q.outputWidth() == canvas && q.resizedWidth() == want;
            }
            if (all) {
                return new BatchGeometry(width == r.width() ? g : wg, (int) canvas, r.height());
            }
        }
        throw new InvalidPixelsException("this batch's text-line canvas int(" + r.height() + " · " + ratio + ") = " + canvas
                + " cannot be given to every line exactly; prepare the lines in smaller batches");
    }

    private static String size(Plan p) {
        return p.outputWidth() + "x" + p.outputHeight();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchGeometry b && geometry.equals(b.geometry) && width == b.width && height == b.height;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {geometry.hashCode(), width, height});
    }

    @Override
    public String toString() {
        return "batch " + width + "x" + height + ": " + geometry;
    }
}
