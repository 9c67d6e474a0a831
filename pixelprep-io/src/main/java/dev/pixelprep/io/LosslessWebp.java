package dev.pixelprep.io;

/**
 * Decoder for lossless WebP bitstreams (VP8L, RFC 9649 section 3 onward) that gives libwebp's pixels and refuses
 * what libwebp refuses.
 *
 * <p>Why our own: the Java reader we used (TwelveMonkeys' VP8L decoder) accepts streams libwebp rejects and then
 * returns made-up pixels (incomplete or over-subscribed prefix codes, reads past the end of the data, a repeat count
 * past the alphabet), and where the format leaves room it decodes differently from libwebp: a two-symbol simple code
 * written in descending order, predictor modes above 13 or with high green bits, colour-index values past the
 * palette, distances that libwebp clamps on narrow images. Each is a tensor that differs from the one Pillow or
 * OpenCV (both libwebp) gives, without a word. This decoder follows libwebp's decisions one by one (the places are
 * named in the comments) and is tested against {@code dwebp} on real files and on mutated ones.
 *
 * <p>Memory is checked before it is taken: the caller has bounded the image size; the prefix codes of a stream
 * (which a hostile file can declare by the tens of thousands) are counted against a budget tied to the image size.
 *
 * <p>Stateless: every call decodes into memory of its own, so calls may run on any number of threads at once.
 */
final class LosslessWebp {
    private static final int NUM_LITERALS = 256;
    private static final int NUM_LENGTH_CODES = 24;
    private static final int NUM_DISTANCE_CODES = 40;
    private static final int MAX_CACHE_BITS = 11;
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    /**
     * The 120 short distance codes as (dx, dy) pairs, RFC 9649 section 4.2.2: code i + 1 means the pixel dx to the
     * left and dy rows up (dx may be negative: to the right).
     */
    private static final int[] DISTANCE_MAP = {
        0, 1, 1, 0, 1, 1, -1, 1, 0, 2, 2, 0, 1, 2, -1, 2, 2, 1, -2, 1, 2, 2, -2, 2, 0, 3, 3, 0, 1, 3, -1, 3, 3, 1, -3,
        1, 2, 3, -2, 3, 3, 2, -3, 2, 0, 4, 4, 0, 1, 4, -1, 4, 4, 1, -4, 1, 3, 3, -3, 3, 2, 4, -2, 4, 4, 2, -4, 2, 0,
        5, 3, 4, -3, 4, 4, 3, -4, 3, 5, 0, 1, 5, -1, 5, 5, 1, -5, 1, 2, 5, -2, 5, 5, 2, -5, 2, 4, 4, -4, 4, 3, 5, -3,
        5, 5, 3, -5, 3, 0, 6, 6, 0, 1, 6, -1, 6, 6, 1, -6, 1, 2, 6, -2, 6, 6, 2, -6, 2, 4, 5, -4, 5, 5, 4, -5, 4, 3,
        6, -3, 6, 6, 3, -6, 3, 0, 7, 7, 0, 1, 7, -1, 7, 5, 5, -5, 5, 7, 1, -7, 1, 4, 6, -4, 6, 6, 4, -6, 4, 2, 7, -2,
        7, 7, 2, -7, 2, 3, 7, -3, 7, 7, 3, -7, 3, 5, 6, -5, 6, 6, 5, -6, 5, 8, 0, 4, 7, -4, 7, 7, 4, -7, 4, 8, 1, 8,
        2, 6, 6, -6, 6, 8, 3, 5, 7, -5, 7, 7, 5, -7, 5, 8, 4, 6, 7, -6, 7, 7, 6, -7, 6, 8, 5, 7, 7, -7, 7, 8, 6, 8, 7};

    private static final int PREDICTOR = 0;
    private static final int CROSS_COLOR = 1;
    private static final int SUBTRACT_GREEN = 2;
    private static final int COLOR_INDEXING = 3;

    private final Bits bits;
    /** Bytes the prefix codes may still take (see the class comment). */
    private long codeBudget;
    private final Transform[] transforms = new Transform[4];
    private int transformCount;
    private int transformsSeen;

    private LosslessWebp(byte[] d, int off, int len, long pixels) {
        this.bits = new Bits(d, off, len);
        this.codeBudget = Math.max(32L << 20, 16 * pixels);
    }

    /** A decoded image: ARGB ints, one per pixel, rows top to bottom. */
    static final class Image {
        final int width;
        final int height;
        final boolean alpha;
        final int[] argb;

