package dev.pixelprep.io;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reading an embedded ICC profile's description and converting pixels from it to sRGB. */
final class IccProfiles {
    private IccProfiles() {
    }

    /** The profile, or {@code null} when the bytes are not a profile Java can use. */
    static ICC_Profile load(byte[] data) {
        if (data == null || data.length < 132) {
            return null;
        }
        try {
            return ICC_Profile.getInstance(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The 'desc' tag: ICC v2 textDescriptionType (ASCII) or v4 multiLocalizedUnicodeType (first record). */
    static Optional<String> description(ICC_Profile profile) {
        if (profile == null) {
            return Optional.empty();
        }
        byte[] d;
        try {
            d = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (d == null || d.length < 12) {
            return Optional.empty();
        }
        String type = new String(d, 0, 4, StandardCharsets.ISO_8859_1);
        if (type.equals("desc")) {
            long n = Bytes.u32(d, 8, false);
            if (n < 1 || 12 + n > d.length) {
                return Optional.empty();
            }
            return clean(new String(d, 12, (int) n, StandardCharsets.ISO_8859_1));
        }
        if (type.equals("mluc") && d.length >= 28) {
            long len = Bytes.u32(d, 20, false);
            long off = Bytes.u32(d, 24, false);
            if (off + len > d.length) {
                return Optional.empty();
            }
            return clean(new String(d, (int) off, (int) len, StandardCharsets.UTF_16BE));
        }
        return Optional.empty();
    }

    private static Optional<String> clean(String s) {
        String t = s.replace("\0", "").trim();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    /**
     * {@code image}'s samples read as {@code profile} colours, converted to 8-bit sRGB (RGB, plus straight alpha
     * if the image has alpha) with Java's colour management, the same conversion its JPEG reader applies.
     * Returns {@code null} when the image is not a component image whose colour channels match the profile
     * (palette images, for instance), so the caller can report the profile as not applied.
     */
    static BufferedImage toSrgb(BufferedImage image, ICC_Profile profile) {
        ColorModel cm = image.getColorModel();
        if (!(cm instanceof ComponentColorModel) || cm.getNumColorComponents() != profile.getNumComponents()
                || cm.isAlphaPremultiplied()) {
            return null;
        }
        int csType = profile.getColorSpaceType();
        if (csType != ColorSpace.TYPE_RGB && csType != ColorSpace.TYPE_GRAY) {
            return null;
        }
        WritableRaster raster = image.getRaster();
        ComponentColorModel tagged = new ComponentColorModel(new ICC_ColorSpace(profile), cm.hasAlpha(), false,
                cm.getTransparency(), cm.getTransferType());
        if (!tagged.isCompatibleRaster(raster)) {
            return null;
        }
        BufferedImage src = new BufferedImage(tagged, raster, false, null);
        BufferedImage dst = new BufferedImage(image.getWidth(), image.getHeight(),
                cm.hasAlpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(src, dst);
        return dst;
    }

}
