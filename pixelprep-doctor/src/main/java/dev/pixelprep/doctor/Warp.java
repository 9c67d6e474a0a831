package dev.pixelprep.doctor;

/**
 * Finds the axis-aligned scale and offset that maps the reference's pixel grid onto the other tensor's:
 * {@code x_mine = sx·x_ref + tx}, {@code y_mine = sy·y_ref + ty} (pixel indices). Stretch against
 * resize-and-crop, a different crop size or offset, and letterbox padding are all of this form. Each axis is
 * searched on the image's mean profile along that axis (normalised cross-correlation), coarse then fine.
 */
final class Warp {
    final double sx;
    final double tx;
    final double sy;
    final double ty;

    Warp(double sx, double tx, double sy, double ty) {
        this.sx = sx;
        this.tx = tx;
        this.sy = sy;
        this.ty = ty;
    }

    boolean isIdentity() {
        return Math.abs(sx - 1) < 0.004 && Math.abs(sy - 1) < 0.004 && Math.abs(tx) < 0.3 && Math.abs(ty) < 0.3;
    }

    /** Search on single-channel images {@code ref} (hr × wr) and {@code mine} (hm × wm). */
    static Warp search(double[] ref, int hr, int wr, double[] mine, int hm, int wm) {
        double[] x = search1(columns(ref, hr, wr), columns(mine, hm, wm));
        double[] y = search1(rows(ref, hr, wr), rows(mine, hm, wm));
        return new Warp(x[0], x[1], y[0], y[1]);
    }

    private static double[] columns(double[] img, int h, int w) {
        double[] p = new double[w];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                p[xx] += img[yy * w + xx];
            }
        }
        return p;
    }

    private static double[] rows(double[] img, int h, int w) {
        double[] p = new double[h];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                p[yy] += img[yy * w + xx];
            }
        }
        return p;
    }

    /** Best {scale, offset} for {@code pm(s·u + t) ≈ pr(u)}. */
    private static double[] search1(double[] pr, double[] pm) {
        double bestS = 1;
        double bestT = 0;
        double best = ncc(pr, pm, 1, 0);
        for (double s = 0.5; s <= 2.0; s *= 1.01) {
            double tMin = -s * pr.length * 0.5;
            double tMax = pm.length - 1 - s * (pr.length - 1) * 0.5;
            for (double t = tMin; t <= tMax; t += 0.5) {
                double c = ncc(pr, pm, s, t);
                if (c > best) {
                    best = c;
                    bestS = s;
                    bestT = t;
                }
            }
        }
        double s0 = bestS;
        double t0 = bestT;
        for (double s = s0 * 0.99; s <= s0 * 1.01; s += s0 * 0.0005) {
            for (double t = t0 - 1; t <= t0 + 1; t += 0.05) {
                double c = ncc(pr, pm, s, t);
                if (c > best) {
                    best = c;
                    bestS = s;
                    bestT = t;
                }
            }
        }
        return new double[] {bestS, bestT, best};
    }

    /** Normalised cross-correlation over the reference positions that land inside {@code pm}; −1 if under half do. */
    private static double ncc(double[] pr, double[] pm, double s, double t) {
        int n = 0;
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        int last = pm.length - 1;
        for (int u = 0; u < pr.length; u++) {
            double pos = s * u + t;
            if (pos < 0 || pos > last) {
                continue;
            }
            int i = (int) pos;
            double f = pos - i;
            double b = i >= last ? pm[last] : pm[i] * (1 - f) + pm[i + 1] * f;
            double a = pr[u];
            n++;
            sa += a;
            sb += b;
            saa += a * a;
            sbb += b * b;
            sab += a * b;
        }
        if (n < pr.length / 2 || n < 4) {
            return -1;
        }
        double va = saa - sa * sa / n;
        double vb = sbb - sb * sb / n;
        if (va <= 0 || vb <= 0) {
            return -1;
        }
        return (sab - sa * sb / n) / Math.sqrt(va * vb);
    }

    /**
     * Samples {@code plane} (h × w, one image) at the warped position of every reference pixel (hr × wr), bilinear;
     * positions outside get NaN.
     */
    float[] sample(float[] plane, int offset, int h, int w, int hr, int wr) {
        float[] out = new float[hr * wr];
        for (int yy = 0; yy < hr; yy++) {
            double py = sy * yy + ty;
            for (int xx = 0; xx < wr; xx++) {
                double px = sx * xx + tx;
                if (px < 0 || py < 0 || px > w - 1 || py > h - 1) {
                    out[yy * wr + xx] = Float.NaN;
                    continue;
                }
                int x0 = Math.min((int) px, w - 2 < 0 ? 0 : w - 2);
                int y0 = Math.min((int) py, h - 2 < 0 ? 0 : h - 2);
                int x1 = Math.min(x0 + 1, w - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                double fx = px - x0;
                double fy = py - y0;
                double top = plane[offset + y0 * w + x0] * (1 - fx) + plane[offset + y0 * w + x1] * fx;
                double bottom = plane[offset + y1 * w + x0] * (1 - fx) + plane[offset + y1 * w + x1] * fx;
                out[yy * wr + xx] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
