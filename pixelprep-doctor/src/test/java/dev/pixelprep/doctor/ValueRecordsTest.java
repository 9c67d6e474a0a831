package dev.pixelprep.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor's results are values: array numbers are copied in and out and compared by content. */
class ValueRecordsTest {
    @Test
    void findingsCopyAndCompareTheirArrayNumbers() {
        double[] alpha = {255, 255, 255};
        Finding f = Finding.of(Finding.SCALE_255, "off by 255", "alpha", alpha, "channels", 3);
        alpha[0] = 1;
        ((double[]) f.numbers().get("alpha"))[1] = 1;
        assertThat((double[]) f.numbers().get("alpha")).containsExactly(255, 255, 255);
        Finding same = Finding.of(Finding.SCALE_255, "off by 255", "alpha", new double[] {255, 255, 255}, "channels", 3);
        assertThat(f).isEqualTo(same);
        assertThat(f.hashCode()).isEqualTo(same.hashCode());
        assertThat(f.toString()).isEqualTo(same.toString()).contains("255.0");
        assertThat(f).isNotEqualTo(Finding.of(Finding.SCALE_255, "off by 255", "alpha", new double[] {255, 255, 254}, "channels", 3));
    }

    @Test
    void stepsAndDiagnosesCopyTheirArrays() {
        double[] c = {0.485, 0.456, 0.406};
        GraphNormalization.Step s = new GraphNormalization.Step("Sub", c);
        c[0] = 0;
        s.constant()[1] = 0;
        assertThat(s.constant()).containsExactly(0.485, 0.456, 0.406);
        assertThat(s).isEqualTo(new GraphNormalization.Step("Sub", new double[] {0.485, 0.456, 0.406}));
        assertThat(s.hashCode()).isEqualTo(new GraphNormalization.Step("Sub", new double[] {0.485, 0.456, 0.406}).hashCode());

        int[] perm = {2, 1, 0};
        double[] alpha = {1, 1, 1};
        TensorDiagnosis d = new TensorDiagnosis("same layout", perm, alpha, new double[] {0, 0, 0}, new double[] {1, 1, 1}, 60, Double.NaN,
                List.of(), null, List.of());
        perm[0] = 0;
        alpha[0] = 5;
        d.beta()[0] = 5;
        TensorDiagnosis same = new TensorDiagnosis("same layout", new int[] {2, 1, 0}, new double[] {1, 1, 1}, new double[] {0, 0, 0},
                new double[] {1, 1, 1}, 60, Double.NaN, List.of(), null, List.of());
        assertThat(d).isEqualTo(same);
        assertThat(d.hashCode()).isEqualTo(same.hashCode());
        assertThat(d.permutation()).containsExactly(2, 1, 0);
        ((int[]) d.toMap().get("permutation"))[0] = 9;
        assertThat(d.permutation()).containsExactly(2, 1, 0);
    }
}
