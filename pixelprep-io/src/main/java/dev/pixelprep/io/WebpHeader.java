package dev.pixelprep.io;

/**
 * The RIFF container of a WebP file and the headers of its image chunk (WebP container specification and
 * RFC 9649): the simple formats {@code VP8 } (lossy, RFC 6386 frame header) and {@code VP8L} (lossless) and
 * the extended format {@code VP8X} (canvas size, alpha, animation flags) with its {@code ALPH}, {@code ANMF}
 * and image chunks.
 *
 * <p>The RIFF size must fit in the file and every chunk must fit in the RIFF size: the TwelveMonkeys decoders
 * read past the end of a cut lossless stream as if it held more data and return made-up pixels, so a file
 * shorter than it says is refused here. The size returned is what the reader decodes: the VP8X canvas for a
 * still image (the reader decodes its bitstream at the canvas size, so the two must agree) and the first
 * frame of an animation.
 */
final class WebpHeader {
    /**
     * Bytes per pixel our lossy decoder ({@link LossyWebp}) holds beside its output: the Y, U and V planes of the
     * frame rounded up to whole macroblocks (1.5 bytes per pixel of that frame).
     */
    private static final int VP8_DECODER_BYTES = 2;
    /**
     * Our lossless decoder ({@link LosslessWebp}) decodes into an ARGB int per pixel that becomes the raster; a
     * colour-indexed image takes a second such array, the transforms' sub-images up to a quarter of one more.
     */
    private static final int VP8L_DECODER_BYTES = 5;
    /** The Java reader (animations, lossy) decodes a lossless frame into an ARGB int per pixel before its raster. */
    private static final int VP8L_READER_BYTES = 4;

    private WebpHeader() {
    }

    /** @throws ImageDataException when the container is truncated or a header is invalid */
    static ImageHeader parse(byte[] d) {
        long riffEnd = 8 + Bytes.u32(d, 4, true);
        if (riffEnd < 20) {
            throw new ImageDataException("corrupt WebP: RIFF size " + (riffEnd - 8) + " leaves no room for an image chunk");
        }
        // The chunks holding the size must lie within the RIFF size and the file; that the file is as long as its
        // RIFF size says, and every later chunk within it, is the data check's job (after the size check).
        int end = (int) Math.min(riffEnd, d.length);
        Chunk first = chunk(d, 12, end);
        ImageHeader h;
        switch (first.fourcc) {
            case "VP8 ": {
                Frame f = frame(d, first);
                h = new ImageHeader(f.width, f.height, f.width, f.height, 3, VP8_DECODER_BYTES, 3, false);
                break;
            }
            case "VP8L": {
                Frame f = frame(d, first);
                h = new ImageHeader(f.width, f.height, f.width, f.height, 4, VP8L_DECODER_BYTES, 4, false);
                break;
            }
            case "VP8X":
                h = extended(d, first, end);
                break;
            default:
                throw new ImageDataException("corrupt WebP: the first chunk is '" + printable(first.fourcc)
                        + "', expected VP8, VP8L or VP8X");
        }
        return h.withDataCheck(() -> {
            if (riffEnd > d.length) {
                throw new ImageDataException("file is truncated: the RIFF header declares " + riffEnd + " bytes, the file has " + d.length);
            }
            for (int p = 12; p < riffEnd; ) {
                p = chunk(d, p, (int) riffEnd).next;
            }
        });
    }

    private static ImageHeader extended(byte[] d, Chunk vp8x, int end) {
        if (vp8x.size < 10) {
            throw new ImageDataException("corrupt WebP: VP8X chunk of " + vp8x.size + " bytes, expected 10");
        }
        int flags = d[vp8x.payload] & 0xFF;
        boolean animated = (flags & 0x02) != 0;
        boolean alphaFlag = (flags & 0x10) != 0;
        long canvasW = 1 + Bytes.u24le(d, vp8x.payload + 4);
        long canvasH = 1 + Bytes.u24le(d, vp8x.payload + 7);
        boolean alphChunk = false;
        for (int p = vp8x.next; p < end; ) {
            Chunk c = chunk(d, p, end);
            if (animated && c.fourcc.equals("ANMF")) {
                if (c.size < 16 + 8) {
                    throw new ImageDataException("corrupt WebP: animation frame chunk of " + c.size + " bytes");
                }
                long fw = 1 + Bytes.u24le(d, c.payload + 6);
                long fh = 1 + Bytes.u24le(d, c.payload + 9);
                Frame f = null;
                boolean alpha = false;
                for (int q = c.payload + 16; q < c.payload + c.size; ) {
                    Chunk s = chunk(d, q, c.payload + c.size);
                    if (s.fourcc.equals("ALPH")) {
                        alpha = true;
                    } else if (s.fourcc.equals("VP8 ") || s.fourcc.equals("VP8L")) {
                        f = frame(d, s);
                        break;
                    }
                    q = s.next;
                }
                if (f == null) {
                    throw new ImageDataException("corrupt WebP: the first animation frame has no image data");
                }
                // The size and memory checks use the frame header's size; the bitstream must not hold more (our
                // lossy decoder decodes the bitstream's size, as libwebp does).
                if (f.width * f.height > fw * fh) {
                    throw new ImageDataException("corrupt WebP: the first animation frame's bitstream is " + f.width + "x"
                            + f.height + ", larger than the " + fw + "x" + fh + " its frame header declares");
                }
                return header(fw, fh, canvasW, canvasH, f.lossless, alpha || f.alpha || alphaFlag, alpha);
            }
            if (!animated && (c.fourcc.equals("VP8 ") || c.fourcc.equals("VP8L"))) {
                Frame f = frame(d, c);
                ImageHeader still = f.lossless
                        ? new ImageHeader(canvasW, canvasH, canvasW, canvasH, 4, VP8L_DECODER_BYTES, 4, false)
                        : stillLossy(canvasW, canvasH, alphaFlag || alphChunk, alphChunk);
                return still
                        .withDataCheck(() -> {
                            // The reader decodes the bitstream at the canvas size, whatever size the bitstream says.
                            if (f.width != canvasW || f.height != canvasH) {
                                throw new ImageDataException("corrupt WebP: the VP8X canvas is " + canvasW + "x" + canvasH
                                        + " but its image is " + f.width + "x" + f.height);
                            }
                        });
            }
            if (c.fourcc.equals("ALPH")) {
                alphChunk = true;
            }
            p = c.next;
        }
        throw new ImageDataException(animated ? "corrupt WebP: an animation without frames" : "corrupt WebP: no image data after the VP8X header");
    }

