package dev.pixelprep.io;

/**
 * The block structure of a GIF (GIF89a specification): logical screen, colour tables, extensions, image
 * descriptors and their LZW data sub-blocks, up to the trailer. Walking it finds the first frame's size, which
 * is what the reader decodes, and refuses a file whose structure ends early: sub-blocks cut off, no block
 * terminator, no trailer, or a first frame whose LZW data stops before it has produced every pixel of the frame
 * (the JDK reader would fill the rest with colour 0). Counting the pixels the LZW codes stand for needs only the
 * length of each dictionary entry, not the pixels, so the check costs one pass over the compressed bytes.
 */
final class GifHeader {
    private static final int MAX_CODES = 4096;

    private GifHeader() {
    }

    /**
     * The first frame's size (and the logical screen's), read by walking the blocks up to the first image
     * descriptor; {@link ImageHeader#checkData()} then walks the whole file.
     *
     * @throws ImageDataException when the blocks before the first frame are broken or truncated
     */
    static ImageHeader parse(byte[] d) {
        ImageHeader size = walk(d, false);
        return size.withDataCheck(() -> walk(d, true));
    }

    /**
     * Walks the blocks; with {@code whole} false it stops at the first image descriptor, else it goes on to the
     * trailer and counts the pixels of the first frame's LZW data.
     */
    private static ImageHeader walk(byte[] d, boolean whole) {
        if (d.length < 13) {
            throw new ImageDataException("file is truncated inside the GIF header");
        }
        int screenW = Bytes.u16(d, 6, true);
        int screenH = Bytes.u16(d, 8, true);
        int flags = d[10] & 0xFF;
        int p = 13;
        if ((flags & 0x80) != 0) {
            p += 3 << ((flags & 7) + 1);
        }
        long frameW = -1;
        long frameH = -1;
        boolean transparent = false;
        int frames = 0;
        while (true) {
            if (p >= d.length) {
                throw new ImageDataException(frames == 0
                        ? "file is truncated before the first frame's image data"
                        : "file is truncated (no GIF trailer after frame " + frames + ")");
            }
            int block = d[p++] & 0xFF;
            if (block == 0x3B) {
                break;
            }
            if (block == 0x21) {
                if (p >= d.length) {
                    throw new ImageDataException("file is truncated inside a GIF extension block");
                }
                int label = d[p++] & 0xFF;
                if (label == 0xF9 && frames == 0 && p + 2 < d.length && (d[p] & 0xFF) >= 4) {
                    transparent = (d[p + 1] & 1) != 0;
                }
                p = skipSubBlocks(d, p, "extension block");
            } else if (block == 0x2C) {
                if (p + 9 > d.length) {
                    throw new ImageDataException("file is truncated inside a GIF image descriptor");
                }
                int w = Bytes.u16(d, p + 4, true);
                int h = Bytes.u16(d, p + 6, true);
                int packed = d[p + 8] & 0xFF;
                if (frames == 0) {
                    frameW = w;
                    frameH = h;
                    if (!whole) {
                        break;
                    }
                }
                p += 9;
                if ((packed & 0x80) != 0) {
                    p += 3 << ((packed & 7) + 1);
                }
                if (p >= d.length) {
                    throw new ImageDataException("file is truncated before frame " + (frames + 1) + "'s image data");
                }
                int minCodeSize = d[p++] & 0xFF;
                if (frames == 0) {
                    if (minCodeSize < 1 || minCodeSize > 11) {
                        throw new ImageDataException("corrupt GIF: LZW code size " + minCodeSize + " (expected 1 to 11)");
                    }
                    int end = skipSubBlocks(d, p, "frame's image data");
                    long produced = lzwPixels(d, p, minCodeSize, (long) w * h);
                    if (produced < (long) w * h) {
                        throw new ImageDataException("GIF frame data ends after " + produced + " of its " + ((long) w * h)
                                + " pixels (the file is truncated or its image data is missing)");
                    }
                    p = end;
                } else {
                    p = skipSubBlocks(d, p, "frame's image data");
                }
                frames++;
            } else {
                throw new ImageDataException("corrupt GIF: unexpected block type 0x" + Integer.toHexString(block)
                        + " at byte " + (p - 1));
            }
        }
        if (frameW < 0) {
            throw new ImageDataException("GIF has no image (no frame before its trailer)");
        }
        // The JDK reader decodes into one byte per pixel; the palette is then expanded to RGB or RGBA.
        return new ImageHeader(frameW, frameH, screenW, screenH, 1, 0, transparent ? 4 : 3, true);
    }

    /** Position after the sub-blocks starting at {@code p} and their 0 terminator. */
    private static int skipSubBlocks(byte[] d, int p, String what) {
        while (true) {
            if (p >= d.length) {
                throw new ImageDataException("file is truncated inside a GIF " + what + " (no block terminator)");
            }
            int n = d[p++] & 0xFF;
            if (n == 0) {
                return p;
            }
            p += n;
            if (p > d.length) {
                throw new ImageDataException("file is truncated inside a GIF " + what);
            }
        }
    }

    /**
     * How many pixels the LZW codes in the sub-blocks at {@code p} decode to, stopping at the end-of-information
     * code, the end of the data, or once {@code enough} pixels are reached. Only each dictionary entry's length
     * is tracked. A code beyond the next free entry ends the count (the data is corrupt from there on).
     */
    static long lzwPixels(byte[] d, int p, int minCodeSize, long enough) {
        int clear = 1 << minCodeSize;
        int eoi = clear + 1;
        int[] length = new int[MAX_CODES];
        for (int i = 0; i < clear; i++) {
            length[i] = 1;
        }
        int codeSize = minCodeSize + 1;
        int next = clear + 2;
        int prev = -1;
        long produced = 0;
        long bits = 0;
        int bitCount = 0;
        int blockLeft = 0;
        while (produced < enough) {
            while (bitCount < codeSize) {
                if (blockLeft == 0) {
                    int n = d[p++] & 0xFF; // sub-block structure already checked by skipSubBlocks
                    if (n == 0) {
                        return produced;
                    }
                    blockLeft = n;
                }
                bits |= (long) (d[p++] & 0xFF) << bitCount;
                bitCount += 8;
                blockLeft--;
            }
            int code = (int) (bits & ((1 << codeSize) - 1));
            bits >>>= codeSize;
            bitCount -= codeSize;
            if (code == clear) {
                codeSize = minCodeSize + 1;
                next = clear + 2;
                prev = -1;
                continue;
            }
            if (code == eoi) {
                return produced;
            }
            int len;
            if (prev < 0) {
                if (code >= clear) {
                    return produced;
                }
                len = 1;
            } else if (code < next) {
                len = length[code];
            } else if (code == next) {
                len = length[prev] + 1;
            } else {
                return produced;
            }
            produced += len;
            if (prev >= 0 && next < MAX_CODES) {
                length[next] = length[prev] + 1;
                next++;
                if (next == 1 << codeSize && codeSize < 12) {
                    codeSize++;
                }
            }
            prev = code;
        }
        return produced;
    }

}
