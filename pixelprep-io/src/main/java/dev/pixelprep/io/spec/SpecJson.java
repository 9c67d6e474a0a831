package dev.pixelprep.io.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Caffe;
import dev.pixelprep.core.convention.Convention;
import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.Keras;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.convention.Paddle;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.TfLite;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.ScaleLimit;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.io.ExifPolicy;
import dev.pixelprep.io.IccPolicy;
import dev.pixelprep.io.LimitedJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON spec file (format version {@value Spec#FORMAT_VERSION}, documented in {@code docs/spec.md}).
 *
 * <p>Reading is strict: unknown keys, wrong types, NaN or infinite numbers, zero std and wrong channel counts are
 * rejected with an {@link InvalidSpecException} whose message starts with the JSON path of the offending value
 * ({@code $.torchvision.std[1]: must not be 0}). The normalisation can be given canonically ({@code normalize})
 * or in exactly one framework's words ({@code preset}, {@code coreml}, {@code torchvision}, {@code opencv},
 * {@code caffe}, {@code keras}, {@code tflite}, {@code hf}). Writing always produces the canonical form, which
 * reads back as an equal {@link Spec}.
 *
 * <p>Stateless utility: static methods only; its JSON reader and writer are shared, immutable once configured, and
 * calls from several threads are safe (tested).
 */
public final class SpecJson {
    static final String VERSION_KEY = "pixelprep_spec";
    private static final Set<String> NORMALISERS = Set.of("normalize", "preset", "coreml", "torchvision", "opencv", "caffe", "keras", "tflite", "hf", "paddle");
    private static final Set<String> TOP = Set.of(VERSION_KEY, "color", "invert", "normalize", "preset", "coreml", "torchvision", "opencv",
            "caffe", "keras", "tflite", "hf", "paddle", "mean_image", "layout", "dtype", "quantization", "batch", "alpha", "description",
            "gray", "resize", "crop", "decode", "pad_value", "then", "orientation", "pad_batch");

    /** Writes only; reading goes through {@link LimitedJson}. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SpecJson() {
    }

    /** Reads a spec file; a relative {@code mean_image.npy} path is resolved against the file's folder. */
    public static Spec read(Path file) {
        return readDocument(file).spec();
    }

    /** Largest spec file accepted, in bytes (see {@link LimitedJson} for the limits inside the document). */
    public static final long MAX_FILE_BYTES = LimitedJson.MAX_DOCUMENT_CHARS;

    /**
     * Reads a spec file with its {@code decode} block. Every error names the file; the file must be a regular file
     * of at most {@link #MAX_FILE_BYTES} bytes, and the JSON within the {@link LimitedJson} limits.
     */
    public static SpecDocument readDocument(Path file) {
        String text = LimitedJson.readText(file, MAX_FILE_BYTES, "spec", InvalidSpecException::new);
        try {
            return parseDocument(text, file.toAbsolutePath().getParent());
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(file.toString(), e);
        }
    }

    /** Parses spec JSON text; {@code baseDir} resolves relative file references (may be {@code null}). */
    public static Spec parse(String json, Path baseDir) {
        return parseDocument(json, baseDir).spec();
    }

    /**
     * Parses spec JSON text with its {@code decode} block. The text is read within the {@link LimitedJson} limits
     * (depth, string, number and document length, one root value); errors start with the JSON path ({@code $: ...}).
     */
    public static SpecDocument parseDocument(String json, Path baseDir) {
        JsonNode root = LimitedJson.parse(json, "$", true, InvalidSpecException::new);
        if (!root.isObject()) {
            throw new InvalidSpecException("$", "a spec must be a JSON object");
        }
        Reader r = new Reader(baseDir);
        Spec spec = r.spec((ObjectNode) root);
        return new SpecDocument(spec, r.decode);
    }

    /** The canonical JSON text of a spec (mean images are written inline). */
    public static String write(Spec spec) {
        try {
            return MAPPER.writeValueAsString(toJson(spec)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical JSON text of a spec and its decode policy (the block is written only when not the default). */
    public static String write(SpecDocument doc) {
        ObjectNode o = toJson(doc.spec());
        DecodeOptions d = doc.decode();
        if (d.icc() != DecodeOptions.defaults().icc() || d.exif() != DecodeOptions.defaults().exif()) {
            o.putObject("decode").put("icc", d.icc().name().toLowerCase(Locale.ROOT)).put("exif", d.exif().name().toLowerCase(Locale.ROOT));
        }
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A resize's keys into {@code rn} ({@code resize} and the second resize {@code then} alike). */
    private static void resizeJson(Resize r, boolean onFloats, ObjectNode rn) {
        rn.put("mode", r.mode().id());
        if (r.mode() == ResizeMode.SHORTER_SIDE || r.mode() == ResizeMode.LONGER_SIDE) {
            rn.put("size", r.size());
            if (r.maxSize() > 0) {
                rn.put("max_size", r.maxSize());
            }
            rn.put("side_rounding", r.sideRounding().id());
            if (r.multiple() > 0) {
                rn.put("multiple", r.multiple());
            }
        } else {
            rn.put("width", r.width());
            rn.put("height", r.height());
            if (r.sideRounding() != SideRounding.TRUNCATE) {
                rn.put("side_rounding", r.sideRounding().id());
            }
        }
        if (r.scaleLimit() != ScaleLimit.ANY) {
            rn.put("scale", r.scaleLimit().id());
        }
        rn.put("interpolation", r.interpolation().id());
        rn.put("family", r.family().id());
        rn.put("antialias", r.antialias());
        if (onFloats) {
            rn.put("stage", "float");
        }
        if (r.mode() == ResizeMode.FIT || r.mode() == ResizeMode.HEIGHT || r.stride() > 0) {
            ArrayNode pc = rn.putArray("pad_color");
            for (int v : r.padColor()) {
                pc.add(v);
            }
            if (r.mode() == ResizeMode.FIT) {
                rn.put("pad_position", r.padCenter() ? "center" : "top-left");
            }
            if (r.stride() > 0) {
                rn.put("stride", r.stride());
            }
        }
    }

    /** The canonical JSON tree of a spec. */
    public static ObjectNode toJson(Spec spec) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put(VERSION_KEY, Spec.FORMAT_VERSION);
        o.put("color", spec.color().name());
        if (spec.color() == ColorOrder.GRAY) {
            o.put("gray", spec.luma().id());
        }
        Geometry g = spec.geometry();
        if (g != null && !g.orientation().isNone()) {
            ObjectNode on = o.putObject("orientation");
            on.put("rotate", g.orientation().rotation());
            on.put("mirror", g.orientation().mirror());
        }
        if (g != null && g.resize() != null) {
            resizeJson(g.resize(), g.resizeOnFloats(), o.putObject("resize"));
        }
        if (g != null && g.then() != null) {
            resizeJson(g.then(), false, o.putObject("then"));
        }
        if (g != null && g.padValue() != null) {
            ArrayNode pv = o.putArray("pad_value");
            for (double v : g.padValue()) {
                pv.add(v);
            }
        }
        if (g != null && g.padBatch()) {
            o.put("pad_batch", true);
        }
        if (g != null && g.crop() != null) {
            Crop c = g.crop();
            ObjectNode cn = o.putObject("crop");
            cn.put("width", c.width());
            cn.put("height", c.height());
            cn.put("rounding", c.rounding().id());
            cn.put("pad", c.pad());
            ArrayNode pc = cn.putArray("pad_color");
            for (int v : c.padColor()) {
                pc.add(v);
            }
        }
        if (spec.invert()) {
            o.put("invert", true);
        }
        ObjectNode n = o.putObject("normalize");
        ArrayNode s = n.putArray("scale");
        for (double v : spec.scale()) {
            s.add(v);
        }
        ArrayNode b = n.putArray("bias");
        for (double v : spec.bias()) {
            b.add(v);
        }
        MeanImage m = spec.meanImage();
        if (m != null) {
            ObjectNode mi = o.putObject("mean_image");
            mi.putArray("shape").add(m.channels()).add(m.height()).add(m.width());
            ArrayNode d = mi.putArray("data");
            for (float v : m.data()) {
                d.add(v);
            }
        }
        o.put("layout", spec.layout().name());
        o.put("dtype", spec.dtype().id());
        if (spec.quantization() != null) {
            o.putObject("quantization").put("scale", spec.quantization().scale()).put("zero_point", spec.quantization().zeroPoint());
        }
        o.put("batch", spec.batch());
        ObjectNode a = o.putObject("alpha");
        a.put("policy", spec.alpha().kind().name().toLowerCase(Locale.ROOT));
        if (spec.alpha().kind() == AlphaPolicy.Kind.COMPOSITE) {
            ArrayNode bg = a.putArray("background");
            for (int v : spec.alpha().background()) {
                bg.add(v);
            }
        }
        return o;
    }

    /** Walks the tree with the JSON path of every value at hand, so each error names where it is. */
    private static final class Reader {
        private final Path baseDir;
        private DecodeOptions decode = DecodeOptions.defaults();
        private boolean resizeOnFloats;

        Reader(Path baseDir) {
            this.baseDir = baseDir;
        }

        Spec spec(ObjectNode root) {
            allowOnly(root, "$", TOP);
            JsonNode version = root.get(VERSION_KEY);
            if (version == null) {
                throw new InvalidSpecException("$", "missing \"" + VERSION_KEY + "\": " + Spec.FORMAT_VERSION + " (the spec format version)");
            }
            if (!version.isInt() || version.asInt() != Spec.FORMAT_VERSION) {
                throw new InvalidSpecException("$." + VERSION_KEY, "this pixelprep reads spec format " + Spec.FORMAT_VERSION + ", got " + version);
            }
            Set<String> given = new LinkedHashSet<>();
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (NORMALISERS.contains(k)) {
                    given.add(k);
                }
            }
            if (given.size() > 1) {
                throw new InvalidSpecException("$", "give the normalisation once, not as " + String.join(" and ", given));
            }
            ColorOrder color = root.has("color") ? enumValue(root.get("color"), "$.color", ColorOrder::parse) : null;
            Spec.Builder b = Spec.builder();
            String normaliser = given.isEmpty() ? null : given.iterator().next();
            if (normaliser == null || normaliser.equals("normalize")) {
                b.color(color == null ? ColorOrder.RGB : color);
                if (normaliser != null) {
                    ObjectNode n = object(root.get("normalize"), "$.normalize");
                    allowOnly(n, "$.normalize", Set.of("scale", "bias"));
                    if (n.has("scale")) {
                        b.scale(numbers(n.get("scale"), "$.normalize.scale"));
                    }
                    if (n.has("bias")) {
                        b.bias(numbers(n.get("bias"), "$.normalize.bias"));
                    }
                }
            } else if (normaliser.equals("preset")) {
                String name = text(root.get("preset"), "$.preset");
                Presets.Preset p;
                try {
                    p = Presets.get(name);
                } catch (IllegalArgumentException e) {
                    throw new InvalidSpecException("$.preset", e.getMessage());
                }
                p.applyTo(b);
                checkColor(color, p.convention().colorOrder(), "$.preset");
            } else {
                Convention c = convention(normaliser, root.get(normaliser), color);
                c.applyTo(b);
                checkColor(color, c.colorOrder(), "$." + normaliser);
            }
            if (root.has("invert")) {
                b.invert(bool(root.get("invert"), "$.invert"));
            }
            if (root.has("mean_image")) {
                b.meanImage(meanImage(root.get("mean_image")));
            }
            if (root.has("layout")) {
                b.layout(enumValue(root.get("layout"), "$.layout", Layout::parse));
            }
            if (root.has("dtype")) {
                b.dtype(enumValue(root.get("dtype"), "$.dtype", DType::parse));
            }
            if (root.has("quantization")) {
                ObjectNode q = object(root.get("quantization"), "$.quantization");
                allowOnly(q, "$.quantization", Set.of("scale", "zero_point"));
                b.quantization(new Quantization(number(required(q, "scale", "$.quantization"), "$.quantization.scale"),
                        integer(required(q, "zero_point", "$.quantization"), "$.quantization.zero_point")));
            }
            if (root.has("batch")) {
                b.batch(integer(root.get("batch"), "$.batch"));
            }
            if (root.has("alpha")) {
                b.alpha(alpha(root.get("alpha")));
            }
            if (root.has("decode")) {
                ObjectNode d = object(root.get("decode"), "$.decode");
                allowOnly(d, "$.decode", Set.of("icc", "exif"));
                if (d.has("icc")) {
                    decode = decode.withIcc(enumValue(d.get("icc"), "$.decode.icc", v -> IccPolicy.valueOf(policy(v, "ignore", "apply"))));
                }
                if (d.has("exif")) {
                    decode = decode.withExif(enumValue(d.get("exif"), "$.decode.exif", v -> ExifPolicy.valueOf(policy(v, "apply", "ignore"))));
                }
            }
            if (root.has("gray")) {
                b.luma(enumValue(root.get("gray"), "$.gray", Luma::parse));
            }
            Resize resize = root.has("resize") ? resize(root.get("resize")) : null;
            Crop crop = root.has("crop") ? crop(root.get("crop")) : null;
            double[] padValue = root.has("pad_value") ? numbers(root.get("pad_value"), "$.pad_value") : null;
            if (padValue != null && resize == null && crop == null) {
                throw new InvalidSpecException("$.pad_value", "pads a resize or crop; the spec has neither");
            }
            Resize then = null;
            if (root.has("then")) {
                boolean floats = resizeOnFloats;
                then = resize(root.get("then"), "$.then");
                if (resizeOnFloats != floats) {
                    throw new InvalidSpecException("$.then.stage", "a second resize runs on 8-bit pixels; leave out stage");
                }
                if (resize == null && crop == null) {
                    throw new InvalidSpecException("$.then", "is the second resize of a resize or crop; the spec has neither");
                }
            }
            FrameOrientation orientation = FrameOrientation.NONE;
            if (root.has("orientation")) {
                ObjectNode on = object(root.get("orientation"), "$.orientation");
                allowOnly(on, "$.orientation", Set.of("rotate", "mirror"));
                int rotate = on.has("rotate") ? integer(on.get("rotate"), "$.orientation.rotate") : 0;
                boolean mirror = on.has("mirror") && bool(on.get("mirror"), "$.orientation.mirror");
                orientation = new FrameOrientation(rotate, mirror);
            }
            boolean padBatch = root.has("pad_batch") && bool(root.get("pad_batch"), "$.pad_batch");
            if (padBatch && resize == null) {
                throw new InvalidSpecException("$.pad_batch", "pads a batch of resized images; the spec has no resize");
            }
            if (resize != null || crop != null || !orientation.isNone()) {
                b.geometry(new Geometry(resize, crop, resizeOnFloats, padValue, then, orientation, padBatch));
            }
            return b.build();
        }

        private static void checkColor(ColorOrder given, ColorOrder implied, String path) {
            if (given != null && given != implied) {
                throw new InvalidSpecException("$.color", given + " contradicts " + path + ", which produces " + implied);
            }
        }

        private Convention convention(String id, JsonNode node, ColorOrder color) {
            String p = "$." + id;
            ObjectNode o = object(node, p);
            boolean gray = color == ColorOrder.GRAY;
            switch (id) {
                case "coreml": {
                    if (o.has("color_layout") || o.has("scale") || o.has("bias")) {
                        allowOnly(o, p, Set.of("scale", "bias", "color_layout"));
                        ColorOrder layout = o.has("color_layout") ? enumValue(o.get("color_layout"), p + ".color_layout", ColorOrder::parse)
                                : color == null ? ColorOrder.RGB : color;
                        double scale = o.has("scale") ? number(o.get("scale"), p + ".scale") : 1.0;
                        double[] bias = o.has("bias") ? numbers(o.get("bias"), p + ".bias") : new double[] {0};
                        return CoreMl.imageType(scale, bias, layout);
                    }
                    allowOnly(o, p, Set.of("image_scale", "red_bias", "green_bias", "blue_bias", "gray_bias", "is_bgr"));
                    double scale = o.has("image_scale") ? number(o.get("image_scale"), p + ".image_scale") : 1.0;
                    if (gray) {
                        return CoreMl.gray(scale, opt(o, "gray_bias", p));
                    }
                    return CoreMl.rgb(scale, opt(o, "red_bias", p), opt(o, "green_bias", p), opt(o, "blue_bias", p),
                            o.has("is_bgr") && bool(o.get("is_bgr"), p + ".is_bgr"));
                }
                case "torchvision":
                    allowOnly(o, p, Set.of("mean", "std"));
                    return new Torchvision(numbers(required(o, "mean", p), p + ".mean"), numbers(required(o, "std", p), p + ".std"), gray);
                case "tflite":
                    allowOnly(o, p, Set.of("mean", "std"));
                    return new TfLite(numbers(required(o, "mean", p), p + ".mean"), numbers(required(o, "std", p), p + ".std"), gray);
                case "opencv": {
                    allowOnly(o, p, Set.of("scalefactor", "mean", "swap_rb", "source"));
                    double[] sf = o.has("scalefactor") ? numbers(o.get("scalefactor"), p + ".scalefactor") : new double[] {1};
                    double[] mean = o.has("mean") ? numbers(o.get("mean"), p + ".mean") : new double[] {0};
                    boolean swap = o.has("swap_rb") && bool(o.get("swap_rb"), p + ".swap_rb");
                    ColorOrder source = o.has("source") ? enumValue(o.get("source"), p + ".source", ColorOrder::parse)
                            : gray ? ColorOrder.GRAY : ColorOrder.BGR;
                    return new OpenCvBlob(sf, mean, swap, source);
                }
                case "caffe":
                    allowOnly(o, p, Set.of("raw_scale", "mean", "input_scale", "channel_swap"));
                    return new Caffe(o.has("raw_scale") ? number(o.get("raw_scale"), p + ".raw_scale") : 255,
                            o.has("mean") ? numbers(o.get("mean"), p + ".mean") : new double[] {0},
                            o.has("input_scale") ? number(o.get("input_scale"), p + ".input_scale") : 1,
                            !o.has("channel_swap") || bool(o.get("channel_swap"), p + ".channel_swap"));
                case "keras":
                    allowOnly(o, p, Set.of("mode"));
                    return enumValue(required(o, "mode", p), p + ".mode", Keras::parse);
                case "hf":
                    allowOnly(o, p, Set.of("do_rescale", "rescale_factor", "do_normalize", "image_mean", "image_std"));
                    return new HuggingFace(!o.has("do_rescale") || bool(o.get("do_rescale"), p + ".do_rescale"),
                            o.has("rescale_factor") ? number(o.get("rescale_factor"), p + ".rescale_factor") : HuggingFace.DEFAULT_RESCALE,
                            !o.has("do_normalize") || bool(o.get("do_normalize"), p + ".do_normalize"),
                            o.has("image_mean") ? numbers(o.get("image_mean"), p + ".image_mean") : HuggingFace.imagenetStandard(),
                            o.has("image_std") ? numbers(o.get("image_std"), p + ".image_std") : HuggingFace.imagenetStandard());
                case "paddle":
                    // NormalizeImage on the image as it lies: $.color names that order (cv2.imread's BGR by default)
                    allowOnly(o, p, Set.of("scale", "mean", "std"));
                    return new Paddle(o.has("scale") ? number(o.get("scale"), p + ".scale") : Paddle.DEFAULT_SCALE,
                            numbers(required(o, "mean", p), p + ".mean"), numbers(required(o, "std", p), p + ".std"),
                            color == null ? ColorOrder.BGR : color);
                default:
                    throw new IllegalStateException(id);
            }
        }

        private double opt(ObjectNode o, String key, String p) {
            return o.has(key) ? number(o.get(key), p + "." + key) : 0.0;
        }

        private MeanImage meanImage(JsonNode node) {
            String p = "$.mean_image";
            ObjectNode o = object(node, p);
            if (o.has("npy")) {
                allowOnly(o, p, Set.of("npy"));
                Path file = Path.of(text(o.get("npy"), p + ".npy"));
                if (!file.isAbsolute() && baseDir != null) {
                    file = baseDir.resolve(file);
                }
                Tensor t;
                try {
                    t = Npy.read(file);
                } catch (dev.pixelprep.core.PixelprepException e) {
                    throw new InvalidSpecException(p + ".npy", e.getMessage());
                }
                int[] sh = t.shape();
                if (sh.length == 4 && sh[0] == 1) {
                    sh = new int[] {sh[1], sh[2], sh[3]};
                }
                if (sh.length == 2) {
                    sh = new int[] {1, sh[0], sh[1]};
                }
                if (sh.length != 3) {
                    throw new InvalidSpecException(p + ".npy", "expected a [C,H,W] array, got shape " + java.util.Arrays.toString(t.shape()));
                }
                return new MeanImage(sh[0], sh[1], sh[2], t.toFloatArray());
            }
            allowOnly(o, p, Set.of("shape", "data"));
            double[] shape = numbers(required(o, "shape", p), p + ".shape");
            if (shape.length != 3) {
                throw new InvalidSpecException(p + ".shape", "expected [C, H, W], got " + shape.length + " values");
            }
            for (int i = 0; i < 3; i++) {
                if (shape[i] != Math.rint(shape[i]) || shape[i] < 1 || shape[i] > 1 << 16) {
                    throw new InvalidSpecException(p + ".shape[" + i + "]", "must be a positive integer, got " + shape[i]);
                }
            }
            double[] data = numbers(required(o, "data", p), p + ".data");
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return new MeanImage((int) shape[0], (int) shape[1], (int) shape[2], f);
        }

        private static String policy(String v, String a, String b) {
            String t = v.trim().toLowerCase(Locale.ROOT);
            if (!t.equals(a) && !t.equals(b)) {
                throw new IllegalArgumentException("expected " + a + " or " + b + ", got \"" + v + "\"");
            }
            return t.toUpperCase(Locale.ROOT);
        }

        private Resize resize(JsonNode node) {
            return resize(node, "$.resize");
        }

        private Resize resize(JsonNode node, String p) {
            ObjectNode o = object(node, p);
            allowOnly(o, p, Set.of("mode", "size", "max_size", "side_rounding", "width", "height", "interpolation", "family", "antialias", "pad_color",
                    "pad_position", "stage", "scale", "multiple", "stride"));
            if (o.has("stage")) {
                String st = text(o.get("stage"), p + ".stage");
                if (!st.equals("uint8") && !st.equals("float")) {
                    throw new InvalidSpecException(p + ".stage", "expected uint8 (resize 8-bit pixels before normalising) or float, got \"" + st + "\"");
                }
                resizeOnFloats = st.equals("float");
            }
            ResizeMode mode = enumValue(required(o, "mode", p), p + ".mode", ResizeMode::parse);
            boolean bySide = mode == ResizeMode.SHORTER_SIDE || mode == ResizeMode.LONGER_SIDE;
            for (String k : bySide ? new String[] {"width", "height", "pad_position"} : new String[] {"size", "max_size", "multiple"}) {
                if (o.has(k)) {
                    throw new InvalidSpecException(p + "." + k, "does not apply to mode " + mode.id());
                }
            }
            if (mode != ResizeMode.FIT) {
                if (o.has("pad_position")) {
                    throw new InvalidSpecException(p + ".pad_position", "applies only to mode fit (letterbox)");
                }
                boolean padsToStride = mode != ResizeMode.HEIGHT && mode != ResizeMode.FILL;
                if (!padsToStride && o.has("stride")) {
                    throw new InvalidSpecException(p + ".stride", "applies to modes exact, shorter-side, longer-side and fit, not " + mode.id());
                }
                if (padsToStride && o.has("pad_color") && !o.has("stride")) {
                    throw new InvalidSpecException(p + ".pad_color", "mode " + mode.id() + " pads only with stride; give stride or leave out pad_color");
                }
                if (mode == ResizeMode.FILL && o.has("pad_color")) {
                    throw new InvalidSpecException(p + ".pad_color", "applies only to modes fit and height, and to stride padding");
                }
            }
            int size = bySide ? integer(required(o, "size", p), p + ".size") : 0;
            int maxSize = o.has("max_size") ? integer(o.get("max_size"), p + ".max_size") : 0;
            int width = bySide ? 0 : integer(required(o, "width", p), p + ".width");
            int height = bySide ? 0 : integer(required(o, "height", p), p + ".height");
            Interpolation interp = o.has("interpolation") ? enumValue(o.get("interpolation"), p + ".interpolation", Interpolation::parse)
                    : Interpolation.BILINEAR;
            ResizeFamily family = o.has("family") ? enumValue(o.get("family"), p + ".family", ResizeFamily::parse) : ResizeFamily.PILLOW;
            boolean aa = o.has("antialias") ? bool(o.get("antialias"), p + ".antialias") : Resize.defaultAntialias(family, interp);
            int[] pad = o.has("pad_color") ? rgb(o.get("pad_color"), p + ".pad_color") : null;
            boolean center = true;
            if (o.has("pad_position")) {
                String pos = text(o.get("pad_position"), p + ".pad_position");
                if (!pos.equals("center") && !pos.equals("top-left")) {
                    throw new InvalidSpecException(p + ".pad_position", "expected center or top-left, got \"" + pos + "\"");
                }
                center = pos.equals("center");
            }
            SideRounding rounding = o.has("side_rounding") ? byId(o.get("side_rounding"), p + ".side_rounding", SideRounding.values(),
                    SideRounding::id, "truncate (torchvision), round (ONNX Model Zoo, Ultralytics), hf (DETR), ratio (PaddleOCR), half-up (SAM), integer (MediaPipe) or scale (PaddleDetection)")
                    : SideRounding.TRUNCATE;
            ScaleLimit limit = o.has("scale") ? byId(o.get("scale"), p + ".scale", ScaleLimit.values(), ScaleLimit::id,
                    "any, down (only shrink) or up (only enlarge)") : ScaleLimit.ANY;
            int multiple = o.has("multiple") ? integer(o.get("multiple"), p + ".multiple") : 0;
            int stride = o.has("stride") ? integer(o.get("stride"), p + ".stride") : 0;
            if (o.has("multiple") && multiple == 0 || o.has("stride") && stride == 0) {
                String k = o.has("multiple") && multiple == 0 ? "multiple" : "stride";
                throw new InvalidSpecException(p + "." + k, "must be at least 1, got 0 (leave the key out for none)");
            }
            return new Resize(mode, width, height, size, maxSize, interp, family, aa, pad, center, rounding, limit, multiple, stride);
        }

        private Crop crop(JsonNode node) {
            String p = "$.crop";
            ObjectNode o = object(node, p);
            allowOnly(o, p, Set.of("size", "width", "height", "rounding", "pad", "pad_color"));
            int width;
            int height;
            if (o.has("size")) {
                if (o.has("width") || o.has("height")) {
                    throw new InvalidSpecException(p + ".size", "give size or width and height, not both");
                }
                width = height = integer(o.get("size"), p + ".size");
            } else {
                width = integer(required(o, "width", p), p + ".width");
                height = integer(required(o, "height", p), p + ".height");
            }
            CropRounding rounding = o.has("rounding") ? enumValue(o.get("rounding"), p + ".rounding", CropRounding::parse) : CropRounding.HALF_EVEN;
            boolean pad = !o.has("pad") || bool(o.get("pad"), p + ".pad");
            return new Crop(width, height, rounding, pad, o.has("pad_color") ? rgb(o.get("pad_color"), p + ".pad_color") : null);
        }

        private static int[] rgb(JsonNode n, String path) {
            double[] v = numbers(n, path);
            if (v.length != 3) {
                throw new InvalidSpecException(path, "expected [R, G, B], got " + v.length + " values");
            }
            int[] out = new int[3];
            for (int i = 0; i < 3; i++) {
                if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] > 255) {
                    throw new InvalidSpecException(path + "[" + i + "]", "must be an integer 0..255, got " + v[i]);
                }
                out[i] = (int) v[i];
            }
            return out;
        }

        private AlphaPolicy alpha(JsonNode node) {
            String p = "$.alpha";
            ObjectNode o = object(node, p);
            String policy = text(required(o, "policy", p), p + ".policy").toLowerCase(Locale.ROOT);
            switch (policy) {
                case "drop":
                    allowOnly(o, p, Set.of("policy"));
                    return AlphaPolicy.DROP;
                case "unpremultiply":
                    allowOnly(o, p, Set.of("policy"));
                    return AlphaPolicy.UNPREMULTIPLY;
                case "composite": {
                    allowOnly(o, p, Set.of("policy", "background"));
                    double[] bg = numbers(required(o, "background", p), p + ".background");
                    if (bg.length != 3) {
                        throw new InvalidSpecException(p + ".background", "expected [R, G, B], got " + bg.length + " values");
                    }
                    for (int i = 0; i < 3; i++) {
                        if (bg[i] != Math.rint(bg[i])) {
                            throw new InvalidSpecException(p + ".background[" + i + "]", "must be an integer 0..255, got " + bg[i]);
                        }
                    }
                    return AlphaPolicy.composite((int) bg[0], (int) bg[1], (int) bg[2]);
                }
                default:
                    throw new InvalidSpecException(p + ".policy", "expected drop, composite or unpremultiply, got \"" + policy + "\"");
            }
        }

        private static void allowOnly(ObjectNode o, String path, Set<String> allowed) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                String k = it.next().getKey();
                if (!allowed.contains(k)) {
                    throw new InvalidSpecException(path + "." + k, "unknown key; allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
            }
        }

        private static JsonNode required(ObjectNode o, String key, String path) {
            JsonNode n = o.get(key);
            if (n == null || n.isNull()) {
                throw new InvalidSpecException(path + "." + key, "is required");
            }
            return n;
        }

        private static ObjectNode object(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                throw new InvalidSpecException(path, "expected an object, got " + kind(n));
            }
            return (ObjectNode) n;
        }

        private static String text(JsonNode n, String path) {
            if (n == null || !n.isTextual()) {
                throw new InvalidSpecException(path, "expected a string, got " + kind(n));
            }
            return n.asText();
        }

        private static boolean bool(JsonNode n, String path) {
            if (n == null || !n.isBoolean()) {
                throw new InvalidSpecException(path, "expected true or false, got " + kind(n));
            }
            return n.asBoolean();
        }

        private static double number(JsonNode n, String path) {
            if (n == null || !n.isNumber()) {
                throw new InvalidSpecException(path, "expected a number, got " + kind(n));
            }
            double v = n.asDouble();
            if (!Double.isFinite(v)) {
                throw new InvalidSpecException(path, "must be a finite number, got " + v);
            }
            return v;
        }

        private static int integer(JsonNode n, String path) {
            double v = number(n, path);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new InvalidSpecException(path, "expected an integer, got " + n);
            }
            return (int) v;
        }

        /** A number or an array of numbers. */
        private static double[] numbers(JsonNode n, String path) {
            if (n != null && n.isNumber()) {
                return new double[] {number(n, path)};
            }
            if (n == null || !n.isArray()) {
                throw new InvalidSpecException(path, "expected a number or an array of numbers, got " + kind(n));
            }
            double[] v = new double[n.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = number(n.get(i), path + "[" + i + "]");
            }
            return v;
        }

        /** The value whose id is the text of {@code n} exactly; otherwise the error lists {@code expected}. */
        private static <T> T byId(JsonNode n, String path, T[] values, java.util.function.Function<T, String> id, String expected) {
            String t = text(n, path);
            for (T v : values) {
                if (id.apply(v).equals(t)) {
                    return v;
                }
            }
            throw new InvalidSpecException(path, "expected " + expected + ", got \"" + t + "\"");
        }

        private static <T> T enumValue(JsonNode n, String path, java.util.function.Function<String, T> parse) {
            String s = text(n, path);
            try {
                return parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException(path, e.getMessage());
            }
        }

        private static String kind(JsonNode n) {
            if (n == null || n.isNull()) {
                return "nothing";
            }
            if (n.isTextual()) {
                return "the string \"" + n.asText() + "\"";
            }
            return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + n;
        }
    }
}
