package dev.pixelprep.core.spec;

import java.util.Locale;

/** Axis order of the output tensor. The 3-D layouts have no batch axis and so hold one image. */
public enum Layout {
    NCHW(true, true),
    NHWC(true, false),
    CHW(false, true),
    HWC(false, false);

    private final boolean batched;
    private final boolean planar;

    Layout(boolean batched, boolean planar) {
        this.batched = batched;
        this.planar = planar;
    }

    /** Whether the tensor has a leading batch axis. */
    public boolean batched() {
        return batched;
    }

    /** Channels-first (one plane per channel) rather than interleaved. */
    public boolean planar() {
        return planar;
    }

    /** Tensor shape for the given sizes. */
    public int[] shape(int batch, int channels, int height, int width) {
        switch (this) {
            case NCHW: return new int[] {batch, channels, height, width};
            case NHWC: return new int[] {batch, height, width, channels};
            case CHW: return new int[] {channels, height, width};
            default: return new int[] {height, width, channels};
        }
    }

    public static Layout parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown layout '" + s + "'; expected NCHW, NHWC, CHW or HWC");
        }
    }
}