    /**
     * Where the bitstreams of a file that passed {@link #parse} and its data check are: the VP8L payload of a still
     * lossless image (simple format, or VP8X without animation) with the ICC profile of a VP8X file; the VP8 payload
     * of a still lossy image or of an animation's lossy first frame, and its ALPH chunk; for an animation's lossless
     * first frame, the stream the Java reader will decode, which is checked by our decoder first.
     */
    static Streams streams(byte[] d) {
        int end = (int) Math.min(8 + Bytes.u32(d, 4, true), d.length);
        Chunk first = chunk(d, 12, end);
        Streams s = new Streams();
        if (first.fourcc.equals("VP8L")) {
            s.lossless = first.payload;
            s.losslessLength = padded(first, d);
            return s;
        }
        if (first.fourcc.equals("VP8 ")) {
            s.lossy = first.payload;
            s.lossyLength = padded(first, d);
            return s;
        }
        if (!first.fourcc.equals("VP8X")) {
            return s;
        }
        boolean animated = (d[first.payload] & 0x02) != 0;
        s.animated = animated;
        s.width = 1 + Bytes.u24le(d, first.payload + 4);
        s.height = 1 + Bytes.u24le(d, first.payload + 7);
        for (int p = first.next; p < end; ) {
            Chunk c = chunk(d, p, end);
            if (c.fourcc.equals("ICCP") && s.icc == null) {
                s.icc = java.util.Arrays.copyOfRange(d, c.payload, c.payload + c.size);
            } else if (animated && c.fourcc.equals("ANMF")) {
                s.width = 1 + Bytes.u24le(d, c.payload + 6);
                s.height = 1 + Bytes.u24le(d, c.payload + 9);
                for (int q = c.payload + 16; q < c.payload + c.size; ) {
                    Chunk f = chunk(d, q, c.payload + c.size);
                    if (f.fourcc.equals("ALPH")) {
                        s.alpha = f.payload;
                        s.alphaLength = padded(f, d);
                    } else if (f.fourcc.equals("VP8L")) {
                        s.frame = f.payload;
                        s.frameLength = padded(f, d);
                        break;
                    } else if (f.fourcc.equals("VP8 ")) {
                        s.lossy = f.payload;
                        s.lossyLength = padded(f, d);
                        break;
                    }
                    q = f.next;
                }
                return s;
            } else if (!animated && c.fourcc.equals("ALPH")) {
                s.alpha = c.payload;
                s.alphaLength = padded(c, d);
            } else if (!animated && c.fourcc.equals("VP8L")) {
                s.lossless = c.payload;
                s.losslessLength = padded(c, d);
                s.alpha = -1;
                return s;
            } else if (!animated && c.fourcc.equals("VP8 ")) {
                s.lossy = c.payload;
                s.lossyLength = padded(c, d);
                return s;
            }
            p = c.next;
        }
        return s;
    }

    /**
     * A chunk's payload with its padding byte, when the file has it: libwebp's demuxer (Pillow's route) hands a
     * decoder the padded payload, so a lossless stream may end in the padding byte (dwebp even reads on into the
     * chunks that follow; we refuse that, as Pillow does).
     */
    private static int padded(Chunk c, byte[] d) {
        return (int) Math.min(c.size + (c.size & 1L), d.length - (long) c.payload);
    }

