package dev.pixelprep.io.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.convention.HuggingFace;
import dev.pixelprep.core.convention.Paddle;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.BatchGeometry;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ScaleLimit;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector and OCR recipes against tensors made by re-running the authors' code path with the real peers
 * (resources {@code golden-recipes/}: {@code generate_letterbox.py} for Ultralytics' {@code LetterBox} and YOLOv5's
 * {@code letterbox}, {@code generate_sizes.py} for Hugging Face's DETR resize and PaddleOCR's
 * {@code DetResizeForTest}; each case cites the file and commit it follows). The tensors go through our decoder,
 * planner and fused pipeline, as a user's file would.
 */
class GoldenRecipeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = dir();

    private static Path dir() {
        try {
            return Path.of(GoldenRecipeTest.class.getResource("/golden-recipes/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() throws IOException {
        return Files.readAllLines(DIR.resolve("cases.txt")).stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#"));
    }

    /** The case's parameters in our words, built from the primitives (not from {@link Recipes}). */
    static Spec specOf(JsonNode c) {
        JsonNode p = c.get("params");
        switch (c.get("recipe").asText()) {
            case "ultralytics-letterbox":
            case "yolov5-letterbox": {
                int h = p.get("new_shape").get(0).asInt();
                int w = p.get("new_shape").get(1).asInt();
                int v = p.path("pad_value").asInt(114);
                if (p.path("scale_fill").asBoolean(false)) {
                    // scaleFill: stretched to the whole shape, no padding
                    return Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0)
                            .geometry(new Geometry(Resize.exact(w, h, Interpolation.BILINEAR, ResizeFamily.OPENCV), null)).build();
                }
                Resize r = Resize.letterbox(w, h).withSideRounding(SideRounding.ROUND).withPadColor(v, v, v)
                        .withPadCenter(p.path("center").asBoolean(true))
                        .withScaleLimit(p.path("scaleup").asBoolean(true) ? ScaleLimit.ANY : ScaleLimit.DOWN)
                        .withStride(p.path("auto").asBoolean(false) ? p.get("stride").asInt() : 0);
                return Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0).geometry(new Geometry(r, null)).build();
            }
            case "detr": {
                double[] mean = doubles(p.get("image_mean"));
                double[] std = doubles(p.get("image_std"));
                Resize r = Resize.shorterSide(p.get("shortest_edge").asInt(), Interpolation.BILINEAR, ResizeFamily.PILLOW)
                        .withMaxSize(p.get("longest_edge").asInt()).withSideRounding(SideRounding.HF);
                // rescale by 1/255, then normalise: Hugging Face's two steps
                return HuggingFace.of(mean, std).applyTo(Spec.builder()).geometry(new Geometry(r, null)).build();
            }
            case "paddleocr-det": {
                int limit = p.get("limit_side_len").asInt();
                String type = p.get("limit_type").asText();
                Resize r = type.equals("min") ? Resize.shorterSide(limit, Interpolation.BILINEAR, ResizeFamily.OPENCV).withScaleLimit(ScaleLimit.UP)
                        : Resize.longerSide(limit).withScaleLimit(type.equals("max") ? ScaleLimit.DOWN : ScaleLimit.ANY);
                r = r.withSideRounding(SideRounding.RATIO).withMultiple(32).withMaxSize(p.path("max_side_limit").asInt(4000));
                // NormalizeImage applies mean[c], std[c] to channel c of the BGR image as it lies
                return new Paddle(Paddle.DEFAULT_SCALE, doubles(p.get("mean")), doubles(p.get("std")), ColorOrder.BGR).applyTo(Spec.builder())
                        .geometry(new Geometry(r, null)).build();
            }
            case "sam": {
                // ResizeLongestSide(target_length) then pad to img_size (equal in SamPredictor)
                assertThat(p.get("target_length").asInt()).isEqualTo(p.get("img_size").asInt());
                return Recipes.sam(p.get("img_size").asInt());
            }
            case "paddleocr-rec": {
                int h = p.get("rec_image_shape").get(1).asInt();
                int w = p.get("rec_image_shape").get(2).asInt();
                Resize r = new Resize(dev.pixelprep.core.geometry.ResizeMode.HEIGHT, w, h, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV,
                        false, null, true);
                // (x / 255 - 0.5) / 0.5 on the BGR image, zeros after normalisation
                return new Paddle(Paddle.DEFAULT_SCALE, new double[] {0.5}, new double[] {0.5}, ColorOrder.BGR).applyTo(Spec.builder())
                        .geometry(new Geometry(r, null).withPadValue(0)).build();
            }
            case "ultralytics-classify": {
                // classify_transforms: T.Resize(floor(size / crop_fraction)) on the PIL image, T.CenterCrop(size), ToTensor
                int size = p.get("size").asInt();
                int resize = (int) Math.floor(size / p.get("crop_fraction").asDouble());
                return Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0)
                        .geometry(new Geometry(Resize.shorterSide(resize, Interpolation.BILINEAR, ResizeFamily.PILLOW),
                                dev.pixelprep.core.geometry.Crop.torchvision(size, size))).build();
            }
            case "mediapipe-blazeface": {
                int canvas = p.get("canvas").asInt();
                int input = p.get("input").asInt();
                Geometry g = new Geometry(Resize.letterbox(canvas, canvas).withSideRounding(SideRounding.INTEGER), null)
                        .withThen(Resize.exact(input, input, Interpolation.BILINEAR, ResizeFamily.OPENCV));
                return Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0).geometry(g).build();
            }
            default:
                throw new IllegalStateException(c.get("recipe").asText());
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAuthorsTensor(String id) throws IOException {
        JsonNode c = JSON.readTree(DIR.resolve("cases/" + id + ".json").toFile());
        if (c.has("inputs")) {
            theAuthorsBatch(id, c);
            return;
        }
        String inputFile = c.get("input").has("file") ? c.get("input").get("file").asText() : null;
        Path input = DIR.resolve(inputFile.startsWith("inputs/") ? inputFile : "inputs/" + inputFile);
        Spec spec = specOf(c);
        var decoded = ImageDecoder.defaults().decode(input).pixels();
        Tensor ours = Pipeline.compile(spec).tensor(decoded);
        Tensor theirs = Npy.read(DIR.resolve("cases/" + id + ".npy"));
        Plan plan = spec.geometry().plan(decoded.width(), decoded.height());
        assertThat(ours.shape()).as("shape (plan %s)", plan).containsExactly(theirs.shape());
        Tensor.Difference diff = ours.difference(theirs, 1e-6);
        double maxDiff = diff.max();
        long differing = diff.over();
        // the float arithmetic differs in the last place (numpy float32 steps against our one rounding of a·x + b);
        // a JPEG input also goes through a different decoder (libjpeg-turbo against ours), so up to one 8-bit step
        boolean jpeg = input.toString().endsWith(".jpg");
        double step = spec.scale(0) * 1.0001;
        System.out.printf(Locale.ROOT, "golden-recipe %-40s %s max |diff| %.3g, %d of %d values over 1e-6%n", id, plan, maxDiff, differing, theirs.size());
        if (jpeg) {
            assertThat(maxDiff).as(id).isLessThanOrEqualTo(Math.max(step, 1e-6) * 12);
        } else {
            assertThat(maxDiff).as(id).isLessThanOrEqualTo(1e-6);
        }
    }

    /** A batch of several images in one tensor, as the authors batch them (PaddleOCR: the widest line's canvas for all). */
    private static void theAuthorsBatch(String id, JsonNode c) throws IOException {
        Spec spec = specOf(c);
        List<dev.pixelprep.core.pixels.PixelBuffer> images = new ArrayList<>();
        int[] ws = new int[c.get("inputs").size()];
        int[] hs = new int[ws.length];
        for (JsonNode in : c.get("inputs")) {
            String file = in.get("file").asText();
            var px = ImageDecoder.defaults().decode(DIR.resolve(file.startsWith("inputs/") ? file : "inputs/" + file)).pixels();
            ws[images.size()] = px.width();
            hs[images.size()] = px.height();
            images.add(px);
        }
        Tensor ours = Pipeline.compile(spec.toBuilder().batch(images.size()).build()).tensor(images);
        Tensor theirs = Npy.read(DIR.resolve("cases/" + id + ".npy"));
        BatchGeometry batch = BatchGeometry.of(spec.geometry(), ws, hs);
        assertThat(ours.shape()).as("shape (%s)", batch).containsExactly(theirs.shape());
        for (int i = 0; i < ws.length; i++) {
            assertThat(batch.geometry().plan(ws[i], hs[i]).resizedWidth()).as("line %d", i).isEqualTo(c.get("resized_widths").get(i).asInt());
        }
        Tensor.Difference diff = ours.difference(theirs, 1e-6);
        System.out.printf(Locale.ROOT, "golden-recipe %-40s %s max |diff| %.3g, %d of %d values over 1e-6%n", id, batch, diff.max(), diff.over(), theirs.size());
        assertThat(diff.max()).as(id).isLessThanOrEqualTo(1e-6);
    }

    /** Every size of the authors' formulas over 49 source sizes (sizes.tsv, from generate_sizes.py) and 104 letterboxes (geometry.json). */
    @Test
    void theAuthorsSizes() throws IOException {
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(DIR.resolve("sizes.tsv"))) {
            String[] f = line.split("\t");
            if (f[0].equals("recipe")) {
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode params = JSON.createObjectNode();
            for (String kv : f[1].split(",")) {
                String[] e = kv.split("=");
                params.put(e[0], e[1].matches("-?[0-9]+") ? (JsonNode) JSON.getNodeFactory().numberNode(Integer.parseInt(e[1]))
                        : JSON.getNodeFactory().textNode(e[1]));
            }
            params.set("image_mean", JSON.valueToTree(new double[] {0.485, 0.456, 0.406}));
            params.set("image_std", JSON.valueToTree(new double[] {0.229, 0.224, 0.225}));
            params.set("mean", params.get("image_mean"));
            params.set("std", params.get("image_std"));
            com.fasterxml.jackson.databind.node.ObjectNode c = JSON.createObjectNode();
            c.put("recipe", f[0]);
            c.set("params", params);
            int w = Integer.parseInt(f[2]);
            int h = Integer.parseInt(f[3]);
            String got;
            try {
                Plan p = specOf(c).geometry().plan(w, h);
                got = p.outputWidth() + "x" + p.outputHeight();
            } catch (RuntimeException e) {
                got = "refused";
            }
            String want = f[4].equals("-") || f[4].isEmpty() ? "refused" : f[4] + "x" + f[5];
            rows++;
            if (!got.equals(want)) {
                wrong.add(line + " -> ours " + got);
            }
        }
        JsonNode geometry = JSON.readTree(DIR.resolve("geometry.json").toFile());
        for (JsonNode row : geometry.get("rows")) {
            com.fasterxml.jackson.databind.node.ObjectNode c = JSON.createObjectNode();
            c.put("recipe", row.get("recipe").asText());
            c.set("params", row.get("params"));
            int w = row.get("input_size").get("width").asInt();
            int h = row.get("input_size").get("height").asInt();
            Plan p = specOf(c).geometry().plan(w, h);
            String got = p.resizedWidth() + "x" + p.resizedHeight() + " at " + p.offsetX() + "," + p.offsetY() + " in " + p.outputWidth() + "x" + p.outputHeight();
            String want = row.get("resized").get("width").asInt() + "x" + row.get("resized").get("height").asInt() + " at "
                    + row.get("pad").get("left").asInt() + "," + row.get("pad").get("top").asInt() + " in "
                    + row.get("output").get("width").asInt() + "x" + row.get("output").get("height").asInt();
            rows++;
            if (!got.equals(want)) {
                wrong.add(row + " -> ours " + got);
            }
        }
        for (String line : Files.readAllLines(DIR.resolve("rec_sizes.tsv"))) {
            String[] f = line.split("\t");
            if (!f[0].matches("[0-9]+")) {
                continue;
            }
            JsonNode c = JSON.readTree("{\"recipe\": \"paddleocr-rec\", \"params\": {\"rec_image_shape\": [3, 48, 320]}}");
            Plan p = specOf(c).geometry().plan(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            String got = p.resizedWidth() + " on " + p.outputWidth();
            String want = f[2] + " on " + f[3];
            rows++;
            if (!got.equals(want)) {
                wrong.add("rec " + line + " -> ours " + got);
            }
        }
        for (String line : Files.readAllLines(DIR.resolve("rec_batch_sizes.tsv"))) {
            String[] f = line.split("\t");
            if (!f[0].matches("[0-9].*")) {
                continue;
            }
            String[] sizes = f[0].split(",");
            int[] ws = new int[sizes.length];
            int[] hs = new int[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                ws[i] = Integer.parseInt(sizes[i].split("x")[0]);
                hs[i] = Integer.parseInt(sizes[i].split("x")[1]);
            }
            JsonNode c = JSON.readTree("{\"recipe\": \"paddleocr-rec\", \"params\": {\"rec_image_shape\": [3, 48, 320]}}");
            BatchGeometry b = BatchGeometry.of(specOf(c).geometry(), ws, hs);
            StringBuilder got = new StringBuilder().append(b.width()).append('\t');
            for (int i = 0; i < ws.length; i++) {
                Plan p = b.geometry().plan(ws[i], hs[i]);
                got.append(i == 0 ? "" : ",").append(p.resizedWidth());
                if (p.outputWidth() != b.width()) {
                    got.append("(canvas ").append(p.outputWidth()).append(')');
                }
            }
            rows++;
            if (!got.toString().equals(f[1] + "\t" + f[2])) {
                wrong.add("rec batch " + line + " -> ours " + got);
            }
        }
        assertThat(wrong).as("of %d rows", rows).isEmpty();
        assertThat(rows).isGreaterThan(490);
    }

    /** The named recipes are the cases' rules at the authors' defaults. */
    @Test
    void theNamedRecipesAreTheAuthorsDefaults() throws IOException {
        JsonNode ul = JSON.readTree("{\"recipe\": \"ultralytics-letterbox\", \"params\": {\"new_shape\": [640, 640], \"auto\": false}}");
        assertThat(Recipes.get("ultralytics-letterbox").spec()).isEqualTo(specOf(ul));
        assertThat(Recipes.get("yolov5-letterbox").spec()).isEqualTo(specOf(ul));
        JsonNode auto = JSON.readTree("{\"recipe\": \"ultralytics-letterbox\", \"params\": {\"new_shape\": [640, 640], \"auto\": true, \"stride\": 32}}");
        assertThat(Recipes.get("ultralytics-letterbox-auto").spec()).isEqualTo(specOf(auto));
        JsonNode detr = JSON.readTree("{\"recipe\": \"detr\", \"params\": {\"shortest_edge\": 800, \"longest_edge\": 1333,"
                + " \"image_mean\": [0.485, 0.456, 0.406], \"image_std\": [0.229, 0.224, 0.225]}}");
        assertThat(Recipes.get("detr").spec()).isEqualTo(specOf(detr));
        JsonNode paddle = JSON.readTree("{\"recipe\": \"paddleocr-det\", \"params\": {\"limit_type\": \"max\", \"limit_side_len\": 960,"
                + " \"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]}}");
        assertThat(Recipes.get("paddleocr-det").spec()).isEqualTo(specOf(paddle));
        JsonNode paddle736 = JSON.readTree("{\"recipe\": \"paddleocr-det\", \"params\": {\"limit_type\": \"min\", \"limit_side_len\": 736,"
                + " \"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]}}");
        assertThat(Recipes.get("paddleocr-det-736").spec()).isEqualTo(specOf(paddle736));
        JsonNode rec = JSON.readTree("{\"recipe\": \"paddleocr-rec\", \"params\": {\"rec_image_shape\": [3, 48, 320]}}");
        assertThat(Recipes.get("paddleocr-rec").spec()).isEqualTo(specOf(rec));
        assertThat(Recipes.get("sam").spec()).isEqualTo(Recipes.sam(1024));
        JsonNode blaze = JSON.readTree("{\"recipe\": \"mediapipe-blazeface\", \"params\": {\"canvas\": 256, \"input\": 128}}");
        assertThat(Recipes.get("mediapipe-blazeface").spec()).isEqualTo(specOf(blaze));
    }
}
