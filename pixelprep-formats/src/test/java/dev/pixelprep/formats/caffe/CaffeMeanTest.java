package dev.pixelprep.formats.caffe;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.Resources;
import dev.pixelprep.formats.caffe.proto.CaffeProto.BlobProto;
import dev.pixelprep.formats.caffe.proto.CaffeProto.BlobShape;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Expected values: MANIFEST §4 (shapes, channel averages, value range) and reference §3. */
class CaffeMeanTest {
    static CaffeMean imagenet() {
        return CaffeMean.read(Resources.path("caffe/ilsvrc12_imagenet_mean.binaryproto"));
    }

    @Test
    void ilsvrc12_mean_is_3x256x256_with_the_familiar_bgr_averages() {
        CaffeMean m = imagenet();
        assertThat(m.legacyShape()).isTrue();
        assertThat(new int[] {m.num(), m.channels(), m.height(), m.width()}).containsExactly(1, 3, 256, 256);
        double[] avg = m.channelMeans();
        assertThat(avg[0]).isCloseTo(103.894, within(5e-4));
        assertThat(avg[1]).isCloseTo(116.554, within(5e-4));
        assertThat(avg[2]).isCloseTo(122.581, within(5e-4));
        double lo = Arrays.stream(m.channelRanges()).mapToDouble(r -> r[0]).min().orElseThrow();
        double hi = Arrays.stream(m.channelRanges()).mapToDouble(r -> r[1]).max().orElseThrow();
        assertThat(lo).isCloseTo(94.02, within(0.005));
        assertThat(hi).isCloseTo(130.70, within(0.005));
    }

    @Test
    void cifar10_mean_is_rgb_32x32() {
        CaffeMean m = CaffeMean.read(Resources.path("caffe/cifar10_mean.binaryproto"));
        assertThat(new int[] {m.channels(), m.height(), m.width()}).containsExactly(3, 32, 32);
        double[] avg = m.channelMeans();
        assertThat(avg[0]).isCloseTo(125.307, within(5e-4));
        assertThat(avg[1]).isCloseTo(122.950, within(5e-4));
        assertThat(avg[2]).isCloseTo(113.865, within(5e-4));
    }

    @Test
    void centre_crop_to_227_uses_caffe_offsets_and_keeps_bgr() {
        CaffeMean m = imagenet();
        MeanImage stored = m.asStored();
        MeanImage crop = m.meanImage(CaffeMean.Order.BGR, ColorOrder.BGR, 227, 227, CaffeMean.Fit.CROP);
        // (256 - 227) / 2 = 14 (integer division)
        assertThat(crop.at(0, 0, 0)).isEqualTo(stored.at(0, 14, 14));
        assertThat(crop.at(2, 226, 226)).isEqualTo(stored.at(2, 240, 240));
        MeanImage rgb = m.meanImage(CaffeMean.Order.BGR, ColorOrder.RGB, 224, 224, CaffeMean.Fit.CROP);
        // 16 = (256 - 224) / 2; RGB tensor: channel 0 is the file's channel 2
        assertThat(rgb.at(0, 5, 7)).isEqualTo(stored.at(2, 21, 23));
    }

    @Test
    void resize_keeps_a_constant_mean_constant_and_the_average_close() {
        float[] flat = new float[3 * 10 * 10];
        Arrays.fill(flat, 0, 100, 100f);
        Arrays.fill(flat, 100, 200, 50f);
        Arrays.fill(flat, 200, 300, 7f);
        MeanImage r = CaffeMean.resize(new MeanImage(3, 10, 10, flat), 7, 13);
        for (float v : Arrays.copyOfRange(r.data(), 0, 91)) {
            assertThat(v).isEqualTo(100f);
        }
        MeanImage big = imagenet().meanImage(CaffeMean.Order.BGR, ColorOrder.BGR, 300, 280, CaffeMean.Fit.RESIZE);
        assertThat(big.width()).isEqualTo(300);
        assertThat(big.channelMeans()[0]).isCloseTo(103.894, within(0.1));
        assertThatThrownBy(() -> imagenet().meanImage(CaffeMean.Order.BGR, ColorOrder.BGR, 300, 280, CaffeMean.Fit.CROP))
                .hasMessageContaining("smaller");
    }

