package dev.pixelprep.core.geometry;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.convention.Recipes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Size and offset rules of each policy, against the peers' rules (reference §5, §6, §7, §11 and the golden cases). */
class PlanTest {

    @ParameterizedTest(name = "{0}x{1} shorter {2} crop {3}")
    @CsvSource({
        // w, h, resize, crop, resizedW, resizedH, left, top  (from the golden cases' recorded output sizes and offsets)
        "451, 300, 256, 224, 384, 256, 80, 16",
        "640, 480, 256, 224, 341, 256, 58, 16",
        "389, 256, 256, 224, 389, 256, 82, 16",
        "427, 640, 256, 224, 256, 383, 16, 80",
        "600, 90, 232, 224, 1546, 232, 661, 4",
        "37, 23, 256, 224, 411, 256, 94, 16",
        "640, 427, 342, 299, 512, 342, 106, 22",
        "301, 199, 160, 128, 242, 160, 57, 16",
    })
    void torchvisionShorterSideAndHalfEvenCrop(int w, int h, int resize, int crop, int rw, int rh, int left, int top) {
        Plan p = Geometry.torchvision(resize, crop, Interpolation.BILINEAR).plan(w, h);
        assertThat(p.resizedWidth()).isEqualTo(rw);
        assertThat(p.resizedHeight()).isEqualTo(rh);
        assertThat(p.offsetX()).isEqualTo(-left);
        assertThat(p.offsetY()).isEqualTo(-top);
        assertThat(p.outputWidth()).isEqualTo(crop);
        assertThat(p.resamples()).isEqualTo(rw != w || rh != h);
    }

    @ParameterizedTest(name = "{0}x{1} -> cover {2}x{3}")
    @CsvSource({
        // from the cvblob golden cases: float32 factor, size round(w*f), crop trunc(0.5*(w'-W))
        "451, 300, 224, 224, 0.746666669845581, 337, 224, 56, 0",
        "427, 640, 224, 224, 0.5245901346206665, 224, 336, 0, 56",
        "301, 199, 160, 120, 0.6030150651931763, 182, 120, 11, 0",
        "500, 500, 224, 224, 0.4480000138282776, 224, 224, 0, 0",
    })
    void openCvBlobCover(int w, int h, int tw, int th, double factor, int rw, int rh, int left, int top) {
        Resize r = new Resize(ResizeMode.FILL, tw, th, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true);
        Plan p = new Geometry(r, null).plan(w, h);
        assertThat(p.invScaleX()).isEqualTo(factor);
        assertThat(p.resizedWidth()).isEqualTo(rw);
        assertThat(p.resizedHeight()).isEqualTo(rh);
        assertThat(p.offsetX()).isEqualTo(-left);
        assertThat(p.offsetY()).isEqualTo(-top);
        assertThat(p.outputWidth()).isEqualTo(tw);
        assertThat(p.outputHeight()).isEqualTo(th);
    }

    @Test
    void letterboxCentresWithIntegerSizesAsOpenCv() {
        Resize r = new Resize(ResizeMode.FIT, 320, 320, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, new int[] {114, 114, 114}, true);
        Plan p = new Geometry(r, null).plan(640, 427);
        // s = min(0.5, 0.749) = 0.5: int(640*0.5) x int(427*0.5) = 320 x 213, top = (320-213)/2 = 53
        assertThat(p.resizedWidth()).isEqualTo(320);
        assertThat(p.resizedHeight()).isEqualTo(213);
        assertThat(p.offsetX()).isZero();
        assertThat(p.offsetY()).isEqualTo(53);
        assertThat(p.padColor()).containsExactly(114, 114, 114);
        Plan topLeft = new Geometry(new Resize(ResizeMode.FIT, 128, 128, 0, 0, Interpolation.BICUBIC, ResizeFamily.PILLOW, true, null, false), null).plan(512, 256);
        assertThat(topLeft.offsetY()).isZero();
        assertThat(topLeft.resizedHeight()).isEqualTo(64);
    }