        Image(int width, int height, boolean alpha, int[] argb) {
            this.width = width;
            this.height = height;
            this.alpha = alpha;
            this.argb = argb;
        }
    }

    /**
     * Decodes a {@code VP8L} chunk's payload ({@code len} bytes from {@code off}, starting with the 0x2f signature).
     *
     * @throws ImageDataException when libwebp would refuse the stream
     */
    static Image decode(byte[] d, int off, int len) {
        if (len < 5) {
            throw corrupt("a VP8L chunk of " + len + " bytes has no room for its header");
        }
        LosslessWebp dec = new LosslessWebp(d, off, len, 0);
        Bits b = dec.bits;
        if (b.read(8) != 0x2F) {
            throw corrupt("the VP8L chunk lacks its 0x2f signature");
        }
        int width = b.read(14) + 1;
        int height = b.read(14) + 1;
        boolean alpha = b.read(1) == 1;
        if (b.read(3) != 0) {
            throw corrupt("VP8L version is not 0");
        }
        dec.codeBudget = Math.max(32L << 20, 16L * width * height);
        return new Image(width, height, alpha, dec.decodeImageStream(width, height, true));
    }

    /**
     * Decodes the lossless alpha stream of an {@code ALPH} chunk (compression method 1): an image stream without
     * the VP8L header whose green channel holds the alpha values, returned as one byte per pixel.
     *
     * @throws ImageDataException when libwebp would refuse the stream
     */
    private static byte[] decodeAlpha(byte[] d, int off, int len, int width, int height) {
        LosslessWebp dec = new LosslessWebp(d, off, len, (long) width * height);
        int[] argb = dec.decodeImageStream(width, height, true);
        byte[] alpha = new byte[argb.length];
        for (int i = 0; i < argb.length; i++) {
            alpha[i] = (byte) (argb[i] >>> 8);
        }
        return alpha;
    }

    /**
     * The alpha plane of an {@code ALPH} chunk's payload (header byte first) for a {@code width × height} lossy
     * image, as libwebp's {@code ALPHInit} and {@code ALPHDecode} make it: raw bytes (method 0) or a lossless stream
     * (method 1), then the filter undone row by row. The header must name method 0 or 1, any filter,
     * pre-processing 0 or 1 (level reduction, which the decoder only dithers when asked to, as Pillow does not)
     * and zero reserved bits.
     *
     * @throws ImageDataException when libwebp would refuse the chunk
     */
    static byte[] alphaPlane(byte[] d, int off, int len, int width, int height) {
        if (len <= 1) {
            throw new ImageDataException("corrupt WebP: an ALPH chunk of " + len + " bytes");
        }
        int h = d[off] & 0xFF;
        int method = h & 3;
        int filter = (h >> 2) & 3;
        int preprocessing = (h >> 4) & 3;
        if (method > 1 || preprocessing > 1 || (h >> 6) != 0) {
            throw new ImageDataException("corrupt WebP: ALPH header byte 0x" + Integer.toHexString(h)
                    + " (compression " + method + ", pre-processing " + preprocessing + ", reserved " + (h >> 6) + ")");
        }
        int n = width * height;
        byte[] plane;
        if (method == 0) {
            if (len - 1L < n) {
                throw new ImageDataException("file is truncated or corrupt: the uncompressed ALPH chunk holds "
                        + (len - 1) + " bytes for " + width + "x" + height + " pixels");
            }
            plane = java.util.Arrays.copyOfRange(d, off + 1, off + 1 + n);
        } else {
            plane = decodeAlpha(d, off + 1, len - 1, width, height);
        }
        WebpTransforms.unfilter(plane, width, height, filter);
        return plane;
    }

    /** libwebp's {@code DecodeImageStream}: transforms (main image only), colour cache, prefix codes, pixels. */
    private int[] decodeImageStream(int xsize, int ysize, boolean level0) {
        int width = xsize;
        if (level0) {
            while (bits.read(1) == 1) {
                width = readTransform(width, ysize);
            }
        }
        int cacheBits = 0;
        if (bits.read(1) == 1) {
            cacheBits = bits.read(4);
            if (cacheBits < 1 || cacheBits > MAX_CACHE_BITS) {
                throw corrupt("colour cache of " + cacheBits + " bits (1 to 11 allowed)");
            }
        }
        Codes codes = readCodes(width, ysize, cacheBits, level0);
        int[] data = decodePixels(width, ysize, cacheBits, codes);
        if (!level0) {
            return data;
        }
        for (int i = transformCount - 1; i >= 0; i--) {
            data = transforms[i].inverse(data, ysize);
        }
        return data;
    }

