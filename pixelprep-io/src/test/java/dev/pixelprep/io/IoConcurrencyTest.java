package dev.pixelprep.io;

import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImageDecoder} (one shared decoder) and {@link SpecJson} called from 8 threads at once give exactly what
 * one thread gets: the same pixels for every file type, the same spec and the same JSON.
 */
class IoConcurrencyTest {
    static final int THREADS = 8;

    static final Path[] IMAGES = {
        Path.of("../examples/chelsea.png"), Path.of("../examples/coffee.png"), Path.of("../examples/astronaut.png"),
        Path.of("../examples/rocket.jpg"), Path.of("src/test/resources/images/chelsea-crop-progressive.jpg"),
        Path.of("src/test/resources/images/chelsea-crop-cmyk.jpg"), Path.of("src/test/resources/images/chelsea-crop-lossy.webp"),
        Path.of("src/test/resources/images/chelsea-crop-lossless.webp"), Path.of("src/test/resources/images/chelsea-crop-alpha.png"),
        Path.of("src/test/resources/images/phototest.tif"), Path.of("src/test/resources/exif/chelsea-crop-exif6.jpg"),
        Path.of("src/test/resources/exif/chelsea-crop-exif3.jpg"),
    };

    static String fingerprint(DecodedImage d) {
        PixelBuffer p = d.pixels();
        byte[] bytes = p.byteArray();
        int[] ints = p.intArray();
        int hash = bytes != null ? Arrays.hashCode(bytes) : Arrays.hashCode(ints);
        return d.format() + " " + p + " " + d.exifOrientation() + " " + hash;
    }

    /** Runs {@code task(thread, round)} on 8 threads at once; returns how many of its answers differ from {@code want}. */
    interface Task {
        String run(int thread, int round) throws Exception;
    }

    static int mismatches(int rounds, Task task, java.util.function.IntFunction<String> want) throws Exception {
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        int k = thread + r;
                        if (!task.run(thread, r).equals(want.apply(k))) {
                            wrong.incrementAndGet();
                        }
                        calls.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls.get()).isEqualTo(THREADS * rounds);
        return wrong.get();
    }

    @Test
    void oneDecoderSharedBy8ThreadsDecodesEveryFileAsOneThreadDoes() throws Exception {
        ImageDecoder decoder = ImageDecoder.defaults();
        String[] alone = new String[IMAGES.length];
        for (int i = 0; i < IMAGES.length; i++) {
            alone[i] = fingerprint(decoder.decode(IMAGES[i]));
        }
        assertThat(Arrays.stream(alone).distinct().count()).isEqualTo(IMAGES.length);
        int rounds = 2 * IMAGES.length;
        int wrong = mismatches(rounds, (t, r) -> fingerprint(decoder.decode(IMAGES[(t + r) % IMAGES.length])),
                k -> alone[k % IMAGES.length]);
        assertThat(wrong).isZero();
    }

    @Test
    void specJsonReadAndWrittenBy8ThreadsAsByOne() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(Path.of("../examples/models"))) {
            for (Path dir : s.sorted().toList()) {
                try (var t = Files.list(dir)) {
                    t.filter(p -> p.toString().endsWith(".pixelprep.json")).sorted().forEach(files::add);
                }
            }
        }
        String[] texts = new String[files.size() + 3];
        for (int i = 0; i < files.size(); i++) {
            texts[i] = Files.readString(files.get(i));
        }
        texts[files.size()] = "{\"pixelprep_spec\": 1, \"preset\": \"clip\", \"layout\": \"NHWC\"}";
        texts[files.size() + 1] = "{\"pixelprep_spec\": 1, \"opencv\": {\"scalefactor\": 0.017, \"mean\": [104, 117, 123], \"swap_rb\": true},"
                + " \"resize\": {\"mode\": \"exact\", \"width\": 300, \"height\": 300, \"family\": \"opencv\"}}";
        texts[files.size() + 2] = "{\"pixelprep_spec\": 1, \"preset\": \"torchvision-imagenet\", \"dtype\": \"float16\", \"batch\": 4}";
        Path base = Path.of("../examples/models");
        String[] alone = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            Spec s = SpecJson.parse(texts[i], base);
            alone[i] = s + "\n" + SpecJson.write(s);
        }
        assertThat(Arrays.stream(alone).distinct().count()).isEqualTo(texts.length);
        int wrong = mismatches(200, (t, r) -> {
            Spec s = SpecJson.parse(texts[(t + r) % texts.length], base);
            return s + "\n" + SpecJson.write(s);
        }, k -> alone[k % texts.length]);
        assertThat(wrong).isZero();
    }
}
