package dev.pixelprep.formats.caffe;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.BoundedFiles;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.caffe.proto.CaffeProto.BlobProto;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A Caffe {@code mean.binaryproto}: a {@code BlobProto} with the legacy num/channels/height/width fields (as
 * {@code compute_image_mean} writes them) or a {@code shape}, and planar C×H×W float data. Legacy fields win when
 * any is set, as in {@code caffe.io.blobproto_to_array}. The file does not say its channel order: means computed
 * from Caffe's own Datums are B, G, R (OpenCV's order), but e.g. the CIFAR-10 example's are R, G, B.
 *
 * <p>Immutable: the values read from the file are never exposed as an array; safe to share between threads.
 */
public final class CaffeMean {
    /** Largest mean file read (a 3×1024×1024 float mean is 12 MiB). */
    public static final long MAX_BYTES = 256L << 20;

    /** The channel order of the values in the file. */
    public enum Order {
        BGR, RGB;

        public static Order parse(String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "bgr": return BGR;
                case "rgb": return RGB;
                default: throw new IllegalArgumentException("unknown mean order '" + s + "'; expected bgr or rgb");
            }
        }

        public ColorOrder colorOrder() {
            return this == BGR ? ColorOrder.BGR : ColorOrder.RGB;
        }
    }

    /** How a mean image is brought to the network's input size. */
    public enum Fit {
        /** Centre crop with Caffe's offsets {@code (H − h)/2}, {@code (W − w)/2} (integer division), as its DataTransformer and Core ML converter do. */
        CROP,
        /** Bilinear resize (half-pixel centres, edges clamped); pycaffe's Transformer rejects or resizes a mismatched mean depending on version. */
        RESIZE
    }

    private final int num;
    private final int channels;
    private final int height;
    private final int width;
    private final boolean legacyShape;
    private final float[] data;

    private CaffeMean(int num, int channels, int height, int width, boolean legacyShape, float[] data) {
        this.num = num;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.legacyShape = legacyShape;
        this.data = data;
    }

    public static CaffeMean read(Path file) {
        return parse(BoundedFiles.read(file, MAX_BYTES, "Caffe mean.binaryproto"), file.toString());
    }

    public static CaffeMean parse(byte[] bytes, String name) {
        BlobProto b;
        try {
            b = BlobProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new FormatException(name + ": not a Caffe BlobProto (" + FormatException.protobufReason(e.getMessage()) + ")");
        }
        long[] dims;
        boolean legacy = b.hasNum() || b.hasChannels() || b.hasHeight() || b.hasWidth();
        if (legacy) {
            dims = new long[] {b.getNum(), b.getChannels(), b.getHeight(), b.getWidth()};
        } else if (b.hasShape()) {
            dims = b.getShape().getDimList().stream().mapToLong(Long::longValue).toArray();
        } else {
            throw new FormatException(name + ": not a Caffe mean blob (neither num/channels/height/width nor shape is set)");
        }
        long n;
        long c;
        long h;
        long w;
        switch (dims.length) {
            case 4: n = dims[0]; c = dims[1]; h = dims[2]; w = dims[3]; break;
            case 3: n = 1; c = dims[0]; h = dims[1]; w = dims[2]; break;
            case 2: n = 1; c = 1; h = dims[0]; w = dims[1]; break;
            default: throw new FormatException(name + ": blob shape has " + dims.length + " dimensions; a mean has 2 to 4");
        }
        if (n != 1) {
            throw new FormatException(name + ": blob holds " + n + " images (num), a mean holds 1");
        }
        if (c != 1 && c != 3) {
            throw new FormatException(name + ": mean has " + c + " channels; expected 1 or 3");
        }
        if (h <= 0 || w <= 0 || h > 1 << 15 || w > 1 << 15) {
            throw new FormatException(name + ": mean size " + w + "x" + h + " is out of range");
        }
        long expected = c * h * w;
        float[] data;
        if (b.getDataCount() > 0) {
            data = new float[b.getDataCount()];
            for (int i = 0; i < data.length; i++) {
                data[i] = b.getData(i);
            }
        } else {
            data = new float[b.getDoubleDataCount()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) b.getDoubleData(i);
            }
        }
        if (data.length != expected) {
            throw new FormatException(String.format(Locale.ROOT, "%s: shape %dx%dx%d needs %d values but the blob holds %d", name, c, h, w,
                    expected, data.length));
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new FormatException(name + ": value " + i + " is " + data[i]);
            }
        }
        return new CaffeMean((int) n, (int) c, (int) h, (int) w, legacy, data);
    }

    public int num() {
        return num;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Whether the shape came from the legacy num/channels/height/width fields (true) or from {@code shape}. */
    public boolean legacyShape() {
        return legacyShape;
    }

    /** The mean image as stored (file channel order). */
    public MeanImage asStored() {
        return new MeanImage(channels, height, width, data);
    }

    /** Per-channel averages in file order. */
    public double[] channelMeans() {
        return asStored().channelMeans();
    }

    /** Per-channel {min, max} in file order. */
    public double[][] channelRanges() {
        double[][] r = new double[channels][];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < plane; i++) {
                lo = Math.min(lo, data[c * plane + i]);
                hi = Math.max(hi, data[c * plane + i]);
            }
            r[c] = new double[] {lo, hi};
        }
        return r;
    }

    /**
     * The mean in the tensor's channel order: reversed when the file's order and the network's differ.
     * A one-channel mean is gray whatever {@code fileOrder} says.
     */
    public MeanImage meanImage(Order fileOrder, ColorOrder tensorOrder) {
        MeanImage m = asStored();
        if (channels == 1) {
            return m;
        }
        if (tensorOrder == ColorOrder.GRAY) {
            throw new FormatException("a 3-channel mean cannot be subtracted from a gray tensor");
        }
        return fileOrder.colorOrder() == tensorOrder ? m : m.reversedChannels();
    }

    /** The mean image brought to {@code w × h} (see {@link Fit}), in tensor order. */
    public MeanImage meanImage(Order fileOrder, ColorOrder tensorOrder, int w, int h, Fit fit) {
        MeanImage m = meanImage(fileOrder, tensorOrder);
        if (w == width && h == height) {
            return m;
        }
        if (fit == Fit.CROP) {
            if (w > width || h > height) {
                throw new FormatException(String.format(Locale.ROOT, "the %dx%d mean is smaller than the %dx%d input; it can be resized, not cropped",
                        width, height, w, h));
            }
            return m.crop((width - w) / 2, (height - h) / 2, w, h);
        }
        return resize(m, w, h);
    }

    static MeanImage resize(MeanImage m, int w, int h) {
        float[] out = new float[m.channels() * w * h];
        double sx = (double) m.width() / w;
        double sy = (double) m.height() / h;
        int i = 0;
        for (int c = 0; c < m.channels(); c++) {
            for (int y = 0; y < h; y++) {
                double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), m.height() - 1);
                int y0 = (int) fy;
                int y1 = Math.min(y0 + 1, m.height() - 1);
                double ty = fy - y0;
                for (int x = 0; x < w; x++) {
                    double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), m.width() - 1);
                    int x0 = (int) fx;
                    int x1 = Math.min(x0 + 1, m.width() - 1);
                    double tx = fx - x0;
                    double top = m.at(c, y0, x0) * (1 - tx) + m.at(c, y0, x1) * tx;
                    double bottom = m.at(c, y1, x0) * (1 - tx) + m.at(c, y1, x1) * tx;
                    out[i++] = (float) (top * (1 - ty) + bottom * ty);
                }
            }
        }
        return new MeanImage(m.channels(), h, w, out);
    }

    /** Per-channel means in tensor order (reversed when the orders differ). */
    public double[] channelMeans(Order fileOrder, ColorOrder tensorOrder) {
        return meanImage(fileOrder, tensorOrder).channelMeans();
    }

    /**
     * A spec {@code y = scale·(x − mean)} with the per-channel averages: {@code bias = −scale·mean}, in the tensor's
     * channel order ({@code tensorOrder}; normally the file's own order, the one the network was trained in).
     */
    public Spec channelSpec(Order fileOrder, ColorOrder tensorOrder, double scale) {
        double[] m = channelMeans(fileOrder, tensorOrder);
        double[] b = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            b[i] = -scale * m[i];
        }
        return Spec.builder().color(channels == 1 ? ColorOrder.GRAY : tensorOrder).scale(scale).bias(b).build();
    }

    /** A spec {@code y = scale·(x − mean_image)} with the mean image brought to {@code w × h}. */
    public Spec imageSpec(Order fileOrder, ColorOrder tensorOrder, double scale, int w, int h, Fit fit) {
        return Spec.builder().color(channels == 1 ? ColorOrder.GRAY : tensorOrder).scale(scale)
                .meanImage(meanImage(fileOrder, tensorOrder, w, h, fit)).build();
    }
}
