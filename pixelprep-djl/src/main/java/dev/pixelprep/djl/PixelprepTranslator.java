package dev.pixelprep.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.pixelprep.awt.BufferedImages;
import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Scores;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Spec;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL {@link Translator} from an image to {@link Classifications}, with pixelprep's preprocessing: the spec's
 * tensor is written by the fused kernel straight into a direct buffer from the predictor's {@link NDManager}, which
 * becomes the input {@code NDArray} (an engine that takes direct native-order buffers, as DJL's ONNX Runtime engine
 * does, uses that memory without another copy). Outputs are read as pixelprep classify reads them ({@link Scores}):
 * logits softmaxed, unless the model already gives probabilities (each in 0..1, summing to 1).
 *
 * <p>A DJL {@code Image} was decoded by DJL (ImageIO), which applies an embedded ICC profile where Pillow and OpenCV
 * do not (an Adobe RGB JPEG then gives other pixels than the model's authors had); for files, decode with
 * pixelprep-io's {@code ImageDecoder} and pass the {@code PixelBuffer}.
 *
 * <p>Input types: {@link PixelBuffer} (camera frames, Android pixels, decoded files), or any DJL {@link Image}: one
 * that wraps a {@link BufferedImage} (DJL's {@code BufferedImageFactory}, the default on desktop JVMs) is read from its
 * raster; any other (DJL's Android {@code BitmapImageFactory}, its OpenCV extension) through
 * {@code toNDArray(manager, Image.Flag.COLOR)}, DJL's HWC uint8 RGB array, checked for that shape and type. The batch dimension is pixelprep's own ({@code [1, C, H, W]} for NCHW),
 * so {@link #getBatchifier()} is {@code null}.
 *
 * <p>Immutable and thread-safe: the compiled {@link Pipeline} is shared by every predictor, and each call writes into
 * its own buffer from that call's manager.
 *
 * @param <I> {@link PixelBuffer} or {@link Image}
 */
public final class PixelprepTranslator<I> implements Translator<I, Classifications> {
    private final Class<I> inputType;
    private final Spec spec;
    private final Pipeline pipeline;
    private final List<String> labels;

    private PixelprepTranslator(Class<I> inputType, Spec spec, List<String> labels) {
        if (inputType != PixelBuffer.class && inputType != Image.class) {
            throw new IllegalArgumentException("pixelprep translates PixelBuffer or ai.djl.modality.cv.Image inputs, not " + inputType.getName());
        }
        if (spec.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("the DJL translator writes float32 tensors; the spec produces " + spec.dtype().id());
        }
        this.inputType = inputType;
        this.spec = spec.toBuilder().batch(1).build();
        this.pipeline = Pipeline.compile(this.spec);
        this.labels = List.copyOf(labels);
    }

    /** A translator for {@code inputType} ({@link PixelBuffer} or {@link Image}) with {@code spec} and class names by index. */
    public static <I> PixelprepTranslator<I> of(Class<I> inputType, Spec spec, List<String> labels) {
        return new PixelprepTranslator<>(inputType, spec, labels);
    }

    public Spec spec() {
        return spec;
    }

    public Class<I> inputType() {
        return inputType;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, I input) {
        PixelBuffer pixels = pixels(input, ctx.getNDManager());
        int[] shape = pipeline.shape(pixels.width(), pixels.height());
        long elements = 1;
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            elements *= shape[i];
            dims[i] = shape[i];
        }
        NDManager manager = ctx.getNDManager();
        ByteBuffer data = manager.allocateDirect(Math.toIntExact(elements * Float.BYTES)).order(ByteOrder.nativeOrder());
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            pipeline.run(pixels, data, 0);
        } else {
            pipeline.run(pixels, data.asFloatBuffer(), 0);
        }
        NDArray array = manager.create(data, new Shape(dims), DataType.FLOAT32);
        return new NDList(array);
    }

    private PixelBuffer pixels(I input, NDManager manager) {
        if (input instanceof PixelBuffer) {
            return (PixelBuffer) input;
        }
        if (input instanceof Image) {
            Image image = (Image) input;
            Object wrapped = image.getWrappedImage();
            if (wrapped instanceof BufferedImage) {
                // read straight from the raster, alpha and 16-bit samples handled as pixelprep-awt reads them
                return BufferedImages.toPixelBuffer((BufferedImage) wrapped);
            }
            // any other implementation (DJL's Android Bitmap or OpenCV Mat images): the RGB bytes DJL itself gives
            return rgbOf(image, manager);
        }
        throw new UnsupportedImageException("expected a " + inputType.getSimpleName() + ", got " + (input == null ? "null" : input.getClass().getName()));
    }

    /** {@code image.toNDArray(manager, COLOR)}: DJL's contract is an HWC uint8 RGB array; anything else is refused. */
    static PixelBuffer rgbOf(Image image, NDManager manager) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w <= 0 || h <= 0 || w > PixelBuffer.MAX_DIMENSION || h > PixelBuffer.MAX_DIMENSION || 3L * w * h > Integer.MAX_VALUE - 8) {
            throw new UnsupportedImageException("this DJL Image is " + w + "x" + h + "; expected 1 to " + PixelBuffer.MAX_DIMENSION
                    + " pixels per side and at most " + (Integer.MAX_VALUE - 8) / 3 + " pixels");
        }
        try (NDArray a = image.toNDArray(manager, Image.Flag.COLOR)) {
            Shape shape = a.getShape();
            if (a.getDataType() != DataType.UINT8 || shape.dimension() != 3 || shape.get(0) != h || shape.get(1) != w || shape.get(2) != 3) {
                throw new UnsupportedImageException("this DJL Image (" + image.getClass().getName() + ") gives " + a.getDataType() + " " + shape
                        + " from toNDArray(COLOR); expected uint8 (" + h + ", " + w + ", 3) RGB");
            }
            return PixelBuffer.of(a.toByteArray(), w, h, PixelFormat.RGB888);
        }
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        if (list.size() != 1) {
            throw new TranslateException("the model has " + list.size() + " outputs; classification needs one [1, classes] output");
        }
        float[] scores = list.get(0).toFloatArray();
        if (!labels.isEmpty() && labels.size() != scores.length) {
            throw new TranslateException("the labels name " + labels.size() + " classes but the model outputs " + scores.length);
        }
        double[] raw = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            raw[i] = scores[i];
        }
        double[] p = Scores.isProbabilities(scores, 0, scores.length) ? raw : Scores.softmax(raw);
        List<String> names = new ArrayList<>(scores.length);
        List<Double> probabilities = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            names.add(labels.isEmpty() ? "class " + i : labels.get(i));
            probabilities.add(p[i]);
        }
        return new Classifications(names, probabilities);
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    /** An input this translator cannot read, said in one line. */
    public static final class UnsupportedImageException extends PixelprepException {
        private static final long serialVersionUID = 1L;

        UnsupportedImageException(String message) {
            super(message);
        }
    }
}
