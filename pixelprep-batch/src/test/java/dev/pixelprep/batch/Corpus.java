package dev.pixelprep.batch;

import dev.pixelprep.core.convention.Presets;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.spec.Spec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test inputs: small real PNG and JPEG files of mixed sizes with smooth content, and the broken files a crawl finds. */
final class Corpus {
    private Corpus() {
    }

    /** The spec the tests run: torchvision's ImageNet normalisation, Resize(40) + CenterCrop(32). */
    static Spec spec() {
        return Presets.get("torchvision-imagenet").applyTo(Spec.builder()).geometry(Geometry.torchvision(40, 32, Interpolation.BILINEAR)).build();
    }

    /** {@code n} images under {@code dir} (some in a subdirectory), sizes 24..120 px, every seventh a JPEG. */
    static void images(Path dir, int n, long seed) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(dir.resolve("sub"));
        for (int i = 0; i < n; i++) {
            int w = 24 + r.nextInt(97);
            int h = 24 + r.nextInt(97);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            int a = r.nextInt(256);
            int b = r.nextInt(256);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int red = (a + x * 3) & 255;
                    int green = (b + y * 5) & 255;
                    int blue = ((x ^ y) + i) & 255;
                    img.setRGB(x, y, red << 16 | green << 8 | blue);
                }
            }
            boolean jpeg = i % 7 == 3;
            Path where = (i % 5 == 0 ? dir.resolve("sub") : dir).resolve(String.format("img-%04d.%s", i, jpeg ? "jpg" : "png"));
            ImageIO.write(img, jpeg ? "jpeg" : "png", where.toFile());
        }
    }

    /** A zero-byte file, a text file, a truncated PNG and a PNG with a corrupt body, beside the images. */
    static void broken(Path dir) throws IOException {
        Files.write(dir.resolve("img-0002-empty.png"), new byte[0]);
        Files.writeString(dir.resolve("img-0004-notes.txt"), "not an image\n");
        Path good = dir.resolve("img-0001.png");
        byte[] png = Files.readAllBytes(good);
        Files.write(dir.resolve("img-0006-truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));
        byte[] bad = png.clone();
        for (int i = 60; i < Math.min(bad.length - 20, 200); i++) {
            bad[i] ^= 0x5a;
        }
        Files.write(dir.resolve("img-0008-corrupt.png"), bad);
    }
}
