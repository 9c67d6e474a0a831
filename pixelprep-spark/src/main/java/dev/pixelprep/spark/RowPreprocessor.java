package dev.pixelprep.spark;

import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.pixels.AlphaMode;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.ImageDecoder;
import dev.pixelprep.io.spec.SpecDocument;
import dev.pixelprep.io.spec.SpecJson;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a Spark task needs to preprocess rows: the spec and decoding in spec-file JSON (the only thing shipped to the
 * executors), compiled into a {@link Pipeline} and an {@link ImageDecoder} once per task, on first use.
 *
 * <p>Confined: each task deserialises its own copy and uses it on its own thread.
 */
final class RowPreprocessor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String document;
    private transient Pipeline pipeline;
    private transient ImageDecoder decoder;
    private transient Spec spec;

    RowPreprocessor(Spec spec, dev.pixelprep.io.DecodeOptions decode) {
        this.document = SpecJson.write(new SpecDocument(spec.toBuilder().batch(1).build(), decode));
    }

    RowPreprocessor(String specDocumentJson) {
        SpecDocument d = SpecJson.parseDocument(specDocumentJson, null);
        this.document = SpecJson.write(new SpecDocument(d.spec().toBuilder().batch(1).build(), d.decode()));
    }

    private void compile() {
        if (pipeline == null) {
            SpecDocument d = SpecJson.parseDocument(document, null);
            spec = d.spec();
            pipeline = Pipeline.compile(spec);
            decoder = ImageDecoder.withOptions(d.decode());
        }
    }

    Spec spec() {
        compile();
        return spec;
    }

    /** One image's outcome: its tensor in the spec's dtype (little-endian) and shape, or the reason it has none. */
    record Outcome(int width, int height, int[] shape, byte[] tensor, PixelBuffer pixels, String error) {
        static Outcome failed(String error) {
            return new Outcome(0, 0, null, null, null, error);
        }
    }

    /** An image file's bytes decoded and preprocessed; {@code name} is used in nothing but error messages. */
    Outcome file(byte[] content, String name) {
        compile();
        if (content == null) {
            return Outcome.failed("no content");
        }
        try {
            DecodedImage d = decoder.decode(content, name);
            return pixels(d.pixels());
        } catch (PixelprepException e) {
            return Outcome.failed(ImageDecoder.reasonWithoutName(e.getMessage(), name));
        } catch (OutOfMemoryError e) {
            return Outcome.failed("not enough memory to decode it (executor heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)");
        }
    }

    /**
     * A row of Spark's {@code image} data source: {@code height × width} pixels of {@code nChannels} bytes in
     * OpenCV's order ({@code mode} 0 grey, 16 BGR, 24 BGRA), rows packed.
     */
    Outcome image(int width, int height, int channels, int mode, byte[] data) {
        compile();
        PixelFormat f;
        switch (mode) {
            case 0: f = PixelFormat.GRAY8; break;
            case 16: f = PixelFormat.BGR888; break;
            case 24: f = PixelFormat.BGRA8888; break;
            default: return Outcome.failed("image row of OpenCV type " + mode + " (" + channels + " channels): expected 0 (CV_8UC1), 16 (CV_8UC3) or 24 (CV_8UC4)");
        }
        if (f.pixelStride() != channels) {
            return Outcome.failed("image row says mode " + mode + " (" + f.pixelStride() + " bytes a pixel) but nChannels " + channels);
        }
        if (data == null || width <= 0 || height <= 0 || (long) width * height * channels != data.length) {
            return Outcome.failed("image row of " + width + "x" + height + "x" + channels + " holds " + (data == null ? 0 : data.length)
                    + " bytes, expected " + (long) width * height * channels);
        }
        try {
            PixelBuffer px = PixelBuffer.builder().size(width, height).format(f).data(data).alphaMode(AlphaMode.STRAIGHT).build();
            return pixels(px);
        } catch (PixelprepException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private Outcome pixels(PixelBuffer px) {
        try {
            int[] full = pipeline.shape(px.width(), px.height());
            int[] shape = spec.layout().batched() ? Arrays.copyOfRange(full, 1, full.length) : full;
            long bytes = dev.pixelprep.core.engine.Tensor.checkSize(full, spec.dtype());
            byte[] out = new byte[Math.toIntExact(bytes)];
            pipeline.run(px, ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN), 0);
            return new Outcome(px.width(), px.height(), shape, out, px, null);
        } catch (PixelprepException e) {
            return Outcome.failed(e.getMessage());
        }
    }

}
