package dev.pixelprep.io;

/**
 * Decoder for lossy WebP: the VP8 key frame of a {@code VP8 } chunk (RFC 6386), decoded to the pixels libwebp gives
 * (what Pillow and OpenCV return), refusing what libwebp refuses.
 *
 * <p>Why our own: the Java VP8 decoder we used (TwelveMonkeys') differs from libwebp by up to 7 levels on real
 * photos (its colour conversion and chroma upsampling are not libwebp's), and where a file's token data runs out it
 * reads on as if it held zeros: a 1.5 KB file declaring 12346x8192 took it 10 s and gave a tensor of made-up pixels
 * where libwebp says "Premature end-of-file". This decoder follows libwebp: the frame header and its checks
 * ({@code VP8GetHeaders}), the partitions and their sizes ({@code ParsePartitions}), the end-of-partition rule of
 * its boolean decoder ({@link Vp8BoolDecoder}), prediction, residuals and loop filter as libwebp computes them
 * ({@link Vp8Reconstruction}, {@link Vp8LoopFilter}), and the output conversion its decoder uses by default: "fancy"
 * chroma upsampling and its fixed-point BT.601 matrix ({@link WebpYuv}).
 *
 * <p>Work: one pass over the bitstream, macroblock by macroblock; the planes are kept whole (1.5 bytes per pixel of
 * the frame rounded up to 16) so that the loop filter runs over the frame after it is built, in the order libwebp
 * filters it, then the conversion writes the caller's pixels.
 *
 * <p>Stateless to callers: each {@link #decode} call works in memory of its own, so calls may run on any number of
 * threads at once; an instance is confined to the call that made it.
 */
final class LossyWebp {
    /** A decoded image: interleaved bytes, B G R per pixel, or A B G R when an alpha plane was given. */
    static final class Image {
        final int width;
        final int height;
        final byte[] pixels;
        final boolean alpha;

        Image(int width, int height, byte[] pixels, boolean alpha) {
            this.width = width;
            this.height = height;
            this.pixels = pixels;
            this.alpha = alpha;
        }
    }

    private final byte[] data;
    private final int start;
    private final int end;
    int width;
    int height;
    int mbWidth;
    int mbHeight;

    // segment header (RFC 6386 section 9.3)
    private boolean useSegment;
    private boolean updateMap;
    /**
     * Whether segment values replace the frame's (else they are added to it); true until the header says, as in
     * libwebp's {@code ResetSegmentHeader}: segments whose values are never sent then have quantiser and filter
     * level 0, not the frame's.
     */
    private boolean absoluteDelta = true;
    private final int[] segmentQuantizer = new int[4];
    private final int[] segmentFilterLevel = new int[4];
    private final int[] segmentProbs = {255, 255, 255};

    // filter header (section 9.4)
    /** 0: none, 1: simple, 2: normal (libwebp's {@code filter_type}). */
    int filterType;
    private int filterLevel;
    private int sharpness;
    private boolean useLfDelta;
    private final int[] refLfDelta = new int[4];
    private final int[] modeLfDelta = new int[4];

    private Vp8BoolDecoder[] partitions;
    /** Per segment: y1 dc, y1 ac, y2 dc, y2 ac, uv dc, uv ac. */
    final int[][] dequant = new int[4][6];
    /** The frame's token probabilities, [type][band][context][node] flattened. */
    private final int[] coeffProbs = new int[4 * 8 * 3 * 11];
    private boolean useSkipProb;
    private int skipProb;

    /**
     * Per segment and mode (i4x4 or not): the loop filter's edge limit (0: no filtering), interior limit and
     * high-edge-variance threshold, as libwebp's {@code PrecomputeFilterStrengths} makes them.
     */
    final int[][] filterLimit = new int[4][2];
    final int[][] filterInterior = new int[4][2];
    final int[][] filterHevThreshold = new int[4][2];

    private LossyWebp(byte[] data, int offset, int length) {
        this.data = data;
        this.start = offset;
        this.end = offset + length;
    }

