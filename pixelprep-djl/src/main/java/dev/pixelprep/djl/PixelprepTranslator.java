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
 * <p>Input types: {@link PixelBuffer} (camera frames, Android pixels, decoded files), or DJL's {@link Image} when it
 * wraps a {@link BufferedImage} (DJL's {@code BufferedImageFactory}, the default on desktop JVMs); other {@code Image}
 * implementations are refused in one line. The batch dimension is pixelprep's own ({@code [1, C, H, W]} for NCHW),
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
        PixelBuffer pixels = pixels(input);
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

    private PixelBuffer pixels(I input) {
        if (input instanceof PixelBuffer) {
            return (PixelBuffer) input;
        }
        if (input instanceof Image) {
            Object wrapped = ((Image) input).getWrappedImage();
            if (wrapped instanceof BufferedImage) {
                return BufferedImages.toPixelBuffer((BufferedImage) wrapped);
            }
            throw new UnsupportedImageException("this DJL Image wraps a " + (wrapped == null ? "null" : wrapped.getClass().getName())
                    + "; pixelprep reads images that wrap a java.awt.image.BufferedImage (DJL's BufferedImageFactory), or a PixelBuffer");
        }
        throw new UnsupportedImageException("expected a " + inputType.getSimpleName() + ", got " + (input == null ? "null" : input.getClass().getName()));
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
