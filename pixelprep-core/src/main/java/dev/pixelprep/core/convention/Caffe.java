package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * pycaffe's {@code caffe.io.Transformer} fed by {@code caffe.io.load_image} (RGB, 0..1):
 * {@code y = ((x/255) · raw_scale − mean[c]) · input_scale}, with {@code channel_swap (2,1,0)} turning RGB into
 * the BGR order Caffe models are trained in. {@code mean} is in the network's (post-swap) channel order.
 *
 * <p>The C++ {@code DataTransformer} ({@code TransformationParameter scale, mean_value}) computes
 * {@code (x − mean) · scale} on 0..255 Datum bytes; that is this convention with {@code raw_scale = 255} and
 * {@code input_scale = scale}.
 *
 * <p>Immutable: arrays are copied in and out, and equality, hash code and text are by content; safe to share between
 * threads.
 */
public record Caffe(double rawScale, double[] mean, double inputScale, boolean channelSwap) implements Convention {

    public Caffe {
        Num.finite("$.caffe.raw_scale", rawScale);
        Num.finite("$.caffe.input_scale", inputScale);
        mean = Num.perChannel("$.caffe.mean", mean == null ? new double[] {0} : mean, 3);
    }

    /** The usual recipe: raw_scale 255, BGR mean in 0..255 units, channel swap on. */
    public static Caffe bgr(double[] bgrMean, double inputScale) {
        return new Caffe(255, bgrMean, inputScale, true);
    }

    @Override
    public String id() {
        return "caffe";
    }

    @Override
    public ColorOrder colorOrder() {
        return channelSwap ? ColorOrder.BGR : ColorOrder.RGB;
    }

    @Override
    public double[] scale() {
        double a = rawScale * inputScale / 255.0;
        return new double[] {a, a, a};
    }

    @Override
    public double[] bias() {
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            b[c] = -mean[c] * inputScale;
        }
        return b;
    }

    /** As pycaffe computes it (float32 arrays): raw_scale, then mean, then input_scale. */
    @Override
    public double evaluate(int channel, int x) {
        float v = (float) ((double) x / 255.0);
        v *= (float) rawScale;
        v -= (float) mean[channel];
        v *= (float) inputScale;
        return v;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("t = caffe.io.Transformer({'data': net.blobs['data'].data.shape}); t.set_transpose('data', (2, 0, 1)); ");
        if (channelSwap) {
            sb.append("t.set_channel_swap('data', (2, 1, 0)); ");
        }
        sb.append("t.set_raw_scale('data', ").append(Num.f(rawScale)).append("); ");
        sb.append("t.set_mean('data', np.array(").append(Num.list(mean)).append(")); ");
        sb.append("t.set_input_scale('data', ").append(Num.f(inputScale)).append(")");
        if (rawScale == 255) {
            sb.append("\n# prototxt (C++ DataTransformer on 0..255 ").append(channelSwap ? "BGR" : "RGB").append(" Datums): transform_param { scale: ")
                    .append(Num.f(inputScale));
            for (double m : mean) {
                sb.append(" mean_value: ").append(Num.f(m));
            }
            sb.append(" }");
        }
        return sb.toString();
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Caffe)) {
            return false;
        }
        Caffe o = (Caffe) other;
        return Double.compare(rawScale, o.rawScale) == 0
                && Arrays.equals(mean, o.mean)
                && Double.compare(inputScale, o.inputScale) == 0
                && channelSwap == o.channelSwap;
    }

    @Override
    public int hashCode() {
        return Objects.hash(rawScale, Arrays.hashCode(mean), inputScale, channelSwap);
    }

    @Override
    public String toString() {
        return "Caffe[rawScale=" + rawScale + ", mean=" + Arrays.toString(mean) + ", inputScale=" + inputScale + ", channelSwap=" + channelSwap + "]";
    }
}
