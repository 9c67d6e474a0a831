package dev.pixelprep.core.convention;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paddle's NormalizeImage: the constants stay where they lie, unlike torchvision's (issue 10, item 8). */
class PaddleTest {
    @Test
    void theConstantsApplyToTheImageAsItLiesNotToTheirColours() {
        Spec paddle = Paddle.ocrDetection().toSpec();
        Spec torchvisionOnBgr = Torchvision.imagenet().applyTo(Spec.builder()).build();
        assertThat(paddle.color()).isEqualTo(ColorOrder.BGR);
        // channel 0 of the BGR tensor (blue) gets ImageNet's red numbers: (x/255 - 0.485) / 0.229
        assertThat(paddle.apply(0, 200)).isCloseTo((200 / 255.0 - 0.485) / 0.229, org.assertj.core.data.Offset.offset(1e-12));
        // the same numbers read as torchvision's follow the colours: on a BGR tensor, channel 0 is blue with 0.406 / 0.225
        Spec swapped = torchvisionOnBgr.toBuilder().color(ColorOrder.BGR).scale(reverse(torchvisionOnBgr.scale())).bias(reverse(torchvisionOnBgr.bias())).build();
        assertThat(swapped.apply(0, 200)).isCloseTo((200 / 255.0 - 0.406) / 0.225, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void exportWritesTheTensorOrderBack() {
        Spec spec = Paddle.ocrDetection().toSpec();
        Expression e = Export.to("paddle", spec);
        assertThat(e.exact()).isTrue();
        Paddle back = (Paddle) e.convention();
        assertThat(back.order()).isEqualTo(ColorOrder.BGR);
        assertThat(back.mean()).containsExactly(new double[] {0.485, 0.456, 0.406}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(back.std()).containsExactly(new double[] {0.229, 0.224, 0.225}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e.convention().render()).contains("mean: [0.485, 0.456, 0.406]").contains("std: [0.229, 0.224, 0.225]")
                .contains("applied to the BGR image as it lies");
    }

    @Test
    void badNumbersAreRefused() {
        assertThatThrownBy(() -> new Paddle(0, new double[] {0.5}, new double[] {0.5}, ColorOrder.RGB)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("$.paddle.scale: must be a finite non-zero number, got 0.0");
        assertThatThrownBy(() -> new Paddle(Paddle.DEFAULT_SCALE, new double[] {0.5}, new double[] {0}, ColorOrder.RGB))
                .hasMessageStartingWith("$.paddle.std");
    }

    private static double[] reverse(double[] v) {
        return new double[] {v[2], v[1], v[0]};
    }
}
