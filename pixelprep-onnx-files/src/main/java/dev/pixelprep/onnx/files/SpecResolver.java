package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.ModelInput;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the spec a model wants, and says where it came from. In order:
 * <ol>
 *   <li>an explicit spec (command line or API);</li>
 *   <li>the model's {@code metadata_props} entry {@value #METADATA_KEY} (JSON, as {@code pixelprep attach} writes it);</li>
 *   <li>a sidecar file {@code MODEL.onnx.pixelprep.json} next to the model;</li>
 *   <li>an Ultralytics export's metadata ({@code author: Ultralytics}, {@code task}, {@code imgsz}, written by
 *       {@code ultralytics/engine/exporter.py}): for detection, segmentation, pose and oriented boxes the
 *       {@code ultralytics-letterbox} recipe at {@code imgsz}, which is what its predictor does for an exported model;</li>
 *   <li>the standard ONNX image metadata ({@code Image.BitmapPixelFormat}, {@code Image.NominalPixelRange}), with an
 *       exact bilinear resize to the input size, since those keys say nothing about geometry.</li>
 * </ol>
 *
 * <p>Stateless utility: static methods only; it reads the model's metadata and its sidecar file on each call.
 */
public final class SpecResolver {
    public static final String METADATA_KEY = "pixelprep.spec";
    public static final String SIDECAR_SUFFIX = ".pixelprep.json";

    /** A spec and a human-readable account of its origin. */
    public record Resolved(Spec spec, String source) {
    }

    private SpecResolver() {
    }

    public static Resolved resolve(OnnxModel model, Spec explicit, String explicitSource) {
        if (explicit != null) {
            return new Resolved(explicit, explicitSource);
        }
        String json = model.metadata().get(METADATA_KEY);
        if (json != null) {
            try {
                return new Resolved(SpecJson.parse(json, model.file().toAbsolutePath().getParent()), "model metadata_props '" + METADATA_KEY + "'");
            } catch (InvalidSpecException e) {
                throw new InvalidSpecException("the spec stored in " + model.file().getFileName() + " (metadata_props '" + METADATA_KEY + "') is invalid: " + e.getMessage());
            }
        }
        Path sidecar = Path.of(model.file() + SIDECAR_SUFFIX);
        if (Files.isRegularFile(sidecar)) {
            return new Resolved(SpecJson.read(sidecar), "sidecar " + sidecar);
        }
        Resolved ultralytics = fromUltralyticsMetadata(model.metadata());
        if (ultralytics != null) {
            return ultralytics;
        }
        Spec fromKeys = fromImageMetadata(model);
        if (fromKeys != null) {
            return new Resolved(fromKeys, "ONNX image metadata (Image.BitmapPixelFormat / Image.NominalPixelRange) with an exact bilinear resize to the input size");
        }
        throw new InvalidSpecException("no spec for " + model.file().getFileName() + ": give --spec, --preset or --convention, or store one with"
                + " 'pixelprep attach' or in " + sidecar.getFileName());
    }

