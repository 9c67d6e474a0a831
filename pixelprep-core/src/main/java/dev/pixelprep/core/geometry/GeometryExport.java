package dev.pixelprep.core.geometry;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Geometry} written in each framework's words, and whether that framework reproduces it pixel for pixel.
 * Only the library whose arithmetic the geometry names ({@link ResizeFamily}) can be exact; the others run a
 * different resampler and are marked approximate.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class GeometryExport {
    /** One framework's spelling of the geometry. */
    public record Line(String convention, String text, boolean exact, String note) {
    }

    private GeometryExport() {
    }

    public static List<Line> all(Geometry g) {
        List<Line> out = new ArrayList<>();
        FrameOrientation o = g.orientation();
        if (o.isNone()) {
            out.add(torchvision(g));
            out.add(pillow(g));
            out.add(opencv(g));
            out.add(hf(g));
            out.add(coreml(g));
        } else {
            // turning a frame moves pixels without resampling: every framework's turn is exact; the rest is as without it
            Geometry rest = g.resize() == null && g.crop() == null ? null : g.withOrientation(FrameOrientation.NONE);
            out.add(turned(torchvision(rest), turn("torchvision", o)));
            out.add(turned(pillow(rest), turn("pillow", o)));
            out.add(turned(opencv(rest), turn("opencv", o)));
            out.add(turned(hf(rest), turn("hf", o)));
            out.add(turned(coreml(rest), turn("coreml", o)));
        }
        String own = ownRule(g);
        if (own == null) {
            return out;
        }
        // a detector's size rule: no framework's stock transform computes those sizes, whatever it resamples with
        List<Line> marked = new ArrayList<>();
        for (Line l : out) {
            boolean hfOwn = l.convention().equals("hf") && g.resize() != null && g.resize().sideRounding() == SideRounding.HF
                    && g.resize().scaleLimit() == ScaleLimit.ANY && g.resize().multiple() == 0 && g.padValue() == null;
            marked.add(hfOwn ? l : new Line(l.convention(), l.text(), false, own + "; " + l.convention() + "'s transform computes other sizes"));
        }
        return marked;
    }

    /** One framework's line after the frame's turn; {@code rest} is {@code null} when the geometry only turns. */
    private static Line turned(Line rest, String turn) {
        if (rest == null) {
            return null;
        }
        return new Line(rest.convention(), turn + (rest.text().isEmpty() ? "" : "; then " + rest.text()), rest.exact(), rest.note());
    }

    /** The frame's turn in a framework's words (rotations clockwise, then the mirror). */
    static String turn(String convention, FrameOrientation o) {
        int r = o.rotation();
        List<String> steps = new ArrayList<>();
        switch (convention) {
            case "torchvision":
                if (r != 0) {
                    steps.add("TF.rotate(img, " + (-r) + ", expand=True)");
                }
                if (o.mirror()) {
                    steps.add("TF.hflip(img)");
                }
                break;
            case "pillow":
                if (r != 0) {
                    steps.add("img.transpose(Image.Transpose." + (r == 90 ? "ROTATE_270" : r == 180 ? "ROTATE_180" : "ROTATE_90") + ")");
                }
                if (o.mirror()) {
                    steps.add("img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)");
                }
                break;
            case "opencv":
                if (r != 0) {
                    steps.add("cv2.rotate(img, cv2." + (r == 90 ? "ROTATE_90_CLOCKWISE" : r == 180 ? "ROTATE_180" : "ROTATE_90_COUNTERCLOCKWISE") + ")");
                }
                if (o.mirror()) {
                    steps.add("cv2.flip(img, 1)");
                }
                break;
            case "coreml":
                // CGImagePropertyOrientation of the frame for VNImageRequestHandler(cvPixelBuffer:orientation:)
                String[] byExif = {"", "up", "upMirrored", "down", "downMirrored", "leftMirrored", "right", "rightMirrored", "left"};
                steps.add("VNImageRequestHandler(cvPixelBuffer: frame, orientation: ." + byExif[o.exifOrientation()] + ")");
                break;
            default:
                steps.add("turn the frame before the processor (np.rot90(img, k=" + (-r / 90) + ")" + (o.mirror() ? ", then img[:, ::-1]" : "") + ")");
        }
        return String.join("; ", steps);
    }

    /** What about the resize only its authors' code does, or {@code null} for a stock rule. */
    private static String ownRule(Geometry g) {
        Resize r = g.resize();
        List<String> parts = new ArrayList<>();
        if (g.padValue() != null) {
            parts.add("padding in tensor units after normalisation");
        }
        if (g.then() != null) {
            parts.add("a second resize of the whole result (MediaPipe's resize_pad)");
        }
        if (g.padBatch()) {
            parts.add("a batch padded right and bottom to its largest image (PaddleDetection's create_inputs)");
        }
        if (g.crop() != null && g.crop().rounding() == CropRounding.TOP_LEFT) {
            parts.add("padding right and bottom only");
        }
        if (r == null) {
            return parts.isEmpty() ? null : String.join(", ", parts);
        }
        if (r.mode() == ResizeMode.HEIGHT) {
            parts.add("PaddleOCR recognition's text-line width");
        }
        switch (r.sideRounding()) {
            case ROUND: parts.add(r.mode() == ResizeMode.FIT ? "sides rounded (Ultralytics, YOLOv5)" : "the other side rounded (ONNX Model Zoo)"); break;
            case HF: parts.add("Hugging Face's DETR rounding"); break;
            case RATIO: parts.add("PaddleOCR's ratio sides"); break;
            case HALF_UP: parts.add("Segment Anything's half-up sides"); break;
            case SCALE: parts.add("PaddleDetection's keep_ratio scale, cv2.resize(fx, fy)"); break;
            default: break;
        }
        if (r.scaleLimit() != ScaleLimit.ANY) {
            parts.add(r.scaleLimit() == ScaleLimit.DOWN ? "only shrinking" : "only enlarging");
        }
        if (r.multiple() > 0) {
            parts.add("sides to multiples of " + r.multiple());
        }
        if (r.stride() > 0) {
            parts.add("padding to a multiple of " + r.stride());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static Line torchvision(Geometry g) {
        if (g == null) {
            return new Line("torchvision", "", true, null);
        }
        Resize r = g.resize();
        Crop c = g.crop();
        StringBuilder sb = new StringBuilder();
        String comment = "";
        boolean exact = true;
        String note = null;
        if (r != null) {
            String interp = "InterpolationMode." + (r.interpolation() == Interpolation.LANCZOS ? "LANCZOS" : r.interpolation().name());
            String size;
            switch (r.mode()) {
                case SHORTER_SIDE: size = r.size() + (r.maxSize() > 0 ? ", max_size=" + r.maxSize() : ""); break;
                case EXACT: size = "(" + r.height() + ", " + r.width() + ")"; break;
                default:
                    size = null;
            }
            if (size == null) {
                return new Line("torchvision", "no single transform: " + r.mode().id() + " needs a custom step", false,
                        "torchvision has no " + r.mode().id() + " resize");
            }
            sb.append("transforms.Resize(").append(size).append(", interpolation=").append(interp);
            if (r.family() == ResizeFamily.TORCHVISION_TENSOR) {
                sb.append(", antialias=").append(r.antialias() ? "True" : "False").append(")");
                comment = "  # on a uint8 tensor (PILToTensor first)";
            } else {
                sb.append(")");
                comment = "  # on a PIL image";
            }
            if (r.family() == ResizeFamily.OPENCV) {
                exact = false;
                note = "the geometry names OpenCV's resampler; torchvision's differs by a few levels";
            }
        }
        if (c != null) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("transforms.CenterCrop((").append(c.height()).append(", ").append(c.width()).append("))");
            if (c.rounding() != CropRounding.HALF_EVEN) {
                exact = false;
                note = "torchvision rounds the crop offset half to even, the geometry floors it (differs by one pixel on some sizes)";
            }
        }
        return new Line("torchvision", sb + comment, exact, note);
    }

    private static Line pillow(Geometry g) {
        if (g == null) {
            return new Line("pillow", "", true, null);
        }
        Resize r = g.resize();
        if (r == null || r.mode() != ResizeMode.EXACT || g.crop() != null) {
            return new Line("pillow", r == null ? "img.crop(box)" : "compute the size, then img.resize(size, " + pilFilter(r) + ")",
                    r == null || r.family() == ResizeFamily.PILLOW, r != null && r.family() != ResizeFamily.PILLOW ? "Pillow antialiases; the geometry names " + r.family().id() : null);
        }
        boolean exact = r.family() == ResizeFamily.PILLOW;
        return new Line("pillow", "img.resize((" + r.width() + ", " + r.height() + "), " + pilFilter(r) + ")  # Keras load_img(target_size=("
                + r.height() + ", " + r.width() + "), interpolation='" + r.interpolation().id() + "')", exact,
                exact ? null : "Pillow antialiases; the geometry names " + r.family().id());
    }

    private static String pilFilter(Resize r) {
        return "Image." + (r.interpolation() == Interpolation.AREA ? "BOX" : r.interpolation().name());
    }

    private static Line opencv(Geometry g) {
        if (g == null) {
            return new Line("opencv", "", true, null);
        }
        Resize r = g.resize();
        String flag = r == null ? "" : "cv2.INTER_" + (r.interpolation() == Interpolation.BILINEAR ? "LINEAR"
                : r.interpolation() == Interpolation.BICUBIC ? "CUBIC" : r.interpolation().name());
        boolean exact = r == null || r.family() == ResizeFamily.OPENCV;
        String note = exact ? null : "OpenCV's " + (r.interpolation() == Interpolation.NEAREST ? "nearest picks other source pixels"
                : "resize does not antialias like " + r.family().id());
        if (r != null && r.mode() == ResizeMode.FILL && g.crop() == null) {
            return new Line("opencv", "cv2.dnn.blobFromImage(img, size=(" + r.width() + ", " + r.height() + "), crop=True, ...)", exact
                    && r.interpolation() == Interpolation.BILINEAR, note);
        }
        if (r != null && r.mode() == ResizeMode.FIT && g.crop() == null) {
            return new Line("opencv", "cv2.dnn.blobFromImageWithParams(img, cv2.dnn.Image2BlobParams(size=(" + r.width() + ", " + r.height()
                    + "), paddingmode=cv2.dnn.DNN_PMODE_LETTERBOX, borderValue=(" + r.padColor()[0] + ", " + r.padColor()[1] + ", " + r.padColor()[2] + ")))",
                    exact && r.interpolation() == Interpolation.BILINEAR && r.padCenter(), note);
        }
        if (r != null && r.mode() == ResizeMode.EXACT && g.crop() == null) {
            return new Line("opencv", "cv2.resize(img, (" + r.width() + ", " + r.height() + "), interpolation=" + flag + ")", exact, note);
        }
        StringBuilder sb = new StringBuilder();
        if (r != null) {
            sb.append("cv2.resize(img, (new_w, new_h), interpolation=").append(flag).append(")  # new size by the ").append(r.mode().id()).append(" rule");
        }
        if (g.crop() != null) {
            sb.append(sb.length() > 0 ? "; " : "").append("img[top:top+").append(g.crop().height()).append(", left:left+").append(g.crop().width())
                    .append("]  # top, left = ").append(g.crop().rounding() == CropRounding.FLOOR ? "(h - ch) // 2, (w - cw) // 2" : "round((h - ch) / 2), round((w - cw) / 2)");
        }
        return new Line("opencv", sb.toString(), exact, note);
    }

    private static Line hf(Geometry g) {
        if (g == null) {
            return new Line("hf", "", true, null);
        }
        Resize r = g.resize();
        Crop c = g.crop();
        StringBuilder sb = new StringBuilder("{");
        boolean exact = true;
        String note = null;
        if (r != null) {
            switch (r.mode()) {
                case SHORTER_SIDE:
                    sb.append("\"do_resize\": true, \"size\": {\"shortest_edge\": ").append(r.size());
                    if (r.maxSize() > 0) {
                        sb.append(", \"longest_edge\": ").append(r.maxSize());
                        if (r.sideRounding() == SideRounding.HF) {
                            note = "the DETR-family processors' rule (get_size_with_aspect_ratio)";
                        } else {
                            exact = false;
                            note = "DETR-family processors round the capped shorter side (side rounding hf); this geometry truncates it";
                        }
                    }
                    sb.append("}");
                    break;
                case EXACT:
                    sb.append("\"do_resize\": true, \"size\": {\"height\": ").append(r.height()).append(", \"width\": ").append(r.width()).append("}");
                    break;
                default:
                    return new Line("hf", "no preprocessor_config keys for " + r.mode().id(), false, "Hugging Face processors have no " + r.mode().id() + " resize");
            }
            int code;
            switch (r.interpolation()) {
                case NEAREST: code = 0; break;
                case LANCZOS: code = 1; break;
                case BICUBIC: code = 3; break;
                case BOX: code = 4; break;
                case HAMMING: code = 5; break;
                default: code = 2;
            }
            sb.append(", \"resample\": ").append(code);
            if (r.family() != ResizeFamily.PILLOW) {
                exact = false;
                note = "the slow (PIL) processor path resamples like Pillow; the geometry names " + r.family().id();
            }
        }
        if (c != null) {
            sb.append(sb.length() > 1 ? ", " : "").append("\"do_center_crop\": true, \"crop_size\": {\"height\": ").append(c.height())
                    .append(", \"width\": ").append(c.width()).append("}");
            if (c.rounding() != CropRounding.FLOOR) {
                exact = false;
                note = "HF's numpy centre crop floors the offset; the geometry rounds half to even (one pixel apart on odd differences)";
            }
        }
        return new Line("hf", sb.append("}").toString(), exact, note);
    }

    private static Line coreml(Geometry g) {
        if (g == null) {
            return new Line("coreml", "", true, null);
        }
        Resize r = g.resize();
        String option;
        if (r == null) {
            option = "centerCrop (on an image already at the model size)";
        } else {
            switch (r.mode()) {
                case EXACT: option = ".scaleFill"; break;
                case FIT: option = ".scaleFit"; break;
                default: option = ".centerCrop";
            }
        }
        return new Line("coreml", "VNCoreMLRequest.imageCropAndScaleOption = " + option, false,
                "Vision's resampler and rounding are not documented; resize in the app with the named library for exact parity"
                        + (r != null && r.mode() == ResizeMode.SHORTER_SIDE && g.crop() != null
                        ? "; centerCrop crops straight from the full image, not after a resize to " + r.size() : ""));
    }
}
