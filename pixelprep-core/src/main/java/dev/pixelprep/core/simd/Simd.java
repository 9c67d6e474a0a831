package dev.pixelprep.core.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;

import java.util.Locale;

/**
 * Whether pixelprep's hot loops run in SIMD lanes (the engine's planar rows, the resize kernels) or as scalar
 * loops.
 *
 * <p>The lanes come from the JDK's Vector API, an incubator module in Java 17. Where C2 cannot compile a vector
 * operation to instructions, the API still gives the right values but boxes every vector on the heap, which is
 * far slower than the scalar loops; which operations compile depends on the CPU. So the lanes are used only
 * where they were verified to compile (allocation-free and faster, with the same bits): on x86-64 with 512-bit
 * integer vectors (AVX-512). With a JVM held to AVX2 ({@code -XX:UseAVX=2}) on the same machine, C2 left vector
 * operations of the OpenCV and Pillow kernels uncompiled in some runs (150 KB boxed per call), so below AVX-512
 * the scalar loops run. And only when the JVM was started with {@code --add-modules jdk.incubator.vector}, unless
 * the system property {@code pixelprep.simd} is {@code off}. With {@code on}, {@code Pipeline.compile} refuses to
 * run without them. Only {@link #lanes()} and the detection touch the module, and only once it is known to be
 * there, so the core still loads on a JVM that does not have it.
 *
 * <p>Stateless utility: its flags are fixed once, when the class loads.
 */
public final class Simd {
    /** The system property that switches the lanes off ({@code off}) or requires them ({@code on}). */
    public static final String PROPERTY = "pixelprep.simd";
    /** Why lanes that {@code pixelprep.simd=on} requires are missing, or {@code null}. */
    public static final String ERROR;
    /** The planar rows and the OpenCV and Pillow resize kernels run in lanes. */
    public static final boolean ENABLED;

    static {
        String[] error = new String[1];
        int intBits = detect(error);
        ENABLED = intBits >= 512;
        ERROR = error[0];
    }

    private Simd() {
    }

    /** The preferred integer vector width in bits where the lanes may run, else 0 (with the reason when required). */
    private static int detect(String[] error) {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (mode.equals("off")) {
            return 0;
        }
        String why = null;
        int bits = 0;
        String arch = System.getProperty("os.arch", "");
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            why = "not loaded: start the JVM with --add-modules jdk.incubator.vector";
        } else if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            why = "not verified on " + arch + " (pixelprep's lanes are verified on x86-64 with AVX-512)";
        } else {
            try {
                bits = IntVector.SPECIES_PREFERRED.vectorBitSize();
            } catch (LinkageError e) {
                bits = 0;
            }
            if (bits < 512) {
                why = "limited to " + bits + "-bit integer vectors here (pixelprep's lanes need AVX-512)";
                bits = 0;
            }
        }
        if (mode.equals("on") && bits == 0) {
            error[0] = "-D" + PROPERTY + "=on but the Vector API is " + why;
        }
        return bits;
    }

    /** Doubles per preferred vector of this platform (8 with AVX-512); needs the module. */
    public static int lanes() {
        return DoubleVector.SPECIES_PREFERRED.length();
    }

    /** A line for diagnostics: which kernels run and why. */
    public static String describe() {
        if (!ENABLED) {
            return "table rows (start the JVM with --add-modules jdk.incubator.vector for SIMD on x86-64 with AVX-512)";
        }
        return "SIMD rows (" + lanes() + " double lanes, jdk.incubator.vector)";
    }
}