    /** Reads one transform; returns the width of the image the later data codes (colour indexing packs pixels). */
    private int readTransform(int xsize, int ysize) {
        int type = bits.read(2);
        // libwebp: each transform type may appear once
        if ((transformsSeen & (1 << type)) != 0) {
            throw corrupt("the " + transformName(type) + " transform appears twice");
        }
        transformsSeen |= 1 << type;
        Transform t = new Transform(type, xsize);
        transforms[transformCount++] = t;
        switch (type) {
            case PREDICTOR:
            case CROSS_COLOR:
                t.bits = bits.read(3) + 2;
                t.data = decodeImageStream(subSample(xsize, t.bits), subSample(ysize, t.bits), false);
                return xsize;
            case COLOR_INDEXING: {
                int colors = bits.read(8) + 1;
                t.bits = colors > 16 ? 0 : colors > 4 ? 1 : colors > 2 ? 2 : 3;
                int[] table = decodeImageStream(colors, 1, false);
                // libwebp's ExpandColorMap: the table is coded as differences; entries past it are transparent black
                int[] palette = new int[1 << (8 >> t.bits)];
                palette[0] = table[0];
                for (int i = 1; i < colors; i++) {
                    palette[i] = addPixels(table[i], palette[i - 1]);
                }
                t.data = palette;
                return subSample(xsize, t.bits);
            }
            default:
                return xsize;
        }
    }

    private static String transformName(int type) {
        return type == PREDICTOR ? "predictor" : type == CROSS_COLOR ? "colour" : type == SUBTRACT_GREEN ? "subtract-green" : "colour-indexing";
    }

    /** The prefix-code groups of one image and, for the main image, the entropy image that picks one per tile. */
    private static final class Codes {
        Group[] groups;
        /** Group index per tile, or null when the image has one group. */
        int[] tiles;
        int tileBits;
        int tilesWide;
    }

    /** libwebp's {@code ReadHuffmanCodes}: the optional entropy image, then every group's five codes. */
    private Codes readCodes(int xsize, int ysize, int cacheBits, boolean allowMeta) {
        Codes c = new Codes();
        int groupsMax = 1;
        int[] mapping = null;
        int used = 1;
        if (allowMeta && bits.read(1) == 1) {
            c.tileBits = bits.read(3) + 2;
            c.tilesWide = subSample(xsize, c.tileBits);
            int[] image = decodeImageStream(c.tilesWide, subSample(ysize, c.tileBits), false);
            for (int i = 0; i < image.length; i++) {
                // the group index is in the red and green bytes
                int g = (image[i] >> 8) & 0xFFFF;
                image[i] = g;
                groupsMax = Math.max(groupsMax, g + 1);
            }
            // only the groups the entropy image uses are kept; the others are read and checked, then dropped
            mapping = new int[groupsMax];
            java.util.Arrays.fill(mapping, -1);
            used = 0;
            for (int i = 0; i < image.length; i++) {
                int g = image[i];
                if (mapping[g] < 0) {
                    mapping[g] = used++;
                }
                image[i] = mapping[g];
            }
            c.tiles = image;
        }
        c.groups = new Group[used];
        int[] alphabet = {NUM_LITERALS + NUM_LENGTH_CODES + (cacheBits > 0 ? 1 << cacheBits : 0), NUM_LITERALS,
            NUM_LITERALS, NUM_LITERALS, NUM_DISTANCE_CODES};
        int[] lengths = new int[alphabet[0]];
        for (int i = 0; i < groupsMax; i++) {
            boolean keep = mapping == null || mapping[i] >= 0;
            Code[] five = new Code[5];
            for (int j = 0; j < 5; j++) {
                five[j] = readCode(alphabet[j], lengths, keep);
            }
            if (keep) {
                c.groups[mapping == null ? i : mapping[i]] = new Group(five);
            }
        }
        return c;
    }

