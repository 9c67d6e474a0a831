package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/** The float (unrounded) torch resize is exactly what the uint8 path rounds. */
class TorchFloatProperties {

    @Property(tries = 150)
    void roundingTheFloatResultGivesTheUint8Result(@ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = 1, max = 40) int h,
                                                   @ForAll @IntRange(min = 1, max = 60) int ow, @ForAll @IntRange(min = 1, max = 60) int oh,
                                                   @ForAll("modes") Object[] mode, @ForAll long seed) {
        Filter f = (Filter) mode[0];
        boolean aa = (Boolean) mode[1];
        java.util.Random r = new java.util.Random(seed);
        byte[] data = new byte[w * h * 3];
        r.nextBytes(data);
        Image8 src = new Image8(w, h, 3, data);
        Window win = Window.full(ow, oh);
        Image8 bytes = Image8.allocate(ow, oh, 3);
        TorchResampler.resize(src, ow, oh, f, aa, win, bytes);
        float[] floats = new float[ow * oh * 3];
        TorchResampler.resizeFloat(src, ow, oh, f, aa, win, floats);
        for (int i = 0; i < floats.length; i++) {
            int rounded = (int) Math.max(0, Math.min(255, Math.rint(floats[i])));
            assertThat(rounded).as("value %d (float %s)", i, floats[i]).isEqualTo(bytes.data[i] & 0xFF);
        }
    }

    @Provide
    Arbitrary<Object[]> modes() {
        return Arbitraries.of(new Object[] {Filter.NEAREST, false}, new Object[] {Filter.BILINEAR, false}, new Object[] {Filter.BILINEAR, true},
                new Object[] {Filter.BICUBIC, false}, new Object[] {Filter.BICUBIC, true});
    }
}
