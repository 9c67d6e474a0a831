package dev.pixelprep.io;

/**
 * The boolean entropy decoder of VP8 (RFC 6386 section 7) over one partition of a lossy WebP's {@code VP8 } chunk,
 * with libwebp's rule for a partition that runs out.
 *
 * <p>Running out: a decoder that needs more bits than the partition holds reads one virtual zero byte and raises
 * {@link #eof}; libwebp checks that flag after the frame header's parts, after each row of macroblock modes and
 * after each macroblock's tokens, and refuses the file ({@code NOT_ENOUGH_DATA}, "Premature end-of-file"). The
 * flag is raised exactly where libwebp raises it: when a bit is read while fewer than 8 bits beyond the current
 * position are buffered and no byte is left, or when the partition is empty (libwebp loads its first bytes when the
 * reader is made). How many bytes a load takes does not move that point.
 *
 * <p>Corrupt streams: bits no encoder would write leave more in the window than the range allows, and then what a
 * read returns depends on how the reader holds its bits. This one holds them as libwebp does on 64-bit machines
 * (what Pillow and dwebp run on x86-64 and arm64): 64 bits that wrap, loaded 7 bytes at a time, compared in 32 bits,
 * so that even there the bits read, and the pixels made of them, are libwebp's.
 *
 * <p>Range: {@code range} is kept as libwebp keeps it, one less than RFC 6386's range, in 127..254 between reads;
 * libwebp's faster sign read ({@code VP8GetSigned}) equals a read at probability 128 for every range this state can
 * hold; {@link #signed} still follows libwebp's arithmetic, which differs on corrupt streams.
 *
 * <p>Confined: one decoder per partition, used by one thread.
 */
final class Vp8BoolDecoder {
    private final byte[] data;
    private int pos;
    private final int end;
    /** Buffered bits; the bits below {@code bits} are not yet consumed. */
    private long value;
    /** Buffered bits beyond the 8 the next read needs; below 0, the next read loads a byte first. */
    private int bits;
    private int range;
    /** The partition ran out (see the class comment). */
    boolean eof;

    Vp8BoolDecoder(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
        this.range = 255 - 1;
        this.bits = -8;
        load();
    }

    /**
     * Loads bits as libwebp does on 64-bit machines: 56 bits (7 bytes) while at least 8 bytes are left, then single
     * bytes; past the end, one zero byte and the flag.
     */
    private void load() {
        if (end - pos >= 8) {
            long v = 0;
            for (int i = 0; i < 7; i++) {
                v = (v << 8) | (data[pos++] & 0xFF);
            }
            value = (value << 56) | v;
            bits += 56;
        } else if (pos < end) {
            value = (value << 8) | (data[pos++] & 0xFF);
            bits += 8;
        } else if (!eof) {
            value <<= 8;
            bits += 8;
            eof = true;
        } else {
            bits = 0;
        }
    }

    /** One bit whose probability of being 0 is {@code prob}/256. */
    int bit(int prob) {
        if (bits < 0) {
            load();
        }
        int split = (range * prob) >>> 8;
        // libwebp compares in 32 bits (range_t): a corrupt stream can leave more above the window, which is cut
        long v = (value >>> bits) & 0xFFFFFFFFL;
        int r;
        int bit;
        if (v > split) {
            r = range - split;
            value -= (long) (split + 1) << bits;
            bit = 1;
        } else {
            r = split + 1;
            bit = 0;
        }
        // r is 1..255: shift it back into 128..255
        int shift = Integer.numberOfLeadingZeros(r) - 24;
        bits -= shift;
        range = (r << shift) - 1;
        return bit;
    }

    /** An unsigned {@code n}-bit literal, most significant bit first, each bit at probability 128. */
    int literal(int n) {
        int v = 0;
        while (n-- > 0) {
            v |= bit(0x80) << n;
        }
        return v;
    }

    /** An {@code n}-bit magnitude followed by its sign bit (RFC 6386 section 9's signed header fields). */
    int signedLiteral(int n) {
        int v = literal(n);
        return bit(0x80) != 0 ? -v : v;
    }

    /**
     * {@code v} with the sign bit that follows it in the token data, read as libwebp's {@code VP8GetSigned} reads
     * it: on every stream an encoder writes this is a read at probability 128, but the arithmetic differs on a
     * corrupt one (the comparison is a 32-bit subtraction's sign, the range is halved without renormalising), and
     * libwebp's pixels are the ones to give there too.
     */
    int signed(int v) {
        if (bits < 0) {
            load();
        }
        int split = range >>> 1;
        int window = (int) (value >>> bits); // the low 32 bits, as libwebp's range_t
        int mask = (split - window) >> 31; // -1 for a negative value, else 0
        value -= (long) ((split + 1) & mask) << bits;
        bits -= 1;
        range = (range + mask) | 1;
        return (v ^ mask) - mask;
    }

    /** A flag: one bit at probability 128. */
    boolean flag() {
        return bit(0x80) != 0;
    }
}