    /** libwebp's {@code ReadHuffmanCode}: a simple code (one or two symbols) or code lengths coded themselves. */
    private Code readCode(int alphabetSize, int[] lengths, boolean keep) {
        java.util.Arrays.fill(lengths, 0, alphabetSize, 0);
        if (bits.read(1) == 1) {
            int symbols = bits.read(1) + 1;
            int first = bits.read(bits.read(1) == 0 ? 1 : 8);
            // libwebp writes a symbol past the alphabet into its scratch array and then ignores it
            if (first < alphabetSize) {
                lengths[first] = 1;
            }
            if (symbols == 2) {
                int second = bits.read(8);
                if (second < alphabetSize) {
                    lengths[second] = 1;
                }
            }
        } else {
            int[] lengthCodeLengths = new int[CODE_LENGTH_ORDER.length];
            int n = bits.read(4) + 4;
            for (int i = 0; i < n; i++) {
                lengthCodeLengths[CODE_LENGTH_ORDER[i]] = bits.read(3);
            }
            readCodeLengths(lengthCodeLengths, alphabetSize, lengths);
        }
        return Code.build(lengths, alphabetSize, keep, this);
    }

    /** libwebp's {@code ReadHuffmanCodeLengths}. */
    private void readCodeLengths(int[] lengthCodeLengths, int alphabetSize, int[] lengths) {
        Code lengthCode = Code.build(lengthCodeLengths, lengthCodeLengths.length, true, this);
        int maxSymbol;
        if (bits.read(1) == 1) {
            int n = 2 + 2 * bits.read(3);
            maxSymbol = 2 + bits.read(n);
            if (maxSymbol > alphabetSize) {
                throw corrupt("a prefix code lists " + maxSymbol + " code lengths for an alphabet of " + alphabetSize);
            }
        } else {
            maxSymbol = alphabetSize;
        }
        int previous = 8;
        int symbol = 0;
        while (symbol < alphabetSize) {
            if (maxSymbol-- == 0) {
                break;
            }
            int len = lengthCode.read(bits);
            if (len < 16) {
                lengths[symbol++] = len;
                if (len != 0) {
                    previous = len;
                }
            } else {
                int extra = len == 16 ? 2 : len == 17 ? 3 : 7;
                int offset = len == 18 ? 11 : 3;
                int repeat = bits.read(extra) + offset;
                if (symbol + repeat > alphabetSize) {
                    throw corrupt("a code-length repeat runs past the alphabet of " + alphabetSize);
                }
                int value = len == 16 ? previous : 0;
                for (int k = 0; k < repeat; k++) {
                    lengths[symbol++] = value;
                }
            }
        }
    }

    /** libwebp's {@code DecodeImageData}: literals, backward references and colour-cache hits, pixel by pixel. */
    private int[] decodePixels(int width, int height, int cacheBits, Codes codes) {
        int n = width * height;
        int[] data = new int[n];
        int[] cache = cacheBits > 0 ? new int[1 << cacheBits] : null;
        int cacheShift = 32 - cacheBits;
        int cached = 0;
        int lengthLimit = NUM_LITERALS + NUM_LENGTH_CODES;
        int pos = 0;
        int col = 0;
        int row = 0;
        Group group = codes.groups[0];
        while (pos < n) {
            if (codes.tiles != null) {
                group = codes.groups[codes.tiles[(row >> codes.tileBits) * codes.tilesWide + (col >> codes.tileBits)]];
            }
            int code = group.green.read(bits);
            if (code < NUM_LITERALS) {
                int red = group.red.read(bits);
                int blue = group.blue.read(bits);
                int alpha = group.alpha.read(bits);
                bits.check();
                data[pos++] = alpha << 24 | red << 16 | code << 8 | blue;
                if (++col == width) {
                    col = 0;
                    row++;
                }
            } else if (code < lengthLimit) {
                int length = prefixValue(code - NUM_LITERALS);
                int distance = planeDistance(width, prefixValue(group.distance.read(bits)));
                bits.check();
                if (pos < distance || n - pos < length) {
                    throw corrupt("a backward reference at pixel " + pos + " reaches " + (pos < distance ? "before the image" : "past its end"));
                }
                for (int k = 0; k < length; k++, pos++) {
                    data[pos] = data[pos - distance];
                }
                col += length;
                while (col >= width) {
                    col -= width;
                    row++;
                }
            } else {
                bits.check();
                while (cached < pos) {
                    int v = data[cached++];
                    cache[(0x1E35A7BD * v) >>> cacheShift] = v;
                }
                data[pos++] = cache[code - lengthLimit];
                if (++col == width) {
                    col = 0;
                    row++;
                }
            }
            if (cache != null && col == 0) {
                // the cache takes each pixel in order; flushing at the end of a row keeps the backlog short
                while (cached < pos) {
                    int v = data[cached++];
                    cache[(0x1E35A7BD * v) >>> cacheShift] = v;
                }
            }
        }
        return data;
    }