    /**
     * What a model declares about its input, for {@code SpecLint}: the colour order of {@code Image.BitmapPixelFormat},
     * the range of {@code Image.NominalPixelRange} and, with {@code storedSpec}, the colour order, inversion and (when
     * uniform) range of the spec stored in {@value #METADATA_KEY} or the sidecar. Unknown or invalid entries declare
     * nothing (resolving the spec reports them).
     *
     * @param metadata   the model's {@code metadata_props}
     * @param modelFile  the model's path (for the sidecar), or {@code null}
     * @param storedSpec whether a stored spec counts as declared (not when the stored spec is about to be replaced)
     */
    public static LintContext declared(Map<String, String> metadata, Path modelFile, boolean storedSpec) {
        LintContext c = LintContext.none();
        String format = metadata.get("Image.BitmapPixelFormat");
        if (format != null) {
            String by = "model metadata Image.BitmapPixelFormat " + format.trim();
            switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "gray8": c = c.withDeclaredColor(ColorOrder.GRAY, by); break;
                case "bgr8": case "bgra8": c = c.withDeclaredColor(ColorOrder.BGR, by); break;
                case "rgb8": case "rgba8": c = c.withDeclaredColor(ColorOrder.RGB, by); break;
                default: break;
            }
        }
        String range = metadata.get("Image.NominalPixelRange");
        if (range != null) {
            String by = "model metadata Image.NominalPixelRange " + range.trim();
            switch (range.trim()) {
                case "NominalRange_0_255": c = c.withDeclaredRange(0, 255, by); break;
                case "Normalized_0_1": c = c.withDeclaredRange(0, 1, by); break;
                case "Normalized_1_1": c = c.withDeclaredRange(-1, 1, by); break;
                case "NominalRange_16_235": c = c.withDeclaredRange(16, 235, by); break;
                default: break;
            }
        }
        if (!storedSpec) {
            return c;
        }
        try {
            String json = metadata.get(METADATA_KEY);
            Path dir = modelFile == null ? null : modelFile.toAbsolutePath().getParent();
            if (json != null) {
                return c.withDeclaredSpec(SpecJson.parse(json, dir), "the spec stored in metadata_props '" + METADATA_KEY + "'");
            }
            Path sidecar = modelFile == null ? null : Path.of(modelFile + SIDECAR_SUFFIX);
            if (sidecar != null && Files.isRegularFile(sidecar)) {
                return c.withDeclaredSpec(SpecJson.read(sidecar), "sidecar " + sidecar);
            }
        } catch (PixelprepException e) {
            // an invalid stored spec declares nothing; resolve() reports it when it is used
        }
        return c;
    }

    /**
     * The preprocessing an Ultralytics export's {@code metadata_props} imply, or {@code null} when they are not an
     * Ultralytics export's. Its exporter stores {@code str(v)} of each entry: {@code imgsz} is {@code [h, w]}; its
     * predictor letterboxes with {@code LetterBox(imgsz, auto=False)} for an exported model (auto only for PyTorch
     * weights), converts BGR to RGB and divides by 255. A classification export ({@code task: classify}) gets
     * {@code classify_transforms(imgsz[0])} as its predictor uses it: the ultralytics-classify recipe at {@code imgsz[0]}.
     */
    static Resolved fromUltralyticsMetadata(Map<String, String> m) {
        if (!"Ultralytics".equals(m.get("author")) || m.get("imgsz") == null) {
            return null;
        }
        String task = m.getOrDefault("task", "detect").trim();
        String imgsz = m.get("imgsz").trim();
        java.util.regex.Matcher sz = java.util.regex.Pattern.compile("\\[\\s*(\\d{1,5})\\s*,\\s*(\\d{1,5})\\s*\\]").matcher(imgsz);
        if (!sz.matches()) {
            throw new InvalidSpecException("Ultralytics metadata imgsz '" + imgsz + "' is not [height, width]");
        }
        int h = Integer.parseInt(sz.group(1));
        int w = Integer.parseInt(sz.group(2));
        if (task.equals("classify")) {
            // predictor.py setup_source: classify_transforms(self.imgsz[0]) for a model without its own transforms
            return new Resolved(dev.pixelprep.core.convention.Recipes.ultralyticsClassify(h),
                    "Ultralytics export metadata (task classify, imgsz " + imgsz + "): the ultralytics-classify recipe at " + h + "x" + h);
        }
        if (!task.equals("detect") && !task.equals("segment") && !task.equals("pose") && !task.equals("obb")) {
            throw new InvalidSpecException("Ultralytics metadata task '" + task + "': only detect, segment, pose, obb (letterbox) and classify"
                    + " (centre crop) exports are known; give the spec (e.g. --spec) for this model");
        }
        Spec recipe = dev.pixelprep.core.convention.Recipes.get("ultralytics-letterbox").spec();
        Resize r = recipe.geometry().resize();
        Resize sized = new Resize(r.mode(), w, h, 0, 0, r.interpolation(), r.family(), r.antialias(), r.padColor(), r.padCenter(),
                r.sideRounding(), r.scaleLimit(), r.multiple(), r.stride());
        return new Resolved(recipe.toBuilder().geometry(new Geometry(sized, null)).build(),
                "Ultralytics export metadata (task " + task + ", imgsz " + imgsz + "): the ultralytics-letterbox recipe at " + w + "x" + h);
    }

    static Spec fromImageMetadata(OnnxModel model) {
        Map<String, String> m = model.metadata();
        String format = m.get("Image.BitmapPixelFormat");
        String range = m.get("Image.NominalPixelRange");
        if (format == null && range == null) {
            return null;
        }
        ColorOrder color = ColorOrder.RGB;
        if (format != null) {
            switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "gray8": color = ColorOrder.GRAY; break;
                case "bgr8": case "bgra8": color = ColorOrder.BGR; break;
                case "rgb8": case "rgba8": color = ColorOrder.RGB; break;
                default: throw new InvalidSpecException("model metadata Image.BitmapPixelFormat '" + format + "' is not one of Gray8, Rgb8, Bgr8, Rgba8, Bgra8");
            }
        }
        double scale = 1;
        double bias = 0;
        if (range != null) {
            switch (range.trim()) {
                case "NominalRange_0_255": break;
                case "Normalized_0_1": scale = 1 / 255.0; break;
                case "Normalized_1_1": scale = 2 / 255.0; bias = -1; break;
                case "NominalRange_16_235": scale = 219 / 255.0; bias = 16; break;
                default: throw new InvalidSpecException("model metadata Image.NominalPixelRange '" + range
                        + "' is not one of NominalRange_0_255, Normalized_0_1, Normalized_1_1, NominalRange_16_235");
            }
        }
        ModelInput in = model.imageInput();
        long[] s = in.shape();
        boolean nchw = in.channelsFirst();
        long h = s[in.rank() - (nchw ? 2 : 3)];
        long w = s[in.rank() - (nchw ? 1 : 2)];
        Spec.Builder b = Spec.builder().color(color).scale(scale).bias(bias).layout(in.rank() == 4 ? (nchw ? Layout.NCHW : Layout.NHWC) : (nchw ? Layout.CHW : Layout.HWC));
        if (w > 0 && h > 0) {
            if (w > Resize.MAX_SIDE || h > Resize.MAX_SIDE) {
                throw new InvalidSpecException("model input `" + in.name() + "` of " + model.file().getFileName() + " declares " + w + "x" + h
                        + " pixels, more than the " + Resize.MAX_SIDE + " per side a resize reaches");
            }
            b.geometry(new Geometry(Resize.exact((int) w, (int) h, Interpolation.BILINEAR, ResizeFamily.PILLOW), null));
        }
        return b.build();
    }
}