    /**
     * Decodes the VP8 bitstream of {@code length} bytes at {@code offset} (a {@code VP8 } chunk's payload); with an
     * {@code alpha} plane (width x height bytes, as {@link LosslessWebp#alphaPlane} makes it) the result is A B G R.
     *
     * @throws ImageDataException when libwebp would refuse the bitstream, in libwebp's words
     */
    static Image decode(byte[] data, int offset, int length, byte[] alpha) {
        LossyWebp d = new LossyWebp(data, offset, length);
        Vp8BoolDecoder first = d.readHeaders();
        if (alpha != null && alpha.length != (long) d.width * d.height) {
            throw new ImageDataException("corrupt WebP: an alpha plane of " + alpha.length + " bytes for a "
                    + d.width + "x" + d.height + " VP8 frame");
        }
        Vp8Reconstruction frame = new Vp8Reconstruction(d);
        d.readMacroblocks(first, frame);
        Vp8LoopFilter.apply(d, frame);
        byte[] out = WebpYuv.toBgr(frame, d.width, d.height, alpha);
        return new Image(d.width, d.height, out, alpha != null);
    }

    private static ImageDataException refused(String why) {
        return new ImageDataException("corrupt WebP: " + why);
    }

    /** The frame tag, key frame header and first-partition header fields; returns the first partition's reader. */
    private Vp8BoolDecoder readHeaders() {
        int p = start;
        if (end - p < 4) {
            throw refused("the VP8 frame header is truncated");
        }
        int tag = Bytes.u24le(data, p);
        if ((tag & 1) != 0) {
            throw refused("the VP8 frame is not a key frame");
        }
        if (((tag >> 1) & 7) > 3) {
            throw refused("the VP8 frame has an unknown profile " + ((tag >> 1) & 7));
        }
        if (((tag >> 4) & 1) == 0) {
            throw refused("the VP8 frame is marked not to be shown");
        }
        int firstLength = tag >>> 5;
        p += 3;
        if (end - p < 7) {
            throw refused("the VP8 key frame header is truncated");
        }
        if ((data[p] & 0xFF) != 0x9D || (data[p + 1] & 0xFF) != 0x01 || (data[p + 2] & 0xFF) != 0x2A) {
            throw refused("the VP8 frame lacks its start code");
        }
        width = Bytes.u16(data, p + 3, true) & 0x3FFF;
        height = Bytes.u16(data, p + 5, true) & 0x3FFF;
        if (width == 0 || height == 0) {
            throw refused("the VP8 frame is " + width + "x" + height);
        }
        mbWidth = (width + 15) >> 4;
        mbHeight = (height + 15) >> 4;
        p += 7;
        if (firstLength > end - p) {
            throw new ImageDataException("file is truncated or corrupt: the VP8 frame's first partition of "
                    + firstLength + " bytes does not fit in the " + (end - p) + " left");
        }
        Vp8BoolDecoder br = new Vp8BoolDecoder(data, p, firstLength);
        p += firstLength;
        br.flag(); // colour space: libwebp ignores it
        br.flag(); // clamping type: every reconstruction clamps
        readSegmentHeader(br);
        if (br.eof) {
            throw refused("the VP8 segment header runs past its partition");
        }
        readFilterHeader(br);
        if (br.eof) {
            throw refused("the VP8 filter header runs past its partition");
        }
        readPartitions(br, p);
        readQuantizers(br);
        br.flag(); // refresh_entropy_probs: meaningless for a single key frame
        readTokenProbabilities(br);
        computeFilterStrengths();
        return br;
    }