    /** Lengths and distances share one prefix coding: symbols 0..3 are 1..4, then extra bits double the range. */
    private int prefixValue(int symbol) {
        if (symbol < 4) {
            return symbol + 1;
        }
        int extra = (symbol - 2) >> 1;
        int offset = (2 + (symbol & 1)) << extra;
        return offset + bits.read(extra) + 1;
    }

    /** libwebp's {@code PlaneCodeToDistance}, including its clamp to 1 on images narrower than the offset. */
    private static int planeDistance(int width, int code) {
        if (code > 120) {
            return code - 120;
        }
        int dx = DISTANCE_MAP[2 * (code - 1)];
        int dy = DISTANCE_MAP[2 * (code - 1) + 1];
        int d = dy * width + dx;
        return Math.max(d, 1);
    }

    static int subSample(int size, int bits) {
        return (size + (1 << bits) - 1) >> bits;
    }

    /** Per-channel sum modulo 256 (libwebp's {@code VP8LAddPixels}). */
    static int addPixels(int a, int b) {
        int ag = (a & 0xFF00FF00) + (b & 0xFF00FF00);
        int rb = (a & 0x00FF00FF) + (b & 0x00FF00FF);
        return (ag & 0xFF00FF00) | (rb & 0x00FF00FF);
    }

    static ImageDataException corrupt(String what) {
        return new ImageDataException("corrupt lossless WebP: " + what);
    }

    /** The five prefix codes of one group: green (with lengths and cache keys), red, blue, alpha, distance. */
    private static final class Group {
        final Code green;
        final Code red;
        final Code blue;
        final Code alpha;
        final Code distance;

        Group(Code[] c) {
            green = c[0];
            red = c[1];
            blue = c[2];
            alpha = c[3];
            distance = c[4];
        }
    }

    /** One inverse transform, applied in the reverse of the order the stream lists them. */
    private static final class Transform {
        final int type;
        /** The width of the image this transform produces. */
        final int xsize;
        int bits;
        int[] data;

        Transform(int type, int xsize) {
            this.type = type;
            this.xsize = xsize;
        }

        int[] inverse(int[] in, int height) {
            switch (type) {
                case PREDICTOR:
                    WebpTransforms.predictor(in, xsize, height, bits, data);
                    return in;
                case CROSS_COLOR:
                    WebpTransforms.crossColor(in, xsize, height, bits, data);
                    return in;
                case SUBTRACT_GREEN:
                    WebpTransforms.addGreen(in);
                    return in;
                default:
                    return WebpTransforms.colorIndexing(in, xsize, height, bits, data);
            }
        }
    }

    /**
     * A canonical prefix code (RFC 9649 section 3.7.2, built as libwebp's {@code BuildHuffmanTable} builds it and
     * refused where it refuses: all lengths zero, a length over 15, an incomplete or over-subscribed code). A code
     * with one symbol reads no bits. Codes up to {@link #ROOT_BITS} bits are found in one table lookup, longer
     * ones by walking the canonical code from the sorted symbols.
     */
    static final class Code {
        static final int ROOT_BITS = 8;
        /** The symbol of a one-symbol code, else -1. */
        final int single;
        /** Symbols sorted by code length, then value; and how many codes each length has. */
        final short[] symbols;
        final int[] count;
        /** Indexed by the next {@code rootBits} stream bits: symbol << 4 | length, or 0 for a longer code. */
        final char[] table;
        final int rootBits;

        private Code(int single, short[] symbols, int[] count, char[] table, int rootBits) {
            this.single = single;
            this.symbols = symbols;
            this.count = count;
            this.table = table;
            this.rootBits = rootBits;
        }

