package dev.pixelprep.core.engine;

import java.util.Locale;

/**
 * Whether the planar row kernels run in SIMD lanes ({@link SimdRows}) or through the per-channel tables.
 *
 * <p>The lanes come from the JDK's Vector API, an incubator module in Java 17: they are used when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} and the platform has at least two doubles per
 * vector, unless the system property {@code pixelprep.simd} is {@code off}. Both routes give the same bits;
 * the lanes are 2–3 times faster on large frames. This class never touches the module itself, so the core
 * still loads on a JVM that does not have it.
 */
final class Simd {
    /** The system property that switches the lanes off ({@code off}) or requires them ({@code on}). */
    static final String PROPERTY = "pixelprep.simd";
    /** Why lanes that {@code pixelprep.simd=on} requires are missing, or {@code null}. */
    static final String ERROR;
    static final boolean ENABLED;

    static {
        String[] error = new String[1];
        ENABLED = detect(error);
        ERROR = error[0];
    }

    private Simd() {
    }

    private static boolean detect(String[] error) {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (mode.equals("off")) {
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean usable = false;
        if (present) {
            try {
                usable = SimdRows.usable();
            } catch (LinkageError e) {
                usable = false;
            }
        }
        if (mode.equals("on") && !usable) {
            error[0] = "-D" + PROPERTY + "=on but the Vector API is "
                    + (present ? "unusable on this platform" : "not loaded: start the JVM with --add-modules jdk.incubator.vector");
        }
        return usable;
    }

    /** A line for diagnostics: which kernels run and why. */
    static String describe() {
        return ENABLED ? "SIMD rows (" + SimdRows.LANES + " double lanes, jdk.incubator.vector)"
                : "table rows (start the JVM with --add-modules jdk.incubator.vector for SIMD)";
    }
}
