package dev.pixelprep.onnx;

import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One {@link OnnxModel} shared by many threads: every concurrent answer must be the single-threaded answer for the
 * same photo, bit for bit, and closing the model under running calls must neither crash nor mix answers.
 */
class OnnxModelConcurrencyTest {
    static final String[] PHOTOS = {"chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"};
    static final int THREADS = 8;
    static final int RUNS = 200;

    static PixelBuffer[] photos() {
        ImageDecoder decoder = ImageDecoder.defaults();
        PixelBuffer[] p = new PixelBuffer[PHOTOS.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = decoder.decode(Path.of("../examples", PHOTOS[i])).pixels();
        }
        return p;
    }

    static float[] output(Map<String, Tensor> out) {
        return out.get("output").toFloatArray();
    }

    @Test
    void eightThreadsTwoHundredRunsEachOverFourPhotoSizesAnswerExactlyAsOneThread() throws Exception {
        PixelBuffer[] photos = photos();
        // four different sizes, so the photos also take different geometry plans
        assertThat(Arrays.stream(photos).map(p -> p.width() + "x" + p.height()).distinct().count()).isEqualTo(4);
        try (OnnxModel model = OnnxModel.open(OnnxModelTest.MOBILENET)) {
            Spec spec = dev.pixelprep.core.convention.Presets.get("onnx-zoo-imagenet").toSpec();
            float[][] alone = new float[photos.length][];
            for (int i = 0; i < photos.length; i++) {
                alone[i] = output(model.run(spec, List.of(photos[i])));
            }
            // the four photos must give four different answers, or a mixed-up answer could not be seen
            for (int i = 0; i < photos.length; i++) {
                for (int j = i + 1; j < photos.length; j++) {
                    assertThat(Arrays.equals(alone[i], alone[j])).as("%s vs %s", PHOTOS[i], PHOTOS[j]).isFalse();
                }
            }
            AtomicInteger mismatches = new AtomicInteger();
            AtomicInteger runs = new AtomicInteger();
            List<String> firstMismatches = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit((Callable<Void>) () -> {
                        start.await();
                        for (int r = 0; r < RUNS; r++) {
                            int k = (thread + r) % photos.length;
                            float[] got = output(model.run(spec, List.of(photos[k])));
                            runs.incrementAndGet();
                            if (!Arrays.equals(got, alone[k])) {
                                mismatches.incrementAndGet();
                                if (firstMismatches.size() < 5) {
                                    firstMismatches.add("thread " + thread + " run " + r + " " + PHOTOS[k]);
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
            assertThat(runs.get()).isEqualTo(THREADS * RUNS);
            assertThat(mismatches.get()).as("answers for another image, e.g. %s", firstMismatches).isZero();
        }
    }

    @Test
    void closingUnderRunningCallsLetsThemFinishAndRefusesTheRest() throws Exception {
        PixelBuffer[] photos = photos();
        OnnxModel model = OnnxModel.open(OnnxModelTest.MOBILENET);
        Spec spec = dev.pixelprep.core.convention.Presets.get("onnx-zoo-imagenet").toSpec();
        float[][] alone = new float[photos.length][];
        for (int i = 0; i < photos.length; i++) {
            alone[i] = output(model.run(spec, List.of(photos[i])));
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<String> otherErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int r = 0; ; r++) {
                        int k = (thread + r) % photos.length;
                        try {
                            float[] got = output(model.run(spec, List.of(photos[k])));
                            answered.incrementAndGet();
                            if (!Arrays.equals(got, alone[k])) {
                                wrong.incrementAndGet();
                            }
                        } catch (InvalidModelException e) {
                            if (e.getMessage().endsWith(": the model is closed")) {
                                refused.incrementAndGet();
                                return null;
                            }
                            otherErrors.add(e.getMessage());
                            return null;
                        } finally {
                            if (r == 1) {
                                running.countDown();
                            }
                        }
                    }
                }));
            }
            assertThat(running.await(5, TimeUnit.MINUTES)).isTrue();
            model.close();
            assertThat(model.isClosed()).isTrue();
            model.close(); // idempotent
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(otherErrors).isEmpty();
        assertThat(wrong.get()).isZero();
        assertThat(refused.get()).isEqualTo(4);
        assertThat(answered.get()).isGreaterThanOrEqualTo(4);
        assertThatThrownBy(() -> model.run(spec, List.of(photos[0])))
                .isInstanceOf(PixelprepException.class)
                .hasMessage("mobilenetv2-12-int8.onnx: the model is closed");
        Tensor input = Pipeline.compile(spec).tensor(photos[0]);
        assertThatThrownBy(() -> model.run(input))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("mobilenetv2-12-int8.onnx: the model is closed");
    }
}
