package dev.pixelprep.core.simd;

import jdk.incubator.vector.DoubleVector;

import java.util.Locale;

/**
 * Whether pixelprep's hot loops run in SIMD lanes (the engine's planar rows, the OpenCV-family resize kernels) or
 * as scalar loops.
 *
 * <p>The lanes come from the JDK's Vector API, an incubator module in Java 17: they are used when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} and the platform has at least two doubles per
 * vector, unless the system property {@code pixelprep.simd} is {@code off}. Both routes give the same bits;
 * the lanes are 2–3 times faster on large frames. Only {@link #lanes()} touches the module, and only once it is
 * known to be there, so the core still loads on a JVM that does not have it.
 */
public final class Simd {
    /** The system property that switches the lanes off ({@code off}) or requires them ({@code on}). */
    public static final String PROPERTY = "pixelprep.simd";
    /** Why lanes that {@code pixelprep.simd=on} requires are missing, or {@code null}. */
    public static final String ERROR;
    public static final boolean ENABLED;

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
                int lanes = lanes();
                usable = lanes >= 2 && lanes <= 16;
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

    /** Doubles per preferred vector of this platform (8 with AVX-512, 4 with AVX2, 2 with NEON); needs the module. */
    public static int lanes() {
        return DoubleVector.SPECIES_PREFERRED.length();
    }

    /** A line for diagnostics: which kernels run and why. */
    public static String describe() {
        return ENABLED ? "SIMD rows (" + lanes() + " double lanes, jdk.incubator.vector)"
                : "table rows (start the JVM with --add-modules jdk.incubator.vector for SIMD)";
    }
}
