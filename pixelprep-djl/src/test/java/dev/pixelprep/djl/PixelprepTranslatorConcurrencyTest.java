package dev.pixelprep.djl;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OrtSession;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.io.ImageDecoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link PixelprepTranslator} (one compiled pipeline) behind four predictors on four threads, each photo's
 * classes equal to those of a run on one thread: DJL predictors are per thread, the translator is shared.
 */
class PixelprepTranslatorConcurrencyTest {
    @Test
    void fourThreadsShareOneTranslatorAndGetTheirOwnAnswers() throws Exception {
        List<PixelBuffer> photos = new ArrayList<>();
        for (String n : List.of("chelsea.png", "coffee.png", "rocket.jpg", "astronaut.png")) {
            photos.add(ImageDecoder.defaults().decode(Path.of("../examples", n)).pixels());
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addConfigEntry("session.x64quantprecision", "1");
            PixelprepTranslator<PixelBuffer> shared = PixelprepTranslator.of(PixelBuffer.class,
                    dev.pixelprep.core.convention.Presets.get("onnx-zoo-imagenet").toSpec(), List.of());
            Criteria<PixelBuffer, Classifications> criteria = Criteria.builder().setTypes(PixelBuffer.class, Classifications.class)
                    .optModelPath(DjlTranslatorTest.MODEL_DIR).optEngine("OnnxRuntime").optTranslator(shared)
                    .optArgument("sessionOptions", options).build();
            try (ZooModel<PixelBuffer, Classifications> model = criteria.loadModel()) {
                List<String> alone = new ArrayList<>();
                try (Predictor<PixelBuffer, Classifications> p = model.newPredictor()) {
                    for (PixelBuffer photo : photos) {
                        alone.add(p.predict(photo).topK(5).toString());
                    }
                }
                ExecutorService pool = Executors.newFixedThreadPool(4);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int first = t;
                    Callable<List<String>> job = () -> {
                        List<String> seen = new ArrayList<>();
                        try (Predictor<PixelBuffer, Classifications> p = model.newPredictor()) {
                            start.await();
                            for (int i = 0; i < 12; i++) {
                                int k = (first + i) % photos.size();
                                seen.add(k + " " + p.predict(photos.get(k)).topK(5));
                            }
                        }
                        return seen;
                    };
                    runs.add(pool.submit(job));
                }
                start.countDown();
                for (Future<List<String>> f : runs) {
                    for (String s : f.get(120, TimeUnit.SECONDS)) {
                        int k = Integer.parseInt(s.substring(0, s.indexOf(' ')));
                        assertThat(s.substring(s.indexOf(' ') + 1)).isEqualTo(alone.get(k));
                    }
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
