package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hugging Face {@code preprocessor_config.json} to a spec with geometry. Follows the slow (PIL/numpy) path:
 * resize (Pillow, antialiased) → centre crop (floor offsets) → rescale → normalize. Keys missing from the file take
 * the processor class's defaults (ViT, CLIP, ConvNeXt, DETR, RT-DETR, MobileNetV2, Segformer), each reported in the
 * notes; a legacy integer {@code size} becomes a square or a shortest edge as that class's {@code get_size_dict}
 * would make it.
 *
 * <p>Stateless utility: static methods only; its tables of defaults are immutable and built once.
 */
public final class HfPreprocessorConfig {
    private static final double[] IMAGENET_DEFAULT_MEAN = Torchvision.imagenetMean();
    private static final double[] IMAGENET_DEFAULT_STD = Torchvision.imagenetStd();
    private static final double[] STANDARD = HuggingFace.imagenetStandard();

    /** A processor class's constructor defaults. {@code size} is {height, width} or {shortest_edge} or {shortest, longest}. */
    private record Defaults(String family, int[] size, String sizeKind, boolean squareLegacyInt, Interpolation resample, boolean centerCrop,
                            int crop, boolean normalize, double[] mean, double[] std, Double cropPct) {
    }

    private static final List<Defaults> CLASSES = List.of(
            new Defaults("ViT", new int[] {224, 224}, "hw", true, Interpolation.BILINEAR, false, 0, true, STANDARD, STANDARD, null),
            new Defaults("CLIP", new int[] {224}, "shortest", false, Interpolation.BICUBIC, true, 224, true, HuggingFace.openaiClipMean(),
                    HuggingFace.openaiClipStd(), null),
            new Defaults("ConvNext", new int[] {384}, "shortest", false, Interpolation.BILINEAR, false, 0, true, STANDARD, STANDARD, 224 / 256.0),
            new Defaults("Detr", new int[] {800, 1333}, "shortest-longest", false, Interpolation.BILINEAR, false, 0, true, IMAGENET_DEFAULT_MEAN,
                    IMAGENET_DEFAULT_STD, null),
            new Defaults("RTDetr", new int[] {640, 640}, "hw", false, Interpolation.BILINEAR, false, 0, false, IMAGENET_DEFAULT_MEAN,
                    IMAGENET_DEFAULT_STD, null),
            new Defaults("MobileNetV2", new int[] {256}, "shortest", false, Interpolation.BILINEAR, true, 224, true, STANDARD, STANDARD, null),
            new Defaults("Segformer", new int[] {512, 512}, "hw", true, Interpolation.BILINEAR, false, 0, true, IMAGENET_DEFAULT_MEAN,
                    IMAGENET_DEFAULT_STD, null));

    private HfPreprocessorConfig() {
    }

    public static Imported read(Path file) {
        return parse(Json.read(file), file.getFileName().toString());
    }

    public static Imported parse(String json, String name) {
        return parse(Json.parse(json, name), name);
    }

