package dev.pixelprep.doctor;

/**
 * A model's first convolution followed by a {@code BatchNormalization}, read from the graph: the convolution's
 * weights, bias, strides and pads, and the normalisation's running mean and variance per output channel, which are
 * what the convolution gave on the training inputs (under the training preprocessing). UltraFace and the PaddleOCR
 * models keep such a layer; fused or quantised models (the bundled MobileNet v2 int8) do not.
 *
 * <p>Immutable: the arrays are never handed out for writing.
 */
final class FirstLayer {
    final int outChannels;
    final int inChannels;
    final int kernelH;
    final int kernelW;
    final double[] weights;
    final double[] bias;
    final int strideH;
    final int strideW;
    final int padTop;
    final int padLeft;
    final int padBottom;
    final int padRight;
    final double[] mean;
    final double[] variance;

    private FirstLayer(int[] w, double[] weights, double[] bias, long[] strides, long[] pads, double[] mean, double[] variance) {
        this.outChannels = w[0];
        this.inChannels = w[1];
        this.kernelH = w[2];
        this.kernelW = w[3];
        this.weights = weights;
        this.bias = bias;
        this.strideH = (int) strides[0];
        this.strideW = (int) strides[1];
        this.padTop = (int) pads[0];
        this.padLeft = (int) pads[1];
        this.padBottom = (int) pads[2];
        this.padRight = (int) pads[3];
        this.mean = mean;
        this.variance = variance;
    }

    /**
     * The input's first {@code Conv} (2-D, group 1, dilation 1, constant weights) when a {@code BatchNormalization}
     * with constant statistics follows it directly; {@code null} otherwise.
     */
    static FirstLayer of(OnnxGraph graph, String input) {
        OnnxGraph.Node conv = graph.firstReal(input);
        if (conv == null || !conv.op().equals("Conv") || conv.inputs().size() < 2 || conv.outputs().isEmpty()) {
            return null;
        }
        int[] shape = graph.shape(conv.inputs().get(1));
        double[] w = graph.constant(conv.inputs().get(1));
        if (shape == null || shape.length != 4 || w == null) {
            return null;
        }
        long[] group = conv.ints().get("group");
        long[] dilations = conv.ints().get("dilations");
        if ((group != null && group[0] != 1) || (dilations != null && (dilations[0] != 1 || dilations[1] != 1))) {
            return null;
        }
        long[] strides = conv.ints().getOrDefault("strides", new long[] {1, 1});
        long[] pads = conv.ints().getOrDefault("pads", new long[] {0, 0, 0, 0});
        if (strides.length != 2 || pads.length != 4 || conv.ints().containsKey("auto_pad")) {
            return null;
        }
        double[] b = new double[shape[0]];
        if (conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty()) {
            double[] given = graph.constant(conv.inputs().get(2));
            if (given == null || given.length != shape[0]) {
                return null;
            }
            b = given;
        }
        java.util.List<OnnxGraph.Node> next = graph.consumers(conv.outputs().get(0));
        if (next.size() != 1 || !next.get(0).op().equals("BatchNormalization") || next.get(0).inputs().size() < 5) {
            return null;
        }
        OnnxGraph.Node bn = next.get(0);
        double[] mean = graph.constant(bn.inputs().get(3));
        double[] var = graph.constant(bn.inputs().get(4));
        if (mean == null || var == null || mean.length != shape[0] || var.length != shape[0]) {
            return null;
        }
        for (int o = 0; o < var.length; o++) {
            if (!(var[o] > 0)) {
                return null;
            }
        }
        return new FirstLayer(shape, w, b, strides, pads, mean, var);
    }

    /**
     * The discrepancy between what the convolution gives on {@code images} (planes of NCHW tensors) and the running
     * statistics, averaged over the output channels: {@code (m − μ)²/σ² + ln(v/σ²)²}, with m and v the observed mean
     * and variance over every position and image. 0 when they match; it grows with the square of a wrong scale's log.
     */
    double discrepancy(java.util.List<Planes> images) {
        double[] sum = new double[outChannels];
        double[] sumSq = new double[outChannels];
        long count = 0;
        for (Planes p : images) {
            if (p.channels != inChannels) {
                return Double.NaN;
            }
            int outH = (p.height + padTop + padBottom - kernelH) / strideH + 1;
            int outW = (p.width + padLeft + padRight - kernelW) / strideW + 1;
            if (outH <= 0 || outW <= 0) {
                return Double.NaN;
            }
            double[] acc = new double[outH * outW];
            for (int n = 0; n < p.batch; n++) {
                int base = n * p.height * p.width;
                for (int o = 0; o < outChannels; o++) {
                    java.util.Arrays.fill(acc, bias[o]);
                    for (int c = 0; c < inChannels; c++) {
                        float[] plane = p.data[c];
                        for (int ky = 0; ky < kernelH; ky++) {
                            for (int kx = 0; kx < kernelW; kx++) {
                                double w = weights[((o * inChannels + c) * kernelH + ky) * kernelW + kx];
                                for (int oy = 0; oy < outH; oy++) {
                                    int iy = oy * strideH - padTop + ky;
                                    if (iy < 0 || iy >= p.height) {
                                        continue;
                                    }
                                    int row = base + iy * p.width;
                                    int out = oy * outW;
                                    for (int ox = 0; ox < outW; ox++) {
                                        int ix = ox * strideW - padLeft + kx;
                                        if (ix >= 0 && ix < p.width) {
                                            acc[out + ox] += w * plane[row + ix];
                                        }
                                    }
                                }
                            }
                        }
                    }
                    for (double v : acc) {
                        sum[o] += v;
                        sumSq[o] += v * v;
                    }
                }
                count += acc.length;
            }
        }
        double d = 0;
        for (int o = 0; o < outChannels; o++) {
            double m = sum[o] / count;
            double v = Math.max(sumSq[o] / count - m * m, 1e-30);
            d += (m - mean[o]) * (m - mean[o]) / variance[o] + Math.pow(Math.log(v / variance[o]), 2);
        }
        return d / outChannels;
    }
}
