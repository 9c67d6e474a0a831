package dev.pixelprep.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped core classes name no package Android lacks: no {@code java.awt}, {@code javax.*}, {@code java.beans},
 * {@code java.desktop} internals or {@code sun.*}. Checked on the compiled class files' constant pools (every type a
 * class refers to is spelled there as {@code java/awt/...}), so an import added anywhere fails the build. The Vector
 * API ({@code jdk/incubator/vector}) is allowed only in the SIMD kernels ({@code SimdRows}, the resamplers' {@code *Lanes}), which are loaded when the JVM resolves that
 * module and never otherwise.
 */
class PlatformNeutralCoreTest {
    static final String[] FORBIDDEN = {"java/awt/", "javax/", "java/beans/", "sun/", "com/sun/", "java/rmi/", "java/lang/management/"};

    @Test
    void noCoreClassRefersToDesktopOrJdkInternalPackages() throws IOException, URISyntaxException {
        Path classes = Path.of(PixelprepException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes.resolve("dev/pixelprep/core/PixelprepException.class")).exists();
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                checked++;
                String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String bad : FORBIDDEN) {
                    if (pool.contains(bad)) {
                        offenders.add(classes.relativize(f) + " refers to " + bad);
                    }
                }
                if (pool.contains("jdk/incubator/vector") && !classes.relativize(f).toString().replace('\\', '/').startsWith("dev/pixelprep/core/simd/")
                        && !f.getFileName().toString().startsWith("SimdRows") && !f.getFileName().toString().contains("Lanes")) {
                    offenders.add(classes.relativize(f) + " refers to the Vector API outside the SIMD kernels");
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(offenders).isEmpty();
    }
}
