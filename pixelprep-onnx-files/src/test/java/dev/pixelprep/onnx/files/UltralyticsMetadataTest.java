package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Recipes;
import dev.pixelprep.core.geometry.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An Ultralytics export's {@code metadata_props}, as {@code ultralytics/engine/exporter.py} (a88c7639) writes them:
 * {@code str(v)} of description, author, date, version, license, docs, stride, task, batch, imgsz ({@code [h, w]}),
 * names, args and channels.
 */
class UltralyticsMetadataTest {
    static final Path ULTRAFACE = Path.of("../examples/models/ultraface/version-RFB-320.onnx");

    private static Map<String, String> exported(String task, String imgsz) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("description", "Ultralytics YOLO11n model trained on coco.yaml");
        m.put("author", "Ultralytics");
        m.put("date", "2025-06-01T12:00:00.000000");
        m.put("version", "8.3.150");
        m.put("license", "AGPL-3.0 License (https://ultralytics.com/license)");
        m.put("docs", "https://docs.ultralytics.com");
        m.put("stride", "32");
        m.put("task", task);
        m.put("batch", "1");
        m.put("imgsz", imgsz);
        m.put("names", "{0: 'person', 1: 'bicycle', 2: 'car'}");
        m.put("args", "{'batch': 1, 'half': False, 'dynamic': False, 'simplify': True, 'opset': None, 'nms': False}");
        m.put("channels", "3");
        return m;
    }

    @Test
    void aDetectionExportIsTheLetterboxRecipeAtItsImageSize() {
        SpecResolver.Resolved r = SpecResolver.fromUltralyticsMetadata(exported("detect", "[384, 640]"));
        assertThat(r.source()).startsWith("Ultralytics export metadata (task detect, imgsz [384, 640])");
        Plan p = r.spec().geometry().plan(1920, 1080);
        // r = min(384/1080, 640/1920) = 1/3: round(640) x round(360), centred in 640x384 with grey 114
        assertThat(new int[] {p.resizedWidth(), p.resizedHeight(), p.outputWidth(), p.outputHeight(), p.offsetY()}).containsExactly(640, 360, 640, 384, 12);
        Map<String, String> square = exported("segment", "[640, 640]");
        assertThat(SpecResolver.fromUltralyticsMetadata(square).spec()).isEqualTo(Recipes.get("ultralytics-letterbox").spec());
        assertThat(SpecResolver.fromUltralyticsMetadata(Map.of("author", "someone", "imgsz", "[640, 640]"))).isNull();
    }

    @Test
    void aClassificationExportIsTheCentreCropRecipeAtImgszZero() {
        SpecResolver.Resolved r = SpecResolver.fromUltralyticsMetadata(exported("classify", "[224, 224]"));
        assertThat(r.source()).isEqualTo("Ultralytics export metadata (task classify, imgsz [224, 224]): the ultralytics-classify recipe at 224x224");
        assertThat(r.spec()).isEqualTo(Recipes.get("ultralytics-classify").spec());
        // classify_transforms(imgsz[0]): shorter side 256 of a 1920x1080 photo, centre 256x256
        Plan p = SpecResolver.fromUltralyticsMetadata(exported("classify", "[256, 320]")).spec().geometry().plan(1920, 1080);
        assertThat(new int[] {p.resizedWidth(), p.resizedHeight(), p.outputWidth(), p.outputHeight()}).containsExactly(455, 256, 256, 256);
    }

    @Test
    void otherTasksAndBadSizesAreRefusedNotGuessed() {
        assertThatThrownBy(() -> SpecResolver.fromUltralyticsMetadata(exported("semseg", "[224, 224]"))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("task 'semseg': only detect, segment, pose, obb (letterbox) and classify (centre crop) exports are known");
        assertThatThrownBy(() -> SpecResolver.fromUltralyticsMetadata(exported("detect", "640"))).hasMessageContaining("imgsz '640' is not [height, width]");
    }

    @Test
    void aRealModelWithTheMetadataResolvesToIt(@TempDir Path dir) throws IOException {
        // UltraFace's graph (input 1x3x240x320) carrying an Ultralytics export's metadata for its size
        Path file = dir.resolve("m.onnx");
        var proto = ModelFile.read(ULTRAFACE);
        for (Map.Entry<String, String> e : exported("detect", "[240, 320]").entrySet()) {
            proto = ModelFile.withMetadata(proto, e.getKey(), e.getValue());
        }
        Files.write(file, proto.toByteArray());
        try (OnnxModel m = OnnxModel.open(file)) {
            SpecResolver.Resolved r = SpecResolver.resolve(m, null, null);
            assertThat(r.source()).startsWith("Ultralytics export metadata");
            assertThat(r.spec().shape(451, 300)).containsExactly(1, 3, 240, 320);
        }
    }
}
