package dev.pixelprep.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs: tiny files whose headers declare huge images, written byte by byte from the format
 * specifications (PNG: ISO/IEC 15948; JPEG: ITU T.81; GIF89a; TIFF 6.0; BMP BITMAPINFOHEADER; WebP container,
 * RFC 6386 and the VP8L bitstream). Each is a plausible file: a valid header, a little image data, a proper
 * end, so that a decoder which trusts the header starts allocating. JDK only, so that
 * {@code scripts/bomb-rss.sh} can run it as a single-file program: {@code java Bombs.java OUTDIR}.
 */
public final class Bombs {
    private Bombs() {
    }

    /** Every bomb at {@code side}² (WebP bitstreams hold at most 16384 per side; larger sides use a VP8X canvas). */
    public static Map<String, byte[]> all(int side) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("png-rgb8-" + side + ".png", png(side, side, 8, 2));
        m.put("png-rgba16-" + side + ".png", png(side, side, 16, 6));
        m.put("jpeg-baseline-" + side + ".jpg", jpeg(side, side, false));
        m.put("jpeg-progressive-" + side + ".jpg", jpeg(side, side, true));
        m.put("gif-" + side + ".gif", gif(side, side));
        m.put("tiff-" + side + ".tif", tiff(side, side));
        m.put("bmp-rgb24-" + side + ".bmp", bmp(side, side, false));
        m.put("bmp-rle8-" + side + ".bmp", bmp(side, side, true));
        if (side <= 16384) {
            m.put("webp-lossless-" + side + ".webp", webpLossless(side, side));
        } else {
            m.put("webp-lossless-" + side + ".webp", webpExtended(side, side, webpLosslessChunk(16384, 16384)));
        }
        m.put("webp-lossy-" + side + ".webp", webpExtended(side, side, webpLossyChunk(16383, 16383)));
        return m;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bombs");
        Files.createDirectories(dir);
        for (int side : new int[] {16384, 65535}) {
            for (Map.Entry<String, byte[]> e : all(side).entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
        // Within the default pixel limit: refused only when the heap cannot hold it (e.g. with -Xmx256m).
        Files.write(dir.resolve("jpeg-ycbcr-12000x9000.jpg"), jpeg(12000, 9000, false, 3));
    }

    /** PNG: signature, IHDR, one IDAT with the zlib stream of a single zero row, IEND. */
    public static byte[] png(int w, int h, int bitDepth, int colourType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        be32(ihdr, w);
        be32(ihdr, h);
        ihdr.write(bitDepth);
        ihdr.write(colourType);
        ihdr.write(0); // deflate
        ihdr.write(0); // adaptive filtering
        ihdr.write(0); // no interlace
        pngChunk(out, "IHDR", ihdr.toByteArray());
        int channels = colourType == 6 ? 4 : colourType == 2 ? 3 : colourType == 4 ? 2 : 1;
        byte[] row = new byte[1 + w * channels * bitDepth / 8]; // filter byte 0, then zeros
        Deflater z = new Deflater(9);
        z.setInput(row);
        z.finish();
        byte[] buf = new byte[row.length + 64];
        int n = z.deflate(buf);
        z.end();
        byte[] idat = new byte[n];
        System.arraycopy(buf, 0, idat, 0, n);
        pngChunk(out, "IDAT", idat);
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A one-component (grey) JPEG bomb. */
    public static byte[] jpeg(int w, int h, boolean progressive) {
        return jpeg(w, h, progressive, 1);
    }

    /**
     * JPEG with 1 (grey) or 3 (YCbCr) components: SOI, DQT, SOF0 or SOF2, DHT tables with a single one-bit code
     * each (DC difference 0 and AC end-of-block), SOS over every component (for SOF2 the DC-first scan), a few
     * bytes of entropy data, EOI.
     */
    public static byte[] jpeg(int w, int h, boolean progressive, int components) {
        return jpeg(w, h, progressive, components, 16);
    }

    /**
     * The same with {@code scanBytes} zero bytes of entropy data: with the one-bit codes every block is flat, so
     * enough of them (two bits per block, baseline) make a whole, valid image of that size.
     */
    public static byte[] jpeg(int w, int h, boolean progressive, int components, int scanBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        marker(out, 0xD8);
        ByteArrayOutputStream dqt = new ByteArrayOutputStream();
        dqt.write(0); // 8-bit table 0
        for (int i = 0; i < 64; i++) {
            dqt.write(1);
        }
        segment(out, 0xDB, dqt.toByteArray());
        ByteArrayOutputStream sof = new ByteArrayOutputStream();
        sof.write(8);
        be16(sof, h);
        be16(sof, w);
        sof.write(components);
        for (int c = 1; c <= components; c++) {
            sof.write(c);    // id
            sof.write(0x11); // 1x1 sampling
            sof.write(0);    // quantisation table 0
        }
        segment(out, progressive ? 0xC2 : 0xC0, sof.toByteArray());
        segment(out, 0xC4, huffmanTable(0x00)); // DC table 0
        if (!progressive) {
            segment(out, 0xC4, huffmanTable(0x10)); // AC table 0
        }
        ByteArrayOutputStream sos = new ByteArrayOutputStream();
        sos.write(components);
        for (int c = 1; c <= components; c++) {
            sos.write(c);
            sos.write(0x00); // DC table 0, AC table 0
        }
        sos.write(0);    // Ss
        sos.write(progressive ? 0 : 63); // Se
        sos.write(0);    // Ah/Al
        segment(out, 0xDA, sos.toByteArray());
        out.writeBytes(new byte[scanBytes]); // 16 bytes: 64 or 128 blocks of zeros
        marker(out, 0xD9);
        return out.toByteArray();
    }

    /** DHT payload: table class/id, one code of length 1, symbol 0. */
    private static byte[] huffmanTable(int classAndId) {
        byte[] t = new byte[1 + 16 + 1];
        t[0] = (byte) classAndId;
        t[1] = 1;
        t[17] = 0;
        return t;
    }

    /**
     * GIF89a: logical screen and one frame of {@code w}×{@code h}, a 2-colour global table, LZW data (clear,
     * four pixels, end of information) in one sub-block, the block terminator and the trailer.
     */
    public static byte[] gif(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        le16(out, w);
        le16(out, h);
        out.write(0x80); // global colour table of 2 entries
        out.write(0);
        out.write(0);
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        out.write(0x2C);
        le16(out, 0);
        le16(out, 0);
        le16(out, w);
        le16(out, h);
        out.write(0);
        out.write(2); // LZW minimum code size
        // Codes LSB first: clear (4), four pixels of colour 0, end of information (5). The code size grows from
        // 3 to 4 bits once the decoder's table reaches 8 entries, after the third pixel.
        int[][] codes = {{4, 3}, {0, 3}, {0, 3}, {0, 3}, {0, 4}, {5, 4}};
        long bits = 0;
        int n = 0;
        for (int[] c : codes) {
            bits |= (long) c[0] << n;
            n += c[1];
        }
        int bytes = (n + 7) / 8;
        out.write(bytes);
        for (int i = 0; i < bytes; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xFF);
        }
        out.write(0);
        out.write(0x3B);
        return out.toByteArray();
    }

    /** Little-endian TIFF: one grey 8-bit strip of the whole image, PackBits-compressed to a few runs. */
    public static byte[] tiff(int w, int h) {
        byte[] strip = new byte[8];
        for (int i = 0; i < strip.length; i += 2) {
            strip[i] = (byte) -127; // repeat the next byte 128 times
            strip[i + 1] = 0;
        }
        int entries = 9;
        int ifd = 8;
        int data = ifd + 2 + 12 * entries + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'I', 'I', 42, 0});
        le32(out, ifd);
        le16(out, entries);
        tiffEntry(out, 256, 4, 1, w);      // ImageWidth
        tiffEntry(out, 257, 4, 1, h);      // ImageLength
        tiffEntry(out, 258, 3, 1, 8);      // BitsPerSample
        tiffEntry(out, 259, 3, 1, 32773);  // Compression: PackBits
        tiffEntry(out, 262, 3, 1, 1);      // PhotometricInterpretation: BlackIsZero
        tiffEntry(out, 273, 4, 1, data);   // StripOffsets
        tiffEntry(out, 277, 3, 1, 1);      // SamplesPerPixel
        tiffEntry(out, 278, 4, 1, h);      // RowsPerStrip
        tiffEntry(out, 279, 4, 1, strip.length); // StripByteCounts
        le32(out, 0); // no next IFD
        out.writeBytes(strip);
        return out.toByteArray();
    }

    private static void tiffEntry(ByteArrayOutputStream out, int tag, int type, int count, int value) {
        le16(out, tag);
        le16(out, type);
        le32(out, count);
        if (type == 3) {
            le16(out, value);
            le16(out, 0);
        } else {
            le32(out, value);
        }
    }

    /**
     * BMP with a BITMAPINFOHEADER, bottom-up: 24-bit uncompressed with one row of pixel data, or 8-bit RLE8 with a
     * 2-colour palette, a few runs of 255 pixels and the end-of-bitmap code.
     */
    public static byte[] bmp(int w, int h, boolean rle) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        if (rle) {
            for (int i = 0; i < 8; i++) {
                pixels.write(255);
                pixels.write(1);
            }
            pixels.write(0);
            pixels.write(1); // end of bitmap
        } else {
            pixels.writeBytes(new byte[(w * 3 + 3) / 4 * 4]);
        }
        int palette = rle ? 2 * 4 : 0;
        int offset = 14 + 40 + palette;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('B');
        out.write('M');
        le32(out, offset + pixels.size());
        le32(out, 0);
        le32(out, offset);
        le32(out, 40);
        le32(out, w);
        le32(out, h);
        le16(out, 1);
        le16(out, rle ? 8 : 24);
        le32(out, rle ? 1 : 0); // BI_RLE8 or BI_RGB
        le32(out, pixels.size());
        le32(out, 2835);
        le32(out, 2835);
        le32(out, rle ? 2 : 0);
        le32(out, 0);
        if (rle) {
            out.writeBytes(new byte[] {0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, 0});
        }
        out.writeBytes(pixels.toByteArray());
        return out.toByteArray();
    }

    /** Simple-format lossless WebP: RIFF, the VP8L chunk. */
    public static byte[] webpLossless(int w, int h) {
        return riff(webpLosslessChunk(w, h));
    }

    /**
     * A VP8L chunk: signature 0x2f, 14-bit width-1 and height-1, no alpha, version 0, then the start of a
     * bitstream (no transform, no colour cache, one simple Huffman group) cut short, as the bomb in the issue.
     */
    public static byte[] webpLosslessChunk(int w, int h) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x2F);
        long bits = (long) (w - 1) | (long) (h - 1) << 14;
        le32(p, (int) bits);
        p.writeBytes(new byte[] {0x00, 0x00, 0x00, 0x00, 0x00});
        return chunk("VP8L", p.toByteArray());
    }

    /** A VP8 chunk: key-frame tag with a 10-byte first partition, start code, 14-bit sizes, zero partitions. */
    public static byte[] webpLossyChunk(int w, int h) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        int firstPartition = 10;
        int tag = 0 /* key frame */ | 0 << 1 /* version */ | 1 << 4 /* show */ | firstPartition << 5;
        p.write(tag & 0xFF);
        p.write((tag >>> 8) & 0xFF);
        p.write((tag >>> 16) & 0xFF);
        p.writeBytes(new byte[] {(byte) 0x9D, 0x01, 0x2A});
        le16(p, w & 0x3FFF);
        le16(p, h & 0x3FFF);
        p.writeBytes(new byte[firstPartition + 8]);
        return chunk("VP8 ", p.toByteArray());
    }

    /** Extended-format WebP: a VP8X chunk declaring a {@code w}×{@code h} canvas, then {@code image}. */
    public static byte[] webpExtended(int w, int h, byte[] image) {
        ByteArrayOutputStream x = new ByteArrayOutputStream();
        x.write(0); // no ICC, alpha, EXIF, XMP or animation
        x.writeBytes(new byte[3]);
        le24(x, w - 1);
        le24(x, h - 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(chunk("VP8X", x.toByteArray()));
        body.writeBytes(image);
        return riff(body.toByteArray());
    }

    private static byte[] riff(byte[] chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        le32(out, 4 + chunks.length);
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(chunks);
        return out.toByteArray();
    }

    private static byte[] chunk(String fourcc, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fourcc.getBytes(StandardCharsets.US_ASCII));
        le32(out, payload.length);
        out.writeBytes(payload);
        if ((payload.length & 1) != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] body) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        be32(out, body.length);
        out.writeBytes(t);
        out.writeBytes(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        be32(out, (int) crc.getValue());
    }

    private static void marker(ByteArrayOutputStream out, int m) {
        out.write(0xFF);
        out.write(m);
    }

    private static void segment(ByteArrayOutputStream out, int m, byte[] payload) {
        marker(out, m);
        be16(out, payload.length + 2);
        out.writeBytes(payload);
    }

    private static void be16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }

    private static void be32(ByteArrayOutputStream out, int v) {
        be16(out, v >>> 16);
        be16(out, v);
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void le24(ByteArrayOutputStream out, int v) {
        le16(out, v);
        out.write((v >>> 16) & 0xFF);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v);
        le16(out, v >>> 16);
    }
}