    /** See {@link #streams}; offsets are -1 where the file has no such stream. */
    static final class Streams {
        /** A still lossless image's VP8L payload: decoded by {@link LosslessWebp}. */
        int lossless = -1;
        int losslessLength;
        /**
         * The VP8 payload of a still lossy image or of an animation's lossy first frame: decoded by {@link LossyWebp},
         * with the alpha plane of its ALPH chunk.
         */
        int lossy = -1;
        int lossyLength;
        /** An animation's first frame when it is lossless: checked by {@link LosslessWebp}, decoded by the reader. */
        int frame = -1;
        int frameLength;
        /** The ALPH chunk of a lossy image or frame (its first byte is the header). */
        int alpha = -1;
        int alphaLength;
        /** The canvas, or the first frame's size for an animation. */
        int width;
        int height;
        boolean animated;
        byte[] icc;
    }

    /** An animation's first frame: lossless by the Java reader, lossy by {@link LossyWebp}. */
    private static ImageHeader header(long w, long h, long canvasW, long canvasH, boolean lossless, boolean alpha,
                                      boolean alphaChunk) {
        int out = alpha ? 4 : 3;
        // an ALPH stream is decoded twice: checked by our lossless decoder, then by the reader
        int decoder = (lossless ? VP8L_READER_BYTES : VP8_DECODER_BYTES) + (alphaChunk ? 8 : 0);
        return new ImageHeader(w, h, canvasW, canvasH, out, decoder, out, false);
    }

    /** A still lossy image, decoded by {@link LossyWebp}; an ALPH plane takes a byte per pixel and its decode's ints. */
    private static ImageHeader stillLossy(long w, long h, boolean alpha, boolean alphaChunk) {
        int out = alpha ? 4 : 3;
        return new ImageHeader(w, h, w, h, out, VP8_DECODER_BYTES + (alphaChunk ? 5 : 0), out, false);
    }

    /** The size stored in a VP8 or VP8L chunk. */
    private static Frame frame(byte[] d, Chunk c) {
        int p = c.payload;
        if (c.fourcc.equals("VP8L")) {
            if (c.size < 5) {
                throw new ImageDataException("corrupt WebP: VP8L chunk of " + c.size + " bytes");
            }
            if ((d[p] & 0xFF) != 0x2F) {
                throw new ImageDataException("corrupt WebP: the VP8L chunk lacks its 0x2f signature");
            }
            long bits = Bytes.u32(d, p + 1, true);
            if ((bits >>> 29) != 0) {
                throw new ImageDataException("corrupt WebP: VP8L version " + (bits >>> 29) + ", expected 0");
            }
            return new Frame(1 + (bits & 0x3FFF), 1 + ((bits >>> 14) & 0x3FFF), true, ((bits >>> 28) & 1) != 0);
        }
        if (c.size < 10) {
            throw new ImageDataException("corrupt WebP: VP8 chunk of " + c.size + " bytes");
        }
        int tag = Bytes.u24le(d, p);
        if ((tag & 1) != 0) {
            throw new ImageDataException("corrupt WebP: the VP8 frame is not a key frame");
        }
        if ((d[p + 3] & 0xFF) != 0x9D || (d[p + 4] & 0xFF) != 0x01 || (d[p + 5] & 0xFF) != 0x2A) {
            throw new ImageDataException("corrupt WebP: the VP8 frame lacks its start code");
        }
        long firstPartition = (tag >>> 5) & 0x7FFFF;
        if (firstPartition > c.size - 10L) {
            throw new ImageDataException("file is truncated or corrupt: the VP8 frame's first partition of " + firstPartition
                    + " bytes does not fit in its chunk of " + c.size);
        }
        long w = Bytes.u16(d, p + 6, true) & 0x3FFF;
        long h = Bytes.u16(d, p + 8, true) & 0x3FFF;
        return new Frame(w, h, false, false);
    }

    /** The chunk header at {@code p}, whose payload must end by {@code end}. */
    private static Chunk chunk(byte[] d, int p, int end) {
        if (p + 8 > end) {
            throw new ImageDataException("file is truncated or corrupt: a WebP chunk header at byte " + p
                    + " runs past the end of the RIFF data (" + end + " bytes)");
        }
        String fourcc = new String(d, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        long size = Bytes.u32(d, p + 4, true);
        if (p + 8 + size > end) {
            throw new ImageDataException("file is truncated: the WebP '" + printable(fourcc) + "' chunk declares " + size
                    + " bytes, " + Math.max(0, end - p - 8) + " remain");
        }
        long next = p + 8 + size + (size & 1);
        return new Chunk(fourcc, (int) size, p + 8, (int) Math.min(next, end));
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    private static final class Chunk {
        final String fourcc;
        final int size;
        final int payload;
        final int next;

        Chunk(String fourcc, int size, int payload, int next) {
            this.fourcc = fourcc;
            this.size = size;
            this.payload = payload;
            this.next = next;
        }
    }

    private static final class Frame {
        final long width;
        final long height;
        final boolean lossless;
        final boolean alpha;

        Frame(long width, long height, boolean lossless, boolean alpha) {
            this.width = width;
            this.height = height;
            this.lossless = lossless;
            this.alpha = alpha;
        }
    }
}
