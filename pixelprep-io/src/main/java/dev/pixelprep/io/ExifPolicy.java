package dev.pixelprep.io;

/**
 * What to do with the EXIF orientation tag (0x0112) of a JPEG.
 *
 * <p>OpenCV's {@code cv2.imread} applies it by default (unless {@code IMREAD_IGNORE_ORIENTATION} is given), so a
 * photo taken in portrait comes out upright. Pillow's {@code Image.open} does <em>not</em>: it returns the
 * pixels as stored, and only {@code ImageOps.exif_transpose(img)} rotates them. Pick the policy that matches
 * the pipeline the model was trained or evaluated with.
 */
public enum ExifPolicy {
    /** Rotate/flip the pixels upright, as {@code cv2.imread} and Pillow's {@code ImageOps.exif_transpose} do. */
    APPLY,
    /** Keep the pixels as stored, as Pillow's {@code Image.open} does; the orientation is only reported. */
    IGNORE
}
