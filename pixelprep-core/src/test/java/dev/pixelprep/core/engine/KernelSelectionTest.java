package dev.pixelprep.core.engine;

import dev.pixelprep.core.simd.Simd;
import jdk.incubator.vector.IntVector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build runs the core tests once per kernel route; this pins which route each run really took, from facts
 * read independently of {@link Simd} (the module, the architecture, the vector width), so neither run can pass
 * on the other's kernels, and it checks the switch itself in fresh JVMs.
 */
class KernelSelectionTest {
    private static final boolean X86 = System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("x86_64");

    @Test
    void theRouteFollowsTheModuleThePlatformAndTheProperty() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String mode = System.getProperty("pixelprep.simd", "auto");
        if (!module || !X86 || mode.equals("off")) {
            assertThat(Simd.ENABLED).isFalse();
            assertThat(Pipeline.kernels()).startsWith("table rows");
            return;
        }
        int bits = preferredIntBits();
        assertThat(Simd.ENABLED).as("lanes with %d-bit int vectors", bits).isEqualTo(bits >= 512);
        assertThat(Pipeline.kernels()).startsWith(bits >= 512 ? "SIMD rows" : "table rows");
    }

    /** The platform's preferred integer vector width; only call with the Vector API loaded. */
    static int preferredIntBits() {
        return IntVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** The switch, in fresh JVMs: what each combination of module and property gives. */
    @Test
    void theSwitchInFreshJvms() throws Exception {
        assertThat(probe(false, "on")).startsWith("refused: -Dpixelprep.simd=on but the Vector API is not loaded");
        assertThat(probe(false, null)).startsWith("compiled: table rows");
        assertThat(probe(true, "off")).startsWith("compiled: table rows");
        String auto = probe(true, null);
        int bits = Integer.parseInt(auto.substring(auto.lastIndexOf("int bits ") + 9).trim());
        assertThat(auto).startsWith(X86 && bits >= 512 ? "compiled: SIMD rows" : "compiled: table rows");
        String on = probe(true, "on");
        assertThat(on).startsWith(X86 && bits >= 512 ? "compiled: SIMD rows" : "refused: -Dpixelprep.simd=on");
    }

    private static String probe(boolean module, String property) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (module) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        if (property != null) {
            cmd.add("-Dpixelprep.simd=" + property);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SimdProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
