package dev.pixelprep.core.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The one rule both runtime adapters read a classifier's row by. */
class ScoresTest {
    @Test
    void onlyARowOfValuesIn0To1SummingTo1IsTakenAsProbabilities() {
        assertThat(Scores.isProbabilities(new float[] {9, 0.7f, 0.2f, 0.1f}, 1, 3)).isTrue();
        assertThat(Scores.isProbabilities(new float[] {0.7f, 0.2f, 0.2f}, 0, 3)).isFalse();
        // a value above 1 is a logit even when the row happens to sum to about 1
        assertThat(Scores.isProbabilities(new float[] {1.0004f, 0f}, 0, 2)).isFalse();
        assertThat(Scores.isProbabilities(new float[] {Float.NaN, 1f}, 0, 2)).isFalse();
        assertThat(Scores.isProbabilities(new float[] {-0.5f, 1.5f}, 0, 2)).isFalse();
    }

    @Test
    void softmaxOfLargeLogitsDoesNotOverflow() {
        double[] p = Scores.softmax(new double[] {1000, 1000 + Math.log(3), -1e308});
        assertThat(p[0]).isCloseTo(0.25, within(1e-12));
        assertThat(p[1]).isCloseTo(0.75, within(1e-12));
        assertThat(p[2]).isEqualTo(0.0);
    }
}
