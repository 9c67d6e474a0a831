package dev.pixelprep.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The marker segments of a JPEG up to its first scan: frame size, component count, sample precision, the
 * EXIF block (APP1 {@code "Exif\0\0"}) and the ICC profile (APP2 {@code "ICC_PROFILE\0"} chunks, ICC.1
 * Annex B.4). Every length is bounds-checked; a header that runs past the end of the data is reported as
 * truncated.
 */
final class JpegHeader {
    private static final byte[] EXIF_ID = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    /** Width from the SOF segment, or -1 if the header has no frame. */
    final int width;
    final int height;
    final int components;
    final int precision;
    /** The start-of-frame marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC9.. arithmetic, ...). */
    final int frameMarker;
    /** TIFF structure of the first APP1 Exif segment, or {@code null}. */
    final byte[] exif;
    /** The reassembled ICC profile, or {@code null}. */
    final byte[] icc;
    /** {@code [start, end)} byte ranges of the APP2 ICC segments, markers included. */
    private final List<int[]> iccSegments;
    /** Each component's horizontal and vertical sampling factors, from the SOF segment. */
    private final int[] hSampling;
    private final int[] vSampling;
    /** Bytes of the file from its first scan header (SOS) to its end: the room the scans have. */
    private final long scanRoom;

    private JpegHeader(int width, int height, int components, int precision, int frameMarker, byte[] exif, byte[] icc,
                       List<int[]> iccSegments, int[] hSampling, int[] vSampling, long scanRoom) {
        this.hSampling = hSampling;
        this.vSampling = vSampling;
        this.scanRoom = scanRoom;
        this.frameMarker = frameMarker;
        this.width = width;
        this.height = height;
        this.components = components;
        this.precision = precision;
        this.exif = exif;
        this.icc = icc;
        this.iccSegments = iccSegments;
    }

