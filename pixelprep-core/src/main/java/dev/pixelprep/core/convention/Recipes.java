package dev.pixelprep.core.convention;

import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.ScaleLimit;
import dev.pixelprep.core.geometry.SideRounding;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.Spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whole preprocessings of model families, geometry included, each as its authors' code does it, with the file it
 * follows. Where a {@link Presets preset} names a normalisation, a recipe names everything from the decoded image
 * to the tensor: the size rule and its rounding, padding, kernel, channel order and values. Each is checked against
 * tensors made by re-running the cited code path (the golden-recipes test resources).
 *
 * <p>Stateless utility: the recipes are immutable values in an unmodifiable map built once.
 */
public final class Recipes {
    /**
     * A named preprocessing.
     *
     * <p>Immutable.
     *
     * @param name        what {@code --recipe} takes
     * @param family      the models it is for
     * @param description what it does, in the authors' words
     * @param source      repository, file and function it follows (and the commit read)
     * @param spec        the preprocessing
     */
    public record Recipe(String name, String family, String description, String source, Spec spec) {
    }

    private static final Map<String, Recipe> RECIPES;

    static {
        Map<String, Recipe> m = new LinkedHashMap<>();
        Resize ultralytics = Resize.letterbox(640, 640).withSideRounding(SideRounding.ROUND).withPadColor(114, 114, 114);
        Spec unitRgb = Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0).build();
        add(m, "ultralytics-letterbox", "YOLOv8 / YOLO11 (Ultralytics), exported models",
                "letterbox into 640x640: r = min(640/h, 640/w), sides round(w·r) x round(h·r), centred, grey 114, OpenCV bilinear; RGB x/255",
                "ultralytics/ultralytics ultralytics/data/augment.py LetterBox (359f87dc) with engine/predictor.py preprocess (9ea4d414)",
                unitRgb.toBuilder().geometry(new Geometry(ultralytics, null)).build());
        add(m, "ultralytics-letterbox-auto", "YOLOv8 / YOLO11 (Ultralytics), PyTorch predictor (auto=True)",
                "as ultralytics-letterbox, but padded only to the next multiple of the stride 32 (minimum rectangle)",
                "ultralytics/ultralytics ultralytics/data/augment.py LetterBox auto=True, stride 32 (359f87dc)",
                unitRgb.toBuilder().geometry(new Geometry(ultralytics.withStride(32), null)).build());
        add(m, "ultralytics-classify", "YOLOv8 / YOLO11 classification (Ultralytics -cls), exported models at 224",
                "BGR to RGB, PIL image; Resize(224) bilinear (shorter side, antialiased), CenterCrop(224), ToTensor: RGB x/255"
                        + " (classify_transforms with crop_fraction 1.0)",
                "ultralytics/ultralytics ultralytics/data/augment.py classify_transforms (0005af52) with"
                        + " models/yolo/classify/predict.py preprocess (014df308)",
                ultralyticsClassify(224));
        add(m, "yolov5-letterbox", "YOLOv5, exported models (detect.py auto=pt is False for ONNX)",
                "letterbox into 640x640 as YOLOv5's letterbox(): sides round(w·r), centred, grey 114, OpenCV bilinear; RGB x/255",
                "ultralytics/yolov5 utils/augmentations.py letterbox, detect.py run (5081342f)",
                unitRgb.toBuilder().geometry(new Geometry(ultralytics, null)).build());
        add(m, "yolov5-letterbox-auto", "YOLOv5, PyTorch weights (detect.py auto=True)",
                "as yolov5-letterbox, padded only to the next multiple of the stride 32",
                "ultralytics/yolov5 utils/augmentations.py letterbox auto=True, utils/dataloaders.py LoadImages (5081342f)",
                unitRgb.toBuilder().geometry(new Geometry(ultralytics.withStride(32), null)).build());
        add(m, "detr", "DETR, Deformable DETR, Conditional DETR, YOLOS (Hugging Face image processors)",
                "shortest_edge 800, longest_edge 1333 with HF's rounding (the capped shorter side round()ed), Pillow bilinear; RGB ImageNet mean/std",
                "huggingface/transformers src/transformers/image_transforms.py get_size_with_aspect_ratio (000593ad),"
                        + " models/detr/image_processing_detr.py DetrImageProcessor (06053b84)",
                HuggingFace.of(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}).applyTo(Spec.builder())
                        .geometry(new Geometry(Resize.shorterSide(800, Interpolation.BILINEAR, ResizeFamily.PILLOW).withMaxSize(1333)
                                .withSideRounding(SideRounding.HF), null)).build());
        add(m, "paddleocr-det", "PaddleOCR text detection (DB), tools/infer/predict_det.py defaults",
                "DetResizeForTest limit_type max, limit_side_len 960: shrink only, sides int(s·r) then each max(round(s/32)·32, 32), OpenCV"
                        + " bilinear; NormalizeImage ImageNet mean/std applied to the BGR image as it lies (0.485/0.229 on B)",
                "PaddlePaddle/PaddleOCR ppocr/data/imaug/operators.py DetResizeForTest, NormalizeImage (03ed63ea);"
                        + " tools/infer/utility.py det_limit_side_len=960, det_limit_type='max' (4ffb5b62)",
                paddleDet(Resize.longerSide(960).withScaleLimit(ScaleLimit.DOWN)));
        add(m, "paddleocr-det-736", "PaddleOCR PP-OCRv3/v4/v5 detection configs (Eval DetResizeForTest with no arguments)",
                "as paddleocr-det, but limit_type min, limit_side_len 736: enlarge only, the shorter side to 736",
                "PaddlePaddle/PaddleOCR ppocr/data/imaug/operators.py DetResizeForTest defaults (03ed63ea);"
                        + " configs/det/PP-OCRv4/PP-OCRv4_mobile_det.yml",
                paddleDet(Resize.shorterSide(736, Interpolation.BILINEAR, ResizeFamily.OPENCV).withScaleLimit(ScaleLimit.UP)));
        add(m, "paddleocr-rec", "PaddleOCR text recognition (PP-OCRv3/v4 CRNN/SVTR, rec_image_shape 3,48,320), a line or a batch of lines",
                "height 48, width ceil(48·w/h) on a canvas int(48 · max(320/48, widest w/h)) wide (a batch's lines share its widest"
                        + " line's canvas), OpenCV bilinear; BGR (x/255 − 0.5)/0.5; padded on the right with 0 after normalisation",
                "PaddlePaddle/PaddleOCR tools/infer/predict_rec.py TextRecognizer.resize_norm_img, __call__ (0002349d)",
                new Paddle(Paddle.DEFAULT_SCALE, new double[] {0.5}, new double[] {0.5}, ColorOrder.BGR).applyTo(Spec.builder())
                        .geometry(new Geometry(new Resize(ResizeMode.HEIGHT, 320, 48, 0, 0,
                        Interpolation.BILINEAR, ResizeFamily.OPENCV, false, null, true), null).withPadValue(0)).build());
        add(m, "sam", "Segment Anything (ViT-B/L/H image encoder, 1024)",
                "longest side 1024 with int(side·s + 0.5), Pillow bilinear; RGB (x − [123.675, 116.28, 103.53]) / [58.395, 57.12, 57.375];"
                        + " padded right and bottom to 1024x1024 with 0 after normalisation",
                "facebookresearch/segment-anything segment_anything/utils/transforms.py ResizeLongestSide (567662b0),"
                        + " modeling/sam.py Sam.preprocess (20114f51)",
                sam(1024));
        add(m, "mediapipe-blazeface", "MediaPipe BlazeFace (front camera, 128x128) as MediaPipePyTorch runs it",
                "resize_pad: letterbox into 256x256 with the fitted side 256 · w // h (integers), zero padding, OpenCV bilinear; then the whole"
                        + " 256x256 canvas to 128x128, OpenCV bilinear; RGB x/255",
                "zmurez/MediaPipePyTorch blazebase.py resize_pad, BlazeDetector._preprocess (2e44124e)",
                unitRgb.toBuilder().geometry(new Geometry(Resize.letterbox(256, 256).withSideRounding(SideRounding.INTEGER), null)
                        .withThen(Resize.exact(128, 128, Interpolation.BILINEAR, ResizeFamily.OPENCV))).build());
        add(m, "torchvision-imagenet", "torchvision classification weights (ResNet, MobileNet, EfficientNet v1 ...) at 224",
                "Resize(256) bilinear on the PIL image, CenterCrop(224), ToTensor, Normalize ImageNet mean/std",
                "pytorch/vision torchvision/transforms/_presets.py ImageClassification",
                Torchvision.imagenet().applyTo(Spec.builder()).geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build());
        add(m, "clip", "OpenAI CLIP ViT-B/32, ViT-B/16, ViT-L/14 at 224",
                "Resize(224) bicubic on the PIL image, CenterCrop(224), ToTensor, Normalize with CLIP's mean/std",
                "openai/CLIP clip/clip.py _transform",
                HuggingFace.of(HuggingFace.openaiClipMean(), HuggingFace.openaiClipStd()).applyTo(Spec.builder())
                        .geometry(new Geometry(Resize.shorterSide(224, Interpolation.BICUBIC, ResizeFamily.PILLOW), Crop.torchvision(224, 224))).build());
        RECIPES = Collections.unmodifiableMap(m);
    }

    /**
     * Ultralytics classification at image size {@code size}: {@code classify_transforms(size)} resizes the shorter
     * side to {@code floor(size / crop_fraction)} = {@code size} with torchvision's bilinear on the PIL image, crops the
     * centre {@code size x size} and divides by 255, RGB.
     */
    public static Spec ultralyticsClassify(int size) {
        return Spec.builder().color(ColorOrder.RGB).scale(1 / 255.0).bias(0)
                .geometry(Geometry.torchvision(size, size, Interpolation.BILINEAR)).build();
    }

    /** Segment Anything at image size {@code size}: longer side half up, Pillow bilinear, mean/std in 0..255, zero padding after. */
    public static Spec sam(int size) {
        double[] mean = {123.675, 116.28, 103.53};
        double[] std = {58.395, 57.12, 57.375};
        double[] scale = new double[3];
        double[] bias = new double[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1 / std[c];
            bias[c] = -mean[c] / std[c];
        }
        Resize longest = new Resize(ResizeMode.LONGER_SIDE, 0, 0, size, 0, Interpolation.BILINEAR, ResizeFamily.PILLOW, true, null, true)
                .withSideRounding(SideRounding.HALF_UP);
        return Spec.builder().color(ColorOrder.RGB).scale(scale).bias(bias)
                .geometry(new Geometry(longest, new Crop(size, size, CropRounding.TOP_LEFT, true, null)).withPadValue(0)).build();
    }

    /** PaddleOCR detection: the size rule given, ratio rounding, sides to multiples of 32, max_side_limit 4000; BGR ImageNet numbers as they lie. */
    private static Spec paddleDet(Resize limit) {
        return Paddle.ocrDetection().applyTo(Spec.builder())
                .geometry(new Geometry(limit.withKernel(Interpolation.BILINEAR, ResizeFamily.OPENCV).withSideRounding(SideRounding.RATIO)
                        .withMultiple(32).withMaxSize(4000), null)).build();
    }

    private static void add(Map<String, Recipe> m, String name, String family, String description, String source, Spec spec) {
        m.put(name, new Recipe(name, family, description, source, spec));
    }

    private Recipes() {
    }

    public static Map<String, Recipe> all() {
        return RECIPES;
    }

    /** The recipe called {@code name}; an {@link IllegalArgumentException} listing the names otherwise. */
    public static Recipe get(String name) {
        Recipe r = RECIPES.get(name.trim().toLowerCase(Locale.ROOT));
        if (r == null) {
            throw new IllegalArgumentException("unknown recipe '" + name + "'; expected one of " + String.join(", ", RECIPES.keySet()));
        }
        return r;
    }
}
