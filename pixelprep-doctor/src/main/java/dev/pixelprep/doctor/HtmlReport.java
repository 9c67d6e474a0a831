package dev.pixelprep.doctor;

import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.pixels.PixelBuffer;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;
import dev.pixelprep.doctor.ModelDiagnosis.SampleResult;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page (no network: images are {@code data:} URIs, histograms inline SVG) that shows a
 * model diagnosis: the verdict with the evidence used, your spec marked by what the evidence says, the input image,
 * the first kept candidate, yours and the closest alternatives (kept ones first, then ruled-out ones, each with its
 * reason) — each tensor turned back into an image by its own inverse normalisation — per channel with histograms,
 * and every candidate's outputs with the evidence's verdict on it.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class HtmlReport {
    private static final int MAX_RENDERED = 6;

    private HtmlReport() {
    }

    /**
     * @param convention the convention your spec was written in (for the corrected spec), or {@code null}
     */
    public static String render(ModelDiagnosis d, ModelDoctor doctor, String modelName, String convention) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pixelprep doctor: ").append(esc(modelName))
                .append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n");
        Evaluation winner = d.winner();
        h.append("<header><h1>pixelprep doctor</h1><p>model <code>").append(esc(modelName)).append("</code>, ")
                .append(doctor.samples().size()).append(" image(s), ranked by <b>").append(esc(d.mode())).append("</b>, ")
                .append(d.ranked().size()).append(" candidates</p></header>\n");

        Decision dec = d.decision();
        String verdictCss = dec.verdict() == Decision.Verdict.DECIDED ? "decided" : dec.verdict() == Decision.Verdict.PROBABLY ? "probably" : "cannot";
        h.append("<section id=\"diagnosis\"><h2>Diagnosis</h2>\n<p class=\"verdict ").append(verdictCss).append("\"><b>")
                .append(esc(dec.verdict().text())).append("</b>: ").append(esc(dec.summary())).append("</p>\n<p>Evidence used:</p><ul class=\"evidence\">\n");
        for (String e : dec.evidence()) {
            h.append("<li>").append(esc(e)).append("</li>\n");
        }
        h.append("</ul>\n");
        for (String n : dec.notes()) {
            h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }
        h.append("<p>First of the candidates the evidence keeps:</p><pre>").append(esc(winner.candidate().spec().describe())).append("</pre>\n");
        if (d.current() != null) {
            boolean ruledOut = d.currentStatus().startsWith("ruled out");
            h.append("<p class=\"").append(ruledOut ? "bad" : "ok").append("\">Your spec (").append(esc(d.currentSource())).append(") is ")
                    .append(esc(d.currentStatus())).append(":</p><pre>").append(esc(d.current().describe())).append("</pre>\n");
            if (!d.findings().isEmpty()) {
                h.append("<ul class=\"findings\">\n");
                for (Finding f : d.findings()) {
                    h.append("<li><code class=\"id\">").append(esc(f.id())).append("</code> ").append(esc(f.message())).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            if (d.comparison() != null && d.comparison().corrected() != null && !d.findings().isEmpty()) {
                Spec fixed = d.comparison().corrected();
                h.append("<p>Corrected spec:</p><pre>").append(esc(fixed.describe())).append("</pre>\n");
                String conv = convention == null ? "coreml" : convention;
                if (Export.IDS.contains(conv)) {
                    dev.pixelprep.core.convention.Expression e = Export.to(conv, fixed);
                    h.append("<p>In ").append(esc(conv)).append("'s words (").append(e.exact() ? "exact" : "approximate, worst error "
                            + String.format(Locale.ROOT, "%.4g", e.maxError())).append("):</p><pre>").append(esc(e.text())).append("</pre>\n");
                }
                for (String n : d.comparison().notes()) {
                    h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
                }
            }
        }
        for (String w : d.warnings()) {
            h.append("<p class=\"warn\">").append(esc(w)).append("</p>\n");
        }
        h.append("</section>\n");

        PixelBuffer first = doctor.samples().get(0).pixels();
        h.append("<section id=\"input\"><h2>Input</h2><figure><img alt=\"input image\" src=\"").append(png(thumbnail(first))).append("\"><figcaption>")
                .append(esc(doctor.samples().get(0).name())).append(", ").append(first.width()).append("x").append(first.height()).append("</figcaption></figure></section>\n");

        Spec ws = winner.candidate().spec();
        h.append("<section id=\"tensors\"><h2>What the model sees</h2>\n<p>Each tensor is turned back into 8-bit pixels with <b>its own</b>"
                + " preprocessing's inverse (scale, bias and channel order), so a candidate that fits looks like the photo; what tells them apart is the"
                + " evidence above, not the picture. Histograms show each channel's tensor values; the shaded band is the range that preprocessing produces."
                + " The difference is measured against the first kept candidate, in its 8-bit levels.</p>\n<div class=\"grid\">\n");
        Tensor wt = doctor.tensor(ws);
        Planes wp = Planes.of(wt, wt.layout());
        for (Shown s : shown(d)) {
            Tensor t = doctor.tensor(s.spec);
            Planes p = Planes.of(t, t.layout());
            Spec own = s.spec;
            h.append("<div class=\"cand ").append(s.css).append("\"><h3>").append(esc(s.title)).append("</h3><p class=\"name\">").append(esc(s.name)).append("</p>\n");
            if (s.status != null) {
                h.append("<p class=\"status\">").append(esc(s.status)).append("</p>\n");
            }
            if (p.channels != ws.channels()) {
                h.append("<p class=\"warn\">").append(p.channels).append(" channels where the model wants ").append(ws.channels()).append("</p></div>\n");
                continue;
            }
            h.append("<img class=\"seen\" alt=\"").append(esc(s.title)).append(" through its own inverse\" src=\"").append(png(seen(p, own))).append("\">\n<div class=\"channels\">");
            for (int c = 0; c < p.channels; c++) {
                h.append("<figure><img alt=\"channel ").append(c).append("\" src=\"").append(png(channel(p, c, own))).append("\"><figcaption>channel ").append(c)
                        .append(" (").append(channelName(own, c)).append(")</figcaption>").append(histogram(p.data[c],
                        Math.min(own.apply(c, 0), own.apply(c, 255)), Math.max(own.apply(c, 0), own.apply(c, 255)))).append("</figure>");
            }
            h.append("</div>\n");
            if (p.height == wp.height && p.width == wp.width) {
                h.append(String.format(Locale.ROOT, "<p class=\"delta\">mean |difference| from the first kept candidate, in its 8-bit levels: %.1f</p>\n",
                        meanLevelDifference(p, wp, ws)));
            }
            h.append("</div>\n");
        }
        h.append("</div></section>\n");

        h.append("<section id=\"candidates\"><h2>Candidates</h2>\n<p>Kept: what the evidence cannot tell apart. The score orders the list (by ")
                .append(esc(d.mode())).append(d.mode().equals("confidence") ? ", which is not evidence" : "").append(").</p>\n")
                .append("<table><thead><tr><th>#</th><th>normalisation</th><th>channels</th><th>geometry</th><th>evidence</th><th>score</th>");
        for (Sample s : doctor.samples()) {
            h.append("<th>").append(esc(s.name())).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (int i = 0; i < d.ranked().size(); i++) {
            Evaluation e = d.ranked().get(i);
            String why = d.decision().ruledOut().get(e.candidate().name());
            h.append("<tr").append(d.kept(e) ? " class=\"kept\"" : " class=\"out\"").append("><td>").append(i + 1).append("</td><td>").append(esc(e.candidate().normalization()))
                    .append("</td><td>").append(esc(e.candidate().color())).append("</td><td>").append(esc(e.candidate().geometry())).append("</td><td>")
                    .append(esc(why == null ? "kept" : "ruled out by " + why)).append("</td><td>")
                    .append(esc(d.scoreText(e))).append("</td>");
            for (SampleResult r : e.samples()) {
                h.append("<td class=\"out\">").append(esc(r.summary())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></section>\n");
        h.append("<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /**
     * A page for {@code doctor tensor}: the findings, and both tensors shown channel for channel through one
     * display map (each reference channel's range to 0..255), so a swap, a wrong range or a shifted crop is visible
     * as such; per-channel images and histograms with the reference's range shaded.
     *
     * @param input the image yours was made from, or {@code null}
     */
    public static String renderTensor(TensorDiagnosis d, Tensor mine, Tensor reference, String mineName, String referenceName, PixelBuffer input,
                                      String convention) {
        StringBuilder h = new StringBuilder(1 << 19);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pixelprep doctor: ").append(esc(mineName))
                .append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n<header><h1>pixelprep doctor</h1><p>yours <code>")
                .append(esc(mineName)).append("</code> against the reference <code>").append(esc(referenceName)).append("</code></p></header>\n");
        h.append("<section id=\"diagnosis\"><h2>Diagnosis</h2>\n<p>").append(esc(d.layoutRelation())).append("</p>\n");
        h.append(String.format(Locale.ROOT, "<p>PSNR after the best per-channel map: %s</p>\n", Double.isInfinite(d.psnr()) ? "identical"
                : String.format(Locale.ROOT, "%.1f dB", d.psnr())));
        if (d.clean()) {
            h.append("<p class=\"ok\">No mistake found: the tensors agree.</p>\n");
        } else {
            h.append("<ul class=\"findings\">\n");
            for (Finding f : d.findings()) {
                h.append("<li><code class=\"id\">").append(esc(f.id())).append("</code> ").append(esc(f.message())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (d.corrected() != null && !d.clean()) {
            h.append("<p>Corrected spec:</p><pre>").append(esc(d.corrected().describe())).append("</pre>\n");
            String conv = convention == null ? "coreml" : convention;
            if (Export.IDS.contains(conv)) {
                h.append("<p>In ").append(esc(conv)).append("'s words:</p><pre>").append(esc(Export.to(conv, d.corrected()).text())).append("</pre>\n");
            }
        }
        for (String n : d.notes()) {
            h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        }
        h.append("</section>\n");
        if (input != null) {
            h.append("<section id=\"input\"><h2>Input</h2><figure><img alt=\"input image\" src=\"").append(png(thumbnail(input)))
                    .append("\"></figure></section>\n");
        }
        Planes r = Planes.of(reference, reference.layout());
        double[] lo = new double[r.channels];
        double[] hi = new double[r.channels];
        for (int c = 0; c < r.channels; c++) {
            lo[c] = Double.POSITIVE_INFINITY;
            hi[c] = Double.NEGATIVE_INFINITY;
            for (float v : r.data[c]) {
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
        }
        h.append("<section id=\"tensors\"><h2>The two tensors</h2>\n<p>Both are shown through the same display map: each reference channel's"
                + " range becomes 0..255, channel for channel, first image. Histograms shade the reference's range.</p>\n<div class=\"grid\">\n");
        Object[][] shown = {{"yours", mineName, "yours", mine}, {"reference", referenceName, "best", reference}};
        for (Object[] s : shown) {
            Tensor t = (Tensor) s[3];
            Planes p = Planes.of(t, t.layout());
            h.append("<div class=\"cand ").append(s[2]).append("\"><h3>").append(esc((String) s[0])).append("</h3><p class=\"name\">").append(esc((String) s[1]))
                    .append(" ").append(esc(java.util.Arrays.toString(t.shape()))).append(" ").append(t.layout()).append("</p>\n");
            h.append("<img class=\"seen\" alt=\"").append(esc((String) s[0])).append("\" src=\"").append(png(display(p, lo, hi, -1))).append("\">\n<div class=\"channels\">");
            for (int c = 0; c < Math.min(p.channels, r.channels); c++) {
                h.append("<figure><img alt=\"channel ").append(c).append("\" src=\"").append(png(display(p, lo, hi, c))).append("\"><figcaption>channel ").append(c)
                        .append("</figcaption>").append(histogram(p.data[c], lo[c], hi[c])).append("</figure>");
            }
            h.append("</div></div>\n");
        }
        h.append("</div></section>\n<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /** Image 0 of {@code p} with channel c mapped from [lo[c], hi[c]] to 0..255; {@code only} < 0 for all channels as RGB. */
    private static BufferedImage display(Planes p, double[] lo, double[] hi, int only) {
        BufferedImage img = new BufferedImage(p.width, p.height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < p.height; y++) {
            for (int x = 0; x < p.width; x++) {
                int i = y * p.width + x;
                int[] v = new int[3];
                for (int k = 0; k < 3; k++) {
                    int c = only >= 0 ? only : Math.min(k, p.channels - 1);
                    int cr = Math.min(c, lo.length - 1);
                    double f = (p.data[c][i] - lo[cr]) / Math.max(hi[cr] - lo[cr], 1e-30);
                    v[k] = (int) Math.max(0, Math.min(255, Math.round(f * 255)));
                }
                img.setRGB(x, y, v[0] << 16 | v[1] << 8 | v[2]);
            }
        }
        return img;
    }

    private record Shown(String title, String name, String css, Spec spec, String status) {
    }

    /** The first kept candidate, yours (marked by what the evidence says), the other kept ones, then ruled-out ones. */
    private static List<Shown> shown(ModelDiagnosis d) {
        List<Shown> out = new ArrayList<>();
        Evaluation w = d.winner();
        out.add(new Shown(d.decision().verdict() == Decision.Verdict.DECIDED ? "decided" : "kept", w.candidate().name(), "best", w.candidate().spec(),
                d.kept(w) ? null : "ruled out by " + d.decision().ruledOut().get(w.candidate().name())));
        if (d.current() != null) {
            boolean bad = d.currentStatus().startsWith("ruled out");
            out.add(new Shown("yours", d.current().describe(), bad ? "yours bad" : "yours ok", d.current(), d.currentStatus()));
        }
        List<String> seen = new ArrayList<>();
        seen.add(w.candidate().normalization() + "|" + w.candidate().color());
        for (boolean kept : new boolean[] {true, false}) {
            for (Evaluation e : d.ranked()) {
                if (out.size() >= MAX_RENDERED) {
                    break;
                }
                String key = e.candidate().normalization() + "|" + e.candidate().color();
                if (d.kept(e) == kept && !seen.contains(key) && e.candidate().geometry().equals(w.candidate().geometry())) {
                    seen.add(key);
                    String why = d.decision().ruledOut().get(e.candidate().name());
                    out.add(new Shown("#" + (d.ranked().indexOf(e) + 1) + (kept ? " kept" : " ruled out"), e.candidate().name(), kept ? "other" : "other out",
                            e.candidate().spec(), why == null ? null : "ruled out by " + why));
                }
            }
        }
        return out;
    }

    private static String channelName(Spec s, int c) {
        if (s.color() == ColorOrder.GRAY) {
            return "gray";
        }
        String names = s.color() == ColorOrder.BGR ? "BGR" : "RGB";
        return names.substring(c, c + 1);
    }

    /** 8-bit level of tensor value {@code y} in channel {@code c} under {@code s}'s inverse. */
    private static int level(Spec s, int c, float y) {
        double a = s.invert() ? -s.scale(c) : s.scale(c);
        double b = s.invert() ? s.bias(c) + 255 * s.scale(c) : s.bias(c);
        double x = (y - b) / a;
        return (int) Math.max(0, Math.min(255, Math.round(x)));
    }

    private static BufferedImage seen(Planes p, Spec s) {
        BufferedImage img = new BufferedImage(p.width, p.height, BufferedImage.TYPE_INT_RGB);
        boolean bgr = s.color() == ColorOrder.BGR;
        for (int y = 0; y < p.height; y++) {
            for (int x = 0; x < p.width; x++) {
                int i = y * p.width + x;
                int r;
                int g;
                int b;
                if (p.channels == 1) {
                    r = g = b = level(s, 0, p.data[0][i]);
                } else {
                    int c0 = level(s, 0, p.data[0][i]);
                    g = level(s, 1, p.data[1][i]);
                    int c2 = level(s, 2, p.data[2][i]);
                    r = bgr ? c2 : c0;
                    b = bgr ? c0 : c2;
                }
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static BufferedImage channel(Planes p, int c, Spec s) {
        int w = p.width / 2 > 0 ? (p.width + 1) / 2 : 1;
        int hh = p.height / 2 > 0 ? (p.height + 1) / 2 : 1;
        BufferedImage img = new BufferedImage(w, hh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < w; x++) {
                int v = level(s, c, p.data[c][Math.min(p.height - 1, 2 * y) * p.width + Math.min(p.width - 1, 2 * x)]);
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    private static double meanLevelDifference(Planes p, Planes w, Spec s) {
        double sum = 0;
        long n = 0;
        int plane = p.height * p.width;
        for (int c = 0; c < p.channels; c++) {
            for (int i = 0; i < plane; i++) {
                sum += Math.abs(level(s, c, p.data[c][i]) - level(s, c, w.data[c][i]));
                n++;
            }
        }
        return sum / n;
    }

    /** Inline SVG: 48 bins over the union of the values' range and the expected range [lo0, hi0] (shaded). */
    static String histogram(float[] v, double lo0, double hi0) {
        double lo = lo0;
        double hi = hi0;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        int bins = 48;
        int[] count = new int[bins];
        for (float x : v) {
            count[(int) Math.min(bins - 1, (x - lo) / (hi - lo) * bins)]++;
        }
        int max = 1;
        for (int k : count) {
            max = Math.max(max, k);
        }
        double w = 240;
        double h = 70;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"hist\" width=\"240\" height=\"90\" viewBox=\"0 0 240 90\" role=\"img\">");
        double x0 = (lo0 - lo) / (hi - lo) * w;
        double x1 = (hi0 - lo) / (hi - lo) * w;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.0f\" fill=\"#cfe8cf\"/>", x0, Math.max(1, x1 - x0), h));
        for (int k = 0; k < bins; k++) {
            double bh = count[k] / (double) max * (h - 2);
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#345\"/>", k * w / bins, h - bh,
                    w / bins - 0.5, bh));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"86\" font-size=\"11\">%.3g</text><text x=\"240\" y=\"86\" font-size=\"11\" text-anchor=\"end\">%.3g</text>",
                lo, hi));
        return sb.append("</svg>").toString();
    }

    private static BufferedImage thumbnail(PixelBuffer px) {
        double f = Math.min(1, 360.0 / Math.max(px.width(), px.height()));
        int w = Math.max(1, (int) Math.round(px.width() * f));
        int hh = Math.max(1, (int) Math.round(px.height() * f));
        Spec s = Spec.builder().color(ColorOrder.RGB).layout(Layout.HWC).dtype(DType.UINT8)
                .geometry(new Geometry(Resize.exact(w, hh, Interpolation.BILINEAR, ResizeFamily.PILLOW), null)).build();
        Tensor t = Pipeline.compile(s).tensor(px);
        java.nio.ByteBuffer b = t.data();
        BufferedImage img = new BufferedImage(w, hh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                img.setRGB(x, y, (b.get(i) & 0xFF) << 16 | (b.get(i + 1) & 0xFF) << 8 | (b.get(i + 2) & 0xFF));
            }
        }
        return img;
    }

    static String png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                default: sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static final String CSS = String.join("\n",
            "body{font:14px/1.4 system-ui,sans-serif;margin:0 24px 40px;color:#222;background:#fafafa}",
            "h1{margin:16px 0 4px}h2{border-bottom:2px solid #345;padding-bottom:2px;margin-top:28px}",
            "pre{background:#eef;padding:6px 8px;white-space:pre-wrap;font-size:12px}",
            ".verdict{font-size:16px;padding:6px 8px;border-left:6px solid #888}.verdict.decided{border-color:#2a7}.verdict.probably{border-color:#c80}",
            ".verdict.cannot{border-color:#68a;background:#eef3f8}.evidence li{margin:3px 0;font-size:13px}",
            ".findings li{margin:4px 0}.id{background:#c33;color:#fff;padding:1px 5px;border-radius:3px}",
            ".warn{background:#fff3cd;padding:6px}.ok{color:#2a7}.bad{color:#c33}.note{color:#555;font-style:italic}",
            ".grid{display:flex;flex-wrap:wrap;gap:16px}.cand{background:#fff;border:2px solid #ccc;padding:8px;width:520px}",
            ".cand.best{border-color:#2a7}.cand.yours.ok{border-color:#2a7}.cand.yours.bad{border-color:#c33}.cand.out{opacity:.8}",
            ".cand h3{margin:0}.cand .name{font-size:12px;color:#555;margin:2px 0 6px}.cand .status{font-size:12px;margin:0 0 6px}",
            "img.seen{width:224px;image-rendering:pixelated}.channels{display:flex;gap:6px}.channels figure{margin:0;width:164px}",
            ".channels img{width:112px}.hist{width:164px;height:62px}figcaption{font-size:11px}",
            "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 5px;vertical-align:top}tr.kept{background:#dfd}tr.out{color:#666}",
            "td.out{max-width:340px}");

    /** Checks every embedded image decoded; a failure goes to the console, where the browser test looks. */
    private static final String SCRIPT = String.join("\n",
            "window.addEventListener('load', function () {",
            "  var bad = 0;",
            "  document.querySelectorAll('img').forEach(function (img) {",
            "    if (!img.complete || img.naturalWidth === 0) { bad++; console.error('image did not decode: ' + img.alt); }",
            "  });",
            "  document.body.setAttribute('data-images', String(document.images.length));",
            "  document.body.setAttribute('data-rendered', bad === 0 ? 'yes' : 'no');",
            "});");
}