    static Imported parse(JsonNode c, String name) {
        List<String> notes = new ArrayList<>();
        String cls = Json.text(c, "image_processor_type");
        if (cls == null) {
            cls = Json.text(c, "feature_extractor_type");
        }
        boolean fast = cls != null && cls.endsWith("Fast");
        Defaults d = defaults(cls);
        if (d == null) {
            notes.add("processor class " + (cls == null ? "(none given)" : cls) + " is not one whose defaults pixelprep knows (ViT, CLIP, ConvNext,"
                    + " Detr, RTDetr, MobileNetV2, Segformer): missing keys are taken as resize off, no crop, rescale 1/255, normalize off");
        }
        // normalisation
        boolean doRescale = orDefault(Json.bool(c, "do_rescale", name), true, "do_rescale", "true", notes, d != null);
        double rescale = orDefault(Json.number(c, "rescale_factor", name), HuggingFace.DEFAULT_RESCALE, "rescale_factor", "1/255", notes,
                d != null && doRescale);
        boolean doNormalize = orDefault(Json.bool(c, "do_normalize", name), d != null && d.normalize(), "do_normalize",
                Boolean.toString(d != null && d.normalize()), notes, d != null);
        double[] mean = Json.numbers(c, "image_mean", name);
        double[] std = Json.numbers(c, "image_std", name);
        if (doNormalize && mean == null) {
            mean = d != null ? d.mean() : STANDARD;
            notes.add("image_mean not in the file: class default " + list(mean));
        }
        if (doNormalize && std == null) {
            std = d != null ? d.std() : STANDARD;
            notes.add("image_std not in the file: class default " + list(std));
        }
        HuggingFace hf;
        try {
            hf = new HuggingFace(doRescale, rescale, doNormalize, mean, std);
        } catch (InvalidSpecException e) {
            throw new FormatException(name + ": " + e.getMessage());
        }
        if (Boolean.FALSE.equals(Json.bool(c, "do_convert_rgb", name))) {
            notes.add("do_convert_rgb is false: gray or RGBA images reach the model as they are; the spec assumes RGB");
        }
        // geometry
        Interpolation interp = resample(c, d, name, notes);
        ResizeFamily family = fast ? ResizeFamily.TORCHVISION_TENSOR : ResizeFamily.PILLOW;
        if (fast) {
            notes.add(cls + " is a fast processor: resize runs on tensors (torchvision, antialias=True), not Pillow");
        }
        Resize resize = null;
        Crop crop = null;
        boolean doResize = orDefault(Json.bool(c, "do_resize", name), d != null, "do_resize", Boolean.toString(d != null), notes, d != null);
        boolean convnext = d != null && d.family().equals("ConvNext");
        if (doResize) {
            JsonNode size = c.get("size");
            int[] hw = null;
            int shortest = 0;
            int longest = 0;
            if (size == null || size.isNull()) {
                if (d == null) {
                    throw new FormatException(name + ": do_resize is true but there is no size and no known processor class to take it from");
                }
                notes.add("size not in the file: class default " + describeDefault(d));
                switch (d.sizeKind()) {
                    case "hw": hw = d.size(); break;
                    case "shortest": shortest = d.size()[0]; break;
                    default: shortest = d.size()[0]; longest = d.size()[1]; break;
                }
            } else if (size.isIntegralNumber()) {
                int s = Json.positiveInt(size, "size", name);
                boolean square = d == null || d.squareLegacyInt();
                Integer maxSize = c.has("max_size") && !c.get("max_size").isNull() ? Json.positiveInt(c.get("max_size"), "max_size", name) : null;
                if (d != null && d.family().equals("Detr")) {
                    shortest = s;
                    longest = maxSize != null ? maxSize : 1333;
                    notes.add("legacy integer size " + s + " is DETR's shortest edge, longest edge " + longest + (maxSize == null ? " (default max_size)" : ""));
                } else if (square) {
                    hw = new int[] {s, s};
                    notes.add("legacy integer size " + s + " means " + s + "x" + s + " for " + (cls == null ? "this processor" : cls));
                } else {
                    shortest = s;
                    notes.add("legacy integer size " + s + " means shortest_edge " + s + " for " + cls);
                }
            } else if (size.isObject()) {
                if (size.has("height") && size.has("width")) {
                    hw = new int[] {Json.positiveInt(size.get("height"), "size.height", name), Json.positiveInt(size.get("width"), "size.width", name)};
                } else if (size.has("shortest_edge")) {
                    shortest = Json.positiveInt(size.get("shortest_edge"), "size.shortest_edge", name);
                    if (size.has("longest_edge")) {
                        longest = Json.positiveInt(size.get("longest_edge"), "size.longest_edge", name);
                    }
                } else if (size.has("longest_edge")) {
                    longest = Json.positiveInt(size.get("longest_edge"), "size.longest_edge", name);
                } else if (size.has("max_height") && size.has("max_width")) {
                    notes.add("size {max_height, max_width} (fit inside, keep aspect, no padding) has no pixelprep resize mode; geometry left out");
                } else {
                    throw new FormatException(name + ": size " + size + " has none of the key sets {height, width}, {shortest_edge},"
                            + " {shortest_edge, longest_edge}, {longest_edge}, {max_height, max_width}");
                }
            } else {
                throw new FormatException(name + ": size must be an integer or an object, got " + size);
            }
            try {
                if (hw != null) {
                    resize = Resize.exact(hw[1], hw[0], interp, family);
                } else if (convnext && shortest > 0) {
                    Double pct = Json.number(c, "crop_pct", name);
                    if (pct == null) {
                        pct = d.cropPct();
                        notes.add("crop_pct not in the file: ConvNext default 224/256");
                    }
                    if (shortest < 384) {
                        if (!(pct > 0 && pct <= 1)) {
                            throw new FormatException(name + ": crop_pct must be in (0, 1], got " + pct);
                        }
                        int scaled = (int) (shortest / pct);
                        resize = Resize.shorterSide(scaled, interp, family);
                        crop = new Crop(shortest, shortest, CropRounding.FLOOR, true, null);
                        notes.add(String.format(Locale.ROOT, "ConvNext crop_pct %s: shorter side to int(%d / %s) = %d, then centre crop %dx%d", fmt(pct),
                                shortest, fmt(pct), scaled, shortest, shortest));
                    } else {
                        resize = Resize.exact(shortest, shortest, interp, family);
                        notes.add("ConvNext with shortest_edge >= 384 warps to " + shortest + "x" + shortest + " without a crop (crop_pct unused)");
                    }
                } else if (shortest > 0) {
                    resize = new Resize(ResizeMode.SHORTER_SIDE, 0, 0, shortest, longest, interp, family, Resize.defaultAntialias(family, interp),
                            null, true);
                    String base = processorFamily(cls);
                    if (longest > 0 && DETR_FAMILY.contains(base)) {
                        resize = resize.withSideRounding(SideRounding.HF);
                        notes.add("shortest_edge " + shortest + " capped by longest_edge " + longest + " with " + base
                                + "'s rule (get_size_with_aspect_ratio): the capped shorter side is round()ed, the longer int()ed");
                    } else if (longest > 0) {
                        notes.add("shortest_edge " + shortest + " capped by longest_edge " + longest + " as get_resize_output_image_size does"
                                + " (truncated, torchvision's max_size); DETR-family processors round instead (side rounding hf)");
                    }
                } else if (longest > 0) {
                    resize = new Resize(ResizeMode.LONGER_SIDE, 0, 0, longest, 0, interp, family, Resize.defaultAntialias(family, interp), null, true);
                }
            } catch (InvalidSpecException e) {
                throw new FormatException(name + ": " + e.getMessage());
            }
        }
        Boolean doCrop = Json.bool(c, "do_center_crop", name);
        if (doCrop == null && d != null && d.centerCrop()) {
            notes.add("do_center_crop not in the file: " + d.family() + " default true");
        }
        if (Boolean.TRUE.equals(doCrop) || (doCrop == null && d != null && d.centerCrop())) {
            JsonNode cs = c.get("crop_size");
            int ch;
            int cw;
            if (cs == null || cs.isNull()) {
                if (d == null || d.crop() == 0) {
                    throw new FormatException(name + ": do_center_crop is true but there is no crop_size");
                }
                ch = d.crop();
                cw = d.crop();
                notes.add("crop_size not in the file: class default " + cw + "x" + ch);
            } else if (cs.isIntegralNumber()) {
                ch = Json.positiveInt(cs, "crop_size", name);
                cw = ch;
            } else if (cs.isObject() && cs.has("height") && cs.has("width")) {
                ch = Json.positiveInt(cs.get("height"), "crop_size.height", name);
                cw = Json.positiveInt(cs.get("width"), "crop_size.width", name);
            } else {
                throw new FormatException(name + ": crop_size must be an integer or {height, width}, got " + cs);
            }
            crop = new Crop(cw, ch, CropRounding.FLOOR, true, null);
            if (resize != null && resize.mode() == ResizeMode.EXACT && (resize.width() < cw || resize.height() < ch)) {
                notes.add(String.format(Locale.ROOT, "the %dx%d resize is smaller than the %dx%d centre crop: the image is zero-padded to the crop"
                        + " size, so the model sees black borders", resize.width(), resize.height(), cw, ch));
            }
        }
        if (Boolean.TRUE.equals(Json.bool(c, "do_pad", name))) {
            notes.add("do_pad pads each image of a batch at the bottom/right to the batch's largest size (with a pixel_mask); one image alone is not padded");
        }
        Spec.Builder b = hf.applyTo(Spec.builder());
        if (resize != null || crop != null) {
            b.geometry(new Geometry(resize, crop));
        }
        String source = "Hugging Face " + (cls == null ? "image processor" : cls) + " (" + name + ")";
        return new Imported(source, b.build(), notes);
    }