    @Test
    void cropLargerThanImagePadsAsEachLibraryDoes() {
        // torchvision: left = (cw - w) // 2 (odd extra pixel right); HF numpy: ceil (odd extra pixel left)
        Plan tv = new Geometry(null, Crop.torchvision(10, 10)).plan(7, 10);
        assertThat(tv.offsetX()).isEqualTo(1);
        Plan hf = new Geometry(null, new Crop(10, 10, CropRounding.FLOOR, true, null)).plan(7, 10);
        assertThat(hf.offsetX()).isEqualTo(2);
        assertThatThrownBy(() -> new Geometry(null, new Crop(10, 10, CropRounding.FLOOR, false, null)).plan(7, 12))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("crop width 10 is larger than the image's 7 and padding is off");
    }

    @Test
    void maxSizeAndCropPctFollowTorchvisionAndTimm() {
        Resize r = new Resize(ResizeMode.SHORTER_SIDE, 0, 0, 800, 1333, Interpolation.BILINEAR, ResizeFamily.PILLOW, true, null, true);
        Plan p = new Geometry(r, null).plan(2000, 500);
        // long side 3200 > 1333: short = int(1333 * 800 / 3200) = 333
        assertThat(p.resizedWidth()).isEqualTo(1333);
        assertThat(p.resizedHeight()).isEqualTo(333);
        Geometry timm = Geometry.cropPct(224, 0.875, Interpolation.BICUBIC, ResizeFamily.PILLOW);
        assertThat(timm.resize().size()).isEqualTo(256);
        assertThat(Geometry.cropPct(224, 0.9, Interpolation.BICUBIC, ResizeFamily.PILLOW).resize().size()).isEqualTo(248);
        assertThat(Geometry.cropPct(224, 0.95, Interpolation.BICUBIC, ResizeFamily.PILLOW).resize().size()).isEqualTo(235);
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}")
    @CsvSource({
        // recipe, w, h, resized w, resized h, output w, output h, offset x, offset y: each computed by hand from the
        // authors' formulas (Ultralytics LetterBox, YOLOv5 letterbox, HF get_size_with_aspect_ratio, PaddleOCR
        // DetResizeForTest), the examples of issue 10
        "ultralytics, 600, 400, 640, 427, 640, 640, 0, 106",   // round(400 * 640/600) = round(426.67) = 427; top round(106.5 - 0.1) = 106
        "ultralytics-auto, 600, 400, 640, 427, 640, 448, 0, 10", // (640 - 427) mod 32 = 21 padded: 10 above, 11 below
        "ultralytics-noscaleup, 300, 200, 300, 200, 640, 640, 170, 220", // scaleup=False keeps a small image, pads (340, 440)
        "opencv-letterbox, 600, 400, 640, 426, 640, 640, 0, 107", // OpenCV dnn truncates: int(426.67) = 426
        "detr, 1920, 1080, 1333, 750, 1333, 750, 0, 0",        // raw 1333 * 1080/1920 = 749.81, round -> 750 (torchvision: 749)
        "torchvision-max, 1920, 1080, 1333, 749, 1333, 749, 0, 0",
        "detr, 800, 600, 1066, 800, 1066, 800, 0, 0",           // cap not reached: int(800 * 800/600) = 1066
        "detr, 600, 800, 800, 1066, 800, 1066, 0, 0",
        "detr, 1333, 800, 1333, 800, 1333, 800, 0, 0",          // shorter side already 800: kept
        "paddle-max, 1920, 1080, 960, 544, 960, 544, 0, 0",     // ratio 0.5: 960 x 540, 540/32 = 16.875 -> 17 * 32
        "paddle-max, 640, 480, 640, 480, 640, 480, 0, 0",       // within the limit: ratio 1, sides already multiples of 32
        "paddle-max, 451, 300, 448, 288, 448, 288, 0, 0",       // ratio 1: round(14.09) * 32, round(9.375) * 32
        "paddle-max, 40, 30, 32, 32, 32, 32, 0, 0",             // ratio 1, round(1.25) and round(0.94) are 1: 32 x 32
        "paddle-min, 400, 300, 992, 736, 992, 736, 0, 0",       // ratio 736/300: int(981.33) = 981 -> round(30.67) * 32 = 992
        "paddle-min, 1920, 1080, 1920, 1088, 1920, 1088, 0, 0", // past the limit: ratio 1, 1080/32 = 33.75 -> 34 * 32
        "sam, 2048, 1365, 1024, 683, 1024, 1024, 0, 0",         // int(1365 * 0.5 + 0.5) = 683 (Python's round: 682); padded right and bottom
        "sam, 451, 300, 1024, 681, 1024, 1024, 0, 0",           // int(300 * 1024/451 + 0.5) = int(681.65) = 681
        "rec, 119, 37, 155, 48, 320, 48, 0, 0",                 // ceil(48 * 119/37) = ceil(154.38) = 155 on a 320 canvas
        "rec, 384, 37, 498, 48, 498, 48, 0, 0",                 // wider than 320: canvas int(498.16) = 498, ceil 499 > 498 -> 498
        "rec, 1, 1, 48, 48, 320, 48, 0, 0",                     // a 1x1 crop is enlarged to 48x48
    })
    void detectorSizeRules(String recipe, int w, int h, int rw, int rh, int ow, int oh, int ox, int oy) {
        Resize r;
        switch (recipe) {
            case "ultralytics": r = Resize.letterbox(640, 640).withSideRounding(SideRounding.ROUND).withPadColor(114, 114, 114); break;
            case "ultralytics-auto": r = Resize.letterbox(640, 640).withSideRounding(SideRounding.ROUND).withStride(32); break;
            case "ultralytics-noscaleup": r = Resize.letterbox(640, 640).withSideRounding(SideRounding.ROUND).withScaleLimit(ScaleLimit.DOWN); break;
            case "opencv-letterbox": r = Resize.letterbox(640, 640); break;
            case "detr": r = Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.PILLOW).withMaxSize(1333).withSideRounding(SideRounding.HF); break;
            case "torchvision-max": r = Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.PILLOW).withMaxSize(1333); break;
            case "paddle-max": r = Resize.longerSide(960).withSideRounding(SideRounding.RATIO).withScaleLimit(ScaleLimit.DOWN).withMultiple(32); break;
            case "paddle-min": r = Resize.shorterSide(736, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.RATIO)
                    .withScaleLimit(ScaleLimit.UP).withMultiple(32); break;
            case "sam": r = Resize.longerSide(1024).withSideRounding(SideRounding.HALF_UP); break;
            default: r = new Resize(ResizeMode.HEIGHT, 320, 48, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true);
        }
        Crop topLeft = recipe.equals("sam") ? new Crop(1024, 1024, CropRounding.TOP_LEFT, true, null) : null;
        Plan p = new Geometry(r, topLeft).plan(w, h);
        assertThat(new int[] {p.resizedWidth(), p.resizedHeight(), p.outputWidth(), p.outputHeight(), p.offsetX(), p.offsetY()})
                .as(p.toString()).containsExactly(rw, rh, ow, oh, ox, oy);
        // boxes map back per axis: PaddleOCR's two ratios, the letterbox's padding
        double[] box = {0.1 * w, 0.2 * h, 0.9 * w, 0.8 * h};
        assertThat(p.boxToSource(p.boxToOutput(box))).containsExactly(box, within(1e-9));
    }

    @Test
    void twoStepsComposeTheirMapping() {
        // MediaPipe's resize_pad: 451x300 letterboxed into 256 (256 x 256*300//451 = 170, 43 rows above), then 256 -> 128
        Geometry g = new Geometry(Resize.letterbox(256, 256).withSideRounding(SideRounding.INTEGER), null)
                .withThen(Resize.exact(128, 128, Interpolation.BILINEAR, ResizeFamily.OPENCV));
        Plan p = g.plan(451, 300);
        assertThat(new int[] {p.outputWidth(), p.outputHeight(), p.firstStage().resizedWidth(), p.firstStage().resizedHeight(),
            p.firstStage().offsetY()}).containsExactly(128, 128, 256, 170, 43);
        // the source's top-left corner lands at (0, 43/2) of the 128 tensor, its bottom-right at (128, (43+170)/2)
        assertThat(p.toOutputY(0)).isCloseTo(21.5, within(1e-9));
        assertThat(p.toOutputX(451)).isCloseTo(128, within(1e-9));
        assertThat(p.toOutputY(300)).isCloseTo(106.5, within(1e-9));
        double[] box = {45.1, 30, 400, 280};
        assertThat(p.boxToSource(p.boxToOutput(box))).containsExactly(box, within(1e-9));
        // exact integer division where a float product would be one short: 300 x 150 gives 256 x 128 exactly
        assertThat(new Geometry(Resize.letterbox(256, 256).withSideRounding(SideRounding.INTEGER), null).plan(300, 150).resizedHeight()).isEqualTo(128);
        assertThatThrownBy(() -> g.withPadValue(0)).hasMessage("$.pad_value: padding in tensor units cannot go through a second resize");
        // no framework's stock transform is claimed to reproduce a two-step geometry, even of two exact resizes
        Geometry twice = new Geometry(Resize.exact(256, 256, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)
                .withThen(Resize.exact(128, 128, Interpolation.BILINEAR, ResizeFamily.PILLOW));
        assertThat(GeometryExport.all(twice)).allSatisfy(l -> assertThat(l.exact()).as(l.convention()).isFalse());
        assertThatThrownBy(() -> g.firstStage().withThen(Resize.longerSide(128))).hasMessage("$.then: a second resize is exact W x H, not longer-side");
        assertThatThrownBy(() -> Resize.longerSide(64).withSideRounding(SideRounding.INTEGER)).hasMessageStartingWith("$.resize.side_rounding: integer is");
    }

    @Test
    void badDetectorRulesAreRefusedInOneLine() {
        assertThatThrownBy(() -> Resize.letterbox(640, 640).withStride(0).withStride(-32)).isInstanceOf(InvalidSpecException.class)
                .hasMessage("$.resize.stride: must be 1..640 (at most the letterbox side), got -32");
        assertThatThrownBy(() -> Resize.letterbox(640, 320).withStride(640)).hasMessage("$.resize.stride: must be 1..320 (at most the letterbox side), got 640");
        assertThatThrownBy(() -> Resize.longerSide(960).withMultiple(1024)).hasMessage("$.resize.multiple: must be 1..960 (at most the size), got 1024");
        assertThatThrownBy(() -> Resize.longerSide(960).withMultiple(-1)).hasMessage("$.resize.multiple: must be 1..960 (at most the size), got -1");
        assertThatThrownBy(() -> Resize.letterbox(640, 640).withMultiple(32)).hasMessageStartingWith("$.resize.multiple: applies to shorter-side");
        assertThatThrownBy(() -> Recipes.get("paddleocr-rec").spec().geometry().resize().withStride(8))
                .hasMessage("$.resize.stride: pads the resized image to a multiple: exact, shorter-side, longer-side and fit resizing, not height");
        assertThatThrownBy(() -> Resize.longerSide(96).withStride(128)).hasMessage("$.resize.stride: must be 1..96 (at most the size), got 128");
        assertThatThrownBy(() -> Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.PILLOW).withSideRounding(SideRounding.SCALE))
                .hasMessage("$.resize.side_rounding: scale is cv2.resize(fx=s, fy=s): family opencv only, not pillow");
        assertThatThrownBy(() -> Resize.longerSide(640).withSideRounding(SideRounding.SCALE).withMultiple(32))
                .hasMessageStartingWith("$.resize.multiple: sides from cv2.resize's fx/fy");
        assertThatThrownBy(() -> Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.SCALE).withMaxSize(799))
                .hasMessage("$.resize.max_size: must be larger than size 800 (or equal), got 799");
        assertThatThrownBy(() -> Resize.exact(64, 64, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.SCALE))
                .hasMessageStartingWith("$.resize.side_rounding: scale applies to shorter-side and longer-side resizing, not exact");
        assertThatThrownBy(() -> Resize.exact(64, 64, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.ROUND))
                .hasMessageStartingWith("$.resize.side_rounding: round applies to");
        assertThatThrownBy(() -> Resize.longerSide(960).withSideRounding(SideRounding.HF)).hasMessageStartingWith("$.resize.side_rounding: hf is");
        assertThatThrownBy(() -> Resize.letterbox(64, 64).withSideRounding(SideRounding.RATIO)).hasMessageStartingWith("$.resize.side_rounding: ratio");
        assertThatThrownBy(() -> Resize.exact(64, 64, Interpolation.BILINEAR, ResizeFamily.OPENCV).withScaleLimit(ScaleLimit.DOWN))
                .hasMessageStartingWith("$.resize.scale: a scale limit applies");
        assertThatThrownBy(() -> Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.PILLOW).withSideRounding(SideRounding.HF)
                .withScaleLimit(ScaleLimit.DOWN)).hasMessageStartingWith("$.resize.scale: Hugging Face's");
        // PaddleOCR pads a tiny image to 32x32 first (Geometry.forSource; then 960/32 enlarges it); a geometry that cannot do that refuses it
        assertThat(new Geometry(Resize.longerSide(960).withSideRounding(SideRounding.RATIO), null).plan(20, 10).outputWidth()).isEqualTo(960);
        assertThatThrownBy(() -> new Geometry(Resize.longerSide(960).withSideRounding(SideRounding.RATIO), null).withPadValue(0).plan(20, 10))
                .isInstanceOf(InvalidPixelsException.class).hasMessageStartingWith("PaddleOCR pads an image whose width + height is under 64 (here 20x10)")
                .hasMessageEndingWith("pad the image first");
        // the geometry fuzzer's finding: a cap that the half-up rule would have ignored
        assertThatThrownBy(() -> Resize.shorterSide(4, Interpolation.BILINEAR, ResizeFamily.PILLOW).withMaxSize(160).withSideRounding(SideRounding.HALF_UP))
                .hasMessage("$.resize.max_size: Segment Anything's half-up sides have no cap; leave out max_size");
        // the geometry fuzzer's finding: a 1-wide canvas whose float width truncates to 0
        assertThatThrownBy(() -> new Geometry(new Resize(ResizeMode.HEIGHT, 1, 98, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true),
                null).plan(1, 98)).isInstanceOf(InvalidPixelsException.class).hasMessageStartingWith("the text-line canvas int(98 · max(1/98, 1/98)) is 0 pixels");
        assertThatThrownBy(() -> SideRounding.parse("nearest")).hasMessageStartingWith("unknown side rounding 'nearest'; expected truncate");
        assertThatThrownBy(() -> ScaleLimit.parse("sideways")).hasMessageStartingWith("unknown scale limit 'sideways'");
    }

    @Test
    void badGeometriesAreRefused() {
        assertThatThrownBy(() -> Resize.exact(0, 224, Interpolation.BILINEAR, ResizeFamily.PILLOW)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("$.resize.width: must be 1..32768, got 0");
        assertThatThrownBy(() -> Resize.exact(224, 224, Interpolation.AREA, ResizeFamily.TORCHVISION_TENSOR))
                .hasMessageContaining("torchvision-tensor has no area resize");
        assertThatThrownBy(() -> Geometry.cropPct(224, 1.5, Interpolation.BICUBIC, ResizeFamily.PILLOW)).hasMessageContaining("$.crop_pct");
        assertThatThrownBy(() -> Geometry.torchvision(256, 224, Interpolation.BILINEAR).plan(40000, 1))
                .isInstanceOf(InvalidPixelsException.class).hasMessageContaining("aspect ratio is too extreme");
    }

    @Property(tries = 400)
    void everyPolicyGivesItsDeclaredShape(@ForAll("sizes") int[] wh, @ForAll("geometries") Geometry g) {
        int w = wh[0];
        int h = wh[1];
        Plan p;
        Geometry sized = g.forSource(w, h);
        if (sized != g) {
            // PaddleOCR pads such an image before resizing: its plan is that of the padded steps (SmallSourceTest)
            assertThat(g.resize().sideRounding() == SideRounding.RATIO && w + h < 64).isTrue();
            Plan padded = g.plan(w, h);
            Plan steps = sized.plan(w, h);
            assertThat(padded.outputWidth()).isEqualTo(steps.outputWidth());
            assertThat(padded.outputHeight()).isEqualTo(steps.outputHeight());
            assertThat(padded.firstStage().outputWidth()).isEqualTo(Math.max(32, w));
            assertThat(padded.firstStage().outputHeight()).isEqualTo(Math.max(32, h));
            return;
        }
        try {
            p = g.plan(w, h);
        } catch (InvalidPixelsException e) {
            if (g.resize().sideRounding() == SideRounding.RATIO && w + h < 64) {
                // a geometry that cannot pad first (a crop, tensor-unit padding): refused, not resized differently
                assertThat(e.getMessage()).startsWith("PaddleOCR pads an image whose width + height is under 64");
                return;
            }
            if (g.resize().mode() == ResizeMode.HEIGHT && e.getMessage().startsWith("the text-line canvas")) {
                // int(H · W/H) in floats is 0 (W = 1 on some heights): refused, as PaddleOCR cannot resize to width 0
                assertThat(g.resize().width()).isEqualTo(1);
                return;
            }
            if (g.resize().sideRounding() == SideRounding.HALF_UP) {
                // Segment Anything's int(side · s + 0.5) is 0 for the short side (Pillow refuses a 0-pixel resize too)
                double s = (double) g.resize().size() / (g.resize().mode() == ResizeMode.LONGER_SIDE ? Math.max(w, h) : Math.min(w, h));
                assertThat(Math.min(w, h) * s + 0.5).isLessThan(1);
                return;
            }
            if (g.resize().sideRounding() == SideRounding.SCALE && e.getMessage().contains("would give a side of 0")) {
                // cv2.resize(fx=s) rounds the short side to 0 (OpenCV asserts on an empty size)
                assertThat(Math.min(w, h) * (double) g.resize().size() / Math.max(w, h)).isLessThanOrEqualTo(0.5 + 1e-9);
                return;
            }
            // only the rules that grow the long side (shorter-side, fill, a text line's height) can overflow, and only for
            // extreme aspect ratios
            assertThat(g.resize().mode()).isIn(ResizeMode.SHORTER_SIDE, ResizeMode.FILL, ResizeMode.HEIGHT);
            assertThat(e.getMessage()).contains("aspect ratio is too extreme");
            if (g.resize().sideRounding() == SideRounding.HF) {
                // HF's capped shorter side round(max · short / long) is 0 (Python's round(0.5) is 0 too; PIL refuses it)
                assertThat(g.resize().maxSize() * (double) Math.min(w, h) / Math.max(w, h)).isLessThanOrEqualTo(0.5);
                return;
            }
            int target = g.resize().mode() == ResizeMode.FILL ? Math.max(g.resize().width(), g.resize().height())
                    : g.resize().mode() == ResizeMode.HEIGHT ? g.resize().height() : g.resize().size();
            assertThat((double) Math.max(w, h) / Math.min(w, h)).isGreaterThan((double) Resize.MAX_SIDE / target - 1);
            assertThat(e.getMessage()).contains("aspect ratio is too extreme");
            return;
        }
        Resize r = g.resize();
        if (g.crop() != null) {
            assertThat(p.outputWidth()).isEqualTo(g.crop().width());
            assertThat(p.outputHeight()).isEqualTo(g.crop().height());
        } else if (r.stride() > 0 && r.mode() != ResizeMode.FIT) {
            // PadStride: the resized image top-left, the canvas the next multiple of the stride
            assertThat(p.outputWidth() % r.stride()).isZero();
            assertThat(p.outputHeight() % r.stride()).isZero();
            assertThat(p.outputWidth() - p.resizedWidth()).isBetween(0, r.stride() - 1);
            assertThat(p.outputHeight() - p.resizedHeight()).isBetween(0, r.stride() - 1);
            assertThat(p.offsetX()).isZero();
            assertThat(p.offsetY()).isZero();
        } else if (r.sideRounding() == SideRounding.SCALE) {
            // cv2.resize(fx=s, fy=s): one scale for both axes, sides round(side · s), the mapping by s itself
            double s = p.invScaleX();
            assertThat(p.invScaleY()).isEqualTo(s);
            assertThat(p.resizedWidth()).isEqualTo((int) Math.rint(w * s));
            assertThat(p.resizedHeight()).isEqualTo((int) Math.rint(h * s));
            int shortSide = Math.min(w, h);
            int longSide = Math.max(w, h);
            if (r.mode() == ResizeMode.LONGER_SIDE) {
                assertThat(s).isEqualTo(r.scaleLimit().apply((double) r.size() / longSide));
            } else if (r.maxSize() > 0 && Math.rint((double) r.size() / shortSide * longSide) > r.maxSize()) {
                assertThat(s).isEqualTo(r.scaleLimit().apply((double) r.maxSize() / longSide));
            } else {
                assertThat(s).isEqualTo(r.scaleLimit().apply((double) r.size() / shortSide));
            }
        } else if (r.stride() > 0) {
            // a stride letterbox: whole strides off the canvas, less than one stride of padding
            assertThat((r.width() - p.outputWidth()) % r.stride()).isZero();
            assertThat((r.height() - p.outputHeight()) % r.stride()).isZero();
            assertThat(p.outputWidth() - p.resizedWidth()).isBetween(0, r.stride() - 1);
            assertThat(p.outputHeight() - p.resizedHeight()).isBetween(0, r.stride() - 1);
        } else if (r.multiple() > 0) {
            assertThat(p.outputWidth() % r.multiple()).isZero();
            assertThat(p.outputHeight() % r.multiple()).isZero();
        } else if (r.mode() == ResizeMode.HEIGHT) {
            // a text line: the height, the canvas width (int(H · W/H) in floats, as PaddleOCR: one short for some
            // sizes, 184 for 22 and 185), the line top-left and no wider than the canvas
            assertThat(p.outputHeight()).isEqualTo(r.height());
            assertThat(p.outputWidth()).isGreaterThanOrEqualTo(r.width() - 1).isGreaterThanOrEqualTo(p.resizedWidth());
            assertThat(p.offsetX()).isZero();
        } else if (r.mode() == ResizeMode.EXACT || r.mode() == ResizeMode.FIT || r.mode() == ResizeMode.FILL) {
            assertThat(p.outputWidth()).isEqualTo(r.width());
            assertThat(p.outputHeight()).isEqualTo(r.height());
        } else if (r.sideRounding() == SideRounding.HF) {
            // the target shorter side, or the image's own when it already equals the (capped) target
            assertThat(Math.min(p.outputWidth(), p.outputHeight())).isLessThanOrEqualTo(Math.max(r.size(), Math.min(w, h)));
        } else if (r.scaleLimit() != ScaleLimit.ANY) {
            int ref = r.mode() == ResizeMode.SHORTER_SIDE ? Math.min(w, h) : Math.max(w, h);
            int out = r.mode() == ResizeMode.SHORTER_SIDE ? Math.min(p.outputWidth(), p.outputHeight()) : Math.max(p.outputWidth(), p.outputHeight());
            boolean kept = r.scaleLimit() == ScaleLimit.DOWN ? r.size() >= ref : r.size() <= ref;
            assertThat(out).isEqualTo(kept ? ref : r.size());
        } else if (r.mode() == ResizeMode.SHORTER_SIDE) {
            assertThat(Math.min(p.outputWidth(), p.outputHeight())).isEqualTo(r.size());
        } else {
            assertThat(Math.max(p.outputWidth(), p.outputHeight())).isEqualTo(r.size());
        }
        assertThat(p.resizedWidth()).isPositive();
        assertThat(p.resizedHeight()).isPositive();
        Window v = p.visibleWindow();
        if (v == null) {
            // nothing of the image shows: only a letterbox and then a centre crop can do that. Placed top-left, it
            // can miss any image; centred, the letterbox's floor and the crop's half-even rounding can differ by one
            // pixel, which misses the image only when both it and the crop are one pixel wide (or high): image at
            // floor((n-1)/2), crop at round((n-1)/2) one further
            // (a text line's canvas too: the line sits top-left, a centre crop of a wide canvas can miss it; and a
            // stride-padded canvas of the other modes, the image top-left on it)
            assertThat(r.mode() == ResizeMode.FIT || r.mode() == ResizeMode.HEIGHT || r.stride() > 0).as("hidden image: %s", p).isTrue();
            if (r.mode() == ResizeMode.FIT && r.padCenter() && (g.crop() == null || g.crop().rounding() != CropRounding.TOP_LEFT)) {
                boolean onePixelX = p.resizedWidth() == 1 && g.crop() != null && g.crop().width() == 1;
                boolean onePixelY = p.resizedHeight() == 1 && g.crop() != null && g.crop().height() == 1;
                assertThat(onePixelX || onePixelY).as("centred letterbox hidden by the crop: %s", p).isTrue();
            }
            return;
        }
        assertThat(v.x() + v.width()).isLessThanOrEqualTo(p.resizedWidth());
        assertThat(v.y() + v.height()).isLessThanOrEqualTo(p.resizedHeight());
        assertThat(v.x() + p.offsetX()).isGreaterThanOrEqualTo(0);
        assertThat(v.x() + v.width() + p.offsetX()).isLessThanOrEqualTo(p.outputWidth());
    }

    @Property(tries = 300)
    void boxesRoundTripWithinHalfAPixel(@ForAll("sizes") int[] wh, @ForAll("geometries") Geometry g,
                                        @ForAll @IntRange(min = 0, max = 1000) int a, @ForAll @IntRange(min = 0, max = 1000) int b) {
        Plan p;
        try {
            p = g.plan(wh[0], wh[1]);
        } catch (InvalidPixelsException e) {
            return;
        }
        double x = a / 1000.0 * wh[0];
        double y = b / 1000.0 * wh[1];
        double[] box = {x * 0.5, y * 0.5, x, y};
        double[] back = p.boxToSource(p.boxToOutput(box));
        for (int i = 0; i < 4; i++) {
            assertThat(back[i]).isCloseTo(box[i], within(0.5));
        }
        // a tensor pixel centre maps into the source image's extent when it shows image content (a two-step plan's
        // window is its whole canvas, padding included, as for PaddleOCR's padded tiny images)
        Window vis = p.visibleWindow();
        if (vis == null || g.forSource(wh[0], wh[1]).then() != null) {
            return;
        }
        double cx = p.toSourceX(vis.x() + p.offsetX() + 0.5);
        assertThat(cx).isBetween(-0.5, wh[0] + 0.5);
    }

    @Provide
    Arbitrary<int[]> sizes() {
        Arbitrary<int[]> ordinary = Arbitraries.integers().between(1, 4000).array(int[].class).ofSize(2);
        Arbitrary<int[]> extreme = Arbitraries.of(new int[] {1, 1}, new int[] {4000, 3000}, new int[] {3000, 4000}, new int[] {4000, 1},
                new int[] {1, 4000}, new int[] {2, 3000}, new int[] {224, 224});
        return Arbitraries.oneOf(ordinary, extreme);
    }

    @Provide
    Arbitrary<Geometry> geometries() {
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 512);
        Arbitrary<Interpolation> interp = Arbitraries.of(Interpolation.NEAREST, Interpolation.BILINEAR, Interpolation.BICUBIC);
        Arbitrary<ResizeMode> mode = Arbitraries.of(ResizeMode.class);
        Arbitrary<Resize> resize = net.jqwik.api.Combinators.combine(mode, side, side, interp, Arbitraries.of(ResizeFamily.class), Arbitraries.of(true, false))
                .as((m, a, c, i, f, center) -> {
                    boolean bySide = m == ResizeMode.SHORTER_SIDE || m == ResizeMode.LONGER_SIDE;
                    return new Resize(m, bySide ? 0 : a, bySide ? 0 : c, bySide ? a : 0, 0, i, f, Resize.defaultAntialias(f, i), null, center);
                });
        // the detector rules: rounded and limited sides, multiples, stride letterboxes
        Arbitrary<Resize> detectors = net.jqwik.api.Combinators.combine(side, Arbitraries.integers().between(1, 32), Arbitraries.of(ScaleLimit.class),
                Arbitraries.integers().between(0, 7)).as((a, n, limit, kind) -> {
                    switch (kind) {
                        case 0: return Resize.letterbox(a, a).withSideRounding(SideRounding.ROUND).withScaleLimit(limit).withStride(Math.min(n, a));
                        case 1: return Resize.longerSide(a).withSideRounding(SideRounding.RATIO).withScaleLimit(limit).withMultiple(Math.min(n, a));
                        case 2: return Resize.shorterSide(a, Interpolation.BILINEAR, ResizeFamily.OPENCV).withScaleLimit(limit).withMultiple(Math.min(n, a));
                        case 3: return Resize.shorterSide(a, Interpolation.BILINEAR, ResizeFamily.PILLOW).withMaxSize(a + n).withSideRounding(SideRounding.HF);
                        case 4: return Resize.longerSide(a).withSideRounding(SideRounding.HALF_UP);
                        // PaddleDetection: Resize(keep_ratio) with a cap (equal to the size for a square target), and PadStride
                        case 5: return Resize.shorterSide(a, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.SCALE)
                                .withMaxSize(a + n - 1).withScaleLimit(limit);
                        case 6: return Resize.longerSide(a).withSideRounding(SideRounding.SCALE);
                        default: return Resize.shorterSide(a, Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.SCALE)
                                .withMaxSize(a + n).withStride(Math.min(n, a));
                    }
                });
        resize = Arbitraries.oneOf(resize, detectors);
        Arbitrary<Crop> crop = net.jqwik.api.Combinators.combine(side, side, Arbitraries.of(CropRounding.class))
                .as((cw, ch, rd) -> new Crop(cw, ch, rd, true, null));
        return net.jqwik.api.Combinators.combine(resize, crop.injectNull(0.5)).as(Geometry::new);
    }
}