    private void readSegmentHeader(Vp8BoolDecoder br) {
        useSegment = br.flag();
        if (!useSegment) {
            return;
        }
        updateMap = br.flag();
        if (br.flag()) {
            absoluteDelta = br.flag();
            for (int s = 0; s < 4; s++) {
                segmentQuantizer[s] = br.flag() ? br.signedLiteral(7) : 0;
            }
            for (int s = 0; s < 4; s++) {
                segmentFilterLevel[s] = br.flag() ? br.signedLiteral(6) : 0;
            }
        }
        if (updateMap) {
            for (int s = 0; s < 3; s++) {
                segmentProbs[s] = br.flag() ? br.literal(8) : 255;
            }
        }
    }

    private void readFilterHeader(Vp8BoolDecoder br) {
        boolean simple = br.flag();
        filterLevel = br.literal(6);
        sharpness = br.literal(3);
        useLfDelta = br.flag();
        if (useLfDelta && br.flag()) {
            for (int i = 0; i < 4; i++) {
                if (br.flag()) {
                    refLfDelta[i] = br.signedLiteral(6);
                }
            }
            for (int i = 0; i < 4; i++) {
                if (br.flag()) {
                    modeLfDelta[i] = br.signedLiteral(6);
                }
            }
        }
        filterType = filterLevel == 0 ? 0 : simple ? 1 : 2;
    }

    /**
     * The token partitions after the first one: a table of 3-byte sizes for all but the last, which takes the rest.
     * As libwebp: a size past the data is cut to what is left, and a last partition with no byte at all is refused.
     */
    private void readPartitions(Vp8BoolDecoder br, int p) {
        int count = 1 << br.literal(2);
        int last = count - 1;
        int left = end - p;
        if (left < 3 * last) {
            throw new ImageDataException("file is truncated or corrupt: the VP8 frame's table of " + count
                    + " token partitions does not fit in the " + left + " bytes left");
        }
        partitions = new Vp8BoolDecoder[count];
        int sizes = p;
        int part = p + 3 * last;
        left -= 3 * last;
        for (int i = 0; i < last; i++) {
            int size = Math.min(Bytes.u24le(data, sizes + 3 * i), left);
            partitions[i] = new Vp8BoolDecoder(data, part, size);
            part += size;
            left -= size;
        }
        if (part >= end) {
            throw new ImageDataException("file is truncated or corrupt: the VP8 frame's last token partition is empty");
        }
        partitions[last] = new Vp8BoolDecoder(data, part, left);
    }