    /**
     * Parses the segments of {@code data} (which must start with SOI) up to SOS or EOI.
     *
     * @throws ImageDataException with a short reason when the marker structure is broken or truncated
     */
    static JpegHeader parse(byte[] data) {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            throw new ImageDataException("no JPEG start-of-image marker");
        }
        int width = -1;
        int height = -1;
        int components = 0;
        int precision = 0;
        int frameMarker = 0;
        byte[] exif = null;
        List<byte[]> iccChunks = new ArrayList<>();
        List<Integer> iccSeq = new ArrayList<>();
        List<int[]> iccSegments = new ArrayList<>();
        int[] hSampling = new int[0];
        int[] vSampling = new int[0];
        int p = 2;
        while (true) {
            if (p >= data.length) {
                throw new ImageDataException("file is truncated inside the JPEG header (no image data)");
            }
            if ((data[p] & 0xFF) != 0xFF) {
                throw new ImageDataException("corrupt JPEG header: expected a marker at byte " + p);
            }
            int start = p;
            while (p < data.length && (data[p] & 0xFF) == 0xFF) {
                p++; // fill bytes
            }
            if (p >= data.length) {
                throw new ImageDataException("file is truncated inside the JPEG header (no image data)");
            }
            int marker = data[p++] & 0xFF;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // stand-alone markers carry no length
            }
            if (marker == 0xD9) {
                throw new ImageDataException("JPEG ends before any image data");
            }
            if (p + 2 > data.length) {
                throw new ImageDataException("file is truncated inside the JPEG header (no image data)");
            }
            int len = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
            if (len < 2) {
                throw new ImageDataException("corrupt JPEG header: segment length " + len + " at byte " + p);
            }
            int payload = p + 2;
            int end = p + len;
            if (end > data.length) {
                throw new ImageDataException("file is truncated inside the JPEG header (no image data)");
            }
            int n = end - payload;
            if (marker == 0xDA) {
                p = start;
                break;
            }
            if (isStartOfFrame(marker) && n >= 6 && width < 0) {
                precision = data[payload] & 0xFF;
                height = ((data[payload + 1] & 0xFF) << 8) | (data[payload + 2] & 0xFF);
                width = ((data[payload + 3] & 0xFF) << 8) | (data[payload + 4] & 0xFF);
                components = data[payload + 5] & 0xFF;
                frameMarker = marker;
                if (n >= 6 + 3 * components) {
                    hSampling = new int[components];
                    vSampling = new int[components];
                    for (int c = 0; c < components; c++) {
                        int hv = data[payload + 6 + 3 * c + 1] & 0xFF;
                        hSampling[c] = hv >> 4;
                        vSampling[c] = hv & 15;
                    }
                }
            } else if (marker == 0xE1 && exif == null && startsWith(data, payload, n, EXIF_ID)) {
                exif = Arrays.copyOfRange(data, payload + EXIF_ID.length, end);
            } else if (marker == 0xE2 && startsWith(data, payload, n, ICC_ID) && n >= ICC_ID.length + 2) {
                iccSeq.add(data[payload + ICC_ID.length] & 0xFF);
                iccChunks.add(Arrays.copyOfRange(data, payload + ICC_ID.length + 2, end));
                iccSegments.add(new int[] {start, end});
            }
            p = end;
        }
        if (width < 0) {
            throw new ImageDataException("JPEG has no frame header (SOF) before its image data");
        }
        return new JpegHeader(width, height, components, precision, frameMarker, exif, assemble(iccChunks, iccSeq), iccSegments,
                hSampling, vSampling, data.length - (long) p);
    }

    /**
     * The fewest bytes of scan data a Huffman-coded frame (baseline, extended or progressive) of this size can
     * have, or 0 where no such bound is known (arithmetic or lossless coding, a height given later by DNL, sampling
     * factors out of range). Every 8x8 block of every component has its DC coefficient coded in some scan, each
     * with a Huffman code of at least one bit, so the scans hold at least one bit per block; blocks counted per
     * component without the padding an interleaved scan adds.
     */
    long minimumScanBytes() {
        if ((frameMarker != 0xC0 && frameMarker != 0xC1 && frameMarker != 0xC2) || height <= 0 || width <= 0
                || hSampling.length != components || components == 0) {
            return 0;
        }
        int hMax = 0;
        int vMax = 0;
        for (int c = 0; c < components; c++) {
            if (hSampling[c] < 1 || hSampling[c] > 4 || vSampling[c] < 1 || vSampling[c] > 4) {
                return 0;
            }
            hMax = Math.max(hMax, hSampling[c]);
            vMax = Math.max(vMax, vSampling[c]);
        }
        long blocks = 0;
        for (int c = 0; c < components; c++) {
            long w = ceilDiv((long) width * hSampling[c], hMax);
            long h = ceilDiv((long) height * vSampling[c], vMax);
            blocks += ceilDiv(w, 8) * ceilDiv(h, 8);
        }
        return ceilDiv(blocks, 8);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * The image as the reader decodes it: one byte per component for 8-bit JPEGs (grey and YCbCr rasters are
     * wrapped as they are), CMYK/YCCK and other component counts converted to RGB in a copy, 12- and 16-bit
     * samples held as shorts and reduced in a copy.
     */
    ImageHeader summary() {
        int c = Math.max(1, components);
        ImageHeader h;
        if (precision > 8) {
            h = new ImageHeader(width, height, 2 * c, c == 1 ? 1 : 3, true);
        } else if (c == 1 || c == 3) {
            h = new ImageHeader(width, height, c, c, false);
        } else {
            h = new ImageHeader(width, height, c, 3, true);
        }
        // a decoder would allocate the whole image and then fill it from a few bytes (a 166-byte file declaring
        // 12000x9000 took 2.7 s and 710 MB before its truncation warning): refuse what cannot hold the image
        long needed = minimumScanBytes();
        return h.withDataCheck(() -> {
            if (scanRoom < needed) {
                throw new ImageDataException("file is truncated: a " + width + "x" + height + " JPEG needs at least "
                        + needed + " bytes of scan data, the file has " + scanRoom + " from its first scan on");
            }
        });
    }

    /** Chunks in sequence-number order (ties and bad numbering keep file order). */
    private static byte[] assemble(List<byte[]> chunks, List<Integer> seq) {
        if (chunks.isEmpty()) {
            return null;
        }
        Integer[] order = new Integer[chunks.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(seq.get(a), seq.get(b)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i : order) {
            out.writeBytes(chunks.get(i));
        }
        return out.toByteArray();
    }

    /** {@code data} without its APP2 ICC segments, so that no reader can colour-convert the samples. */
    byte[] withoutIccSegments(byte[] data) {
        if (iccSegments.isEmpty()) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int from = 0;
        for (int[] seg : iccSegments) {
            out.write(data, from, seg[0] - from);
            from = seg[1];
        }
        out.write(data, from, data.length - from);
        return out.toByteArray();
    }

    private static boolean isStartOfFrame(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static boolean startsWith(byte[] data, int at, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
