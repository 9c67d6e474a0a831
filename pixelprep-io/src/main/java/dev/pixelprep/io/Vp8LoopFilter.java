package dev.pixelprep.io;

/**
 * The VP8 loop filter (RFC 6386 section 15) over a reconstructed key frame, in libwebp's arithmetic and order:
 * macroblocks in raster order, each one's left edge, its inner vertical edges, its top edge, then its inner
 * horizontal edges. The simple filter touches luma only, one pixel each side of an edge; the normal filter luma
 * and chroma, up to three pixels each side on macroblock edges and two on inner ones. Inner edges are filtered in
 * 4x4-predicted macroblocks and in those with a non-zero coefficient.
 *
 * <p>Limits: libwebp compares {@code 4|p0-q0| + |p1-q1|} with {@code 2 * limit + 1}, which is the RFC's
 * {@code 2|p0-q0| + |p1-q1|/2 <= limit} in integers; the macroblock edges use the limit plus 4.
 *
 * <p>Stateless utility.
 */
final class Vp8LoopFilter {
    private Vp8LoopFilter() {
    }

    static void apply(LossyWebp d, Vp8Reconstruction f) {
        if (d.filterType == 0) {
            return;
        }
        boolean simple = d.filterType == 1;
        int ys = f.yStride;
        int cs = f.uvStride;
        for (int mbY = 0; mbY < f.mbHeight; mbY++) {
            for (int mbX = 0; mbX < f.mbWidth; mbX++) {
                int info = f.filterInfo[mbY * f.mbWidth + mbX];
                int segment = info >> 2;
                int i4x4 = (info >> 1) & 1;
                boolean inner = (info & 1) != 0;
                int limit = d.filterLimit[segment][i4x4];
                if (limit == 0) {
                    continue;
                }
                int y0 = (16 * mbY) * ys + 16 * mbX;
                if (simple) {
                    if (mbX > 0) {
                        simple(f.y, y0, 1, ys, limit + 4);
                    }
                    if (inner) {
                        for (int k = 4; k < 16; k += 4) {
                            simple(f.y, y0 + k, 1, ys, limit);
                        }
                    }
                    if (mbY > 0) {
                        simple(f.y, y0, ys, 1, limit + 4);
                    }
                    if (inner) {
                        for (int k = 4; k < 16; k += 4) {
                            simple(f.y, y0 + k * ys, ys, 1, limit);
                        }
                    }
                    continue;
                }
                int interior = d.filterInterior[segment][i4x4];
                int hev = d.filterHevThreshold[segment][i4x4];
                int c0 = (8 * mbY) * cs + 8 * mbX;
                if (mbX > 0) {
                    normal(f.y, y0, 1, ys, 16, limit + 4, interior, hev, true);
                    normal(f.u, c0, 1, cs, 8, limit + 4, interior, hev, true);
                    normal(f.v, c0, 1, cs, 8, limit + 4, interior, hev, true);
                }
                if (inner) {
                    for (int k = 4; k < 16; k += 4) {
                        normal(f.y, y0 + k, 1, ys, 16, limit, interior, hev, false);
                    }
                    normal(f.u, c0 + 4, 1, cs, 8, limit, interior, hev, false);
                    normal(f.v, c0 + 4, 1, cs, 8, limit, interior, hev, false);
                }
                if (mbY > 0) {
                    normal(f.y, y0, ys, 1, 16, limit + 4, interior, hev, true);
                    normal(f.u, c0, cs, 1, 8, limit + 4, interior, hev, true);
                    normal(f.v, c0, cs, 1, 8, limit + 4, interior, hev, true);
                }
                if (inner) {
                    for (int k = 4; k < 16; k += 4) {
                        normal(f.y, y0 + k * ys, ys, 1, 16, limit, interior, hev, false);
                    }
                    normal(f.u, c0 + 4 * cs, cs, 1, 8, limit, interior, hev, false);
                    normal(f.v, c0 + 4 * cs, cs, 1, 8, limit, interior, hev, false);
                }
            }
        }
    }

