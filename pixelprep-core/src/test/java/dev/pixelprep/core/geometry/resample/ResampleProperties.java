package dev.pixelprep.core.geometry.resample;

import dev.pixelprep.core.geometry.Image8;
import dev.pixelprep.core.geometry.Window;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties every resize kernel must have, whatever the family and filter. */
class ResampleProperties {

    /** One supported family/filter/antialias combination. */
    record Kernel(String family, Filter filter, boolean antialias) {
        void run(Image8 src, int outW, int outH, Window win, Image8 dst) {
            switch (family) {
                case "pillow":
                    PillowResampler.resize(src, outW, outH, filter, win, dst);
                    break;
                case "opencv":
                    OpenCvResampler.resize(src, outW, outH, (double) outW / src.width, (double) outH / src.height, filter, win, dst);
                    break;
                default:
                    TorchResampler.resize(src, outW, outH, filter, antialias, win, dst);
            }
        }

        Image8 full(Image8 src, int outW, int outH) {
            Image8 dst = Image8.allocate(outW, outH, src.channels);
            run(src, outW, outH, Window.full(outW, outH), dst);
            return dst;
        }

        /** Filters with non-negative weights cannot leave the input's range. */
        boolean bounded() {
            return filter == Filter.NEAREST || filter == Filter.BOX || filter == Filter.BILINEAR || filter == Filter.AREA;
        }

        @Override
        public String toString() {
            return family + ":" + filter + (family.equals("torch") && filter != Filter.NEAREST ? (antialias ? "+aa" : "-aa") : "");
        }
    }

    static List<Kernel> kernels() {
        List<Kernel> k = new ArrayList<>();
        for (Filter f : new Filter[] {Filter.NEAREST, Filter.BOX, Filter.BILINEAR, Filter.HAMMING, Filter.BICUBIC, Filter.LANCZOS}) {
            k.add(new Kernel("pillow", f, true));
        }
        for (Filter f : new Filter[] {Filter.NEAREST, Filter.BILINEAR, Filter.AREA, Filter.BICUBIC}) {
            k.add(new Kernel("opencv", f, false));
        }
        k.add(new Kernel("torch", Filter.NEAREST, false));
        for (Filter f : new Filter[] {Filter.BILINEAR, Filter.BICUBIC}) {
            k.add(new Kernel("torch", f, false));
            k.add(new Kernel("torch", f, true));
        }
        return k;
    }

    @Provide
    Arbitrary<Kernel> kernel() {
        return Arbitraries.of(kernels());
    }

    @Provide
    Arbitrary<Integer> channels() {
        return Arbitraries.of(1, 3, 4);
    }

    static Image8 random(int w, int h, int cn, long seed) {
        Image8 img = Image8.allocate(w, h, cn);
        new Random(seed).nextBytes(img.data);
        return img;
    }

    @Property(tries = 150)
    void sameSizeIsTheIdentity(@ForAll("kernel") Kernel k, @ForAll @IntRange(min = 1, max = 40) int w,
                               @ForAll @IntRange(min = 1, max = 40) int h, @ForAll("channels") int cn, @ForAll long seed) {
        Image8 src = random(w, h, cn, seed);
        assertThat(k.full(src, w, h).data).isEqualTo(src.data);
    }

    @Property(tries = 300)
    void aWindowEqualsTheSameRegionOfTheFullResize(@ForAll("kernel") Kernel k,
                                                   @ForAll @IntRange(min = 1, max = 50) int w, @ForAll @IntRange(min = 1, max = 50) int h,
                                                   @ForAll @IntRange(min = 1, max = 70) int outW, @ForAll @IntRange(min = 1, max = 70) int outH,
                                                   @ForAll("channels") int cn, @ForAll long seed) {
        Image8 src = random(w, h, cn, seed);
        Random r = new Random(seed ^ 0x5DEECE66DL);
        int wx = r.nextInt(outW);
        int wy = r.nextInt(outH);
        Window win = new Window(wx, wy, 1 + r.nextInt(outW - wx), 1 + r.nextInt(outH - wy));
        Image8 full = k.full(src, outW, outH);
        Image8 part = Image8.allocate(win.width(), win.height(), cn);
        k.run(src, outW, outH, win, part);
        for (int j = 0; j < win.height(); j++) {
            for (int i = 0; i < win.width(); i++) {
                for (int c = 0; c < cn; c++) {
                    assertThat(part.get(i, j, c)).as("%s window pixel (%d,%d,%d)", k, i, j, c)
                            .isEqualTo(full.get(win.x() + i, win.y() + j, c));
                }
            }
        }
    }