        static Code build(int[] lengths, int size, boolean keep, LosslessWebp owner) {
            int[] count = new int[16];
            int nonZero = 0;
            int last = -1;
            int maxLen = 0;
            for (int s = 0; s < size; s++) {
                int l = lengths[s];
                if (l > 15) {
                    throw corrupt("a code length of " + l + " bits (15 at most)");
                }
                count[l]++;
                if (l > 0) {
                    nonZero++;
                    last = s;
                    maxLen = Math.max(maxLen, l);
                }
            }
            if (nonZero == 0) {
                throw corrupt("a prefix code without symbols");
            }
            if (nonZero == 1) {
                return new Code(last, null, null, null, 0);
            }
            // complete: the code lengths fill the code space exactly (libwebp refuses both gaps and overflows)
            long open = 1;
            for (int l = 1; l <= 15; l++) {
                open = 2 * open - count[l];
                if (open < 0) {
                    throw corrupt("an over-subscribed prefix code");
                }
            }
            if (open != 0) {
                throw corrupt("an incomplete prefix code");
            }
            if (!keep) {
                return null;
            }
            int rootBits = Math.min(maxLen, ROOT_BITS);
            owner.spend(2L * nonZero + 2L * (1 << rootBits) + 128);
            short[] sorted = new short[nonZero];
            int[] offset = new int[16];
            for (int l = 1; l < 15; l++) {
                offset[l + 1] = offset[l] + count[l];
            }
            int[] next = offset.clone();
            for (int s = 0; s < size; s++) {
                if (lengths[s] > 0) {
                    sorted[next[lengths[s]]++] = (short) s;
                }
            }
            char[] table = new char[1 << rootBits];
            // canonical codes in (length, symbol) order; the stream sends a code's first bit first, and the table
            // is indexed by the stream bits as they come, so each code is entered bit-reversed
            int code = 0;
            int i = 0;
            for (int l = 1; l <= rootBits; l++) {
                for (int k = 0; k < count[l]; k++, i++) {
                    int rev = Integer.reverse(code) >>> (32 - l);
                    char entry = (char) (sorted[i] << 4 | l);
                    for (int j = rev; j < table.length; j += 1 << l) {
                        table[j] = entry;
                    }
                    code++;
                }
                code <<= 1;
            }
            int[] counts = count.clone();
            counts[0] = 0;
            return new Code(-1, sorted, counts, table, rootBits);
        }

        int read(Bits b) {
            if (single >= 0) {
                return single;
            }
            int peek = b.peek();
            char e = table[peek & ((1 << rootBits) - 1)];
            if (e != 0) {
                b.skip(e & 15);
                return e >>> 4;
            }
            // longer than the root table: walk the canonical code a bit at a time
            int code = 0;
            int first = 0;
            int index = 0;
            for (int l = 1; l <= 15; l++) {
                code |= (peek >>> (l - 1)) & 1;
                int c = count[l];
                if (code - first < c) {
                    b.skip(l);
                    return symbols[index + code - first];
                }
                index += c;
                first += c;
                first <<= 1;
                code <<= 1;
            }
            throw corrupt("a prefix code without this bit pattern");
        }
    }

    private void spend(long bytes) {
        codeBudget -= bytes;
        if (codeBudget < 0) {
            throw corrupt("its prefix codes need more memory than an image of this size can justify (too many code groups)");
        }
    }

    /**
     * The VP8L bit reader: least significant bit first. libwebp treats reading past the end as an error (its
     * {@code eos} flag; a stream shorter than 8 bytes reads as if padded with zeros to 8), and so does this reader,
     * checked at each field and at each pixel.
     */
    static final class Bits {
        private final byte[] d;
        private final int end;
        private int next;
        private long buf;
        private int count;
        /** Bits consumed so far and the most that may be. */
        private long consumed;
        private final long limit;

        Bits(byte[] d, int off, int len) {
            this.d = d;
            this.next = off;
            this.end = off + len;
            this.limit = 8L * Math.max(len, 8);
        }

        private void fill() {
            while (count <= 56) {
                long v = next < end ? d[next] & 0xFFL : 0;
                next++;
                buf |= v << count;
                count += 8;
            }
        }

        /** {@code n} bits (0 to 24) as an unsigned value. */
        int read(int n) {
            if (count < n) {
                fill();
            }
            int v = (int) (buf & ((1L << n) - 1));
            buf >>>= n;
            count -= n;
            consumed += n;
            check();
            return v;
        }

        /** The next 15 bits without consuming them (zeros past the end; {@link #skip} then checks). */
        int peek() {
            if (count < 15) {
                fill();
            }
            return (int) (buf & 0x7FFF);
        }

        void skip(int n) {
            buf >>>= n;
            count -= n;
            consumed += n;
        }

        void check() {
            if (consumed > limit) {
                throw new ImageDataException("file is truncated or corrupt: the lossless WebP stream reads past the end of its data");
            }
        }
    }
}
