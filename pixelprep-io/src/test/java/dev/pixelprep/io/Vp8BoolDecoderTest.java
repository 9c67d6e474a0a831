package dev.pixelprep.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boolean decoder against RFC 6386's boolean encoder (section 7.3, written out below as the test's peer), and
 * its end-of-partition flag against libwebp's rule.
 */
class Vp8BoolDecoderTest {

    /** RFC 6386 section 7.3's encoder. */
    private static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private byte[] buf = new byte[0];
        private int len;
        private int range = 255;
        private long bottom;
        private int bitCount = 24;

        private void emit(int b) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(16, 2 * len));
            }
            buf[len++] = (byte) b;
        }

        private void carry() {
            int i = len - 1;
            while (i >= 0 && buf[i] == (byte) 0xFF) {
                buf[i--] = 0;
            }
            buf[i]++;
        }

        void write(int prob, boolean value) {
            int split = 1 + (((range - 1) * prob) >> 8);
            if (value) {
                bottom += split;
                range -= split;
            } else {
                range = split;
            }
            while (range < 128) {
                range <<= 1;
                if ((bottom & (1L << 31)) != 0) {
                    carry();
                }
                bottom = (bottom << 1) & 0xFFFFFFFFL;
                if (--bitCount == 0) {
                    emit((int) (bottom >>> 24));
                    bottom &= (1 << 24) - 1;
                    bitCount = 8;
                }
            }
        }

        byte[] finish() {
            int c = bitCount;
            long v = bottom;
            if ((v & (1L << (32 - c))) != 0) {
                carry();
            }
            v = (v << (c & 7)) & 0xFFFFFFFFL;
            for (int k = c >> 3; --k >= 0; ) {
                v = (v << 8) & 0xFFFFFFFFL;
            }
            for (int k = 0; k < 4; k++) {
                emit((int) (v >>> 24));
                v = (v << 8) & 0xFFFFFFFFL;
            }
            return java.util.Arrays.copyOf(buf, len);
        }
    }

    @Property(tries = 300)
    void decodesWhatTheRfcEncoderWrote(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 255) Integer> probs,
                                       @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        Encoder e = new Encoder();
        boolean[] bits = new boolean[probs.size()];
        for (int i = 0; i < bits.length; i++) {
            int p = Math.max(1, probs.get(i));
            bits[i] = r.nextInt(256) >= p; // 0 with probability p/256, as the coder models it
            e.write(p, bits[i]);
        }
        byte[] data = e.finish();
        Vp8BoolDecoder d = new Vp8BoolDecoder(data, 0, data.length);
        for (int i = 0; i < bits.length; i++) {
            assertThat(d.bit(Math.max(1, probs.get(i)))).as("bit %d", i).isEqualTo(bits[i] ? 1 : 0);
        }
        // the RFC's flush writes 32 bits of padding: a stream read to its last coded bit never runs out
        assertThat(d.eof).isFalse();
    }

    @Test
    void literalsAndSignsReadMostSignificantBitFirst() {
        Encoder e = new Encoder();
        for (int b = 6; b >= 0; b--) {
            e.write(128, ((93 >> b) & 1) != 0);
        }
        e.write(128, true); // sign: negative
        e.write(128, false);
        byte[] data = e.finish();
        Vp8BoolDecoder d = new Vp8BoolDecoder(data, 0, data.length);
        assertThat(d.signedLiteral(7)).isEqualTo(-93);
        assertThat(d.signed(5)).isEqualTo(5);
    }

    /** libwebp loads the first byte when the reader is made: an empty partition has run out before any read. */
    @Test
    void anEmptyPartitionHasRunOutAtOnce() {
        assertThat(new Vp8BoolDecoder(new byte[4], 2, 0).eof).isTrue();
        assertThat(new Vp8BoolDecoder(new byte[4], 2, 1).eof).isFalse();
    }

    /**
     * A reader loading a byte at a time (libwebp's 8-bit build, and RFC 6386's decoder), as a second formulation:
     * on streams an encoder wrote it reads the same bits, and its flag rises at the same read, whatever a load
     * takes. (On corrupt streams the two may read different bits; ours follows libwebp's 64-bit build there, which
     * the corpus tests check against dwebp.)
     */
    private static final class ByteWise {
        final byte[] d;
        int pos;
        final int end;
        long value;
        int bits = -8;
        int range = 254;
        boolean eof;

        ByteWise(byte[] d) {
            this.d = d;
            this.end = d.length;
            load();
        }

        void load() {
            if (pos < end) {
                value = (value << 8) | (d[pos++] & 0xFF);
                bits += 8;
            } else if (!eof) {
                value <<= 8;
                bits += 8;
                eof = true;
            } else {
                bits = 0;
            }
        }

        int bit(int prob) {
            if (bits < 0) {
                load();
            }
            int split = (range * prob) >>> 8;
            long v = value >>> bits;
            int bit = v > split ? 1 : 0;
            int r;
            if (bit == 1) {
                r = range - split;
                value -= (long) (split + 1) << bits;
            } else {
                r = split + 1;
            }
            int shift = 7 - (31 - Integer.numberOfLeadingZeros(r));
            bits -= shift;
            range = (r << shift) - 1;
            return bit;
        }
    }

    /** Encoded streams of random bits, read a bit at a time past their end: both readers agree to the flag. */
    @Property(tries = 500)
    void theFlagRisesAtTheSameReadAsWithByteLoads(@ForAll @Size(max = 300) List<@IntRange(min = 1, max = 255) Integer> probs,
                                                   @ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int cut) {
        java.util.Random r = new java.util.Random(seed);
        Encoder e = new Encoder();
        for (int p : probs) {
            e.write(p, r.nextInt(256) >= p);
        }
        byte[] full = e.finish();
        byte[] data = java.util.Arrays.copyOf(full, Math.max(0, full.length - cut)); // cut: the reader runs out
        Vp8BoolDecoder ours = new Vp8BoolDecoder(data, 0, data.length);
        ByteWise bytes = new ByteWise(data);
        assertThat(ours.eof).isEqualTo(bytes.eof);
        for (int read = 0; read < probs.size() + 64 && !ours.eof; read++) {
            int prob = read < probs.size() ? probs.get(read) : 128;
            assertThat(ours.bit(prob)).as("read %d", read).isEqualTo(bytes.bit(prob));
            assertThat(ours.eof).as("flag after read %d", read).isEqualTo(bytes.eof);
        }
    }
}
