package dev.pixelprep.bench;

import org.opencv.core.Core;
import org.opencv.core.Mat;

import java.lang.reflect.InvocationTargetException;

/**
 * Loads whichever OpenCV Java binding is on the class path, once per JVM.
 *
 * <p>{@code target/benchmarks.jar} carries org.openpnp's build, whose {@code nu.pattern.OpenCV} unpacks the
 * native library that ships inside the jar. {@code target/benchmarks-debian.jar} has no {@code nu.pattern}
 * classes; the {@code org.opencv} classes come from Debian's {@code libopencv-java} jar named in its manifest
 * and the JNI library is found on {@code java.library.path}, which on Debian's JDK includes {@code /usr/lib/jni}.
 * The two bindings use the same class names, so one JVM only ever holds one of them.
 *
 * <p>Stateless utility: {@link #load} is synchronized and loads the binding once per JVM.
 */
public final class OpenCvBinding {
    /** System property that sets OpenCV's thread count for a fork ({@code cv::setNumThreads}); default: OpenCV's own. */
    static final String THREADS_PROPERTY = "pixelprep.bench.opencvThreads";
    /** The fork option that runs OpenCV on one thread, as pixelprep runs. */
    static final String ONE_THREAD = "-D" + THREADS_PROPERTY + "=1";

    private static final String OPENPNP_LOADER = "nu.pattern.OpenCV";
    private static String description;

    private OpenCvBinding() {
    }

    /** Loads the native library if that has not happened yet and returns a one-line description of the binding. */
    public static synchronized String load() {
        if (description != null) {
            return description;
        }
        String source;
        Class<?> openpnp = openpnpLoader();
        if (openpnp != null) {
            try {
                openpnp.getMethod("loadLocally").invoke(null);
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("org.openpnp's OpenCV loader has no usable loadLocally()", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("org.openpnp's OpenCV loader failed", e.getCause());
            }
            source = "org.openpnp:opencv (native library from the jar)";
        } else {
            System.loadLibrary(Core.NATIVE_LIBRARY_NAME);
            source = "system OpenCV Java binding, lib" + Core.NATIVE_LIBRARY_NAME + ".so from java.library.path";
        }
        String threads = System.getProperty(THREADS_PROPERTY);
        if (threads != null) {
            Core.setNumThreads(Integer.parseInt(threads));
        }
        description = "OpenCV " + Core.VERSION + " via " + source + ", cv::getNumThreads() = " + Core.getNumThreads();
        return description;
    }

    private static Class<?> openpnpLoader() {
        try {
            return Class.forName(OPENPNP_LOADER, false, OpenCvBinding.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Releases a blob a benchmark made and returns its (former) data address, so that JMH sees a result. */
    static long released(Mat blob) {
        long address = blob.dataAddr();
        blob.release();
        return address;
    }
}
