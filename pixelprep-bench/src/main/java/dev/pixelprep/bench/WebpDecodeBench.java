package dev.pixelprep.bench;

import dev.pixelprep.io.DecodedImage;
import dev.pixelprep.io.ImageDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Lossy WebP files in memory to pixels: pixelprep's own VP8 decoder ({@code ImageDecoder}, header checks and the
 * decoded image included) against TwelveMonkeys' Java VP8 decoder ({@code ImageIO.read}, which pixelprep used
 * before). One operation decodes every {@code .webp} file of {@code dir}, which {@code bench/webp_decode_bench.py}
 * fills with cwebp-made photos and also decodes with Pillow (libwebp) in the same run, for the ratios in
 * BENCHMARKS.md. {@code @Setup} fails unless both decoders give images of the files' sizes.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WebpDecodeBench {
    /** A directory of lossy WebP files (no default: the script names it). */
    @Param({""})
    public String dir;

    @Param({"pixelprep", "twelvemonkeys"})
    public String decoder;

    private final List<byte[]> files = new ArrayList<>();
    private final ImageDecoder ours = ImageDecoder.defaults();

    @Setup(Level.Trial)
    public void setup() throws IOException {
        if (dir.isEmpty()) {
            throw new IllegalStateException("give -p dir=DIR (bench/webp_decode_bench.py does)");
        }
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".webp")).sorted().toList()) {
                files.add(Files.readAllBytes(p));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no .webp file in " + dir);
        }
        for (byte[] f : files) {
            DecodedImage a = ours.decode(f, "bench.webp");
            BufferedImage b = ImageIO.read(new ByteArrayInputStream(f));
            if (b == null || a.width() != b.getWidth() || a.height() != b.getHeight()) {
                throw new IllegalStateException("the decoders disagree on a file's size");
            }
        }
    }

    @Benchmark
    public long decodeAll() {
        long pixels = 0;
        boolean pixelprep = decoder.equals("pixelprep");
        for (byte[] f : files) {
            if (pixelprep) {
                DecodedImage d = ours.decode(f, "bench.webp");
                pixels += (long) d.width() * d.height();
            } else {
                try {
                    BufferedImage b = ImageIO.read(new ByteArrayInputStream(f));
                    pixels += (long) b.getWidth() * b.getHeight();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return pixels;
    }
}
