package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.convention.Paddle;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.ScaleLimit;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * PaddleOCR's exported {@code inference.yml} ({@code tools/export_model.py} {@code dump_infer_config}: its
 * {@code PreProcess.transform_ops} is the training config's {@code Eval} transform list) to a spec, following the
 * operators in {@code ppocr/data/imaug/operators.py} and {@code rec_img_aug.py} and the predictors that run
 * exported models ({@code tools/infer/predict_det.py}, {@code predict_rec.py}):
 *
 * <ul>
 *   <li>{@code DecodeImage(img_mode)}: {@code cv2.imdecode}, BGR (the default) or RGB; gray and
 *       {@code channel_first} are refused.</li>
 *   <li>{@code DetResizeForTest}: without arguments {@code limit_side_len} 736, {@code limit_type} min; with
 *       {@code limit_side_len} and {@code limit_type} (max, min, resize_long) the limit-side rule of the
 *       {@code paddleocr-det} recipes (sides {@code int(side · r)}, each then {@code max(round(s/32)·32, 32)}, at
 *       most {@code max_side_limit} 4000; a tiny image padded black to 32x32 first). {@code image_shape} and
 *       {@code resize_long} (other resize types) are refused with the reason.</li>
 *   <li>{@code NormalizeImage(scale, mean, std, order)}: {@link Paddle}, applied to the channels as they lie.</li>
 *   <li>{@code ToCHWImage}: NCHW (without it NHWC).</li>
 *   <li>{@code RecResizeImg(image_shape [3, H, W])}: the {@code paddleocr-rec} recipe at that shape: height H,
 *       width {@code ceil(H·w/h)}, a canvas at least W wide that the batch's widest line widens, as the predictors
 *       do, normalised {@code (x/255 − 0.5)/0.5} and padded with 0 after.</li>
 *   <li>{@code *LabelEncode} and {@code KeepKeys} concern training labels and the output dict: skipped, named in
 *       the notes.</li>
 * </ul>
 *
 * Any other operation is refused with its name and position: a spec without it would be a different tensor.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class PaddleOcrConfig {
    /** PaddleOCR's operators and predictors, as read. */
    public static final String SOURCE = "PaddlePaddle/PaddleOCR ppocr/data/imaug/operators.py DetResizeForTest, NormalizeImage (03ed63ea);"
            + " tools/infer/predict_rec.py (0002349d); tools/export_model.py dump_infer_config";

    private PaddleOcrConfig() {
    }

    /** Whether a parsed YAML document looks like a PaddleOCR export ({@code PreProcess.transform_ops}). */
    static boolean isPaddleOcr(JsonNode root) {
        JsonNode pre = root.get("PreProcess");
        return pre != null && pre.has("transform_ops") && pre.get("transform_ops").isArray();
    }

    static Imported parse(JsonNode root, String name) {
        JsonNode ops = root.get("PreProcess").get("transform_ops");
        if (ops.size() > PaddleDetectionConfig.MAX_OPS) {
            throw new FormatException(name + ": transform_ops has " + ops.size() + " operations; at most " + PaddleDetectionConfig.MAX_OPS + " are read");
        }
        Reader r = new Reader(name);
        for (int i = 0; i < ops.size(); i++) {
            r.add(i, ops.get(i));
        }
        String model = root.path("Global").path("model_name").asText(null);
        Spec spec;
        try {
            spec = r.spec();
        } catch (PixelprepException e) {
            throw new FormatException(name + ": " + e.getMessage());
        }
        return new Imported("PaddleOCR inference.yml" + (model == null ? "" : " (" + model + ")") + " (" + name + ")", spec, r.notes);
    }

    /** The transform list read in order. */
    private static final class Reader {
        final String name;
        final List<String> notes = new ArrayList<>();
        ColorOrder order;
        Resize detResize;
        Spec rec;
        Paddle normalise;
        boolean chw;

        Reader(String name) {
            this.name = name;
        }

        void add(int i, JsonNode op) {
            if (!op.isObject() || op.size() != 1) {
                throw new FormatException(name + ": transform_ops[" + i + "] must be one operation name with its arguments");
            }
            Iterator<Map.Entry<String, JsonNode>> it = op.fields();
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            JsonNode args = e.getValue() == null || e.getValue().isNull() ? null : e.getValue();
            String at = name + ": transform_ops[" + i + "] " + type;
            if (args != null && !args.isObject()) {
                throw new FormatException(at + ": expected its arguments as a mapping");
            }
            if (type.endsWith("LabelEncode") || type.equals("KeepKeys")) {
                notes.add(type + ": training labels and output keys, no effect on the image");
                return;
            }
            if (order == null && !type.equals("DecodeImage")) {
                throw new FormatException(at + " before DecodeImage; not read (PaddleOCR's lists start with DecodeImage; PaddleClas'"
                        + " inference.yml is not read)");
            }
            switch (type) {
                case "DecodeImage": decode(at, args); break;
                case "DetResizeForTest": detResize(at, args); break;
                case "NormalizeImage": normalise(at, args); break;
                case "ToCHWImage":
                    chw = true;
                    break;
                case "RecResizeImg": recResize(at, args); break;
                default:
                    throw new FormatException(at + ": not read (reads DecodeImage, DetResizeForTest, NormalizeImage, ToCHWImage, RecResizeImg,"
                            + " *LabelEncode, KeepKeys); a spec without it would be a different tensor");
            }
        }

        private void decode(String at, JsonNode args) {
            if (order != null) {
                throw new FormatException(at + ": a second DecodeImage; not read");
            }
            String mode = args == null ? "BGR" : args.path("img_mode").asText("BGR");
            if (args != null && args.path("channel_first").asBoolean(false)) {
                throw new FormatException(at + ": channel_first true hands the later operations a CHW image; not read");
            }
            switch (mode) {
                case "BGR": order = ColorOrder.BGR; break;
                case "RGB": order = ColorOrder.RGB; break;
                default: throw new FormatException(at + ": img_mode " + mode + " not read (BGR or RGB)");
            }
            notes.add("DecodeImage: cv2.imdecode, " + order + (order == ColorOrder.BGR ? " (the default)" : ""));
        }

        private void detResize(String at, JsonNode args) {
            if (detResize != null || rec != null) {
                throw new FormatException(at + ": a second resize; not read");
            }
            if (args != null && args.has("image_shape")) {
                throw new FormatException(at + ": image_shape (a fixed size for static models, resize_type 1) is not read: PaddleOCR pads a tiny"
                        + " image before stretching it, which an exact resize does not; use --resize WxH for images larger than 32x32");
            }
            if (args != null && args.has("resize_long") && !args.has("limit_side_len")) {
                throw new FormatException(at + ": resize_long (resize_type 2: sides rounded up to multiples of 128) is not read");
            }
            int limit = 736;
            String type = "min";
            if (args != null && args.has("limit_side_len")) {
                limit = Json.positiveInt(args.get("limit_side_len"), "limit_side_len", at);
                type = args.path("limit_type").asText("min");
            } else {
                notes.add("DetResizeForTest without arguments: limit_side_len 736, limit_type min (the operator's defaults)");
            }
            int max = args != null && args.has("max_side_limit") ? Json.positiveInt(args.get("max_side_limit"), "max_side_limit", at) : 4000;
            Resize r;
            switch (type) {
                case "min":
                    r = Resize.shorterSide(limit, Interpolation.BILINEAR, ResizeFamily.OPENCV).withScaleLimit(ScaleLimit.UP);
                    break;
                case "max":
                    r = Resize.longerSide(limit).withScaleLimit(ScaleLimit.DOWN);
                    break;
                case "resize_long":
                    r = Resize.longerSide(limit);
                    break;
                default:
                    throw new FormatException(at + ": limit_type " + type + " not read (max, min or resize_long)");
            }
            detResize = r.withKernel(Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.RATIO).withMultiple(32).withMaxSize(max);
            notes.add("DetResizeForTest: limit_type " + type + ", limit_side_len " + limit + ", max_side_limit " + max
                    + "; PaddleOCR 3.x's OCR pipeline passes its own text_det_limit_side_len / text_det_limit_type (its OCR.yaml: 64, min),"
                    + " which replace these: give --recipe paddleocr-det (predict_det.py's 960, max) or this file's numbers to match yours");
        }

        private void normalise(String at, JsonNode args) {
            if (normalise != null) {
                throw new FormatException(at + ": a second NormalizeImage; not read");
            }
            if (rec != null) {
                throw new FormatException(at + " after RecResizeImg, which normalises already; not read");
            }
            double scale = Paddle.DEFAULT_SCALE;
            if (args != null && args.has("scale")) {
                scale = scaleValue(args.get("scale"), at);
            }
            double[] mean = args != null && args.has("mean") ? Json.numbers(args, "mean", at) : new double[] {0.485, 0.456, 0.406};
            double[] std = args != null && args.has("std") ? Json.numbers(args, "std", at) : new double[] {0.229, 0.224, 0.225};
            normalise = new Paddle(scale, mean, std, order);
            notes.add("NormalizeImage: (x · scale − mean) / std on the " + order + " image as it lies (mean[0] meets " + order.name().charAt(0) + ")");
        }

        /** NormalizeImage's {@code scale}: a number, or the text its constructor hands to {@code eval}, e.g. {@code 1./255.}. */
        private static double scaleValue(JsonNode n, String at) {
            if (n.isNumber()) {
                return n.asDouble();
            }
            String s = n.asText().trim();
            try {
                int slash = s.indexOf('/');
                if (slash < 0) {
                    return Double.parseDouble(s);
                }
                return Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new FormatException(at + ": scale '" + s + "' is not a number or a quotient such as 1./255.");
            }
        }

        private void recResize(String at, JsonNode args) {
            if (detResize != null || rec != null) {
                throw new FormatException(at + ": a second resize; not read");
            }
            if (args == null || !args.has("image_shape")) {
                throw new FormatException(at + ": needs image_shape [C, H, W]");
            }
            double[] shape = Json.numbers(args, "image_shape", at);
            if (shape.length != 3 || shape[0] != 3) {
                throw new FormatException(at + ": image_shape must be [3, H, W] (colour text lines), got " + java.util.Arrays.toString(shape));
            }
            if (!args.path("padding").asBoolean(true)) {
                throw new FormatException(at + ": padding false stretches every line to W; not read");
            }
            int h = (int) shape[1];
            int w = (int) shape[2];
            Spec recipe = Recipes.get("paddleocr-rec").spec();
            Resize base = recipe.geometry().resize();
            Resize r = new Resize(ResizeMode.HEIGHT, w, h, 0, 0, base.interpolation(), base.family(), base.antialias(), null, true);
            rec = new Paddle(Paddle.DEFAULT_SCALE, new double[] {0.5}, new double[] {0.5}, order).applyTo(Spec.builder())
                    .geometry(new Geometry(r, null).withPadValue(0)).build();
            notes.add("RecResizeImg " + h + "x" + w + ": height " + h + ", width ceil(" + h + "·w/h), (x/255 − 0.5)/0.5, zeros after; the canvas widens"
                    + " to a batch's widest line as PaddleOCR's and PaddleX's predictors do (RecResizeImg itself, in training evaluation, keeps"
                    + " it at " + w + " and squeezes wider lines)");
        }

        Spec spec() {
            if (order == null) {
                throw new FormatException(name + ": no DecodeImage; expected PaddleOCR's transform_ops (DecodeImage, DetResizeForTest or"
                        + " RecResizeImg, ...)");
            }
            if (rec != null) {
                if (!chw) {
                    notes.add("RecResizeImg writes CHW itself: the tensor is NCHW");
                }
                return rec.toBuilder().layout(Layout.NCHW).dtype(DType.FLOAT32).build();
            }
            Paddle p = normalise;
            if (p == null) {
                notes.add("no NormalizeImage: the tensor holds pixel values 0..255");
                p = new Paddle(1, new double[] {0}, new double[] {1}, order);
            }
            Spec.Builder b = p.applyTo(Spec.builder()).layout(chw ? Layout.NCHW : Layout.NHWC).dtype(DType.FLOAT32);
            if (!chw) {
                notes.add("no ToCHWImage: the tensor stays HWC (NHWC)");
            }
            if (detResize == null) {
                notes.add("no DetResizeForTest: the image goes in at its own size");
                return b.build();
            }
            return b.geometry(new Geometry(detResize, null)).build();
        }
    }
}
