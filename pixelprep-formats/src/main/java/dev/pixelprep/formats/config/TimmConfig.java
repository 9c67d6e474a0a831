package dev.pixelprep.formats.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * timm pretrained config ({@code pretrained_cfg}, alone or nested in a Hub {@code config.json}) to a spec:
 * eval transform = resize to {@code floor(img_size / crop_pct)} (shorter side for crop_mode 'center', both sides
 * for 'squash'), centre crop {@code img_size} (torchvision CenterCrop), ToTensor, Normalize(mean, std).
 * Missing keys take {@code PretrainedCfg}'s defaults: input_size (3, 224, 224), interpolation bicubic,
 * crop_pct 0.875, crop_mode center, ImageNet mean/std.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class TimmConfig {
    private TimmConfig() {
    }

    public static Imported read(Path file) {
        return parse(Json.read(file), file.getFileName().toString());
    }

    public static Imported parse(String json, String name) {
        return parse(Json.parse(json, name), name);
    }

    static Imported parse(JsonNode root, String name) {
        List<String> notes = new ArrayList<>();
        JsonNode c = root.has("pretrained_cfg") ? root.get("pretrained_cfg") : root;
        if (c == null || !c.isObject()) {
            throw new FormatException(name + ": pretrained_cfg must be an object");
        }
        int channels = 3;
        int h = 224;
        int w = 224;
        JsonNode in = c.get("input_size");
        if (in == null || in.isNull()) {
            notes.add("input_size not in the config: timm default (3, 224, 224)");
        } else {
            if (!in.isArray() || in.size() != 3) {
                throw new FormatException(name + ": input_size must be [C, H, W], got " + in);
            }
            channels = Json.positiveInt(in.get(0), "input_size[0]", name);
            h = Json.positiveInt(in.get(1), "input_size[1]", name);
            w = Json.positiveInt(in.get(2), "input_size[2]", name);
            if (channels != 1 && channels != 3) {
                throw new FormatException(name + ": input_size has " + channels + " channels; expected 1 or 3");
            }
        }
        if (c.has("test_input_size") || c.has("test_crop_pct")) {
            notes.add("test_input_size / test_crop_pct are present; this uses input_size and crop_pct (timm's default, use_test_size=False)");
        }
        String ip = Json.text(c, "interpolation");
        if (ip == null) {
            ip = "bicubic";
            notes.add("interpolation not in the config: timm default bicubic");
        }
        Interpolation interp;
        try {
            interp = Interpolation.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new FormatException(name + ": interpolation " + ip + ": " + e.getMessage());
        }
        Double pct = Json.number(c, "crop_pct", name);
        if (pct == null) {
            pct = 0.875;
            notes.add("crop_pct not in the config: timm default 0.875");
        }
        if (!(pct > 0 && pct <= 1)) {
            throw new FormatException(name + ": crop_pct must be in (0, 1], got " + pct);
        }
        String mode = Json.text(c, "crop_mode");
        if (mode == null) {
            mode = "center";
        }
        double[] mean = Json.numbers(c, "mean", name);
        double[] std = Json.numbers(c, "std", name);
        if (mean == null) {
            mean = Torchvision.imagenetMean();
            notes.add("mean not in the config: timm default ImageNet " + HfPreprocessorConfig.list(mean));
        }
        if (std == null) {
            std = Torchvision.imagenetStd();
            notes.add("std not in the config: timm default ImageNet " + HfPreprocessorConfig.list(std));
        }
        Torchvision tv;
        try {
            tv = new Torchvision(channels == 1 ? new double[] {mean[0]} : mean, channels == 1 ? new double[] {std[0]} : std, channels == 1);
        } catch (InvalidSpecException e) {
            throw new FormatException(name + ": " + e.getMessage());
        }
        int scaleH = (int) Math.floor(h / pct);
        int scaleW = (int) Math.floor(w / pct);
        Geometry g;
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "center":
                if (h != w) {
                    notes.add("non-square input: timm resizes keeping the ratio to fit " + scaleW + "x" + scaleH
                            + " (ResizeKeepRatio); written here as shorter side " + Math.min(scaleH, scaleW) + ", which can differ by a pixel");
                }
                g = new Geometry(Resize.shorterSide(Math.min(scaleH, scaleW), interp, ResizeFamily.PILLOW), Crop.torchvision(w, h));
                notes.add(String.format(Locale.ROOT, "crop_pct %s: shorter side to floor(%d / %s) = %d, then centre crop %dx%d", Spec.num(pct),
                        Math.min(h, w), Spec.num(pct), Math.min(scaleH, scaleW), w, h));
                break;
            case "squash":
                g = new Geometry(Resize.exact(scaleW, scaleH, interp, ResizeFamily.PILLOW), Crop.torchvision(w, h));
                break;
            case "border":
                notes.add("crop_mode 'border' (fit the longer side, then centre crop-or-pad with the mean colour) has no pixelprep geometry;"
                        + " geometry left out");
                g = null;
                break;
            default:
                throw new FormatException(name + ": crop_mode must be center, squash or border, got " + mode);
        }
        String arch = Json.text(root, "architecture");
        return new Imported("timm pretrained_cfg" + (arch == null ? "" : " of " + arch) + " (" + name + ")",
                tv.applyTo(Spec.builder()).geometry(g).build(), notes);
    }
}
