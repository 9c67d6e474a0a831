package dev.pixelprep.cli;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Caffe;
import dev.pixelprep.core.convention.Convention;
import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.Keras;
import dev.pixelprep.core.convention.OpenCvBlob;
import dev.pixelprep.core.convention.Paddle;
import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.convention.TfLite;
import dev.pixelprep.core.convention.Torchvision;
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
import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.lint.LintFinding;
import dev.pixelprep.core.lint.SpecLint;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.Quantization;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.config.PaddleDetectionConfig;
import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.io.spec.SpecJson;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ways to say which preprocessing a model wants: a JSON spec file, a preset, or a convention with its
 * parameters spelled as that framework spells them; plus the output options every command shares.
 *
 * <p>Every spec built here is linted ({@code SpecLint}): each finding is a warning line on the command's stderr with
 * the corrected arguments in the user's convention. Commands that know more (the model's declared input, a spec read
 * from a file) lint that too through {@link #lint(Spec, LintContext)}; commands that write a spec into a model call
 * {@link #refuseLinted(boolean, String)}. Confined to one command run.
 */
final class SpecOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    private final LintWarnings warnings = new LintWarnings();

    @Option(names = "--spec", paramLabel = "FILE", description = "JSON spec file (see docs/spec.md), or PaddleDetection's exported infer_cfg.yml (.yml, .yaml).")
    Path specFile;

    @Option(names = "--preset", paramLabel = "NAME", description = "A named spec: ${sys:pixelprep.presets}.")
    String preset;

    @Option(names = "--recipe", paramLabel = "NAME", description = "A model family's whole preprocessing, geometry included (see"
            + " 'pixelprep spec presets'): ultralytics-letterbox[-auto], yolov5-letterbox[-auto], detr, paddleocr-det[-736], torchvision-imagenet, clip.")
    String recipe;

    @Option(names = "--convention", paramLabel = "NAME",
            description = "Give the normalisation in one framework's words: coreml, torchvision, opencv, caffe, keras, tflite, hf, paddle"
                    + " (NormalizeImage: --mean/--std in the image's own order, --color that order, default BGR), canonical.")
    String convention;

    // canonical
    @Option(names = "--scale", split = ",", paramLabel = "A", description = "canonical: per-channel a in y = a*x + b (x = 0..255).")
    double[] scale;
    @Option(names = "--bias", split = ",", paramLabel = "B", description = "canonical: per-channel b in y = a*x + b.")
    double[] bias;

    // coreml
    @Option(names = "--image-scale", paramLabel = "S", description = "coreml: image_scale (applied before the biases are added).")
    Double imageScale;
    @Option(names = "--red-bias", paramLabel = "B", description = "coreml: red_bias.")
    Double redBias;
    @Option(names = "--green-bias", paramLabel = "B", description = "coreml: green_bias.")
    Double greenBias;
    @Option(names = "--blue-bias", paramLabel = "B", description = "coreml: blue_bias.")
    Double blueBias;
    @Option(names = "--gray-bias", paramLabel = "B", description = "coreml: gray_bias (grayscale input).")
    Double grayBias;
    @Option(names = "--is-bgr", description = "coreml: is_bgr (the network wants B,G,R).")
    boolean isBgr;

    // torchvision / tflite / opencv / caffe
    @Option(names = "--mean", split = ",", paramLabel = "M",
            description = "torchvision (0..1 units), tflite (0..255), opencv and caffe (0..255, output channel order).")
    double[] mean;
    @Option(names = "--std", split = ",", paramLabel = "S", description = "torchvision (0..1 units) or tflite (0..255 units).")
    double[] std;
    @Option(names = "--scalefactor", split = ",", paramLabel = "S", description = "opencv: scalefactor, one value or one per output channel.")
    double[] scalefactor;
    @Option(names = "--swap-rb", description = "opencv: swapRB (the Mat is BGR from imread, the model wants RGB).")
    boolean swapRb;
    @Option(names = "--raw-scale", paramLabel = "S", description = "caffe: raw_scale (default 255).")
    Double rawScale;
    @Option(names = "--input-scale", paramLabel = "S", description = "caffe: input_scale (default 1).")
    Double inputScale;
    @Option(names = "--no-channel-swap", description = "caffe: leave out channel_swap (2,1,0), i.e. the network is RGB.")
    boolean noChannelSwap;

    // keras
    @Option(names = "--mode", paramLabel = "MODE", description = "keras: preprocess_input mode caffe, tf or torch.")
    String mode;

    // hf
    @Option(names = "--rescale-factor", paramLabel = "F", description = "hf: rescale_factor; paddle: NormalizeImage scale (default 1/255).")
    Double rescaleFactor;
    @Option(names = "--image-mean", split = ",", paramLabel = "M", description = "hf: image_mean.")
    double[] imageMean;
    @Option(names = "--image-std", split = ",", paramLabel = "S", description = "hf: image_std.")
    double[] imageStd;
    @Option(names = "--no-rescale", description = "hf: do_rescale false.")
    boolean noRescale;
    @Option(names = "--no-normalize", description = "hf: do_normalize false.")
    boolean noNormalize;

    // everything else
    @Option(names = "--color", paramLabel = "ORDER", description = "Tensor channel order: RGB, BGR or GRAY (Pillow's L luma).")
    String color;
    @Option(names = "--invert", description = "Invert pixel values (255 - x) before normalising, e.g. for white-background drawings.")
    boolean invert;
    @Option(names = "--layout", paramLabel = "LAYOUT", description = "NCHW (default), NHWC, CHW or HWC.")
    String layout;
    @Option(names = "--dtype", paramLabel = "TYPE", description = "float32 (default), float16, uint8 or int8.")
    String dtype;
    @Option(names = "--quant-scale", paramLabel = "S", description = "Quantise integer output: q = round(y / S) + zero point.")
    Double quantScale;
    @Option(names = "--quant-zero-point", paramLabel = "Z", description = "Zero point for --quant-scale (default 0).")
    Integer quantZeroPoint;
    @Option(names = "--alpha", paramLabel = "POLICY",
            description = "Alpha policy: drop (default, as Pillow convert('RGB')), unpremultiply, or composite:R,G,B (e.g. composite:255,255,255).")
    String alpha;

    // geometry
    @Option(names = "--resize", paramLabel = "N|WxH",
            description = "Resize: N = shorter side to N (torchvision Resize(N)); WxH = exactly W x H. See --resize-mode.")
    String resize;
    @Option(names = "--resize-mode", paramLabel = "MODE",
            description = "exact, shorter-side, longer-side, fit (letterbox), fill (cover + centre crop), height (a text line: --resize WxH ="
                    + " narrowest canvas x line height); Vision's scaleFill, scaleFit, centerCrop also accepted.")
    String resizeMode;
    @Option(names = "--max-size", paramLabel = "N", description = "shorter-side: cap the longer side at N (torchvision max_size).")
    Integer maxSize;
    @Option(names = "--side-rounding", paramLabel = "RULE",
            description = "How scaled sides become whole pixels: truncate (torchvision, OpenCV dnn letterbox; default), round (ONNX Model Zoo"
                    + " imagenet_preprocess.py; Ultralytics/YOLOv5 letterbox), hf (Hugging Face DETR shortest_edge + longest_edge),"
                    + " ratio (PaddleOCR DetResizeForTest), half-up (Segment Anything ResizeLongestSide).")
    String sideRounding;
    @Option(names = "--scale-limit", paramLabel = "DIR",
            description = "shorter/longer-side, fit: resize only one way: down (only shrink: Ultralytics scaleup=False, PaddleOCR limit_type max)"
                    + " or up (only enlarge: PaddleOCR limit_type min); default any.")
    String scaleLimit;
    @Option(names = "--multiple-of", paramLabel = "N",
            description = "shorter/longer-side: then round each side to a multiple of N, at least N (PaddleOCR detection: 32).")
    Integer multiple;
    @Option(names = "--stride", paramLabel = "N",
            description = "fit: pad only to the next multiple of N, not the whole size (Ultralytics/YOLOv5 auto=True minimum rectangle).")
    Integer stride;
    @Option(names = "--interpolation", paramLabel = "NAME", description = "nearest, bilinear (default), bicubic, lanczos, box, hamming, area, or a PIL code 0-5.")
    String interpolation;
    @Option(names = "--family", paramLabel = "NAME", description = "Whose resize to reproduce: pillow (default), opencv, torchvision-tensor.")
    String family;
    @Option(names = "--antialias", paramLabel = "BOOL", arity = "1", description = "torchvision-tensor: antialias true (default since torchvision 0.17) or false.")
    Boolean antialias;
    @Option(names = "--resize-stage", paramLabel = "STAGE",
            description = "uint8 (default: resize 8-bit pixels, then normalise) or float (torchvision-tensor: resize the unrounded float values).")
    String resizeStage;
    @Option(names = "--crop", paramLabel = "N|WxH", description = "Centre crop after the resize.")
    String crop;
    @Option(names = "--crop-rounding", paramLabel = "RULE", description = "half-even (torchvision, default), floor (HF, OpenCV, Caffe) or top-left (pad right and bottom only: SAM).")
    String cropRounding;
    @Option(names = "--no-crop-pad", description = "Refuse a crop larger than the image instead of padding it.")
    boolean noCropPad;
    @Option(names = "--crop-pct", paramLabel = "P", description = "timm/HF crop_pct: resize the shorter side to floor(crop / P), then crop (needs --crop, not --resize).")
    Double cropPct;
    @Option(names = "--pad-color", split = ",", paramLabel = "R,G,B", description = "Padding colour in pixel values (letterbox, crop padding). Default 0,0,0.")
    int[] padColor;
    @Option(names = "--pad-value", split = ",", paramLabel = "V[,V,V]",
            description = "Padding in tensor units, written after normalisation (Segment Anything and PaddleOCR recognition pad with 0),"
                    + " instead of a pixel colour.")
    double[] padValue;
    @Option(names = "--pad-position", paramLabel = "POS", description = "Letterbox placement: center (default) or top-left.")
    String padPosition;
    @Option(names = "--gray-formula", paramLabel = "NAME", description = "Colour to gray: pillow (default, torchvision) or opencv (cvtColor).")
    String grayFormula;

    static {
        System.setProperty("pixelprep.presets", String.join(", ", Presets.all().keySet()));
    }

    /** The decode policy the spec file asks for (its {@code decode} block), or the defaults. */
    DecodeOptions decodeBase() {
        return specFile == null || isPaddleYaml(specFile) ? DecodeOptions.defaults() : SpecJson.readDocument(specFile).decode();
    }

    /** A {@code --spec} file read as PaddleDetection's {@code infer_cfg.yml}: by its name, {@code .yml} or {@code .yaml}. */
    static boolean isPaddleYaml(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /** Whether any option of this group was given (commands with a default spec use it only then). */
    boolean given() {
        for (java.lang.reflect.Field f : SpecOptions.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(Option.class)) {
                try {
                    Object v = f.get(this);
                    if (v != null && !Boolean.FALSE.equals(v)) {
                        return true;
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return false;
    }

    /** Builds the spec from whichever source was given, then applies the shared overrides. */
    Spec build() {
        int sources = (specFile != null ? 1 : 0) + (preset != null ? 1 : 0) + (convention != null ? 1 : 0) + (recipe != null ? 1 : 0);
        if (sources > 1) {
            throw new UsageException("give the preprocessing once: --spec, --preset, --recipe or --convention, not several");
        }
        refuseForeignFlags();
        Spec.Builder b;
        if (specFile != null) {
            b = (isPaddleYaml(specFile) ? PaddleDetectionConfig.read(specFile).spec() : SpecJson.read(specFile)).toBuilder();
        } else if (preset != null) {
            try {
                b = Presets.get(preset).applyTo(Spec.builder());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else if (recipe != null) {
            try {
                b = Recipes.get(recipe).spec().toBuilder();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else if (convention != null) {
            b = conventionSpec();
        } else {
            b = Spec.builder();
        }
        try {
            if (color != null) {
                ColorOrder c = ColorOrder.parse(color);
                Spec current = b.build();
                if (current.color() != c && (specFile != null || preset != null || recipe != null || convention != null)) {
                    if (current.channels() != c.channels()) {
                        throw new UsageException("--color " + c + " contradicts the spec's " + current.color() + " normalisation ("
                                + current.channels() + " channel(s))");
                    }
                    // BGR <-> RGB: the per-channel constants follow their colours
                    b.scale(reverse(current.scale())).bias(reverse(current.bias()));
                }
                b.color(c);
            }
            if (invert) {
                b.invert(true);
            }
            if (layout != null) {
                b.layout(Layout.parse(layout));
            }
            if (dtype != null) {
                b.dtype(DType.parse(dtype));
            }
            if (quantScale != null) {
                b.quantization(new Quantization(quantScale, quantZeroPoint == null ? 0 : quantZeroPoint));
            } else if (quantZeroPoint != null) {
                throw new UsageException("--quant-zero-point needs --quant-scale");
            }
            if (alpha != null) {
                b.alpha(parseAlpha(alpha));
            }
            if (grayFormula != null) {
                b.luma(Luma.parse(grayFormula));
            }
            Geometry g = geometry(b.build().geometry());
            b.geometry(g);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Spec spec = b.build();
        lint(spec, LintContext.none());
        return spec;
    }

    /**
     * The convention the user wrote the spec in: {@code --convention}'s, a preset's own, else {@code null} (a spec
     * file or the canonical form).
     */
    String writtenIn() {
        if (convention != null) {
            return convention.trim().toLowerCase(Locale.ROOT);
        }
        if (specFile != null && isPaddleYaml(specFile)) {
            return "paddle";
        }
        if (preset != null) {
            try {
                return Presets.get(preset).convention().id();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Lints {@code spec} with {@code context} (the convention defaults to {@link #writtenIn()}) and prints each new
     * finding on stderr; returns the findings.
     */
    List<LintFinding> lint(Spec spec, LintContext context) {
        LintContext c = context.writtenIn() == null ? context.withWrittenIn(writtenIn()) : context;
        List<LintFinding> found = SpecLint.lint(spec, c);
        if (recipe != null && sameNormalisation(spec, Recipes.get(recipe).spec())) {
            // a recipe's own numbers are its authors' (PaddleOCR's ImageNet numbers on the BGR image as it lies); only
            // what the model declares can contradict them
            found = new java.util.ArrayList<>(found);
            found.removeIf(f -> f.id().equals(LintFinding.CHANNEL_SWAP) && f.numbers().containsKey("known"));
        }
        String shown = c.writtenIn() == null || c.writtenIn().equals("canonical") ? null : c.writtenIn();
        if (shown != null && shown.equals("timm")) {
            shown = "torchvision";
        }
        warnings.print(err(), found, shown);
        return found;
    }

    private static boolean sameNormalisation(Spec a, Spec b) {
        return a.color() == b.color() && a.invert() == b.invert() && java.util.Arrays.equals(a.scale(), b.scale())
                && java.util.Arrays.equals(a.bias(), b.bias()) && a.meanImage() == null && b.meanImage() == null;
    }

    /** Refuses (exit 1) to write {@code what} when any spec linted so far was flagged, unless {@code force}. */
    void refuseLinted(boolean force, String what) {
        warnings.refuse(force, what);
    }

    private PrintWriter err() {
        return mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr();
    }

    /** {@code value} parsed, {@code null} when not given; a parse error is the flag's usage error. */
    private static <T> T parsed(String flag, String value, java.util.function.Function<String, T> parse) {
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " " + value + ": " + e.getMessage());
        }
    }

    /** The spec file's geometry, with whatever the geometry flags replace. */
    private Geometry geometry(Geometry base) {
        // a spec file's frame orientation stays; the frame flags (ImageLoader) turn the resolved spec later
        FrameOrientation turn = base == null ? FrameOrientation.NONE : base.orientation();
        Geometry g = geometryWithoutTurn(base);
        if (g == null) {
            return turn.isNone() ? null : Geometry.oriented(turn);
        }
        return g.withOrientation(turn);
    }

    /** The geometry's resize, crop and padding from the spec file and the flags; the orientation is added after. */
    private Geometry geometryWithoutTurn(Geometry base) {
        boolean resizeFlags = resize != null || resizeMode != null || maxSize != null || interpolation != null || family != null
                || antialias != null || padPosition != null || sideRounding != null || scaleLimit != null || multiple != null || stride != null;
        SideRounding rounding = parsed("--side-rounding", sideRounding, SideRounding::parse);
        ScaleLimit limit = parsed("--scale-limit", scaleLimit, ScaleLimit::parse);
        if (multiple != null && multiple < 1 || stride != null && stride < 1) {
            throw new UsageException(multiple != null && multiple < 1 ? "--multiple-of " + multiple + ": must be at least 1"
                    : "--stride " + stride + ": must be at least 1");
        }
        if (!resizeFlags && crop == null && cropPct == null && padColor == null && cropRounding == null && !noCropPad && resizeStage == null
                && padValue == null) {
            return base == null || base.resize() == null && base.crop() == null ? null : base;
        }
        Resize r = base == null ? null : base.resize();
        Crop c = base == null ? null : base.crop();
        Interpolation interp = interpolation != null ? Interpolation.parse(interpolation) : r != null ? r.interpolation() : Interpolation.BILINEAR;
        ResizeFamily fam = family != null ? ResizeFamily.parse(family) : r != null ? r.family() : ResizeFamily.PILLOW;
        boolean aa = antialias != null ? antialias : Resize.defaultAntialias(fam, interp);
        if (crop != null || cropRounding != null || noCropPad) {
            int[] wh = crop != null ? size(crop, "--crop") : c != null ? new int[] {c.width(), c.height()} : null;
            if (wh == null) {
                throw new UsageException("--crop-rounding and --no-crop-pad need --crop");
            }
            CropRounding cr = cropRounding != null ? CropRounding.parse(cropRounding) : c != null ? c.rounding() : CropRounding.HALF_EVEN;
            c = new Crop(wh[0], wh[1], cr, !noCropPad, padColor != null && (r == null || (r.mode() != ResizeMode.FIT
                    && r.mode() != ResizeMode.HEIGHT)) ? padColor : null);
        }
        if (cropPct != null) {
            if (resize != null) {
                throw new UsageException("--crop-pct sets the resize itself (shorter side = crop / crop_pct); leave out --resize");
            }
            if (c == null) {
                throw new UsageException("--crop-pct needs --crop");
            }
            Geometry timm = Geometry.cropPct(Math.min(c.width(), c.height()), cropPct, interp, fam);
            r = timm.resize().withAntialias(aa);
        } else if (r != null && resize != null && resizeMode == null) {
            // a spec file's or recipe's resize at another size: its rule, rounding and padding stay
            boolean bySide = r.mode() == ResizeMode.SHORTER_SIDE || r.mode() == ResizeMode.LONGER_SIDE;
            int[] wh = size(resize, "--resize");
            boolean one = !(resize.contains("x") || resize.contains("X"));
            if (bySide && !one) {
                throw new UsageException("--resize " + resize + ": the spec's " + r.mode().id() + " resize takes one number (--resize N);"
                        + " give --resize-mode too to replace the rule");
            }
            int w = bySide ? 0 : wh[0];
            int h = bySide ? 0 : one ? wh[0] : wh[1];
            r = new Resize(r.mode(), w, h, bySide ? wh[0] : 0, maxSize != null ? maxSize : r.maxSize(), interp, fam, aa, r.padColor(),
                    padPosition != null ? parsePosition(padPosition) : r.padCenter(), rounding != null ? rounding : r.sideRounding(),
                    limit != null ? limit : r.scaleLimit(), multiple != null ? multiple : r.multiple(), stride != null ? stride : r.stride());
        } else if (resize != null || resizeMode != null) {
            if (resize == null) {
                throw new UsageException("--resize-mode needs --resize");
            }
            ResizeMode mode;
            int[] wh = null;
            int n = 0;
            if (resize.contains("x") || resize.contains("X")) {
                wh = size(resize, "--resize");
                mode = resizeMode == null ? ResizeMode.EXACT : ResizeMode.parse(resizeMode);
                if (mode == ResizeMode.SHORTER_SIDE || mode == ResizeMode.LONGER_SIDE) {
                    throw new UsageException("--resize-mode " + mode.id() + " takes one number (--resize N), not " + resize);
                }
            } else {
                n = size(resize, "--resize")[0];
                mode = resizeMode == null ? ResizeMode.SHORTER_SIDE : ResizeMode.parse(resizeMode);
                if (mode != ResizeMode.SHORTER_SIDE && mode != ResizeMode.LONGER_SIDE) {
                    wh = new int[] {n, n};
                    n = 0;
                }
            }
            boolean center = padPosition == null || parsePosition(padPosition);
            r = new Resize(mode, wh == null ? 0 : wh[0], wh == null ? 0 : wh[1], n, maxSize == null ? 0 : maxSize, interp, fam, aa,
                    mode == ResizeMode.FIT || mode == ResizeMode.HEIGHT ? padColor : null, center, rounding, limit, multiple == null ? 0 : multiple,
                    stride == null ? 0 : stride);
        } else if (r != null && resizeFlags) {
            r = new Resize(r.mode(), r.width(), r.height(), r.size(), maxSize != null ? maxSize : r.maxSize(), interp, fam, aa, r.padColor(),
                    padPosition != null ? parsePosition(padPosition) : r.padCenter(), rounding != null ? rounding : r.sideRounding(),
                    limit != null ? limit : r.scaleLimit(), multiple != null ? multiple : r.multiple(), stride != null ? stride : r.stride());
        } else if (resizeFlags) {
            throw new UsageException("resize options need --resize (or a spec with a resize)");
        }
        boolean onFloats = base != null && base.resizeOnFloats();
        if (resizeStage != null) {
            switch (resizeStage.trim().toLowerCase(Locale.ROOT)) {
                case "uint8": onFloats = false; break;
                case "float": onFloats = true; break;
                default: throw new UsageException("--resize-stage " + resizeStage + ": expected uint8 or float");
            }
        }
        if (r == null && c == null) {
            if (padValue != null) {
                throw new UsageException("--pad-value needs a resize or crop that pads");
            }
            return null;
        }
        // what no flag sets stays as the spec file or recipe has it: the tensor-unit padding, a second resize and the
        // batch padding (unless a crop now fixes the size)
        double[] pv = padValue != null ? padValue : base == null ? null : base.padValue();
        boolean padBatch = base != null && base.padBatch() && c == null && pv != null && (r == null || r.mode() != ResizeMode.HEIGHT);
        return new Geometry(r, c, onFloats, pv, base == null ? null : base.then()).withPadBatch(padBatch);
    }

    private static boolean parsePosition(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "center": case "centre": return true;
            case "top-left": case "topleft": return false;
            default: throw new UsageException("--pad-position " + s + ": expected center or top-left");
        }
    }

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("([0-9]{1,9})(?:[xX]([0-9]{1,9}))?");

    /**
     * "N" or "WxH" as {W, H}, each 1..{@link Resize#MAX_SIDE}; anything else ("5x", "x5", "0x0", "-5", "5x5x5") is a
     * usage error.
     */
    static int[] size(String s, String flag) {
        java.util.regex.Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) {
            throw new UsageException(flag + " " + s + ": expected N or WxH, e.g. 224 or 320x240");
        }
        int w = Integer.parseInt(m.group(1));
        int h = m.group(2) == null ? w : Integer.parseInt(m.group(2));
        if (w < 1 || h < 1 || w > Resize.MAX_SIDE || h > Resize.MAX_SIDE) {
            throw new UsageException(flag + " " + s + ": each side must be 1.." + Resize.MAX_SIDE);
        }
        return new int[] {w, h};
    }

    private static double[] reverse(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }

    static AlphaPolicy parseAlpha(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("drop")) {
            return AlphaPolicy.DROP;
        }
        if (t.equals("unpremultiply")) {
            return AlphaPolicy.UNPREMULTIPLY;
        }
        if (t.startsWith("composite:")) {
            String[] p = t.substring("composite:".length()).split(",");
            if (p.length == 3) {
                try {
                    return AlphaPolicy.composite(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
                } catch (NumberFormatException e) {
                    // reported below
                } catch (InvalidSpecException e) {
                    throw new UsageException("--alpha " + s + ": background components must be 0..255");
                }
            }
        }
        throw new UsageException("--alpha " + s + ": expected drop, unpremultiply or composite:R,G,B");
    }

    private Spec.Builder conventionSpec() {
        String id = convention.trim().toLowerCase(Locale.ROOT);
        boolean gray = color != null && ColorOrder.parse(color) == ColorOrder.GRAY;
        Convention c;
        switch (id) {
            case "canonical": {
                Spec.Builder b = Spec.builder();
                if (color != null) {
                    b.color(ColorOrder.parse(color));
                }
                if (scale != null) {
                    b.scale(scale);
                }
                if (bias != null) {
                    b.bias(bias);
                }
                return b;
            }
            case "coreml":
                if (gray || grayBias != null) {
                    c = CoreMl.gray(orOne(imageScale), orZero(grayBias));
                } else {
                    c = CoreMl.rgb(orOne(imageScale), orZero(redBias), orZero(greenBias), orZero(blueBias), isBgr);
                }
                break;
            case "torchvision":
                c = new Torchvision(need(mean, "--mean"), need(std, "--std"), gray);
                break;
            case "tflite":
                c = new TfLite(need(mean, "--mean"), need(std, "--std"), gray);
                break;
            case "opencv":
                c = new OpenCvBlob(scalefactor == null ? new double[] {1} : scalefactor, mean, swapRb, gray ? ColorOrder.GRAY : ColorOrder.BGR);
                break;
            case "caffe":
                c = new Caffe(rawScale == null ? 255 : rawScale, mean, inputScale == null ? 1 : inputScale, !noChannelSwap);
                break;
            case "keras":
                if (mode == null) {
                    throw new UsageException("--convention keras needs --mode caffe|tf|torch");
                }
                try {
                    c = Keras.parse(mode);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                break;
            case "paddle":
                // NormalizeImage: the constants apply to the image as it lies, so --color names that order (default BGR,
                // cv2.imread's) and the constants are not reordered
                c = new Paddle(rescaleFactor == null ? Paddle.DEFAULT_SCALE : rescaleFactor, need(mean, "--mean"), need(std, "--std"),
                        color == null ? ColorOrder.BGR : ColorOrder.parse(color));
                break;
            case "hf":
                c = new HuggingFace(!noRescale, rescaleFactor == null ? HuggingFace.DEFAULT_RESCALE : rescaleFactor, !noNormalize,
                        imageMean == null ? HuggingFace.imagenetStandard() : imageMean, imageStd == null ? HuggingFace.imagenetStandard() : imageStd);
                break;
            default:
                throw new UsageException("unknown convention '" + convention + "'; expected coreml, torchvision, opencv, caffe, keras, tflite, hf, paddle"
                        + " or canonical");
        }
        // the convention decides the channel order; a --color that differs is reconciled or refused by build()
        return c.applyTo(Spec.builder());
    }

    /**
     * Refuses a normalisation flag the chosen convention does not read (or any, with --spec or --preset): such a flag
     * would otherwise be dropped without a word, e.g. {@code --convention coreml --scale 0.0039} left the scale at 1.
     */
    private void refuseForeignFlags() {
        Map<String, Boolean> flags = new java.util.LinkedHashMap<>();
        flags.put("--scale", scale != null);
        flags.put("--bias", bias != null);
        flags.put("--image-scale", imageScale != null);
        flags.put("--red-bias", redBias != null);
        flags.put("--green-bias", greenBias != null);
        flags.put("--blue-bias", blueBias != null);
        flags.put("--gray-bias", grayBias != null);
        flags.put("--is-bgr", isBgr);
        flags.put("--mean", mean != null);
        flags.put("--std", std != null);
        flags.put("--scalefactor", scalefactor != null);
        flags.put("--swap-rb", swapRb);
        flags.put("--raw-scale", rawScale != null);
        flags.put("--input-scale", inputScale != null);
        flags.put("--no-channel-swap", noChannelSwap);
        flags.put("--mode", mode != null);
        flags.put("--rescale-factor", rescaleFactor != null);
        flags.put("--image-mean", imageMean != null);
        flags.put("--image-std", imageStd != null);
        flags.put("--no-rescale", noRescale);
        flags.put("--no-normalize", noNormalize);
        String id = convention == null ? null : convention.trim().toLowerCase(Locale.ROOT);
        if (id != null && !CONVENTION_FLAGS.containsKey(id)) {
            return; // conventionSpec() names the unknown convention
        }
        for (Map.Entry<String, Boolean> f : flags.entrySet()) {
            if (!f.getValue()) {
                continue;
            }
            if (specFile != null || preset != null || recipe != null) {
                throw new UsageException(f.getKey() + " is a normalisation flag and " + (specFile != null ? "--spec" : preset != null ? "--preset" : "--recipe")
                        + " already gives the normalisation; give one of them");
            }
            if (id == null) {
                throw new UsageException(f.getKey() + ": normalisation flags need --convention to say whose words they are"
                        + " (e.g. --convention torchvision --mean ... --std ...)");
            }
            if (!CONVENTION_FLAGS.get(id).contains(f.getKey())) {
                throw new UsageException(f.getKey() + " is not a " + id + " flag; " + id + "'s are " + String.join(", ", CONVENTION_FLAGS.get(id)));
            }
        }
    }

    /** The normalisation flags each convention reads, in its own words. */
    private static final Map<String, List<String>> CONVENTION_FLAGS = Map.of(
            "canonical", List.of("--scale", "--bias"),
            "coreml", List.of("--image-scale", "--red-bias", "--green-bias", "--blue-bias", "--gray-bias", "--is-bgr"),
            "torchvision", List.of("--mean", "--std"),
            "tflite", List.of("--mean", "--std"),
            "opencv", List.of("--scalefactor", "--mean", "--swap-rb"),
            "caffe", List.of("--raw-scale", "--mean", "--input-scale", "--no-channel-swap"),
            "keras", List.of("--mode"),
            "hf", List.of("--rescale-factor", "--image-mean", "--image-std", "--no-rescale", "--no-normalize"),
            "paddle", List.of("--mean", "--std", "--rescale-factor"));

    private static double orOne(Double v) {
        return v == null ? 1.0 : v;
    }

    private static double orZero(Double v) {
        return v == null ? 0.0 : v;
    }

    private static double[] need(double[] v, String flag) {
        if (v == null) {
            throw new UsageException("--convention needs " + flag);
        }
        return v;
    }
}
