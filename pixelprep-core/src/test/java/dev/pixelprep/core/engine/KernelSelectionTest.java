package dev.pixelprep.core.engine;

import dev.pixelprep.core.simd.Simd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build runs the core tests once per kernel route; this pins which route each run really took, so neither
 * run can pass on the other's kernels.
 */
class KernelSelectionTest {
    @Test
    void theRouteFollowsTheModuleAndTheProperty() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String mode = System.getProperty("pixelprep.simd", "auto");
        if (mode.equals("on")) {
            assertThat(Simd.ENABLED).isTrue();
            assertThat(Pipeline.kernels()).startsWith("SIMD rows");
        } else if (!module || mode.equals("off")) {
            assertThat(Simd.ENABLED).isFalse();
            assertThat(Pipeline.kernels()).startsWith("table rows");
        }
    }
}
