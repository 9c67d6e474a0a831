package dev.pixelprep.core.npy;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format, version 1.0: what {@code np.save} writes and {@code np.load} reads.
 * The header is an ASCII Python dict literal padded with spaces and ended by a newline so that the data
 * starts at a multiple of 64 bytes.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Largest array {@link #read} accepts, so a corrupt header cannot ask for an absurd allocation. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** Longest header {@link #read} accepts (numpy itself writes less than 200 bytes for any real array). */
    public static final int MAX_HEADER_BYTES = 1 << 16;
    /** Most dimensions {@link #read} accepts (numpy's own limit is 64). */
    public static final int MAX_RANK = 32;

    private Npy() {
    }

    /** The header bytes (magic, version, length, dict, padding) for an array of the given dtype and shape. */
    public static byte[] header(DType dtype, int[] shape) {
        return header(dtype, shape, 0);
    }

    /**
     * The header padded with spaces to exactly {@code length} bytes (a multiple of 64), or to the next multiple of 64
     * when {@code length} is 0. A fixed length lets a writer reserve the header before it knows how many rows the
     * array will have, and keeps files with different row counts aligned alike.
     *
     * @throws IllegalArgumentException when {@code length} is not a multiple of 64, or too short for this header
     */
    public static byte[] header(DType dtype, int[] shape, int length) {
        if (length % 64 != 0 || length < 0 || length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("npy header length " + length + " is not a multiple of 64 up to " + MAX_HEADER_BYTES);
        }
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dims.append(i < shape.length - 1 ? ", " : ",");
            }
        }
        String dict = "{'descr': '" + dtype.npyDescr() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        if (length > 0) {
            if (unpadded > length) {
                throw new IllegalArgumentException("npy header for shape " + Arrays.toString(shape) + " needs " + unpadded
                        + " bytes, more than " + length);
            }
            pad = length - unpadded;
        }
        StringBuilder h = new StringBuilder(dict);
        h.append(" ".repeat(pad)).append('\n');
        byte[] text = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    /** Writes the tensor as a complete {@code .npy} stream. */
    public static void write(Tensor t, OutputStream out) throws IOException {
        out.write(header(t.dtype(), t.shape()));
        ByteBuffer data = t.data();
        byte[] chunk = new byte[1 << 16];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    /** Serialises the tensor to bytes. */
    public static byte[] toBytes(Tensor t) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            write(t, bos);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /**
     * Reads a {@code .npy} file: {@link #read(InputStream, String)} after checking that it is a regular file (not a
     * FIFO, device or directory, which could block or never end) and that the data the header declares fits in the
     * file, before the data is allocated. Every failure is a one-line {@link InvalidPixelsException} naming the file.
     */
    public static Tensor read(Path file) {
        String name = file.toString();
        try {
            if (!Files.exists(file)) {
                throw new InvalidPixelsException("no such file: " + name);
            }
            if (!Files.isRegularFile(file)) {
                throw new InvalidPixelsException(name + ": not a regular file (a .npy array must be a file)");
            }
            long size = Files.size(file);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return read(in, name, size);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidPixelsException("no such file: " + name);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidPixelsException("permission denied: " + name);
        } catch (IOException e) {
            throw new InvalidPixelsException("cannot read " + name + ": " + e.getMessage());
        }
    }

    /**
     * Reads a {@code .npy} stream of float32, float16, uint8 or int8 in C order (float64 is read and narrowed
     * to float32). The layout is guessed from the shape: rank 4 with 1 or 3 channels in axis 1 is NCHW, else NHWC;
     * rank 3 likewise CHW or HWC.
     *
     * <p>Limits, checked before the data is allocated: a header of at most {@value #MAX_HEADER_BYTES} bytes, at most
     * {@value #MAX_RANK} dimensions, each a non-negative integer, a total of at most {@link #MAX_BYTES} bytes
     * (what a Java array holds); a stream that ends early is reported as truncated. Errors are one-line
     * {@link InvalidPixelsException}s.
     */
    public static Tensor read(InputStream in, String name) throws IOException {
        return read(in, name, -1);
    }

    private static Tensor read(InputStream in, String name, long fileSize) throws IOException {
        byte[] head = in.readNBytes(10);
        if (head.length < 10 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC)) {
            throw new InvalidPixelsException(name + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = head[6];
        long hlen;
        int prefix;
        if (major == 1) {
            hlen = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw new InvalidPixelsException(name + ": truncated .npy header");
            }
            hlen = (head[8] & 0xFFL) | (head[9] & 0xFFL) << 8 | (more[0] & 0xFFL) << 16 | (more[1] & 0xFFL) << 24;
            prefix = 12;
        } else {
            throw new InvalidPixelsException(name + ": unsupported .npy version " + (major & 0xFF));
        }
        if (hlen > MAX_HEADER_BYTES) {
            throw new InvalidPixelsException(name + ": .npy header length " + hlen + " is more than the " + MAX_HEADER_BYTES + " bytes accepted");
        }
        if (fileSize >= 0 && prefix + hlen > fileSize) {
            throw new InvalidPixelsException(name + ": truncated .npy header (" + hlen + " bytes declared, the file has " + (fileSize - prefix) + " after the prefix)");
        }
        byte[] hb = in.readNBytes((int) hlen);
        if (hb.length < hlen) {
            throw new InvalidPixelsException(name + ": truncated .npy header");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new InvalidPixelsException(name + ": malformed .npy header (expected 'descr', 'fortran_order' and 'shape'): " + printable(header));
        }
        if (o.group(1).equals("True")) {
            throw new InvalidPixelsException(name + ": Fortran-ordered .npy arrays are not supported; save with C order");
        }
        String descr = d.group(1);
        DType dtype;
        boolean f64 = false;
        switch (descr) {
            case "<f4": dtype = DType.FLOAT32; break;
            case "<f2": dtype = DType.FLOAT16; break;
            case "|u1": case "<u1": dtype = DType.UINT8; break;
            case "|i1": case "<i1": dtype = DType.INT8; break;
            case "<f8": dtype = DType.FLOAT32; f64 = true; break;
            default: throw new InvalidPixelsException(name + ": unsupported .npy dtype '" + printable(descr)
                    + "'; expected <f4, <f8, <f2, |u1 or |i1 (little-endian)");
        }
        int[] shape = parseShape(s.group(1), name);
        int stored = f64 ? 8 : dtype.size();
        long bytes = stored;
        for (int dim : shape) {
            bytes = dim == 0 ? 0 : bytes > MAX_BYTES / dim ? MAX_BYTES + 1 : bytes * dim;
        }
        long kept = bytes / stored * dtype.size();
        if (bytes > MAX_BYTES || kept > MAX_BYTES) {
            throw new InvalidPixelsException(name + ": .npy array " + descr + " " + Arrays.toString(shape) + " needs " + bytesText(shape, stored)
                    + ", more than the " + MAX_BYTES + " bytes a Java array holds");
        }
        long dataStart = prefix + hlen;
        if (fileSize >= 0 && dataStart + bytes > fileSize) {
            throw new InvalidPixelsException(name + ": truncated .npy data: shape " + Arrays.toString(shape) + " " + descr + " needs "
                    + bytes + " bytes, the file has " + (fileSize - dataStart));
        }
        byte[] raw = in.readNBytes((int) bytes);
        if (raw.length < bytes) {
            throw new InvalidPixelsException(name + ": truncated .npy data: expected " + bytes + " bytes for shape "
                    + Arrays.toString(shape) + ", got " + raw.length);
        }
        long count = bytes / stored;
        ByteBuffer data;
        if (f64) {
            ByteBuffer src = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            data = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                data.putFloat(i * 4, (float) src.getDouble(i * 8));
            }
        } else {
            data = ByteBuffer.wrap(raw);
        }
        return new Tensor(shape, dtype, guessLayout(shape), data);
    }

    /** The exact byte count of a shape as text, without overflow ("2^40 bytes" style for absurd ones). */
    private static String bytesText(int[] shape, int elementSize) {
        java.math.BigInteger n = java.math.BigInteger.valueOf(elementSize);
        for (int d : shape) {
            n = n.multiply(java.math.BigInteger.valueOf(d));
        }
        return n + " bytes";
    }

    /** Header text for a message: control characters (new lines included) shown as spaces, at most 120 chars. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 120; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? ' ' : c);
        }
        String t = sb.toString().trim();
        return s.length() > 120 ? t + "…" : t;
    }

    private static int[] parseShape(String text, String name) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split(",", MAX_RANK + 2);
        if (parts.length > MAX_RANK + 1) {
            throw new InvalidPixelsException(name + ": .npy shape has more than " + MAX_RANK + " dimensions");
        }
        int n = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            String q = p.trim();
            if (q.isEmpty()) {
                continue;
            }
            if (q.endsWith("L")) {
                q = q.substring(0, q.length() - 1);
            }
            if (!q.matches("-?[0-9]{1,19}")) {
                throw new InvalidPixelsException(name + ": bad .npy shape (" + printable(text) + "): '" + printable(q) + "' is not an integer");
            }
            long v;
            try {
                v = Long.parseLong(q);
            } catch (NumberFormatException e) {
                v = Long.MAX_VALUE;
            }
            if (v < 0) {
                throw new InvalidPixelsException(name + ": negative dimension " + q + " in .npy shape (" + printable(text) + ")");
            }
            if (v > Integer.MAX_VALUE) {
                throw new InvalidPixelsException(name + ": dimension " + q + " in .npy shape (" + printable(text) + ") is more than a Java array holds");
            }
            if (n == MAX_RANK) {
                throw new InvalidPixelsException(name + ": .npy shape has more than " + MAX_RANK + " dimensions");
            }
            shape[n++] = (int) v;
        }
        return Arrays.copyOf(shape, n);
    }

    /** NCHW/CHW when the second-to-last-but-one axis looks like channels (1, 3 or 4) and the last does not. */
    public static Layout guessLayout(int[] shape) {
        if (shape.length == 4) {
            return isChannels(shape[1]) && !isChannels(shape[3]) ? Layout.NCHW
                    : isChannels(shape[3]) ? Layout.NHWC : Layout.NCHW;
        }
        if (shape.length == 3) {
            return isChannels(shape[0]) && !isChannels(shape[2]) ? Layout.CHW
                    : isChannels(shape[2]) ? Layout.HWC : Layout.CHW;
        }
        return Layout.NCHW;
    }

    private static boolean isChannels(int n) {
        return n == 1 || n == 3 || n == 4;
    }

    static String describe(int[] shape) {
        return Arrays.toString(shape).toLowerCase(Locale.ROOT);
    }
}
