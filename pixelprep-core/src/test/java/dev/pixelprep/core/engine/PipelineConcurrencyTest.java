package dev.pixelprep.core.engine;

import dev.pixelprep.core.convention.Torchvision;
import dev.pixelprep.core.geometry.FrameOrientation;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.TestImages;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.pixels.YuvConversion;
import dev.pixelprep.core.pixels.YuvPlane;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One compiled pipeline with a geometry shared by 8 threads over sources of different sizes and formats, every
 * tensor bit-identical to the single-threaded one. Each thread goes through the sources in its own order, so every
 * call may meet a source size, format and storage different from the previous one on that thread (the per-thread
 * plans and images kept for the last source size must follow). Camera frames (YUV formats, conversions, a turned
 * frame) are among the sources.
 */
class PipelineConcurrencyTest {
    static final String[] PHOTOS = {"chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"};
    static final int THREADS = 8;
    static final int ROUNDS = 3;

    /** The bundled photos (four sizes) and generated images, each as RGB888, padded BGRA8888, GRAY8 and more. */
    static List<PixelBuffer> sources() throws IOException {
        List<PixelBuffer> out = new ArrayList<>();
        List<PixelBuffer> rgb = new ArrayList<>();
        for (String name : PHOTOS) {
            BufferedImage img = ImageIO.read(Path.of("../examples", name).toFile());
            out.add(bgr888(img)); // in the decoder's own channel order
            rgb.add(TestImages.pixels(img));
        }
        SplittableRandom rnd = new SplittableRandom(16);
        for (int[] size : new int[][] {{97, 61}, {1, 1}, {300, 451}, {1023, 17}}) {
            byte[] d = new byte[size[0] * size[1] * 3];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) rnd.nextInt(256);
            }
            rgb.add(PixelBuffer.of(d, size[0], size[1], PixelFormat.RGB888));
        }
        for (PixelBuffer p : rgb) {
            out.add(p);
            out.add(bgra(p, 12, 5, false));
            out.add(bgra(p, 0, 0, false));
            out.add(bgra(p, 8, 0, true));
            out.add(gray(p));
        }
        out.addAll(yuvFrames(rnd));
        return out;
    }

    /** Camera frames: YUV formats in their layouts and conversions (the shared conversion tables are built on first use). */
    static List<PixelBuffer> yuvFrames(SplittableRandom rnd) {
        List<PixelBuffer> out = new ArrayList<>();
        out.add(new YuvFrames(PixelFormat.YUV_420_888, 97, 61, rnd).buffer(YuvConversion.LIBYUV_JPEG, rnd));
        out.add(new YuvFrames(PixelFormat.NV21, 320, 240, rnd).buffer(YuvConversion.OPENCV, rnd));
        out.add(new YuvFrames(PixelFormat.I420, 301, 451, rnd).buffer(YuvConversion.exact(YuvConversion.Matrix.BT709, YuvConversion.Range.VIDEO), rnd));
        out.add(new YuvFrames(PixelFormat.YUYV, 1023, 17, rnd).buffer(YuvConversion.LIBYUV_U2020, rnd));
        // an NV12 frame from two planes the caller describes itself, as from a CVPixelBuffer's base addresses
        byte[] luma = new byte[64 * 48];
        byte[] chroma = new byte[64 * 24];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) rnd.nextInt(256);
        }
        for (int i = 0; i < chroma.length; i++) {
            chroma[i] = (byte) rnd.nextInt(256);
        }
        out.add(PixelBuffer.builder().size(64, 48).format(PixelFormat.NV12).plane(YuvPlane.of(luma, 0, 64, 1))
                .plane(YuvPlane.of(chroma, 0, 64, 2)).yuv(YuvConversion.LIBYUV_H709).build());
        return out;
    }

    static PixelBuffer bgr888(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRaster().getPixels(0, 0, w, h, (int[]) null);
        byte[] d = new byte[w * h * 3];
        for (int p = 0; p < d.length; p += 3) {
            d[p] = (byte) rgb[p + 2];
            d[p + 1] = (byte) rgb[p + 1];
            d[p + 2] = (byte) rgb[p];
        }
        return PixelBuffer.of(d, w, h, PixelFormat.BGR888);
    }

    /** BGRA8888 with {@code pad} bytes after each row and {@code offset} bytes before the first, in a byte[] or a direct buffer. */
    static PixelBuffer bgra(PixelBuffer rgb, int pad, int offset, boolean direct) {
        int w = rgb.width();
        int h = rgb.height();
        int stride = w * 4 + pad;
        byte[] s = rgb.byteArray();
        byte[] d = new byte[offset + stride * h];
        Arrays.fill(d, (byte) 0x5a); // the padding holds garbage a kernel must not read
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int o = offset + y * stride + x * 4;
                d[o] = s[i + 2];
                d[o + 1] = s[i + 1];
                d[o + 2] = s[i];
                d[o + 3] = (byte) 255;
            }
        }
        PixelBuffer.Builder b = PixelBuffer.builder().size(w, h).format(PixelFormat.BGRA8888).rowStride(stride).offset(offset);
        if (direct) {
            ByteBuffer bb = ByteBuffer.allocateDirect(d.length);
            bb.put(d).flip();
            b.data(bb);
        } else {
            b.data(d);
        }
        return b.build();
    }

    static PixelBuffer gray(PixelBuffer rgb) {
        byte[] s = rgb.byteArray();
        byte[] d = new byte[rgb.width() * rgb.height()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (((s[i * 3] & 0xff) * 2 + (s[i * 3 + 1] & 0xff) * 5 + (s[i * 3 + 2] & 0xff)) >> 3);
        }
        return PixelBuffer.of(d, rgb.width(), rgb.height(), PixelFormat.GRAY8);
    }

    static List<Pipeline> pipelines() {
        Spec imagenet = Torchvision.imagenet().applyTo(Spec.builder()).layout(Layout.NCHW).build();
        List<Pipeline> p = new ArrayList<>();
        // torchvision's classification preset: Pillow bilinear shorter side 256, centre crop 224
        p.add(Pipeline.compile(imagenet.toBuilder().geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build()));
        // OpenCV bilinear to a fixed size (the 4-channel kernel reads BGRA in place), NHWC
        p.add(Pipeline.compile(imagenet.toBuilder().layout(Layout.NHWC)
                .geometry(new Geometry(Resize.exact(160, 120, Interpolation.BILINEAR, ResizeFamily.OPENCV), null)).build()));
        // a letterbox with padding (the canvas is filled per call) on torch's antialiased bicubic
        p.add(Pipeline.compile(imagenet.toBuilder().geometry(new Geometry(
                new Resize(ResizeMode.FIT, 128, 128, 0, 0, Interpolation.BICUBIC, ResizeFamily.TORCHVISION_TENSOR, true, new int[] {114, 114, 114}, true), null)).build()));
        // the fused OpenCV-bilinear route (LinearPlanes): Ultralytics' letterbox, the staging row and padding per thread
        p.add(Pipeline.compile(dev.pixelprep.core.convention.Recipes.get("ultralytics-letterbox-auto").spec()));
        // two steps (MediaPipe's resize_pad): the second resize reads the first's canvas from the other per-thread memory
        p.add(Pipeline.compile(dev.pixelprep.core.convention.Recipes.get("mediapipe-blazeface").spec()));
        // a front camera's frame turned upright (FrameOrientation: 90° clockwise, then mirrored) before the classifier's geometry
        p.add(Pipeline.compile(imagenet.toBuilder().geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)
                .withOrientation(new FrameOrientation(90, true))).build()));
        return p;
    }

    @Test
    void eightThreadsShareOnePipelineOverMixedSizesAndFormatsBitForBit() throws Exception {
        List<PixelBuffer> sources = sources();
        for (Pipeline pipeline : pipelines()) {
            float[][] alone = new float[sources.size()][];
            for (int i = 0; i < alone.length; i++) {
                alone[i] = pipeline.tensor(sources.get(i)).toFloatArray();
            }
            AtomicInteger mismatches = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            List<String> examples = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit((Callable<Void>) () -> {
                        SplittableRandom rnd = new SplittableRandom(thread);
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < sources.size(); i++) {
                            order.add(i);
                        }
                        start.await();
                        for (int round = 0; round < ROUNDS; round++) {
                            Collections.shuffle(order, new java.util.Random(rnd.nextLong()));
                            for (int k : order) {
                                PixelBuffer src = sources.get(k);
                                float[] got;
                                // alternately through a tensor, a float[] at an offset and a direct buffer
                                switch ((round + k) % 3) {
                                    case 0:
                                        got = pipeline.tensor(src).toFloatArray();
                                        break;
                                    case 1: {
                                        float[] into = new float[alone[k].length + 7];
                                        pipeline.run(src, into, 7);
                                        got = Arrays.copyOfRange(into, 7, into.length);
                                        break;
                                    }
                                    default: {
                                        ByteBuffer bb = ByteBuffer.allocateDirect(alone[k].length * 4).order(ByteOrder.LITTLE_ENDIAN);
                                        pipeline.run(src, bb, 0);
                                        got = new float[alone[k].length];
                                        bb.asFloatBuffer().get(got);
                                    }
                                }
                                calls.incrementAndGet();
                                if (!Arrays.equals(got, alone[k])) {
                                    mismatches.incrementAndGet();
                                    if (examples.size() < 5) {
                                        examples.add(src.toString());
                                    }
                                }
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(calls.get()).isEqualTo(THREADS * ROUNDS * sources.size());
            assertThat(mismatches.get()).as("%s: tensors unlike the single-threaded ones, e.g. %s", pipeline, examples).isZero();
        }
    }
}
