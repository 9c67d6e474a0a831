package dev.pixelprep.core.engine;

import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.spec.Spec;

/**
 * Run in a child JVM by {@link KernelSelectionTest}: compiles a pipeline and prints the route, or the refusal;
 * with the Vector API loaded, also the platform's preferred integer vector width, read here directly.
 */
public final class SimdProbe {
    private SimdProbe() {
    }

    public static void main(String[] args) {
        try {
            Pipeline.compile(Spec.builder().scale(1 / 255.0).bias(0).build());
            System.out.println("compiled: " + Pipeline.kernels());
        } catch (PixelprepException e) {
            System.out.println("refused: " + e.getMessage());
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            System.out.println("int bits " + KernelSelectionTest.preferredIntBits());
        }
    }
}
