package dev.pixelprep.bench;

/**
 * JVM options of the forks that measure pixelprep's SIMD rows: the Vector API module resolved, and
 * {@code pixelprep.simd=on} so the fork fails instead of timing the table kernels if the lanes are unusable.
 * The other pixelprep benchmarks fork without the module and time the table kernels, as most users run them.
 */
final class SimdFork {
    static final String ADD_MODULES = "--add-modules";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String REQUIRE_SIMD = "-Dpixelprep.simd=on";

    private SimdFork() {
    }
}
