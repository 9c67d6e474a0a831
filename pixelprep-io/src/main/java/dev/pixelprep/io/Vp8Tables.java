package dev.pixelprep.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The constant tables of VP8 (RFC 6386) that the lossy WebP decoder needs, read once from
 * {@code vp8-tables.txt} beside this class (written by {@code scripts/vp8-tables.py} from libwebp's decoder, which
 * carries the RFC's numbers; the script names the libwebp commit). Sub-block modes are numbered as libwebp numbers
 * them (DC, TM, VE, HE, RD, VR, LD, VL, HD, HU), which is the order of its mode-probability table.
 *
 * <p>Immutable after class initialisation; the arrays are never handed out of this package.
 */
final class Vp8Tables {
    /** Default token probabilities, [type][band][context][node] flattened (RFC 6386 section 13.5). */
    static final byte[] COEFF_PROBS;
    /** Probabilities that a token probability is updated in the frame header (section 13.4). */
    static final byte[] COEFF_UPDATE_PROBS;
    /** Key-frame sub-block mode probabilities, [above][left][node] flattened (section 11.5). */
    static final byte[] BMODE_PROBS;
    /** Dequantisation factors by quantiser index 0..127 (section 14.1). */
    static final int[] DC_QUANT;
    static final int[] AC_QUANT;

    /** The band of each coefficient position, with a 17th entry for the position after the last. */
    static final int[] BANDS = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};
    /** Raster position of the n-th coefficient in the token order. */
    static final int[] ZIGZAG = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
    /** The extra-bit probabilities of the token categories 3 to 6 (section 13.2). */
    static final int[][] CATEGORY_PROBS = {
        {173, 148, 140},
        {176, 155, 140, 135},
        {180, 157, 141, 134, 130},
        {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129},
    };

    static {
        Map<String, int[]> tables = read();
        COEFF_PROBS = bytes(tables.get("CoeffsProba0"));
        COEFF_UPDATE_PROBS = bytes(tables.get("CoeffsUpdateProba"));
        BMODE_PROBS = bytes(tables.get("kBModesProba"));
        DC_QUANT = tables.get("kDcTable");
        AC_QUANT = tables.get("kAcTable");
    }

    private Vp8Tables() {
    }

    private static Map<String, int[]> read() {
        String text;
        try (InputStream in = Vp8Tables.class.getResourceAsStream("vp8-tables.txt")) {
            if (in == null) {
                throw new IllegalStateException("vp8-tables.txt is missing from the pixelprep-io jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, int[]> tables = new HashMap<>();
        int[] current = null;
        int filled = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" +");
            if (Character.isLetter(f[0].charAt(0))) {
                current = new int[Integer.parseInt(f[1])];
                filled = 0;
                tables.put(f[0], current);
                continue;
            }
            for (String v : f) {
                current[filled++] = Integer.parseInt(v);
            }
        }
        String[] expected = {"CoeffsProba0", "CoeffsUpdateProba", "kBModesProba", "kDcTable", "kAcTable"};
        int[] sizes = {1056, 1056, 900, 128, 128};
        for (int i = 0; i < expected.length; i++) {
            int[] t = tables.get(expected[i]);
            if (t == null || t.length != sizes[i]) {
                throw new IllegalStateException("vp8-tables.txt: table " + expected[i] + " is missing or not of " + sizes[i] + " values");
            }
        }
        return tables;
    }

    private static byte[] bytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