    /** Processors whose shortest_edge + longest_edge follow DETR's get_size_with_aspect_ratio (copied into each). */
    private static final java.util.Set<String> DETR_FAMILY = java.util.Set.of("Detr", "DeformableDetr", "ConditionalDetr", "Yolos", "GroundingDino");

    /** The processor class without its ImageProcessor / FeatureExtractor (and Fast) suffix, e.g. Detr; "" for none. */
    private static String processorFamily(String cls) {
        return cls == null ? "" : cls.replaceAll("(ImageProcessor|FeatureExtractor)(Fast)?$", "");
    }

    private static Defaults defaults(String cls) {
        if (cls == null) {
            return null;
        }
        String base = processorFamily(cls);
        for (Defaults d : CLASSES) {
            if (d.family().equals(base)) {
                return d;
            }
        }
        return null;
    }

    private static Interpolation resample(JsonNode c, Defaults d, String name, List<String> notes) {
        JsonNode r = c.get("resample");
        if (r == null || r.isNull()) {
            Interpolation i = d != null ? d.resample() : Interpolation.BILINEAR;
            notes.add("resample not in the file: " + (d != null ? d.family() + " default " : "assumed ") + i.id());
            return i;
        }
        try {
            Interpolation i = Interpolation.parse(r.asText());
            if (r.isIntegralNumber()) {
                notes.add("resample " + r.asInt() + " is PIL's " + i.id().toUpperCase(Locale.ROOT) + " (PIL codes, not OpenCV's)");
            }
            return i;
        } catch (IllegalArgumentException e) {
            throw new FormatException(name + ": resample " + r + ": " + e.getMessage());
        }
    }

    private static String describeDefault(Defaults d) {
        switch (d.sizeKind()) {
            case "hw": return "{height: " + d.size()[0] + ", width: " + d.size()[1] + "}";
            case "shortest": return "{shortest_edge: " + d.size()[0] + "}";
            default: return "{shortest_edge: " + d.size()[0] + ", longest_edge: " + d.size()[1] + "}";
        }
    }

    private static boolean orDefault(Boolean v, boolean def, String key, String text, List<String> notes, boolean report) {
        if (v != null) {
            return v;
        }
        if (report) {
            notes.add(key + " not in the file: default " + text);
        }
        return def;
    }

    private static double orDefault(Double v, double def, String key, String text, List<String> notes, boolean report) {
        if (v != null) {
            return v;
        }
        if (report) {
            notes.add(key + " not in the file: default " + text);
        }
        return def;
    }

    static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(fmt(v[i]));
        }
        return sb.append(']').toString();
    }

    static String fmt(double v) {
        return Spec.num(v);
    }
}
