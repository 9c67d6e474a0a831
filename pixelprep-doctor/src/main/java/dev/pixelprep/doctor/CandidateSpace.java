package dev.pixelprep.doctor;

import dev.pixelprep.core.convention.Recipes;
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
import dev.pixelprep.onnx.files.SpecResolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preprocessings {@link ModelDoctor} tries on a model: the normalisations (the stored spec's, yours, raw,
 * 0..1, −1..1, ImageNet, an averaged std, Caffe's mean, CLIP), both channel orders, and the geometries (stored,
 * yours, stretch, shorter side + crop, letterbox, cover + crop with Pillow's and OpenCV's kernels, the shorter side
 * straight to a square crop (Ultralytics classification), Ultralytics' letterbox, YOLOX's top-left letterbox) for the
 * model's input size, layout and dtype; for a model that leaves its size open, the size rules of the detectors and
 * OCR models that take any size (stride-padded letterbox, limit-side, keep-ratio with stride padding).
 *
 * <p>Immutable: built once per model input.
 */
final class CandidateSpace {
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
    private static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};
    private static final double[] CAFFE_MEAN_RGB = {123.68, 116.779, 103.939};


    /** A normalisation in RGB order (constants follow the colours when the channel order is flipped). */
    record Norm(String name, double[] scaleRgb, double[] biasRgb) {
    }

    private final SpecResolver.Resolved stored;
    private final int channels;
    private final int width;
    private final int height;
    private final Layout layout;
    private final DType dtype;

    CandidateSpace(SpecResolver.Resolved stored, int channels, int width, int height, Layout layout, DType dtype) {
        this.stored = stored;
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.layout = layout;
        this.dtype = dtype;
    }

    List<Norm> norms(Spec current) {
        List<Norm> out = new ArrayList<>();
        if (stored != null) {
            out.add(norm("as stored with the model", stored.spec()));
        }
        if (current != null && current.channels() == channels && current.meanImage() == null) {
            out.add(norm("your normalisation", current));
        }
        out.add(new Norm("raw 0..255", fill(1), fill(0)));
        out.add(new Norm("0..1 (x/255)", fill(1 / 255.0), fill(0)));
        out.add(new Norm("-1..1 (x/127.5 - 1)", fill(1 / 127.5), fill(-1)));
        if (channels == 3) {
            out.add(meanStd("ImageNet mean/std (torchvision)", IMAGENET_MEAN, IMAGENET_STD));
            out.add(meanStd("ImageNet mean, one averaged std 0.226", IMAGENET_MEAN, new double[] {0.226, 0.226, 0.226}));
            out.add(new Norm("Caffe ImageNet mean, 0..255", fill(1), new double[] {-CAFFE_MEAN_RGB[0], -CAFFE_MEAN_RGB[1], -CAFFE_MEAN_RGB[2]}));
            out.add(meanStd("CLIP mean/std", CLIP_MEAN, CLIP_STD));
        }
        return dedupe(out);
    }

    private double[] fill(double v) {
        double[] a = new double[channels];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Norm meanStd(String name, double[] mean, double[] std) {
        double[] a = new double[3];
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = 1 / (255 * std[c]);
            b[c] = -mean[c] / std[c];
        }
        return new Norm(name, a, b);
    }

    /** A spec's normalisation in RGB order, inversion folded in. */
    private static Norm norm(String name, Spec s) {
        int n = s.channels();
        double[] a = new double[n];
        double[] b = new double[n];
        for (int c = 0; c < n; c++) {
            int k = s.color() == ColorOrder.BGR ? n - 1 - c : c;
            a[c] = s.invert() ? -s.scale(k) : s.scale(k);
            b[c] = s.invert() ? s.bias(k) + 255 * s.scale(k) : s.bias(k);
        }
        return new Norm(name, a, b);
    }

    /** Drops normalisations within 1 % of the output range of an earlier one on every level. */
    private static List<Norm> dedupe(List<Norm> in) {
        List<Norm> out = new ArrayList<>();
        for (Norm n : in) {
            boolean dup = false;
            for (Norm o : out) {
                dup |= sameMap(n, o);
            }
            if (!dup) {
                out.add(n);
            }
        }
        return out;
    }

    private static boolean sameMap(Norm x, Norm y) {
        for (int c = 0; c < x.scaleRgb.length; c++) {
            double range = Math.abs(y.scaleRgb[c]) * 255;
            for (int v = 0; v < 256; v += 5) {
                if (Math.abs((x.scaleRgb[c] * v + x.biasRgb[c]) - (y.scaleRgb[c] * v + y.biasRgb[c])) > 0.01 * range) {
                    return false;
                }
            }
        }
        return true;
    }

    List<String> colors() {
        return channels == 3 ? List.of("RGB", "BGR") : List.of("GRAY");
    }

    Map<String, Geometry> geometries(Spec current) {
        Map<String, Geometry> g = new LinkedHashMap<>();
        if (stored != null && stored.spec().geometry() != null) {
            g.put("as stored with the model (" + stored.spec().geometry() + ")", stored.spec().geometry());
        }
        if (current != null && current.geometry() != null) {
            g.put("yours (" + current.geometry() + ")", current.geometry());
        }
        if (width == 0 || height == 0) {
            openSize(g);
            return distinct(g);
        }
        int shorter = (int) Math.round(Math.min(width, height) / 0.875);
        for (ResizeFamily f : new ResizeFamily[] {ResizeFamily.PILLOW, ResizeFamily.OPENCV}) {
            String fam = " (" + f.id() + ")";
            boolean aa = Resize.defaultAntialias(f, Interpolation.BILINEAR);
            g.put("stretch to " + width + "x" + height + fam, new Geometry(Resize.exact(width, height, Interpolation.BILINEAR, f), null));
            g.put("shorter side " + shorter + " + centre crop" + fam, new Geometry(new Resize(ResizeMode.SHORTER_SIDE, 0, 0, shorter, 0,
                    Interpolation.BILINEAR, f, aa, null, true), new Crop(width, height, CropRounding.FLOOR, true, null)));
            g.put("letterbox" + fam, new Geometry(new Resize(ResizeMode.FIT, width, height, 0, 0, Interpolation.BILINEAR, f, aa, null, true), null));
            g.put("cover + centre crop" + fam, new Geometry(new Resize(ResizeMode.FILL, width, height, 0, 0, Interpolation.BILINEAR, f, aa, null, true), null));
        }
        if (width == height) {
            // the shorter side straight to the crop size (crop_fraction 1): Ultralytics classify_transforms, CLIP
            g.put("shorter side " + width + " + centre crop (pillow, ultralytics-classify)", Recipes.ultralyticsClassify(width).geometry());
        }
        // Ultralytics / YOLOv5: sides rounded, grey 114 padding (LetterBox, auto=False as exported models take a fixed size)
        g.put("letterbox, sides rounded, grey 114 (ultralytics)", new Geometry(Resize.letterbox(width, height)
                .withSideRounding(SideRounding.ROUND).withPadColor(114, 114, 114), null));
        // YOLOX's preproc and PaddleDetection's keep_ratio Resize + Pad: sides truncated, the image top-left on grey 114
        g.put("letterbox top-left, grey 114 (yolox, PaddleDetection keep_ratio + Pad)", new Geometry(Resize.letterbox(width, height)
                .withPadCenter(false).withPadColor(114, 114, 114), null));
        return distinct(g);
    }

    /**
     * A model that leaves its input size open (detectors, OCR): the size rules of the families that feed it any
     * size. Both sides open: Ultralytics' minimum-rectangle letterbox (stride 32), PaddleOCR detection's limit-side
     * rules (max 960, min 736), Hugging Face DETR's shorter side 800 / longer 1333, PaddleDetection's keep_ratio with
     * PadStride 32, and the image at its own size. Only the width open: PaddleOCR recognition's text line at the
     * model's height.
     */
    private void openSize(Map<String, Geometry> g) {
        if (height > 0) {
            Geometry rec = Recipes.get("paddleocr-rec").spec().geometry();
            Resize r = rec.resize();
            g.put("text line, height " + height + ", canvas at least 320 (paddleocr-rec)", new Geometry(new Resize(r.mode(), 320, height, 0, 0,
                    r.interpolation(), r.family(), r.antialias(), null, true), null).withPadValue(0));
            return;
        }
        if (width > 0) {
            // only the height open: no family the doctor knows feeds a model that way
            return;
        }
        g.put("letterbox 640, padded to a multiple of 32 (ultralytics-letterbox-auto)", Recipes.get("ultralytics-letterbox-auto").spec().geometry());
        g.put("longer side at most 960, sides to multiples of 32 (paddleocr-det)", Recipes.get("paddleocr-det").spec().geometry());
        g.put("shorter side at least 736, sides to multiples of 32 (paddleocr-det-736)", Recipes.get("paddleocr-det-736").spec().geometry());
        g.put("shorter side 800, longer at most 1333, Hugging Face rounding (detr)", Recipes.get("detr").spec().geometry());
        g.put("shorter side 800, longer at most 1333, padded to a multiple of 32 (PaddleDetection keep_ratio + PadStride)",
                new Geometry(Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.SCALE)
                        .withMaxSize(1333).withStride(32), null).withPadValue(0));
        g.put("the image at its own size", null);
    }

    private static Map<String, Geometry> distinct(Map<String, Geometry> g) {
        Map<String, Geometry> out = new LinkedHashMap<>();
        for (Map.Entry<String, Geometry> e : g.entrySet()) {
            if (!out.containsValue(e.getValue())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    Candidate candidate(Norm n, String color, String geometryName, Geometry g) {
        boolean bgr = color.equals("BGR");
        int k = n.scaleRgb.length;
        double[] a = new double[k];
        double[] b = new double[k];
        for (int c = 0; c < k; c++) {
            int src = bgr ? k - 1 - c : c;
            a[c] = n.scaleRgb[src];
            b[c] = n.biasRgb[src];
        }
        Spec spec = Spec.builder().color(ColorOrder.valueOf(color)).scale(a).bias(b).layout(layout).dtype(dtype).geometry(g).build();
        return new Candidate(n.name, color, geometryName, spec);
    }

    static Norm normNamed(List<Norm> norms, String name) {
        for (Norm n : norms) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        throw new IllegalStateException(name);
    }
}