    @Test
    void channel_spec_is_minus_scale_times_mean_in_tensor_order() {
        Spec s = imagenet().channelSpec(CaffeMean.Order.BGR, ColorOrder.BGR, 0.017);
        assertThat(s.color()).isEqualTo(ColorOrder.BGR);
        assertThat(s.bias(0)).isCloseTo(-0.017 * 103.894, within(1e-5));
        Spec rgb = imagenet().channelSpec(CaffeMean.Order.BGR, ColorOrder.RGB, 1);
        assertThat(rgb.bias(0)).isCloseTo(-122.581, within(5e-4));
    }

    @Test
    void coremltools_arguments_put_biases_by_colour_with_the_scale_and_warn() {
        CoreMlArguments a = CoreMlArguments.of(imagenet(), CaffeMean.Order.BGR, 1, "data");
        assertThat(a.perChannel().get(0)).startsWith("is_bgr=True, image_scale=1.0, red_bias=-122.58").contains("blue_bias=-103.89");
        assertThat(a.perChannel().get(1)).contains("bias=[-103.89").contains("color_layout=ct.colorlayout.BGR");
        assertThat(a.warnings()).anyMatch(w -> w.startsWith("BGR mean on RGB input"));
        assertThat(a.warnings()).anyMatch(w -> w.contains("ignores image_scale"));
        CoreMlArguments scaled = CoreMlArguments.of(imagenet(), CaffeMean.Order.BGR, 0.017, "data");
        // red_bias = -0.017 * 122.581 = -2.0839 (bias multiplied by the scale)
        assertThat(scaled.perChannel().get(0)).contains("image_scale=0.017").contains("red_bias=-2.0838");
        assertThat(scaled.warnings()).anyMatch(w -> w.startsWith("bias not multiplied by image_scale"));
        CoreMlArguments cifar = CoreMlArguments.of(CaffeMean.read(Resources.path("caffe/cifar10_mean.binaryproto")), CaffeMean.Order.RGB, 1, "data");
        assertThat(cifar.perChannel().get(0)).startsWith("is_bgr=False").contains("red_bias=-125.30");
    }

    @Test
    void shape_field_and_unpacked_data_are_read_too() {
        BlobProto.Builder b = BlobProto.newBuilder().setShape(BlobShape.newBuilder().addDim(1).addDim(3).addDim(2).addDim(2));
        for (int i = 0; i < 12; i++) {
            b.addData(i);
        }
        CaffeMean m = CaffeMean.parse(b.build().toByteArray(), "shape");
        assertThat(m.legacyShape()).isFalse();
        assertThat(m.channelMeans()).containsExactly(1.5, 5.5, 9.5);
        // unpacked encoding of data = 5: tag (5 << 3 | 5) = 0x2D then 4 little-endian bytes per value
        byte[] unpacked = {0x08, 0x01, 0x10, 0x01, 0x18, 0x01, 0x20, 0x02, 0x2D, 0, 0, (byte) 0x80, 0x3F, 0x2D, 0, 0, 0, 0x40};
        assertThat(CaffeMean.parse(unpacked, "unpacked").channelMeans()).containsExactly(1.5);
    }

    @Test
    void malformed_means_give_one_line_errors() throws Exception {
        byte[] full = Files.readAllBytes(Resources.path("caffe/cifar10_mean.binaryproto"));
        for (byte[] bad : new byte[][] {Arrays.copyOf(full, full.length / 2), Arrays.copyOf(full, 9), new byte[0],
                {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, {0x2A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 2}}) {
            assertThatThrownBy(() -> CaffeMean.parse(bad, "bad.binaryproto")).isInstanceOf(FormatException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("bad.binaryproto: ").doesNotContain("\n"));
        }
        Random r = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] b = new byte[1 + r.nextInt(3000)];
            r.nextBytes(b);
            assertThatThrownBy(() -> CaffeMean.parse(b, "random")).isInstanceOf(FormatException.class);
        }
    }
}
