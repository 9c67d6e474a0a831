package dev.pixelprep.io;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.util.Locale;

/**
 * JPEG decoding through the system's libjpeg-turbo (its TurboJPEG API, {@code libturbojpeg.so.0}, Debian's
 * {@code libturbojpeg0}), reached with JNA, where it is installed. It decodes with the library's defaults, which are
 * Pillow's: the accurate integer IDCT (ISLOW, bit-exact between its C and SIMD code) and fancy upsampling, into
 * BGR or gray bytes. It is three times as fast as ImageIO's JPEG reader (IJG libjpeg 6b, no SIMD) on photos.
 *
 * <p>{@link ImageDecoder} uses it for 8-bit Huffman-coded grey and three-component JPEGs when the ICC profile is
 * not to be applied, and falls back to ImageIO for everything else and whenever the library reports anything,
 * an error or a warning, so that what is refused and why stays ImageIO's. Set {@code -Dpixelprep.jpeg=imageio}
 * to never use it.
 *
 * <p>Stateless utility and thread-safe: each call makes and frees its own TurboJPEG handle.
 */
final class TurboJpeg {
    /** {@code pixelprep.jpeg}: {@code auto} (default: libjpeg-turbo where installed) or {@code imageio}. */
    static final String PROPERTY = "pixelprep.jpeg";
    private static final int TJPF_BGR = 1;
    private static final int TJPF_GRAY = 6;
    private static final String LOAD_ERROR;
    private static final boolean LOADED;

    static {
        String error = null;
        try {
            NativeLibrary lib = NativeLibrary.getInstance("turbojpeg");
            Native.register(TurboJpeg.class, lib);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | IllegalArgumentException e) {
            error = "libturbojpeg is not installed (" + String.valueOf(e.getMessage()).split("\n")[0] + ")";
        }
        LOAD_ERROR = error;
        LOADED = error == null;
    }

    private TurboJpeg() {
    }

    private static native Pointer tjInitDecompress();

    private static native int tjDecompressHeader3(Pointer handle, byte[] jpeg, long size, IntByReference width,
                                                  IntByReference height, IntByReference subsampling, IntByReference colorspace);

    private static native int tjDecompress2(Pointer handle, byte[] jpeg, long size, byte[] dst, int width, int pitch, int height,
                                            int pixelFormat, int flags);

    private static native int tjDestroy(Pointer handle);

    /** Whether the library is loaded and not switched off with {@value #PROPERTY}{@code =imageio}. */
    static boolean available() {
        return LOADED && !System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT).equals("imageio");
    }

    /** Why the library is not used, or null when it is. */
    static String unavailableReason() {
        if (!LOADED) {
            return LOAD_ERROR;
        }
        return available() ? null : "switched off with -D" + PROPERTY + "=imageio";
    }

    /**
     * The image's pixels, {@code width × height × components} bytes (B, G, R for three components, grey for one), or
     * null when the library cannot decode the data cleanly (any error or warning), or when the frame it sees is not
     * {@code width × height}. Never throws for bad data: the caller then asks ImageIO, whose messages we keep.
     */
    static byte[] decode(byte[] jpeg, int width, int height, int components) {
        if (!available() || (components != 1 && components != 3)) {
            return null;
        }
        Pointer h = tjInitDecompress();
        if (h == null) {
            return null;
        }
        try {
            IntByReference w = new IntByReference();
            IntByReference hh = new IntByReference();
            IntByReference sub = new IntByReference();
            IntByReference cs = new IntByReference();
            if (tjDecompressHeader3(h, jpeg, jpeg.length, w, hh, sub, cs) != 0 || w.getValue() != width || hh.getValue() != height) {
                return null;
            }
            byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), components)];
            int r = tjDecompress2(h, jpeg, jpeg.length, out, width, width * components, height, components == 1 ? TJPF_GRAY : TJPF_BGR, 0);
            return r == 0 ? out : null;
        } finally {
            tjDestroy(h);
        }
    }
}
