package dev.pixelprep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** inspect, fix and convert on the real files kept in pixelprep-formats' test resources (see their NOTICE.md). */
class FormatsCommandsTest extends CommandLineTest {
    static final Path RES = Path.of("..", "pixelprep-formats", "src", "test", "resources");

    @TempDir
    Path dir;


    static String res(String name) {
        Path p = RES.resolve(name);
        assertThat(p).as("test resource from pixelprep-formats").exists();
        return p.toString();
    }

    @Test
    void inspect_ultraface_reports_scale_bias_range_and_the_onnx_authors_formula() throws IOException {
        assertThat(run("inspect", res("coreml/ultraface_face_detector.mlmodel"))).isEqualTo(0);
        assertThat(out).contains("image input 'input'").contains("320x240").contains("colour space RGB")
                .contains("channelScale 0.00784313772 (= 2/255), redBias -1, greenBias -1, blueBias -1")
                .contains("R [-1.00000, 1.00000]")
                .contains("closest known convention: signed-unit").contains("x-127-over-128").contains("worst error 0.007813");
        assertThat(run("inspect", "--json", res("coreml/ultraface_face_detector.mlmodel"))).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(out);
        JsonNode in = j.get("image_inputs").get(0);
        assertThat(in.get("preprocessing").get("scale").asDouble()).isCloseTo(2 / 255.0, within(1e-9));
        assertThat(in.get("preprocessing").get("bias").get(0).asDouble()).isEqualTo(-1);
        assertThat(in.get("known_conventions").get(0).get("exact").asBoolean()).isTrue();
        boolean found = false;
        for (JsonNode k : in.get("known_conventions")) {
            if (k.get("name").asText().equals("x-127-over-128")) {
                found = true;
                assertThat(k.get("worst_error").get(0).asDouble()).isCloseTo(1 / 128.0, within(1e-6));
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void inspect_caffe_mean_and_hf_config() throws IOException {
        assertThat(run("inspect", res("caffe/ilsvrc12_imagenet_mean.binaryproto"))).isEqualTo(0);
        assertThat(out).contains("1 x 3 x 256 x 256").contains("mean 103.8941").contains("normally in BGR order")
                .contains("is_bgr=True, image_scale=1.0, red_bias=-122.58");
        assertThat(run("inspect", "--json", res("caffe/cifar10_mean.binaryproto"))).isEqualTo(0);
        assertThat(new ObjectMapper().readTree(out).get("channel_means").get(0).asDouble()).isCloseTo(125.307, within(5e-4));
        assertThat(run("inspect", res("hf/vit-imagenet-mean.preprocessor_config.json"))).isEqualTo(0);
        assertThat(out).contains("ViTFeatureExtractor").contains("torchvision-imagenet").contains("geometry: resize exactly 224x224");
    }

    @Test
    void fix_then_inspect_returns_what_was_written() throws IOException {
        Path fixed = dir.resolve("bgr.mlmodel");
        assertThat(run("fix", res("coreml/ultraface_face_detector.mlmodel"), "--preset", "caffe-imagenet", "-o", fixed.toString())).isEqualTo(0);
        assertThat(out).contains("colorSpace BGR").contains("read back:");
        assertThat(run("inspect", "--json", fixed.toString())).isEqualTo(0);
        JsonNode in = new ObjectMapper().readTree(out).get("image_inputs").get(0);
        assertThat(in.get("color_space").asText()).isEqualTo("BGR");
        assertThat(in.get("preprocessing").get("scale").asDouble()).isEqualTo(1.0);
        // tensor order B, G, R
        assertThat(in.get("preprocessing").get("bias").get(0).asDouble()).isCloseTo(-103.939, within(1e-4));
        assertThat(in.get("preprocessing").get("bias").get(2).asDouble()).isCloseTo(-123.68, within(1e-4));
        assertThat(in.get("known_conventions").get(0).get("name").asText()).startsWith("caffe-imagenet");
    }

    @Test
    void fix_refuses_per_channel_std_and_writes_nothing() {
        Path target = dir.resolve("tv.mlmodel");
        assertThat(run("fix", res("coreml/ultraface_face_detector.mlmodel"), "--convention", "torchvision", "--mean", "0.485,0.456,0.406",
                "--std", "0.229,0.224,0.225", "-o", target.toString())).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: Core ML's scaler has one channelScale").contains("--approximate");
        assertThat(err.strip().lines().count()).isEqualTo(1);
        assertThat(target).doesNotExist();
    }

    @Test
    void fix_with_a_mean_file_as_mean_image_and_as_channels() throws IOException {
        Path img = dir.resolve("mean.mlmodel");
        assertThat(run("fix", res("coreml/Image2Image.mlmodel"), "--mean-file", res("caffe/ilsvrc12_imagenet_mean.binaryproto"),
                "--mean-order", "bgr", "--mean-as", "image", "-o", img.toString())).isEqualTo(0);
        assertThat(out).contains("meanImage [3, 256, 256] in BGR order").contains("colour space BGR");
        // inspect shows the stored mean image's averages, to compare with the mean file's channel means
        assertThat(run("inspect", img.toString())).isEqualTo(0);
        assertThat(out).contains("mean image 256x256, averages per channel (0..255 pixel units): B 103.8941 G 116.5542 R 122.5814");
        assertThat(run("inspect", res("caffe/ilsvrc12_imagenet_mean.binaryproto"))).isEqualTo(0);
        assertThat(out).contains("channel 0: mean 103.8941").contains("channel 2: mean 122.5814");
        assertThat(run("inspect", "--json", img.toString())).isEqualTo(0);
        JsonNode means = new ObjectMapper().readTree(out).findValue("mean_image").get("channel_means");
        assertThat(means.get(0).asDouble()).isCloseTo(103.8941, org.assertj.core.api.Assertions.within(1e-4));
        Path ch = dir.resolve("channels.mlmodel");
        assertThat(run("fix", res("coreml/Image2Image.mlmodel"), "--mean-file", res("caffe/cifar10_mean.binaryproto"),
                "--mean-order", "rgb", "-o", ch.toString())).isEqualTo(0);
        assertThat(out).contains("redBias -125.30").contains("colorSpace RGB");
        assertThat(run("fix", res("coreml/Image2Image.mlmodel"), "--mean-file", res("caffe/cifar10_mean.binaryproto"), "-o", ch.toString()))
                .isEqualTo(2);
        assertThat(err).contains("--mean-order");
    }

    @Test
    void convert_torchvision_to_coremltools_and_onnx() throws IOException {
        assertThat(run("convert", "--from", "torchvision", "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225", "--to", "coreml,onnx,opencv"))
                .isEqualTo(0);
        assertThat(out).contains("coreml       approximate  worst error R 0.02437 G 0.02437 B 0.01445")
                .contains("ct.ImageType(scale=0.01731587832").contains("red_bias=")
                .contains("opencv       exact").contains("Sub(x, [123.675, 116.28, 103.53])");
        assertThat(run("convert", "--json", "--from", "keras-app:VGG16", "--to", "coreml")).isEqualTo(0);
        JsonNode t = new ObjectMapper().readTree(out).get("targets").get(0);
        assertThat(t.get("exact").asBoolean()).isTrue();
        assertThat(t.get("text").asText()).contains("is_bgr=True").contains("blue_bias=-103.939");
    }

    @Test
    void convert_caffe_mean_gives_coremltools_arguments_and_warnings() {
        assertThat(run("convert", "--from", "caffe-mean:" + res("caffe/ilsvrc12_imagenet_mean.binaryproto"), "--mean-order", "bgr",
                "--input-scale", "0.017", "--to", "coreml")).isEqualTo(0);
        assertThat(out).contains("is_bgr=True, image_scale=0.017, red_bias=-2.0838").contains("warning: bias not multiplied by image_scale")
                .contains("warning: BGR mean on RGB input").contains("ignores image_scale");
        assertThat(run("convert", "--from", "caffe-mean:" + res("caffe/ilsvrc12_imagenet_mean.binaryproto"), "--mean-order", "bgr",
                "--mean-as", "image", "--mean-size", "227x227", "--to", "coreml")).isEqualTo(0);
        assertThat(out).contains("mean image 256x256 centre-cropped").contains("to 227x227");
    }

    @Test
    void convert_from_hf_config_and_from_a_model() {
        assertThat(run("convert", "--from", "hf-config:" + res("hf/convnext-crop-pct.json"), "--to", "torchvision")).isEqualTo(0);
        assertThat(out).contains("int(224 / 0.875) = 256").contains("centre crop 224x224");
        assertThat(run("convert", "--from", "coreml-model:" + res("coreml/mnistCNN.mlmodel"), "--to", "torchvision,tflite")).isEqualTo(0);
        assertThat(out).contains("Grayscale(num_output_channels=1)").contains("tflite       exact");
        assertThat(run("convert", "--from", "nonsense", "--to", "coreml")).isEqualTo(2);
    }

    /** PaddleDetection's infer_cfg.yml: inspect explains it, convert takes it, and tensor --spec makes the authors' tensor. */
    @Test
    void paddle_detection_infer_cfg_through_inspect_convert_and_tensor() throws IOException {
        assertThat(run("inspect", res("paddle/configs/faster_rcnn_200_333.yml"))).isEqualTo(0);
        assertThat(out).contains("PaddleDetection infer_cfg.yml (arch FasterRCNN)").contains("torchvision-imagenet")
                .contains("multiple of 32").contains("im_shape and scale_factor");
        assertThat(run("convert", "--from", "paddle-config:" + res("paddle/configs/jde_192_320.yml"), "--to", "coreml")).isEqualTo(0);
        assertThat(out).contains("scale=0.003921568627").contains("its border 127.5 is 128");
        // yolox: keep_ratio 451x300 -> 256x170, Pad 114 to 256x256 top-left, 0..255; the golden tensor is the authors' (0 difference)
        Path npy = dir.resolve("yolox.npy");
        assertThat(run("tensor", res("paddle/inputs/chelsea.png"), "--spec", res("paddle/configs/yolox_256.yml"), "-o", npy.toString())).isEqualTo(0);
        Tensor ours = Npy.read(npy);
        Tensor theirs = Npy.read(Path.of(res("paddle/cases/yolox_256__chelsea.npy")));
        assertThat(ours.shape()).containsExactly(1, 3, 256, 256);
        assertThat(ours.toFloatArray()).containsExactly(theirs.toFloatArray());
        // several images of different sizes: create_inputs pads each to the batch's largest with zeros; the authors' batch
        Path batch = dir.resolve("batch.npy");
        assertThat(run("tensor", res("paddle/inputs/page_line.png"), res("paddle/inputs/chelsea.png"), "--spec",
                res("paddle/configs/keep_ratio_area_160_267.yml"), "-o", batch.toString())).isEqualTo(0);
        Tensor theirBatch = Npy.read(Path.of(res("paddle/cases/batch__keep_ratio_area_160_267.npy")));
        assertThat(Npy.read(batch).shape()).containsExactly(theirBatch.shape());
        assertThat(Npy.read(batch).difference(theirBatch, 1e-6).over()).isZero();
        // text lines share the widest line's canvas (PaddleOCR's recogniser): 384x37 alone is 498 wide, chelsea 320
        Path lines = dir.resolve("lines.npy");
        assertThat(run("tensor", res("paddle/inputs/chelsea.png"), res("paddle/inputs/page_line.png"), "--recipe", "paddleocr-rec",
                "-o", lines.toString())).isEqualTo(0);
        assertThat(Npy.read(lines).shape()).containsExactly(2, 3, 48, 498);
        // a geometry with no batch rule refuses images of different sizes in one line, naming the way out
        assertThat(run("tensor", res("paddle/inputs/chelsea.png"), res("paddle/inputs/page_line.png"), "--recipe", "paddleocr-det",
                "-o", dir.resolve("refused.npy").toString())).isEqualTo(2);
        assertThat(err).contains("one batch needs one shape").contains("pad_batch");
        assertThat(dir.resolve("refused.npy")).doesNotExist();
        // PaddleOCR's inference.yml: read to the recipe it is, and the same tensor through --spec as through --recipe
        assertThat(run("inspect", res("paddle/ocr/PP-OCRv4_mobile_det.inference.yml"))).isEqualTo(0);
        assertThat(out).contains("PaddleOCR inference.yml (PP-OCRv4_mobile_det)").contains("limit_side_len 736, limit_type min");
        Path viaSpec = dir.resolve("ocr-spec.npy");
        Path viaRecipe = dir.resolve("ocr-recipe.npy");
        assertThat(run("tensor", res("paddle/inputs/chelsea.png"), "--spec", res("paddle/ocr/PP-OCRv4_mobile_det.inference.yml"), "-o",
                viaSpec.toString())).isEqualTo(0);
        assertThat(run("tensor", res("paddle/inputs/chelsea.png"), "--recipe", "paddleocr-det-736", "-o", viaRecipe.toString())).isEqualTo(0);
        Tensor.Difference same = Npy.read(viaSpec).difference(Npy.read(viaRecipe), 0);
        assertThat(same.max()).isZero();
        assertThat(Npy.read(viaSpec).shape()).containsExactly(1, 3, 736, 1120);
        // what it cannot read is refused with the reason, in one line
        Path ocr = dir.resolve("inference.yml");
        Files.writeString(ocr, "PreProcess:\n  transform_ops:\n  - DecodeImage:\n      img_mode: BGR\n  - DetResizeForTest:\n      resize_long: 960\n");
        assertThat(run("inspect", ocr.toString())).isEqualTo(1);
        assertThat(err).startsWith("pixelprep: error: inference.yml: transform_ops[1] DetResizeForTest: resize_long").doesNotContain("\tat ");
        assertThat(err.strip().lines().count()).isEqualTo(1);
    }

    @Test
    void inspect_an_mlpackage_through_its_manifest_and_warn_about_wrong_colours() throws IOException {
        Path pkg = dir.resolve("Digits.mlpackage");
        Path data = Files.createDirectories(pkg.resolve("Data/com.apple.CoreML"));
        Files.copy(Path.of(res("coreml/mnistCNN.mlmodel")), data.resolve("model.mlmodel"));
        Files.writeString(pkg.resolve("Manifest.json"), "{\"fileFormatVersion\": \"1.0.0\", \"itemInfoEntries\": {\"X1\": {\"path\":"
                + " \"com.apple.CoreML/model.mlmodel\", \"name\": \"model.mlmodel\", \"author\": \"com.apple.CoreML\"}}, \"rootModelIdentifier\": \"X1\"}");
        assertThat(run("inspect", pkg.toString())).isEqualTo(0);
        assertThat(out).contains("model spec: ").contains("class labels: 10").contains("closest known convention: mnist");
        // B, G, R means written as red, green, blue biases of an RGB input: the missing is_bgr
        Path wrong = dir.resolve("wrong.mlmodel");
        // (fix refuses it: the spec lint flags the channel swap; --force writes it anyway)
        assertThat(run("fix", res("coreml/Image2Image.mlmodel"), "--convention", "coreml", "--red-bias", "-103.939", "--green-bias", "-116.779",
                "--blue-bias", "-123.68", "-o", wrong.toString())).isEqualTo(1);
        assertThat(err).contains("warning: channel-swap").contains("is_bgr=True").contains("refusing to write");
        assertThat(wrong).doesNotExist();
        assertThat(run("fix", res("coreml/Image2Image.mlmodel"), "--convention", "coreml", "--red-bias", "-103.939", "--green-bias", "-116.779",
                "--blue-bias", "-123.68", "-o", wrong.toString(), "--force")).isEqualTo(0);
        assertThat(run("inspect", wrong.toString())).isEqualTo(0);
        assertThat(out).contains("warning: the constants equal caffe-imagenet").contains("is_bgr");
        assertThat(err).contains("warning: channel-swap: these are the constants of caffe-imagenet")
                // the model stores float32 constants
                .contains("red_bias=-123.680000305176, green_bias=-116.778999328613, blue_bias=-103.939002990723, is_bgr=True");
    }

    @Test
    void malformed_files_give_one_line_errors() throws IOException {
        byte[] random = new byte[5000];
        new Random(11).nextBytes(random);
        Path r = Files.write(dir.resolve("random.mlmodel"), random);
        Path jpeg = Files.write(dir.resolve("photo.mlmodel"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F'});
        Path huge = Files.write(dir.resolve("huge.binaryproto"), new byte[] {0x2A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1});
        Path unknown = Files.write(dir.resolve("what.bin"), random);
        for (Path p : new Path[] {r, jpeg, huge, unknown}) {
            assertThat(run("inspect", p.toString())).as(p.toString()).isEqualTo(1);
            assertThat(err).startsWith("pixelprep: error: ").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(err.strip().lines().count()).isEqualTo(1);
        }
        assertThat(run("fix", r.toString(), "--preset", "unit", "-o", dir.resolve("o.mlmodel").toString())).isEqualTo(1);
    }
}
