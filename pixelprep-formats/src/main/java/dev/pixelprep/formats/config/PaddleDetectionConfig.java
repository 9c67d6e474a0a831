package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.convention.Paddle;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PaddleDetection's exported {@code infer_cfg.yml} (also shipped as {@code inference.yml} by PaddleX exports) to a
 * spec, following the deploy code that reads it: {@code deploy/python/infer.py} ({@code PredictConfig},
 * {@code Detector.preprocess}, {@code create_inputs}) and {@code deploy/python/preprocess.py} at PaddleDetection
 * 666f597f. The image is decoded by {@code cv2.imdecode} and turned to <b>RGB</b>; then the {@code Preprocess}
 * list runs in order:
 *
 * <ul>
 *   <li>{@code Resize(target_size [h, w], keep_ratio, interp)}: {@code keep_ratio: false} is an exact OpenCV resize to
 *       w × h; {@code keep_ratio: true} is one scale ({@link SideRounding#SCALE}: shorter side to {@code min(target)},
 *       capped so the longer stays within {@code max(target)}) handed to {@code cv2.resize(fx, fy)}. {@code interp} is
 *       OpenCV's code: 0 nearest, 1 bilinear (the default), 2 bicubic, 3 area.</li>
 *   <li>{@code LetterBoxResize(target_size)} (JDE, FairMOT): sides {@code round(side · r)}, centred with the
 *       {@code round(pad ∓ 0.1)} split, INTER_AREA, border 127.5, which OpenCV saturates to 128 on 8-bit pixels.</li>
 *   <li>{@code NormalizeImage(mean, std, is_scale, norm_type)}: {@link Paddle} with the image's RGB order;
 *       {@code is_scale} multiplies by 1/255 first, {@code norm_type: none} skips the mean and std.</li>
 *   <li>{@code Permute}: HWC to CHW (NCHW; without it the tensor stays NHWC).</li>
 *   <li>{@code PadStride(stride)}: zeros after normalisation, right and bottom, up to a multiple of the stride.</li>
 *   <li>{@code Pad(size, fill_value)}: the image top-left on a {@code size} canvas of {@code fill_value}, in pixel
 *       values when a {@code NormalizeImage} follows, in tensor values otherwise.</li>
 * </ul>
 *
 * Any other operation ({@code WarpAffine}, {@code Resize_Mult32}, {@code ShortSizeScale}, {@code CULaneResize},
 * {@code TopDownEvalAffine} ...) is refused with its name and position rather than left out: a spec without it would
 * be a different tensor.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class PaddleDetectionConfig {
    /** PaddleDetection's deploy code, as read. */
    public static final String SOURCE = "PaddlePaddle/PaddleDetection deploy/python/preprocess.py, infer.py (666f597f)";
    /** More operations than any exporter writes. */
    static final int MAX_OPS = 64;

    private PaddleDetectionConfig() {
    }

    public static Imported read(Path file) {
        return parse(LimitedYaml.read(file), file.getFileName().toString());
    }

    public static Imported parse(String yaml, String name) {
        return parse(LimitedYaml.parse(yaml, name), name);
    }

    /** Whether a parsed YAML document looks like a PaddleDetection export (a {@code Preprocess} list of typed ops). */
    static boolean isPaddleDetection(JsonNode root) {
        JsonNode p = root.get("Preprocess");
        return p != null && p.isArray();
    }

    static Imported parse(JsonNode root, String name) {
        if (!isPaddleDetection(root)) {
            if (PaddleOcrConfig.isPaddleOcr(root)) {
                // PaddleOCR's inference.yml (PreProcess.transform_ops): its own reader
                return PaddleOcrConfig.parse(root, name);
            }
            throw new FormatException(name + ": no Preprocess list; expected PaddleDetection's infer_cfg.yml (Preprocess: - type: Resize ...)"
                    + " or PaddleOCR's inference.yml (PreProcess: transform_ops: ...)");
        }
        JsonNode ops = root.get("Preprocess");
        if (ops.size() > MAX_OPS) {
            throw new FormatException(name + ": Preprocess has " + ops.size() + " operations; at most " + MAX_OPS + " are read");
        }
        Builder b = new Builder(name);
        for (int i = 0; i < ops.size(); i++) {
            b.add(i, ops.get(i));
        }
        List<String> notes = b.notes;
        String arch = Json.text(root, "arch");
        JsonNode labels = root.get("label_list");
        if (labels != null && labels.isArray()) {
            notes.add(labels.size() + " labels in label_list");
        }
        if (arch != null && (arch.contains("RCNN") || arch.contains("YOLO") || arch.contains("PicoDet") || arch.contains("DETR"))) {
            notes.add("the exported model may also take im_shape and scale_factor inputs: PaddleDetection feeds the resized [h, w] and"
                    + " [scale_y, scale_x] of the Resize");
        }
        Spec spec;
        try {
            spec = b.spec();
        } catch (PixelprepException e) {
            throw new FormatException(name + ": " + e.getMessage());
        }
        return new Imported("PaddleDetection infer_cfg.yml" + (arch == null ? "" : " (arch " + arch + ")") + " (" + name + ")", spec, notes);
    }

    /** The list read one operation at a time, in order, refusing any order the deploy code would not run as a spec. */
    private static final class Builder {
        final String name;
        final List<String> notes = new ArrayList<>();
        Resize resize;
        Paddle normalise;
        boolean permuted;
        boolean padded;
        Crop pad;
        double[] padValue;
        /** A Pad's fill in pixel values that is not a whole 0..255 number: mapped by the normalisation at the end. */
        double[] pixelFill;
        int stride;

        Builder(String name) {
            this.name = name;
        }

        void add(int i, JsonNode op) {
            String at = name + ": Preprocess[" + i + "]";
            if (op == null || !op.isObject()) {
                throw new FormatException(at + " must be a mapping with a type, got " + op);
            }
            String type = Json.text(op, "type");
            if (type == null) {
                throw new FormatException(at + " has no type");
            }
            at += " " + type;
            if (stride > 0) {
                throw new FormatException(at + " comes after PadStride, which PaddleDetection's exporter writes last; not read");
            }
            switch (type) {
                case "Resize":
                    resize(at, op);
                    break;
                case "LetterBoxResize":
                    letterbox(at, op);
                    break;
                case "NormalizeImage":
                    normalise(at, op);
                    break;
                case "Permute":
                    if (permuted) {
                        throw new FormatException(at + ": a second Permute would turn CHW back into something else; not read");
                    }
                    permuted = true;
                    break;
                case "PadStride":
                    padStride(at, op);
                    break;
                case "Pad":
                    pad(at, op);
                    break;
                case "WarpAffine":
                    throw new FormatException(at + ": CenterNet's affine warp has no pixelprep geometry; not expressible as a spec");
                case "Resize_Mult32":
                case "ShortSizeScale":
                case "CULaneResize":
                case "TopDownEvalAffine":
                    throw new FormatException(at + " has no pixelprep geometry; not expressible as a spec");
                default:
                    throw new FormatException(at + " is not an operation pixelprep reads; expected Resize, LetterBoxResize, NormalizeImage,"
                            + " Permute, PadStride or Pad");
            }
        }

        private void resize(String at, JsonNode op) {
            needNoResizeYet(at);
            if (normalise != null) {
                throw new FormatException(at + " after NormalizeImage resizes float values; pixelprep resizes 8-bit pixels as cv2 does before it");
            }
            int[] hw = targetSize(at, op);
            Boolean keep = Json.bool(op, "keep_ratio", at);
            Interpolation interp = interp(at, op);
            try {
                if (keep == null || keep) {
                    if (keep == null) {
                        notes.add("Resize without keep_ratio: PaddleDetection's default true");
                    }
                    int min = Math.min(hw[0], hw[1]);
                    int max = Math.max(hw[0], hw[1]);
                    resize = Resize.shorterSide(min, interp, ResizeFamily.OPENCV).withSideRounding(SideRounding.SCALE).withMaxSize(max);
                    notes.add("Resize keep_ratio: one scale s = " + min + " / shorter side, or " + max + " / longer side when round(s · longer) > " + max
                            + "; cv2.resize(fx=s, fy=s) rounds the sides and maps pixels by 1/s");
                } else {
                    resize = Resize.exact(hw[1], hw[0], interp, ResizeFamily.OPENCV);
                }
            } catch (PixelprepException e) {
                throw new FormatException(at + ": " + e.getMessage());
            }
        }

        private void letterbox(String at, JsonNode op) {
            needNoResizeYet(at);
            if (normalise != null) {
                throw new FormatException(at + " after NormalizeImage resizes float values; pixelprep resizes 8-bit pixels before it");
            }
            int[] hw = targetSize(at, op);
            try {
                resize = Resize.letterbox(hw[1], hw[0]).withSideRounding(SideRounding.ROUND).withKernel(Interpolation.AREA, ResizeFamily.OPENCV)
                        .withPadColor(128, 128, 128);
            } catch (PixelprepException e) {
                throw new FormatException(at + ": " + e.getMessage());
            }
            notes.add("LetterBoxResize: sides round(side · r), centred, INTER_AREA; its border 127.5 is 128 on OpenCV's 8-bit image");
        }

        private void normalise(String at, JsonNode op) {
            if (normalise != null) {
                throw new FormatException(at + ": a second NormalizeImage; not read");
            }
            if (permuted) {
                throw new FormatException(at + " after Permute normalises CHW data with HWC constants; not read");
            }
            Boolean isScale = Json.bool(op, "is_scale", at);
            String normType = Json.text(op, "norm_type");
            if (normType == null) {
                normType = "mean_std";
            }
            double[] mean;
            double[] std;
            if (normType.equals("mean_std")) {
                mean = Json.numbers(op, "mean", at);
                std = Json.numbers(op, "std", at);
                if (mean == null || std == null) {
                    throw new FormatException(at + " with norm_type mean_std needs mean and std");
                }
            } else if (normType.equals("none")) {
                mean = new double[] {0, 0, 0};
                std = new double[] {1, 1, 1};
            } else {
                throw new FormatException(at + ": norm_type must be mean_std or none, got " + normType);
            }
            double factor = isScale == null || isScale ? Paddle.DEFAULT_SCALE : 1;
            try {
                normalise = new Paddle(factor, mean, std, ColorOrder.RGB);
            } catch (PixelprepException e) {
                throw new FormatException(at + ": " + e.getMessage());
            }
            if (padded && pad != null && pixelFill == null) {
                notes.add("Pad's fill is in pixel values: NormalizeImage after it maps it as it maps the image");
            }
            notes.add("NormalizeImage computes x · float32(1/255) in float32, then subtracts and divides by float64 mean and std;"
                    + " pixelprep's tables round a·x + b once: the two can differ in the last float32 place");
        }

        private void padStride(String at, JsonNode op) {
            JsonNode s = op.get("stride");
            int n = s == null || s.isNull() ? 0 : Json.nonNegativeInt(s, "stride", at);
            if (n == 0) {
                notes.add("PadStride stride 0: PaddleDetection pads nothing");
                return;
            }
            if (!permuted) {
                throw new FormatException(at + " before Permute: PaddleDetection's PadStride reads the shape as C, H, W; not read");
            }
            if (resize == null || padded) {
                throw new FormatException(at + (padded ? " after Pad" : " without a Resize") + ": the padded size follows no rule a spec has; not read");
            }
            if (resize.mode() == ResizeMode.FIT) {
                throw new FormatException(at + " after LetterBoxResize: not expressible as a spec");
            }
            try {
                resize = resize.withStride(n);
            } catch (PixelprepException e) {
                throw new FormatException(at + ": " + e.getMessage());
            }
            stride = n;
            padded = true;
            padValue = new double[] {0};
            notes.add("PadStride " + n + ": zeros after normalisation, right and bottom, to a multiple of " + n);
        }

        private void pad(String at, JsonNode op) {
            if (padded) {
                throw new FormatException(at + ": a second padding; not read");
            }
            if (permuted) {
                throw new FormatException(at + " after Permute: PaddleDetection's Pad reads the shape as H, W, C; not read");
            }
            int[] hw = size(at, op, "size");
            double[] fill = Json.numbers(op, "fill_value", at);
            if (fill == null) {
                fill = new double[] {114, 114, 114};
                notes.add("Pad without fill_value: PaddleDetection's default 114");
            }
            if (fill.length != 3) {
                throw new FormatException(at + ": fill_value needs 3 values, got " + fill.length);
            }
            if (resize == null || !fitsIn(resize, hw)) {
                throw new FormatException(at + ": an image larger than the Pad size makes PaddleDetection fail; only a Resize whose result fits "
                        + hw[1] + "x" + hw[0] + " (exact, or keep_ratio into a square target) can come before it");
            }
            boolean whole = true;
            for (double v : fill) {
                whole &= v >= 0 && v <= 255 && v == Math.rint(v);
            }
            int[] colour = new int[3];
            if (normalise == null && whole) {
                for (int c = 0; c < 3; c++) {
                    colour[c] = (int) fill[c];
                }
            } else if (normalise == null) {
                pixelFill = fill.clone();
            } else {
                padValue = fill.clone();
            }
            pad = new Crop(hw[1], hw[0], CropRounding.TOP_LEFT, true, colour);
            padded = true;
            notes.add("Pad " + hw[1] + "x" + hw[0] + ": the image top-left, fill " + HfPreprocessorConfig.list(fill)
                    + (normalise == null ? " in pixel values" : " in tensor values (after NormalizeImage)"));
        }

        /** Whether every image the resize can make fits an {h, w} canvas. */
        private static boolean fitsIn(Resize r, int[] hw) {
            switch (r.mode()) {
                case EXACT:
                    return r.width() <= hw[1] && r.height() <= hw[0];
                case SHORTER_SIDE:
                    // keep_ratio into a square target: both sides at most the target
                    return r.maxSize() == r.size() && r.size() <= Math.min(hw[0], hw[1]);
                default:
                    return false;
            }
        }

        private void needNoResizeYet(String at) {
            if (resize != null) {
                throw new FormatException(at + ": a second resize; a spec has one");
            }
            if (padded) {
                throw new FormatException(at + " after padding; not read");
            }
        }

        private static int[] targetSize(String at, JsonNode op) {
            return size(at, op, "target_size");
        }

        /** An int or [h, w] of positive ints. */
        private static int[] size(String at, JsonNode op, String key) {
            JsonNode t = op.get(key);
            if (t == null || t.isNull()) {
                throw new FormatException(at + " has no " + key);
            }
            if (t.isArray()) {
                if (t.size() != 2) {
                    throw new FormatException(at + ": " + key + " must be [h, w], got " + t);
                }
                return new int[] {Json.positiveInt(t.get(0), key + "[0]", at), Json.positiveInt(t.get(1), key + "[1]", at)};
            }
            int s = Json.positiveInt(t, key, at);
            return new int[] {s, s};
        }

        /** OpenCV's interpolation codes, as cv2.resize takes them. */
        private Interpolation interp(String at, JsonNode op) {
            JsonNode n = op.get("interp");
            if (n == null || n.isNull()) {
                return Interpolation.BILINEAR;
            }
            if (!n.isIntegralNumber()) {
                throw new FormatException(at + ": interp must be an OpenCV code 0..3, got " + n);
            }
            switch (n.asInt()) {
                case 0: return Interpolation.NEAREST;
                case 1: return Interpolation.BILINEAR;
                case 2: return Interpolation.BICUBIC;
                case 3: return Interpolation.AREA;
                case 4: throw new FormatException(at + ": interp 4 (cv2.INTER_LANCZOS4) is not one of pixelprep's OpenCV kernels (nearest, bilinear, bicubic, area)");
                default: throw new FormatException(at + ": interp must be an OpenCV code 0..3, got " + n);
            }
        }

        Spec spec() {
            Paddle p = normalise != null ? normalise : new Paddle(1, new double[] {0, 0, 0}, new double[] {1, 1, 1}, ColorOrder.RGB);
            if (normalise == null) {
                notes.add("no NormalizeImage: the tensor holds RGB pixel values 0..255 (an export with fuse_normalize does the normalisation"
                        + " inside the model)");
            }
            Spec.Builder b = p.applyTo(Spec.builder()).layout(permuted ? Layout.NCHW : Layout.NHWC).dtype(DType.FLOAT32);
            if (!permuted) {
                notes.add("no Permute: the tensor stays HWC (NHWC)");
            }
            Spec canonical = b.build();
            double[] tensorPad = padValue;
            if (pixelFill != null) {
                tensorPad = new double[3];
                for (int c = 0; c < 3; c++) {
                    tensorPad[c] = canonical.scale(c) * pixelFill[c] + canonical.bias(c);
                }
            }
            if (resize == null && pad == null) {
                notes.add("no Resize: the image goes in at its own size");
                return canonical;
            }
            Geometry g = new Geometry(resize, pad);
            if (tensorPad != null) {
                g = g.withPadValue(tensorPad);
            }
            if (pad == null && resize != null && resize.mode() != ResizeMode.EXACT && resize.mode() != ResizeMode.FIT) {
                // infer.py create_inputs: several images, each on a zero canvas of the batch's largest h and w
                g = (tensorPad == null ? g.withPadValue(0) : g).withPadBatch(true);
                notes.add("several images: create_inputs pads each right and bottom to the batch's largest height and width with zeros"
                        + " after normalisation (pad_batch)");
            }
            return b.geometry(g).build();
        }
    }
}
