package dev.pixelprep.formats.caffe;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The coremltools arguments that reproduce a Caffe mean (and Caffe's {@code scale}, applied after the mean):
 * Core ML computes {@code y = image_scale·x + bias}, so Caffe's {@code (x − mean)·scale} needs
 * {@code bias = −scale·mean}, placed by colour with {@code is_bgr} saying the network's order. With a mean
 * image the Caffe converter writes only {@code meanImage} and drops image_scale and the biases.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param perChannel the per-channel form: legacy converter arguments and {@code ct.ImageType}
 * @param meanImage  the mean-image form (Caffe converter with the mean file)
 * @param warnings   the classic mistakes, each with the error it would cause for this file
 */
public record CoreMlArguments(List<String> perChannel, List<String> meanImage, List<String> warnings) {

    /**
     * @param fileOrder channel order of the values in the mean file (= the network's order)
     * @param scale     Caffe's {@code transform_param scale} (applied after subtracting the mean), 1 when none
     * @param inputName the image input's name
     */
    public static CoreMlArguments of(CaffeMean mean, CaffeMean.Order fileOrder, double scale, String inputName) {
        double[] m = mean.channelMeans();
        List<String> per = new ArrayList<>();
        List<String> img = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        boolean gray = mean.channels() == 1;
        if (gray) {
            per.add("image_scale=" + f(scale) + ", gray_bias=" + f(-scale * m[0]));
            per.add("ct.ImageType(name='" + inputName + "', scale=" + f(scale) + ", bias=" + f(-scale * m[0])
                    + ", color_layout=ct.colorlayout.GRAYSCALE)");
        } else {
            boolean bgr = fileOrder == CaffeMean.Order.BGR;
            double red = -scale * m[bgr ? 2 : 0];
            double green = -scale * m[1];
            double blue = -scale * m[bgr ? 0 : 2];
            per.add("is_bgr=" + (bgr ? "True" : "False") + ", image_scale=" + f(scale) + ", red_bias=" + f(red) + ", green_bias=" + f(green)
                    + ", blue_bias=" + f(blue));
            per.add("ct.ImageType(name='" + inputName + "', scale=" + f(scale) + ", bias=[" + f(-scale * m[0]) + ", " + f(-scale * m[1]) + ", "
                    + f(-scale * m[2]) + "], color_layout=ct.colorlayout." + (bgr ? "BGR" : "RGB") + ")  # bias in " + (bgr ? "B, G, R" : "R, G, B")
                    + " order");
            double swap = Math.abs(m[0] - m[2]) * Math.abs(scale);
            if (bgr) {
                warn.add(String.format(Locale.ROOT, "BGR mean on RGB input: this mean is B, G, R; without is_bgr=True (color_layout BGR) Core ML feeds"
                        + " R, G, B and subtracts the blue mean from red: off by up to %.4g on channels 0 and 2", swap));
            } else {
                warn.add(String.format(Locale.ROOT, "this mean is R, G, B (e.g. Caffe's CIFAR-10 example); declaring it BGR would swap red and blue"
                        + " means: off by up to %.4g", swap));
            }
        }
        if (scale != 1) {
            double worst = 0;
            for (double v : m) {
                worst = Math.max(worst, Math.abs(v * (1 - scale)));
            }
            warn.add(String.format(Locale.ROOT, "bias not multiplied by image_scale: Core ML adds the bias after scaling, so each bias is -%s x mean"
                    + " (writing -mean, e.g. %s, would be off by up to %.4g)", f(scale), f(-m[0]), worst));
        } else {
            warn.add("bias and image_scale: Core ML adds the bias after scaling; with image_scale 1 the bias is simply -mean, but if you add a"
                    + " scale later every bias must become -scale x mean");
        }
        img.add("coremltools.converters.caffe.convert(('net.caffemodel', 'deploy.prototxt', {'" + inputName + "': 'mean.binaryproto'}),"
                + " image_input_names='" + inputName + "'" + (gray ? "" : ", is_bgr=" + (fileOrder == CaffeMean.Order.BGR ? "True" : "False")) + ")");
        img.add(String.format(Locale.ROOT, "writes NeuralNetworkMeanImage with the file's %dx%dx%d values verbatim (channel order untouched);"
                + " an input smaller than %dx%d gets the centre crop at offsets ((H-h)/2, (W-w)/2), a larger one is an error",
                mean.channels(), mean.height(), mean.width(), mean.width(), mean.height()));
        warn.add("with a mean file the Caffe converter ignores image_scale and red/green/blue/gray_bias for that input (it writes only meanImage:"
                + " scaler and meanImage are a protobuf oneof, so setting both keeps only the last one written)"
                + (scale != 1 ? "; this network's scale " + f(scale) + " would be lost: use the per-channel form or fold the scale into the first layer"
                        : ""));
        double dev = 0;
        double[][] r = mean.channelRanges();
        for (int c = 0; c < m.length; c++) {
            dev = Math.max(dev, Math.max(m[c] - r[c][0], r[c][1] - m[c]));
        }
        warn.add(String.format(Locale.ROOT, "per-channel means instead of the mean image change inputs by up to %.4g (pixel deviation of this mean from"
                + " its channel averages, times the scale)", dev * Math.abs(scale)));
        return new CoreMlArguments(List.copyOf(per), List.copyOf(img), List.copyOf(warn));
    }

    private static String f(double v) {
        String s = String.format(Locale.ROOT, "%.8g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s += "0";
            }
        }
        return s;
    }
}
