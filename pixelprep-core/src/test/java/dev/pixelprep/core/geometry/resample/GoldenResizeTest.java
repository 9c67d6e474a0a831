package dev.pixelprep.core.geometry.resample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;
import dev.pixelprep.core.golden.GoldenResources;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resize case of the shared golden set, interpreted op by op (decode, grayscale, channel order, resize with
 * this package's kernels, centre crop, the case's float stage) and compared with the tensor the peer library
 * produced. Pillow, OpenCV nearest and OpenCV linear must be bit-exact; OpenCV area/cubic and torch must meet the
 * case's fallback tolerance, and their measured distance is printed.
 */
class GoldenResizeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> cases() {
        return GoldenResources.ids(GoldenResources.RESIZE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPeer(String id) throws IOException {
        JsonNode json;
        try (InputStream in = resource("cases/" + id + ".json")) {
            json = JSON.readTree(in);
        }
        Image8 img = decodeRgb(json.get("input").get("file").asText());
        assertThat(img.width).isEqualTo(json.get("input").get("width").asInt());
        assertThat(img.height).isEqualTo(json.get("input").get("height").asInt());

        JsonNode resizeOp = null;
        List<JsonNode> ops = new ArrayList<>();
        json.get("ops").forEach(ops::add);
        for (int k = 0; k < ops.size(); k++) {
            JsonNode op = ops.get(k);
            switch (op.get("op").asText()) {
                case "decode":
                    assertThat(op.get("to").asText()).isEqualTo("RGB");
                    break;
                case "grayscale":
                    img = grayscale(img, op.get("formula").asText());
                    break;
                case "channel_order":
                    assertThat(op.get("order").asText()).isEqualTo("BGR");
                    img = swapRB(img);
                    break;
                case "resize": {
                    resizeOp = op;
                    JsonNode next = k + 1 < ops.size() && ops.get(k + 1).get("op").asText().equals("center_crop") ? ops.get(k + 1) : null;
                    Image8 full = resize(img, op, null);
                    if (next != null) {
                        Image8 cropped = centerCrop(full, next);
                        // the same crop computed through the kernel's window must be identical
                        if (full != img) {
                            Image8 windowed = resize(img, op, next);
                            assertThat(windowed.data).as("window = crop of the full resize").isEqualTo(cropped.data);
                        }
                        img = cropped;
                        k++;
                    } else {
                        img = full;
                    }
                    break;
                }
                case "center_crop":
                    img = centerCrop(img, op);
                    break;
                case "normalize":
                case "scale_bias":
                case "subtract_scale":
                    break; // folded into float_stage_equivalent below
                default:
                    throw new IllegalArgumentException("unknown op " + op);
            }
        }
        assertThat(resizeOp).as("case has a resize op").isNotNull();

        JsonNode fse = json.get("float_stage_equivalent");
        double[] a = doubles(fse.get("a"));
        double[] b = doubles(fse.get("b"));
        boolean nchw = json.get("output").get("layout").asText().equals("NCHW");
        float[] got = floatStage(img, a, b, nchw);

        Tensor want;
        try (InputStream in = resource("cases/" + id + ".npy")) {
            want = Npy.read(in, id + ".npy");
        }
        int[] shape = want.shape();
        assertThat(shape).containsExactly(1, nchw ? img.channels : img.height, nchw ? img.height : img.width,
                nchw ? img.width : img.channels);
        float[] exp = want.toFloatArray();

        JsonNode tol = json.get("tolerance");
        double atol = tol.get("atol").asDouble();
        double rtol = tol.get("rtol").asDouble();
        int outside = 0;
        double maxAbs = 0;
        double sumAbs = 0;
        for (int i = 0; i < exp.length; i++) {
            double d = Math.abs((double) got[i] - exp[i]);
            if (d > atol + rtol * Math.abs(exp[i])) {
                outside++;
            }
            maxAbs = Math.max(maxAbs, d);
            sumAbs += d;
        }
        double meanAbs = sumAbs / exp.length;
        String impl = resizeOp.get("impl").asText();
        String interp = resizeOp.get("interpolation").asText();
        boolean exactClass = tol.get("class").asText().equals("exact");
        double lsb = exactClass ? 1 : tol.get("lsb").asDouble();
        System.out.printf(Locale.ROOT, "golden-resize %-50s %-6s %-8s aa=%-5s bit-exact=%-5s max=%.3f step mean=%.5f step differing=%.3f%%%n",
                id, impl, interp, resizeOp.get("antialias").asBoolean(), outside == 0, maxAbs / lsb, meanAbs / lsb,
                100.0 * outside / exp.length);

        boolean mustBeExact = exactClass || impl.equals("pil")
                || (impl.equals("opencv") && (interp.equals("nearest") || interp.equals("bilinear")));
        if (mustBeExact || outside == 0) {
            assertThat(outside).as("elements outside atol + rtol·|e| (max diff %s)", maxAbs).isZero();
        } else {
            double acceptMax = tol.get("accept_max_lsb").asDouble();
            double acceptMean = tol.get("accept_mean_lsb").asDouble();
            assertThat(maxAbs).as("max abs diff").isLessThanOrEqualTo(acceptMax * lsb + atol);
            assertThat(meanAbs).as("mean abs diff").isLessThanOrEqualTo(acceptMean * lsb + atol);
        }
    }

    // ------------------------------------------------------------------ ops

    /** The resize op through the named family; with {@code crop} only the crop window is computed. */
    static Image8 resize(Image8 img, JsonNode op, JsonNode crop) {
        int outW = op.get("output_width").asInt();
        int outH = op.get("output_height").asInt();
        String rule = op.get("size_rule").asText();
        double invX = (double) outW / img.width;
        double invY = (double) outH / img.height;
        switch (rule) {
            case "exact":
                assertThat(new int[] {outW, outH}).containsExactly(op.get("width").asInt(), op.get("height").asInt());
                break;
            case "shorter_side": {
                int s = op.get("shorter_side").asInt();
                int w = img.width;
                int h = img.height;
                int shortSide = Math.min(w, h);
                int longSide = Math.max(w, h);
                int newLong = (int) ((double) s * longSide / shortSide);
                int ew = w <= h ? s : newLong;
                int eh = w <= h ? newLong : s;
                assertThat(new int[] {ew, eh}).as("shorter-side size").containsExactly(outW, outH);
                break;
            }
            case "opencv_blob_cover": {
                float f = Math.max((float) op.get("width").asInt() / (float) img.width,
                        (float) op.get("height").asInt() / (float) img.height);
                assertThat((double) f).isEqualTo(op.get("factor_float32").asDouble());
                int ew = (int) Math.rint(img.width * (double) f);
                int eh = (int) Math.rint(img.height * (double) f);
                assertThat(new int[] {ew, eh}).as("blob cover size").containsExactly(outW, outH);
                invX = f;
                invY = f;
                break;
            }
            default:
                throw new IllegalArgumentException(rule);
        }
        if (outW == img.width && outH == img.height && !rule.equals("opencv_blob_cover")) {
            return img;
        }
        Window win = crop == null ? Window.full(outW, outH) : cropWindow(outW, outH, crop);
        Image8 dst = Image8.allocate(win.width(), win.height(), img.channels);
        Filter filter = filter(op.get("interpolation").asText());
        switch (op.get("impl").asText()) {
            case "pil":
                PillowResampler.resize(img, outW, outH, filter, win, dst);
                break;
            case "opencv":
                OpenCvResampler.resize(img, outW, outH, invX, invY, filter, win, dst);
                break;
            case "torch":
                TorchResampler.resize(img, outW, outH, filter, op.get("antialias").asBoolean(), win, dst);
                break;
            default:
                throw new IllegalArgumentException(op.get("impl").asText());
        }
        return dst;
    }

    static Filter filter(String name) {
        switch (name) {
            case "nearest": return Filter.NEAREST;
            case "bilinear": return Filter.BILINEAR;
            case "bicubic": return Filter.BICUBIC;
            case "area": return Filter.AREA;
            default: throw new IllegalArgumentException(name);
        }
    }

    static Window cropWindow(int w, int h, JsonNode op) {
        int cw = op.get("width").asInt();
        int ch = op.get("height").asInt();
        int left;
        int top;
        if (op.get("offset_rounding").asText().equals("half_even")) {
            left = (int) Math.rint((w - cw) / 2.0);
            top = (int) Math.rint((h - ch) / 2.0);
        } else {
            left = Math.floorDiv(w - cw, 2);
            top = Math.floorDiv(h - ch, 2);
        }
        assertThat(new int[] {left, top}).as("crop offsets").containsExactly(op.get("left").asInt(), op.get("top").asInt());
        return new Window(left, top, cw, ch);
    }

    static Image8 centerCrop(Image8 img, JsonNode op) {
        Window win = cropWindow(img.width, img.height, op);
        Image8 out = Image8.allocate(win.width(), win.height(), img.channels);
        int rowBytes = win.width() * img.channels;
        for (int j = 0; j < win.height(); j++) {
            System.arraycopy(img.data, ((win.y() + j) * img.width + win.x()) * img.channels, out.data, j * rowBytes, rowBytes);
        }
        return out;
    }

    static Image8 grayscale(Image8 img, String formula) {
        Image8 out = Image8.allocate(img.width, img.height, 1);
        for (int i = 0; i < img.width * img.height; i++) {
            int r = img.data[3 * i] & 0xFF;
            int g = img.data[3 * i + 1] & 0xFF;
            int b = img.data[3 * i + 2] & 0xFF;
            int y;
            if (formula.equals("pil")) {
                y = (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
            } else if (formula.equals("opencv")) {
                y = (9798 * r + 19235 * g + 3735 * b + 16384) >> 15;
            } else {
                throw new IllegalArgumentException(formula);
            }
            out.data[i] = (byte) y;
        }
        return out;
    }

    static Image8 swapRB(Image8 img) {
        assertThat(img.channels).isEqualTo(3);
        Image8 out = Image8.allocate(img.width, img.height, 3);
        for (int i = 0; i < img.width * img.height; i++) {
            out.data[3 * i] = img.data[3 * i + 2];
            out.data[3 * i + 1] = img.data[3 * i + 1];
            out.data[3 * i + 2] = img.data[3 * i];
        }
        return out;
    }

    static float[] floatStage(Image8 img, double[] a, double[] b, boolean nchw) {
        int cn = img.channels;
        int hw = img.width * img.height;
        float[] out = new float[hw * cn];
        for (int i = 0; i < hw; i++) {
            for (int c = 0; c < cn; c++) {
                float v = (float) (a[c] * (img.data[i * cn + c] & 0xFF) + b[c]);
                out[nchw ? c * hw + i : i * cn + c] = v;
            }
        }
        return out;
    }

    /** PNG → 8-bit RGB, alpha ignored, gray replicated. */
    static Image8 decodeRgb(String file) throws IOException {
        BufferedImage bi;
        try (InputStream in = resource(file)) {
            bi = ImageIO.read(in);
        }
        PixelBuffer pb = TestImages.pixels(bi);
        int w = pb.width();
        int h = pb.height();
        PixelFormat f = pb.format();
        Image8 out = Image8.allocate(w, h, 3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r;
                int g;
                int b;
                if (f.isPackedInt()) {
                    int v = pb.intArray()[pb.offset() + y * pb.rowStride() + x];
                    r = v >>> f.redIndex() & 0xFF;
                    g = v >>> f.greenIndex() & 0xFF;
                    b = v >>> f.blueIndex() & 0xFF;
                } else {
                    int p = pb.offset() + y * pb.rowStride() + x * f.pixelStride();
                    byte[] d = pb.byteArray();
                    r = d[p + f.redIndex()] & 0xFF;
                    g = d[p + f.greenIndex()] & 0xFF;
                    b = d[p + f.blueIndex()] & 0xFF;
                }
                int q = (y * w + x) * 3;
                out.data[q] = (byte) r;
                out.data[q + 1] = (byte) g;
                out.data[q + 2] = (byte) b;
            }
        }
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    static InputStream resource(String path) {
        return GoldenResources.open(GoldenResources.RESIZE, path);
    }
}
