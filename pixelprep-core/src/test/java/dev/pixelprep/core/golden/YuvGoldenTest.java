package dev.pixelprep.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The camera-frame golden cases ({@code /golden-yuv}, made by {@code generate_yuv.py}): YUV buffers built from real
 * photos by libyuv and OpenCV, laid out as cameras deliver them, and the RGB that OpenCV's {@code cvtColor}, libyuv's
 * conversions (with and without {@code ARGBRotate}/{@code ARGBMirror}) and a float64 numpy reference computed from
 * them. Each is reproduced bit for bit by the identity uint8 pipeline with the named conversion and orientation, from
 * the buffer as an array and as a direct buffer.
 */
class YuvGoldenTest {
    private static final String SET = "golden-yuv";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    List<DynamicTest> everyPeerOutputIsReproducedBitForBit() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String id : GoldenResources.ids(SET)) {
            JsonNode c = read(id);
            byte[] raw = bytes("cases/" + c.get("file").asText());
            int w = c.get("width").asInt();
            int h = c.get("height").asInt();
            boolean even = w % 2 == 0 && h % 2 == 0;
            for (JsonNode e : c.get("expected")) {
                String call = e.get("call").asText();
                // libyuv's I420Rotate/I420Mirror turn the planes before converting: on odd sizes the chroma blocks then
                // pair up differently from turning the RGB image, which is what a frame orientation means
                if (!even && call.contains("I420Rotate") || !even && call.contains("I420Mirror")) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(id + " " + call, () -> check(c, raw, e)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(100);
        return tests;
    }

    private static void check(JsonNode c, byte[] raw, JsonNode e) throws IOException {
        YuvConversion conv = conversion(e);
        FrameOrientation o = new FrameOrientation(e.get("rotation").asInt(), e.get("mirror").asBoolean());
        Spec spec = Spec.builder().color(ColorOrder.RGB).layout(Layout.HWC).dtype(DType.UINT8)
                .geometry(o.isNone() ? null : Geometry.oriented(o)).build();
        Pipeline p = Pipeline.compile(spec);
        Tensor want;
        try (InputStream in = GoldenResources.open(SET, "cases/" + e.get("file").asText())) {
            want = Npy.read(in, e.get("file").asText());
        }
        byte[] expected = new byte[(int) want.size()];
        want.data().duplicate().get(expected);
        for (boolean direct : new boolean[] {false, true}) {
            PixelBuffer src = buffer(c, raw, conv, direct);
            ByteBuffer out = ByteBuffer.allocate(expected.length);
            p.run(src, out, 0);
            assertThat(want.shape()).containsExactly(o.height(src.width(), src.height()), o.width(src.width(), src.height()), 3);
            assertThat(out.array()).as("%s %s %s direct=%s", c.get("id").asText(), e.get("call").asText(), conv, direct).isEqualTo(expected);
        }
    }

    static YuvConversion conversion(JsonNode e) {
        YuvConversion.Matrix m = YuvConversion.Matrix.valueOf(e.get("matrix").asText().toUpperCase(Locale.ROOT));
        YuvConversion.Range r = YuvConversion.Range.valueOf(e.get("range").asText().toUpperCase(Locale.ROOT));
        YuvConversion.Arithmetic a = YuvConversion.Arithmetic.valueOf(e.get("peer").asText().toUpperCase(Locale.ROOT));
        return YuvConversion.of(m, r, a);
    }

    /** The case's buffer from its plane table, in the one array or copied into a direct buffer. */
    static PixelBuffer buffer(JsonNode c, byte[] raw, YuvConversion conv, boolean direct) {
        PixelBuffer.Builder b = PixelBuffer.builder().size(c.get("width").asInt(), c.get("height").asInt())
                .format(PixelFormat.valueOf(c.get("format").asText())).yuv(conv);
        ByteBuffer bb = null;
        if (direct) {
            bb = ByteBuffer.allocateDirect(raw.length);
            bb.put(raw).flip();
        }
        for (JsonNode plane : c.get("planes")) {
            int off = plane.get("offset").asInt();
            int rs = plane.get("row_stride").asInt();
            int ps = plane.get("pixel_stride").asInt();
            if (direct) {
                b.plane(bb, off, rs, ps);
            } else {
                b.plane(raw, off, rs, ps);
            }
        }
        return b.build();
    }

    @Test
    void theCasesCoverEveryFormatLayoutAndPeer() throws IOException {
        List<String> formats = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        boolean odd = false;
        boolean stride2 = false;
        boolean turned = false;
        for (String id : GoldenResources.ids(SET)) {
            JsonNode c = read(id);
            formats.add(c.get("format").asText());
            odd |= c.get("width").asInt() % 2 == 1 || c.get("height").asInt() % 2 == 1;
            for (JsonNode p : c.get("planes")) {
                stride2 |= p.get("pixel_stride").asInt() == 2 && c.get("format").asText().equals("YUV_420_888");
            }
            for (JsonNode e : c.get("expected")) {
                peers.add(e.get("peer").asText());
                turned |= e.get("rotation").asInt() != 0 || e.get("mirror").asBoolean();
            }
        }
        assertThat(formats).contains("NV12", "NV21", "I420", "YV12", "YUV_420_888", "YUYV", "UYVY");
        assertThat(peers).contains("opencv", "libyuv", "exact");
        assertThat(odd).isTrue();
        assertThat(stride2).isTrue();
        assertThat(turned).isTrue();
    }

    private static JsonNode read(String id) throws IOException {
        try (InputStream in = GoldenResources.open(SET, "cases/" + id + ".json")) {
            return JSON.readTree(in);
        }
    }

    private static byte[] bytes(String path) throws IOException {
        try (InputStream in = GoldenResources.open(SET, path)) {
            return in.readAllBytes();
        }
    }
}