    private static int clip(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    private void readQuantizers(Vp8BoolDecoder br) {
        int base = br.literal(7);
        int y1dc = br.flag() ? br.signedLiteral(4) : 0;
        int y2dc = br.flag() ? br.signedLiteral(4) : 0;
        int y2ac = br.flag() ? br.signedLiteral(4) : 0;
        int uvdc = br.flag() ? br.signedLiteral(4) : 0;
        int uvac = br.flag() ? br.signedLiteral(4) : 0;
        for (int s = 0; s < 4; s++) {
            int q;
            if (useSegment) {
                q = segmentQuantizer[s] + (absoluteDelta ? 0 : base);
            } else if (s > 0) {
                dequant[s] = dequant[0];
                continue;
            } else {
                q = base;
            }
            int[] m = dequant[s];
            m[0] = Vp8Tables.DC_QUANT[clip(q + y1dc, 127)];
            m[1] = Vp8Tables.AC_QUANT[clip(q, 127)];
            m[2] = Vp8Tables.DC_QUANT[clip(q + y2dc, 127)] * 2;
            // RFC 6386 section 14.1: the Y2 AC factor is 155/100 of the table's, at least 8 (libwebp computes
            // x * 155 / 100 as (x * 101581) >> 16, equal for every table value)
            m[3] = Math.max(8, Vp8Tables.AC_QUANT[clip(q + y2ac, 127)] * 155 / 100);
            m[4] = Vp8Tables.DC_QUANT[clip(q + uvdc, 117)];
            m[5] = Vp8Tables.AC_QUANT[clip(q + uvac, 127)];
        }
    }

    private void readTokenProbabilities(Vp8BoolDecoder br) {
        for (int i = 0; i < coeffProbs.length; i++) {
            coeffProbs[i] = br.bit(Vp8Tables.COEFF_UPDATE_PROBS[i] & 0xFF) != 0
                    ? br.literal(8) : Vp8Tables.COEFF_PROBS[i] & 0xFF;
        }
        useSkipProb = br.flag();
        if (useSkipProb) {
            skipProb = br.literal(8);
        }
    }

    private void computeFilterStrengths() {
        if (filterType == 0) {
            return;
        }
        for (int s = 0; s < 4; s++) {
            int base = useSegment ? segmentFilterLevel[s] + (absoluteDelta ? 0 : filterLevel) : filterLevel;
            for (int i4x4 = 0; i4x4 <= 1; i4x4++) {
                int level = base;
                if (useLfDelta) {
                    level += refLfDelta[0]; // key frames are intra: reference frame 0
                    if (i4x4 == 1) {
                        level += modeLfDelta[0]; // the B_PRED mode delta
                    }
                }
                level = clip(level, 63);
                if (level == 0) {
                    filterLimit[s][i4x4] = 0;
                    continue;
                }
                int interior = level;
                if (sharpness > 0) {
                    interior >>= sharpness > 4 ? 2 : 1;
                    interior = Math.min(interior, 9 - sharpness);
                }
                interior = Math.max(interior, 1);
                filterInterior[s][i4x4] = interior;
                filterLimit[s][i4x4] = 2 * level + interior;
                filterHevThreshold[s][i4x4] = level >= 40 ? 2 : level >= 15 ? 1 : 0;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Macroblocks: modes from the first partition a row at a time, tokens from the row's partition

    /** Sub-block modes above each 4-wide column of the frame and left of the current row, for the mode contexts. */
    private int[] modesAbove;
    private final int[] modesLeft = new int[4];
    /** Non-zero flags of the blocks above (per macroblock column: 4 Y, 2 U, 2 V, Y2) and to the left. */
    private byte[] nzAbove;
    private final byte[] nzLeft = new byte[9];

    private void readMacroblocks(Vp8BoolDecoder first, Vp8Reconstruction frame) {
        modesAbove = new int[4 * mbWidth]; // B_DC_PRED = 0
        nzAbove = new byte[9 * mbWidth];
        Vp8Reconstruction.Macroblock[] row = new Vp8Reconstruction.Macroblock[mbWidth];
        for (int x = 0; x < mbWidth; x++) {
            row[x] = new Vp8Reconstruction.Macroblock();
        }
        short[] dc = new short[16];
        for (int mbY = 0; mbY < mbHeight; mbY++) {
            java.util.Arrays.fill(modesLeft, 0);
            java.util.Arrays.fill(nzLeft, (byte) 0);
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                readModes(first, row[mbX], mbX);
            }
            if (first.eof) {
                throw new ImageDataException("file is truncated or corrupt: the VP8 frame's first partition ends"
                        + " before the modes of macroblock row " + mbY + " of " + mbHeight);
            }
            Vp8BoolDecoder tokens = partitions[mbY & (partitions.length - 1)];
            for (int mbX = 0; mbX < mbWidth; mbX++) {
                Vp8Reconstruction.Macroblock mb = row[mbX];
                readResiduals(tokens, mb, mbX, dc, frame);
                if (tokens.eof) {
                    throw new ImageDataException("file is truncated or corrupt: the VP8 frame's token data ends at"
                            + " macroblock " + mbX + "," + mbY + " of " + mbWidth + "x" + mbHeight);
                }
                frame.reconstruct(mb, mbX, mbY);
            }
        }
    }

    private void readModes(Vp8BoolDecoder br, Vp8Reconstruction.Macroblock mb, int mbX) {
        if (updateMap) {
            mb.segment = br.bit(segmentProbs[0]) == 0 ? br.bit(segmentProbs[1]) : 2 + br.bit(segmentProbs[2]);
        } else {
            mb.segment = 0;
        }
        mb.skip = useSkipProb && br.bit(skipProb) != 0;
        mb.i4x4 = br.bit(145) == 0;
        int[] above = modesAbove;
        int a = 4 * mbX;
        if (!mb.i4x4) {
            // the 16x16 mode tree of key frames (RFC 6386 section 11.2), in libwebp's numbering
            int mode = br.bit(156) != 0
                    ? (br.bit(128) != 0 ? Vp8Reconstruction.TM : Vp8Reconstruction.HE)
                    : (br.bit(163) != 0 ? Vp8Reconstruction.VE : Vp8Reconstruction.DC);
            mb.ymode = mode;
            for (int i = 0; i < 4; i++) {
                above[a + i] = mode;
                modesLeft[i] = mode;
            }
        } else {
            byte[] probs = Vp8Tables.BMODE_PROBS;
            for (int y = 0; y < 4; y++) {
                int left = modesLeft[y];
                for (int x = 0; x < 4; x++) {
                    int p = (above[a + x] * 10 + left) * 9;
                    int mode = subblockMode(br, probs, p);
                    mb.bmodes[4 * y + x] = mode;
                    above[a + x] = mode;
                    left = mode;
                }
                modesLeft[y] = left;
            }
        }
        int uv = br.bit(142) == 0 ? Vp8Reconstruction.DC
                : br.bit(114) == 0 ? Vp8Reconstruction.VE
                : br.bit(183) != 0 ? Vp8Reconstruction.TM : Vp8Reconstruction.HE;
        mb.uvmode = uv;
    }

    /** The sub-block mode tree (RFC 6386 section 11.2) with the probabilities at {@code p}. */
    private static int subblockMode(Vp8BoolDecoder br, byte[] probs, int p) {
        if (br.bit(probs[p] & 0xFF) == 0) {
            return 0; // DC
        }
        if (br.bit(probs[p + 1] & 0xFF) == 0) {
            return 1; // TM
        }
        if (br.bit(probs[p + 2] & 0xFF) == 0) {
            return 2; // VE
        }
        if (br.bit(probs[p + 3] & 0xFF) == 0) {
            if (br.bit(probs[p + 4] & 0xFF) == 0) {
                return 3; // HE
            }
            return br.bit(probs[p + 5] & 0xFF) == 0 ? 4 : 5; // RD, VR
        }
        if (br.bit(probs[p + 6] & 0xFF) == 0) {
            return 6; // LD
        }
        if (br.bit(probs[p + 7] & 0xFF) == 0) {
            return 7; // VL
        }
        return br.bit(probs[p + 8] & 0xFF) == 0 ? 8 : 9; // HD, HU
    }

    /** Token types (RFC 6386 section 13.3): 0 Y after Y2, 1 Y2, 2 chroma, 3 Y with its DC. */
    private void readResiduals(Vp8BoolDecoder br, Vp8Reconstruction.Macroblock mb, int mbX, short[] dc,
                               Vp8Reconstruction frame) {
        short[] c = mb.coeffs;
        java.util.Arrays.fill(c, (short) 0);
        java.util.Arrays.fill(mb.codes, (byte) 0);
        int na = 9 * mbX;
        byte[] above = nzAbove;
        if (mb.skip) {
            for (int i = 0; i < 8; i++) {
                above[na + i] = 0;
                nzLeft[i] = 0;
            }
            if (!mb.i4x4) {
                above[na + 8] = 0;
                nzLeft[8] = 0;
            }
            mb.allZero = true;
            return;
        }
        int[] q = dequant[mb.segment];
        int first;
        int type;
        if (!mb.i4x4) {
            java.util.Arrays.fill(dc, (short) 0);
            int nz = coefficients(br, 1, above[na + 8] + nzLeft[8], q[2], q[3], 0, dc, 0);
            byte flag = (byte) (nz > 0 ? 1 : 0);
            above[na + 8] = flag;
            nzLeft[8] = flag;
            if (nz > 1) {
                frame.inverseWalshHadamard(dc, c);
            } else {
                short dc0 = (short) ((dc[0] + 3) >> 3);
                for (int i = 0; i < 256; i += 16) {
                    c[i] = dc0;
                }
            }
            first = 1;
            type = 0;
        } else {
            first = 0;
            type = 3;
        }
        boolean any = false;
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int n = 4 * y + x;
                int nz = coefficients(br, type, above[na + x] + nzLeft[y], q[0], q[1], first, c, 16 * n);
                byte flag = (byte) (nz > first ? 1 : 0);
                above[na + x] = flag;
                nzLeft[y] = flag;
                byte code = (byte) (nz > 3 ? 3 : nz > 1 ? 2 : c[16 * n] != 0 ? 1 : 0);
                mb.codes[n] = code;
                any |= code != 0;
            }
        }
        for (int plane = 0; plane < 2; plane++) {
            int ctx = 4 + 2 * plane;
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    int n = 16 + 4 * plane + 2 * y + x;
                    int nz = coefficients(br, 2, above[na + ctx + x] + nzLeft[ctx + y], q[4], q[5], 0, c, 16 * n);
                    byte flag = (byte) (nz > 0 ? 1 : 0);
                    above[na + ctx + x] = flag;
                    nzLeft[ctx + y] = flag;
                    byte code = (byte) (nz > 3 ? 3 : nz > 1 ? 2 : c[16 * n] != 0 ? 1 : 0);
                    mb.codes[n] = code;
                    any |= code != 0;
                }
            }
        }
        mb.allZero = !any;
    }

    /**
     * One block's tokens (RFC 6386 section 13), from position {@code n}, dequantised into {@code out} at raster
     * positions; returns the position after the last non-zero token (libwebp's {@code GetCoeffs}). Values are stored
     * as libwebp stores them, in 16 bits.
     */
    private int coefficients(Vp8BoolDecoder br, int type, int ctx, int dcq, int acq, int n, short[] out, int off) {
        int[] probs = coeffProbs;
        int base = type * 8 * 3 * 11;
        int p = base + (Vp8Tables.BANDS[n] * 3 + ctx) * 11;
        for (; n < 16; n++) {
            if (br.bit(probs[p]) == 0) {
                return n; // end of block
            }
            while (br.bit(probs[p + 1]) == 0) { // a zero
                n++;
                if (n == 16) {
                    return 16;
                }
                p = base + Vp8Tables.BANDS[n] * 3 * 11;
            }
            int v;
            int next;
            if (br.bit(probs[p + 2]) == 0) {
                v = 1;
                next = 1;
            } else {
                v = largeValue(br, probs, p);
                next = 2;
            }
            p = base + (Vp8Tables.BANDS[n + 1] * 3 + next) * 11;
            out[off + Vp8Tables.ZIGZAG[n]] = (short) (br.signed(v) * (n > 0 ? acq : dcq));
        }
        return 16;
    }

    /** A token's value of 2 or more (the tree of RFC 6386 section 13.2 below its "one" node). */
    private static int largeValue(Vp8BoolDecoder br, int[] probs, int p) {
        if (br.bit(probs[p + 3]) == 0) {
            if (br.bit(probs[p + 4]) == 0) {
                return 2;
            }
            return 3 + br.bit(probs[p + 5]);
        }
        if (br.bit(probs[p + 6]) == 0) {
            if (br.bit(probs[p + 7]) == 0) {
                return 5 + br.bit(159); // category 1
            }
            int v = 7 + 2 * br.bit(165); // category 2
            return v + br.bit(145);
        }
        int high = br.bit(probs[p + 8]);
        int low = br.bit(probs[p + 9 + high]);
        int category = 2 * high + low; // categories 3 to 6
        int v = 0;
        for (int prob : Vp8Tables.CATEGORY_PROBS[category]) {
            v = 2 * v + br.bit(prob);
        }
        return v + 3 + (8 << category);
    }
}