    /**
     * Channels never mix: a 3- or 4-channel resize equals resizing each channel alone. The 1-channel images take
     * the generic loops, the 3- and 4-channel ones the unrolled (and, on the SIMD run, vector) ones, so this
     * checks those against the plainest path on any size, window and scale. Not OpenCV's bicubic: OpenCV itself
     * rounds the elements of its SIMD body and of its scalar tail differently there, and where the body ends
     * depends on the row length in elements, so its result does depend on the channel count.
     */
    @Property(tries = 300)
    void everyChannelIsResizedAsIfAlone(@ForAll("kernel") Kernel k,
                                        @ForAll @IntRange(min = 1, max = 60) int w, @ForAll @IntRange(min = 1, max = 60) int h,
                                        @ForAll @IntRange(min = 1, max = 40) int outW, @ForAll @IntRange(min = 1, max = 40) int outH,
                                        @ForAll @IntRange(min = 3, max = 4) int cn, @ForAll long seed) {
        Assume.that(!(k.family().equals("opencv") && k.filter() == Filter.BICUBIC));
        Image8 src = random(w, h, cn, seed);
        Image8 all = k.full(src, outW, outH);
        for (int c = 0; c < cn; c++) {
            Image8 plane = Image8.allocate(w, h, 1);
            for (int i = 0; i < w * h; i++) {
                plane.data[i] = src.data[i * cn + c];
            }
            Image8 alone = k.full(plane, outW, outH);
            for (int i = 0; i < outW * outH; i++) {
                assertThat(all.data[i * cn + c]).as("%s %dx%dx%d -> %dx%d, channel %d, pixel %d", k, w, h, cn, outW, outH, c, i)
                        .isEqualTo(alone.data[i]);
            }
        }
    }

