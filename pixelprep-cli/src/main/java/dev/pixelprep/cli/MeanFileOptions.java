package dev.pixelprep.cli;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.caffe.CaffeMean;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** A Caffe mean.binaryproto used as the normalisation: per-channel means or the mean image, channel order explicit. */
final class MeanFileOptions {
    @Option(names = "--mean-file", paramLabel = "FILE", description = "Caffe mean.binaryproto to subtract (y = input_scale * (x - mean)).")
    Path meanFile;

    @Option(names = "--mean-order", paramLabel = "ORDER",
            description = "Channel order of the values in the mean file: bgr (Caffe's usual, from OpenCV-decoded images) or rgb. Required with --mean-file.")
    String meanOrder;

    @Option(names = "--mean-as", paramLabel = "HOW", description = "channels (default: per-channel averages) or image (the per-pixel mean image).")
    String meanAs;

    @Option(names = "--mean-fit", paramLabel = "HOW",
            description = "image: bring the mean to the input size by crop (default: centre crop with Caffe's offsets) or resize (bilinear).")
    String meanFit;

    @Option(names = "--mean-size", paramLabel = "WxH", description = "image: the network's input size (fix takes it from the model).")
    String meanSize;

    boolean given() {
        return meanFile != null || meanOrder != null || meanAs != null || meanFit != null || meanSize != null;
    }

    boolean asImage() {
        if (meanAs == null) {
            return false;
        }
        switch (meanAs.trim().toLowerCase(Locale.ROOT)) {
            case "channels": return false;
            case "image": return true;
            default: throw new UsageException("--mean-as " + meanAs + ": expected channels or image");
        }
    }

    CaffeMean.Order order() {
        if (meanOrder == null) {
            throw new UsageException("--mean-file needs --mean-order bgr|rgb: the file does not record its channel order"
                    + " (Caffe's own means are BGR, its CIFAR-10 example's are RGB)");
        }
        try {
            return CaffeMean.Order.parse(meanOrder);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    CaffeMean.Fit fit() {
        if (meanFit == null) {
            return CaffeMean.Fit.CROP;
        }
        switch (meanFit.trim().toLowerCase(Locale.ROOT)) {
            case "crop": return CaffeMean.Fit.CROP;
            case "resize": return CaffeMean.Fit.RESIZE;
            default: throw new UsageException("--mean-fit " + meanFit + ": expected crop or resize");
        }
    }

    /** Reads the mean and checks the options belong together. */
    CaffeMean read() {
        if (meanFile == null) {
            throw new UsageException("--mean-order, --mean-as, --mean-fit and --mean-size need --mean-file");
        }
        order();
        return CaffeMean.read(meanFile);
    }

    /**
     * The spec {@code y = scale·(x − mean)}: tensor order = {@code color} if given, else the file's order.
     * For a mean image, {@code size} (W, H) is the input size ({@code null}: --mean-size, else the mean's own size).
     */
    Spec spec(CaffeMean mean, ColorOrder color, double scale, int[] size, StringBuilder how) {
        CaffeMean.Order order = order();
        ColorOrder tensor = color != null ? color : order.colorOrder();
        if (asImage()) {
            int[] wh = size != null ? size : meanSize != null ? parseSize(meanSize) : new int[] {mean.width(), mean.height()};
            CaffeMean.Fit fit = fit();
            if (wh[0] == mean.width() && wh[1] == mean.height()) {
                how.append(String.format(Locale.ROOT, "mean image %dx%d used as stored", wh[0], wh[1]));
            } else {
                how.append(String.format(Locale.ROOT, "mean image %dx%d %s to %dx%d", mean.width(), mean.height(),
                        fit == CaffeMean.Fit.CROP ? "centre-cropped (offsets (H-h)/2, (W-w)/2)" : "resized (bilinear)", wh[0], wh[1]));
            }
            how.append(", file order ").append(order).append(" -> tensor ").append(tensor);
            return mean.imageSpec(order, tensor, scale, wh[0], wh[1], fit);
        }
        if (meanFit != null || meanSize != null) {
            throw new UsageException("--mean-fit and --mean-size apply to --mean-as image");
        }
        how.append("per-channel averages of the mean file, file order ").append(order).append(" -> tensor ").append(tensor);
        return mean.channelSpec(order, tensor, scale);
    }

    static int[] parseSize(String s) {
        String[] p = s.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--mean-size " + s + ": expected WxH, e.g. 227x227");
    }
}
