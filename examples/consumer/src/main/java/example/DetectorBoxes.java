package example;

import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;

/** A detector's whole preprocessing as its authors compute it, and its boxes mapped back to the photo. */
public class DetectorBoxes {
    // Ultralytics' LetterBox: round(w·r) sides, centred, grey 114, OpenCV bilinear, RGB x/255
    static final Spec YOLO = Recipes.get("ultralytics-letterbox").spec();

    /** A box {x1, y1, x2, y2} in the 640x640 tensor's pixels to the same box in the photo's pixels. */
    public static double[] inPhoto(PixelBuffer photo, double[] boxInTensor) {
        Plan plan = YOLO.geometry().plan(photo.width(), photo.height());
        return plan.boxToSource(boxInTensor);
    }
}
