package dev.pixelprep.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * libjpeg-turbo (where installed) and ImageIO against Pillow on JPEGs of every kind (jpeg-peers/: 4:2:0, 4:2:2,
 * 4:4:4, 4:4:0, 4:1:1, odd sizes, grey, progressive, optimised Huffman tables, restart markers, RGB components): the
 * decoder the machine happens to have must not change a tensor.
 */
class JpegDecodersTest {
    private static final Path DIR = Path.of("src/test/resources/jpeg-peers");

    /** The decoded pixels in Pillow's order (R, G, B or grey), tightly packed. */
    static byte[] pillowOrder(PixelBuffer p) {
        byte[] src = p.byteArray();
        int n = p.width() * p.height();
        if (p.format() == PixelFormat.GRAY8) {
            byte[] out = new byte[n];
            for (int y = 0; y < p.height(); y++) {
                System.arraycopy(src, p.offset() + y * p.rowStride(), out, y * p.width(), p.width());
            }
            return out;
        }
        assertThat(p.format()).isEqualTo(PixelFormat.BGR888);
        byte[] out = new byte[n * 3];
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                int i = p.offset() + y * p.rowStride() + 3 * x;
                int o = 3 * (y * p.width() + x);
                out[o] = src[i + 2];
                out[o + 1] = src[i + 1];
                out[o + 2] = src[i];
            }
        }
        return out;
    }

    private static byte[] pillow(String name) {
        Tensor t = Npy.read(DIR.resolve(name + ".pillow.npy"));
        byte[] b = new byte[t.data().remaining()];
        t.data().get(b);
        return b;
    }

    private static List<String> cases() throws IOException {
        JsonNode index = new ObjectMapper().readTree(Files.readString(DIR.resolve("index.json")));
        List<String> names = new ArrayList<>();
        index.get("cases").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).hasSizeGreaterThanOrEqualTo(13);
        return names;
    }

    @Test
    void libjpegTurboGivesPillowsPixelsOnEveryKindOfJpeg() throws IOException {
        assumeTrue(TurboJpeg.available() || Boolean.getBoolean("pixelprep.requireTurbo"),
                "libturbojpeg is not installed here: " + TurboJpeg.unavailableReason());
        assertThat(TurboJpeg.available()).as("libjpeg-turbo required: " + TurboJpeg.unavailableReason()).isTrue();
        for (String name : cases()) {
            byte[] data = Files.readAllBytes(DIR.resolve(name + ".jpg"));
            JpegHeader h = JpegHeader.parse(data);
            byte[] direct = TurboJpeg.decode(data, h.width, h.height, h.components);
            assertThat(direct).as(name + " decoded by libjpeg-turbo itself").isNotNull();
            DecodedImage d = ImageDecoder.defaults().decode(data, name);
            assertThat(pillowOrder(d.pixels())).as(name).isEqualTo(pillow(name));
        }
    }

    @Test
    void imageIoGivesPillowsPixelsOnEveryKindOfJpegToo() throws IOException {
        List<String> differ = new ArrayList<>();
        for (String name : cases()) {
            DecodedImage d = ImageDecoder.defaults().imageIoForJpeg().decode(Files.readAllBytes(DIR.resolve(name + ".jpg")), name);
            if (!java.util.Arrays.equals(pillowOrder(d.pixels()), pillow(name))) {
                differ.add(name);
            }
        }
        assertThat(differ).isEmpty();
    }
}
