package dev.pixelprep.core.spec;

import java.util.Locale;

/** Order of the colour channels along the tensor's channel axis. */
public enum ColorOrder {
    RGB(3),
    BGR(3),
    /** One channel: Rec.601 luma computed exactly as Pillow's {@code convert("L")}, or the gray source itself. */
    GRAY(1);

    private final int channels;

    ColorOrder(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /** Channel names in tensor order, e.g. {@code [B, G, R]}. */
    public String[] channelNames() {
        switch (this) {
            case RGB: return new String[] {"R", "G", "B"};
            case BGR: return new String[] {"B", "G", "R"};
            default: return new String[] {"gray"};
        }
    }

    public static ColorOrder parse(String s) {
        switch (s.trim().toUpperCase(Locale.ROOT)) {
            case "RGB": return RGB;
            case "BGR": return BGR;
            case "GRAY": case "GREY": case "L": case "G": case "GRAYSCALE": return GRAY;
            default: throw new IllegalArgumentException("unknown colour order '" + s + "'; expected RGB, BGR or GRAY");
        }
    }
}
