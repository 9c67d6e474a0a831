package dev.pixelprep.onnx.files;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.lint.LintContext;
import dev.pixelprep.core.lint.LintFinding;
import dev.pixelprep.core.lint.SpecLint;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a model declares about its input, as the spec lint reads it. */
class SpecResolverDeclaredTest {
    static final Path MOBILENET = Path.of("../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx");

    @Test
    void onnxImageMetadataDeclaresColourAndRange() {
        LintContext c = SpecResolver.declared(Map.of("Image.BitmapPixelFormat", "Bgr8", "Image.NominalPixelRange", "Normalized_0_1"), null, true);
        assertThat(c.declaredColor()).isEqualTo(ColorOrder.BGR);
        assertThat(c.declaredLow()).isEqualTo(0.0);
        assertThat(c.declaredHigh()).isEqualTo(1.0);
        assertThat(SpecLint.lint(Presets.get("raw").toSpec(), c)).extracting(LintFinding::id)
                .containsExactly(LintFinding.CHANNEL_SWAP, LintFinding.VALUE_RANGE);
        Spec right = Presets.get("unit").toSpec().toBuilder().color(ColorOrder.BGR).build();
        assertThat(SpecLint.lint(right, c)).isEmpty();
        assertThat(SpecResolver.declared(Map.of("Image.NominalPixelRange", "Normalized_1_1"), null, true).declaredLow()).isEqualTo(-1.0);
        // unknown values declare nothing (resolving reports them)
        assertThat(SpecResolver.declared(Map.of("Image.BitmapPixelFormat", "Yuv420"), null, true).declaresAnything()).isFalse();
    }

    @Test
    void aStoredSpecDeclaresItsFactsOnlyWhenAsked() {
        LintContext c = SpecResolver.declared(Map.of(), MOBILENET, true);
        assertThat(c.declaredColor()).isEqualTo(ColorOrder.RGB);
        assertThat(c.declaredInvert()).isFalse();
        assertThat(c.declaredBy()).startsWith("sidecar ");
        assertThat(SpecLint.lint(Presets.get("caffe-imagenet").toSpec(), c)).extracting(LintFinding::id).containsExactly(LintFinding.CHANNEL_SWAP);
        assertThat(SpecResolver.declared(Map.of(), MOBILENET, false).declaresAnything()).isFalse();
        // an invalid stored spec declares nothing
        assertThat(SpecResolver.declared(Map.of(SpecResolver.METADATA_KEY, "{not json"), MOBILENET, true).declaresAnything()).isFalse();
    }
}