    private static int px(byte[] p, int i) {
        return p[i] & 0xFF;
    }

    /** Clamps to the signed byte range. */
    private static int sclip1(int v) {
        return v < -128 ? -128 : Math.min(v, 127);
    }

    private static int sclip2(int v) {
        return v < -16 ? -16 : Math.min(v, 15);
    }

    private static byte clip1(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /**
     * The simple filter along 16 pixels of one edge: {@code at} is the first pixel past the edge, {@code step}
     * crosses the edge, {@code along} moves along it.
     */
    private static void simple(byte[] p, int at, int step, int along, int limit) {
        int t = 2 * limit + 1;
        for (int n = 0; n < 16; n++, at += along) {
            int p1 = px(p, at - 2 * step);
            int p0 = px(p, at - step);
            int q0 = px(p, at);
            int q1 = px(p, at + step);
            if (4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) <= t) {
                commonAdjust(p, at, step, p1, p0, q0, q1);
            }
        }
    }

    /** Moves p0 and q0 towards each other, using p1 - q1 (libwebp's {@code DoFilter2}). */
    private static void commonAdjust(byte[] p, int at, int step, int p1, int p0, int q0, int q1) {
        int a = 3 * (q0 - p0) + sclip1(p1 - q1);
        int a1 = sclip2((a + 4) >> 3);
        int a2 = sclip2((a + 3) >> 3);
        p[at - step] = clip1(p0 + a2);
        p[at] = clip1(q0 - a1);
    }

    /**
     * The normal filter along {@code count} pixels of one edge: on a macroblock edge ({@code mbEdge}) three pixels
     * each side may change, on an inner edge two; where the edge varies strongly ({@code hev}) only one.
     */
    private static void normal(byte[] p, int at, int step, int along, int count, int limit, int interior, int hev,
                               boolean mbEdge) {
        int t = 2 * limit + 1;
        for (int n = 0; n < count; n++, at += along) {
            int p3 = px(p, at - 4 * step);
            int p2 = px(p, at - 3 * step);
            int p1 = px(p, at - 2 * step);
            int p0 = px(p, at - step);
            int q0 = px(p, at);
            int q1 = px(p, at + step);
            int q2 = px(p, at + 2 * step);
            int q3 = px(p, at + 3 * step);
            if (4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) > t) {
                continue;
            }
            if (Math.abs(p3 - p2) > interior || Math.abs(p2 - p1) > interior || Math.abs(p1 - p0) > interior
                    || Math.abs(q3 - q2) > interior || Math.abs(q2 - q1) > interior || Math.abs(q1 - q0) > interior) {
                continue;
            }
            if (Math.abs(p1 - p0) > hev || Math.abs(q1 - q0) > hev) {
                commonAdjust(p, at, step, p1, p0, q0, q1);
            } else if (mbEdge) {
                int a = sclip1(3 * (q0 - p0) + sclip1(p1 - q1));
                int a1 = (27 * a + 63) >> 7;
                int a2 = (18 * a + 63) >> 7;
                int a3 = (9 * a + 63) >> 7;
                p[at - 3 * step] = clip1(p2 + a3);
                p[at - 2 * step] = clip1(p1 + a2);
                p[at - step] = clip1(p0 + a1);
                p[at] = clip1(q0 - a1);
                p[at + step] = clip1(q1 - a2);
                p[at + 2 * step] = clip1(q2 - a3);
            } else {
                int a = 3 * (q0 - p0);
                int a1 = sclip2((a + 4) >> 3);
                int a2 = sclip2((a + 3) >> 3);
                int a3 = (a1 + 1) >> 1;
                p[at - 2 * step] = clip1(p1 + a3);
                p[at - step] = clip1(p0 + a2);
                p[at] = clip1(q0 - a1);
                p[at + step] = clip1(q1 - a3);
            }
        }
    }
}