    @Property(tries = 200)
    void aConstantImageStaysConstant(@ForAll("kernel") Kernel k, @ForAll @IntRange(min = 1, max = 40) int w,
                                     @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 60) int outW,
                                     @ForAll @IntRange(min = 1, max = 60) int outH, @ForAll("channels") int cn,
                                     @ForAll @IntRange(min = 0, max = 255) int value) {
        Image8 src = Image8.allocate(w, h, cn);
        java.util.Arrays.fill(src.data, (byte) value);
        Image8 out = k.full(src, outW, outH);
        for (byte b : out.data) {
            assertThat(b & 0xFF).as("%s %dx%d -> %dx%d", k, w, h, outW, outH).isEqualTo(value);
        }
    }

    @Property(tries = 200)
    void nonNegativeFiltersStayWithinTheInputRange(@ForAll("kernel") Kernel k, @ForAll @IntRange(min = 1, max = 40) int w,
                                                   @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 60) int outW,
                                                   @ForAll @IntRange(min = 1, max = 60) int outH, @ForAll long seed) {
        if (!k.bounded()) {
            return;
        }
        Image8 src = Image8.allocate(w, h, 1);
        Random r = new Random(seed);
        int lo = r.nextInt(200);
        int hi = lo + r.nextInt(256 - lo);
        for (int i = 0; i < src.data.length; i++) {
            src.data[i] = (byte) (lo + r.nextInt(hi - lo + 1));
        }
        for (byte b : k.full(src, outW, outH).data) {
            assertThat(b & 0xFF).as("%s", k).isBetween(lo, hi);
        }
    }

    @Example
    void degenerateShapesAndExtremeAspectRatios() {
        int[][] sizes = {
            {4000, 1, 3, 1}, {1, 4000, 1, 3}, {1, 1, 50, 50}, {1, 7, 9, 1}, {7, 1, 1, 9}, {3000, 2, 1, 1},
            {2, 3000, 5, 2}, {1, 1, 1, 2}, {5, 5, 1, 1}, {1, 4000, 1, 4000}
        };
        for (int[] s : sizes) {
            Image8 src = random(s[0], s[1], 3, s[0] * 31L + s[1]);
            for (Kernel k : kernels()) {
                Image8 out = k.full(src, s[2], s[3]);
                assertThat(out.width).isEqualTo(s[2]);
                assertThat(out.height).isEqualTo(s[3]);
                if (k.bounded()) {
                    int lo = 255;
                    int hi = 0;
                    for (byte b : src.data) {
                        lo = Math.min(lo, b & 0xFF);
                        hi = Math.max(hi, b & 0xFF);
                    }
                    for (byte b : out.data) {
                        assertThat(b & 0xFF).as("%s %s", k, java.util.Arrays.toString(s)).isBetween(lo, hi);
                    }
                }
            }
        }
    }

    @Example
    void downscalingAStripeToOnePixelAveragesWithBoxLikeFilters() {
        // 4000x1 of alternating 0/200 to 1x1: every area-averaging filter must land on 100
        Image8 src = Image8.allocate(4000, 1, 1);
        for (int i = 0; i < 4000; i++) {
            src.data[i] = (byte) (i % 2 == 0 ? 0 : 200);
        }
        for (Kernel k : List.of(new Kernel("pillow", Filter.BOX, true), new Kernel("pillow", Filter.BILINEAR, true),
                new Kernel("opencv", Filter.AREA, false), new Kernel("torch", Filter.BILINEAR, true))) {
            assertThat(k.full(src, 1, 1).get(0, 0, 0)).as("%s", k).isEqualTo(100);
        }
    }

    @Example
    void unsupportedCombinationsAndBadArgumentsAreRejected() {
        Image8 src = random(8, 6, 3, 1);
        Image8 dst = Image8.allocate(4, 3, 3);
        Window all = Window.full(4, 3);
        assertThatThrownBy(() -> PillowResampler.resize(src, 4, 3, Filter.AREA, all, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AREA");
        assertThatThrownBy(() -> OpenCvResampler.resize(src, 4, 3, 0.5, 0.5, Filter.LANCZOS, all, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LANCZOS");
        assertThatThrownBy(() -> OpenCvResampler.resize(src, 4, 3, 0.0, 0.5, Filter.BILINEAR, all, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> TorchResampler.resize(src, 4, 3, Filter.BOX, false, all, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOX");
        assertThatThrownBy(() -> TorchResampler.resize(src, 4, 3, Filter.NEAREST, true, all, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("antialias");
        assertThatThrownBy(() -> PillowResampler.resize(src, 4, 3, Filter.BILINEAR, new Window(1, 0, 4, 3), dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside");
        assertThatThrownBy(() -> PillowResampler.resize(src, 4, 3, Filter.BILINEAR, all, Image8.allocate(4, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("destination");
        Image8 two = Image8.allocate(8, 6, 2);
        assertThatThrownBy(() -> PillowResampler.resize(two, 4, 3, Filter.BILINEAR, all, Image8.allocate(4, 3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channels");
    }

    @Example
    void openCvExactHalvingOfLinearIsTheAreaAverage() {
        Image8 src = random(64, 48, 3, 7);
        Kernel linear = new Kernel("opencv", Filter.BILINEAR, false);
        Image8 out = linear.full(src, 32, 24);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 32; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = src.get(2 * x, 2 * y, c) + src.get(2 * x + 1, 2 * y, c) + src.get(2 * x, 2 * y + 1, c)
                            + src.get(2 * x + 1, 2 * y + 1, c);
                    assertThat(out.get(x, y, c)).isEqualTo((sum + 2) >> 2);
                }
            }
        }
    }
}
