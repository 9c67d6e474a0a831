package dev.pixelprep.core.spec;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeanImageTest {
    @Test
    void cropKeepsEveryChannelsRegion() {
        SplittableRandom rnd = new SplittableRandom(256);
        float[] data = new float[3 * 7 * 9];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rnd.nextDouble() * 255);
        }
        MeanImage m = new MeanImage(3, 7, 9, data);
        MeanImage c = m.crop(2, 1, 5, 4);
        assertThat(c.channels()).isEqualTo(3);
        assertThat(c.width()).isEqualTo(5);
        assertThat(c.height()).isEqualTo(4);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    assertThat(c.at(ch, y, x)).isEqualTo(m.at(ch, 1 + y, 2 + x));
                }
            }
        }
        assertThat(m.crop(0, 0, 9, 7).data()).isEqualTo(data);
    }

    @Test
    void aCropOutsideTheImageIsRefused() {
        MeanImage m = new MeanImage(1, 4, 4, new float[16]);
        assertThatThrownBy(() -> m.crop(1, 0, 4, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("crop 4x4 at (1, 0) does not fit in the 4x4 mean image");
        assertThatThrownBy(() -> m.crop(0, -1, 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
