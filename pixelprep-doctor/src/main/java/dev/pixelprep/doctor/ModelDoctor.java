package dev.pixelprep.doctor;

import dev.pixelprep.core.PixelprepException;
import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.doctor.ModelDiagnosis.Evaluation;
import dev.pixelprep.doctor.ModelDiagnosis.SampleResult;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.ModelInput;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.SpecResolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the preprocessing a model wants by running candidates on images and ranking them by the evidence given:
 * the expected outputs (strongest), the expected labels, or else the outputs' confidence and their agreement across
 * candidates. Candidates cover the common normalisations (raw, 0..1, −1..1, ImageNet mean/std, with one averaged
 * std, Caffe means, CLIP), both channel orders, and stretch / shorter side + crop / letterbox / cover + crop with
 * Pillow's and OpenCV's kernels, plus the model's stored spec and yours. The search is coordinate-wise: values
 * and channel order on a first geometry, then the geometry for the best values, then the best values again.
 *
 * <p>One instance holds one model and one set of images and caches every run, so diagnosing several specs
 * against them costs the candidate runs once.
 *
 * <p>Confined to one thread: use one instance from one thread at a time (it is not tested under concurrency). It runs
 * its {@link dev.pixelprep.onnx.OnnxModel}, which itself may be shared.
 */
public final class ModelDoctor {
    private final OnnxModel model;
    private final List<Sample> samples;
    private final List<String> labelNames;
    private final int topK;
    private final int channels;
    private final int width;
    private final int height;
    private final Layout layout;
    private final DType dtype;
    private final String mode;
    private final int[] labelIndex;
    private final SpecResolver.Resolved stored;
    private final List<GraphNormalization.Step> graphSteps;
    /** The input's QuantizeLinear, or {@code null} for a float model. */
    private final InputQuantization quantization;
    /** The first convolution and its batch normalisation, or {@code null} when the model has none (or is channels-last). */
    private final FirstLayer firstLayer;
    private final Map<Spec, List<SampleResult>> cache = new HashMap<>();

    /**
     * @param labelNames class names one per line (may be empty)
     * @param topK       how many classes each candidate's summary lists
     */
    public ModelDoctor(OnnxModel model, List<Sample> samples, List<String> labelNames, int topK) {
        if (samples.isEmpty()) {
            throw new DoctorException("give at least one image");
        }
        this.model = model;
        this.samples = List.copyOf(samples);
        this.labelNames = List.copyOf(labelNames);
        this.topK = topK;
        ModelInput in = model.imageInput();
        long[] s = in.shape();
        boolean first = in.channelsFirst();
        int r = in.rank();
        this.channels = (int) s[first ? r - 3 : r - 1];
        long h = s[first ? r - 2 : r - 3];
        long w = s[first ? r - 1 : r - 2];
        SpecResolver.Resolved st;
        try {
            st = SpecResolver.resolve(model, null, null);
        } catch (PixelprepException e) {
            st = null;
        }
        this.stored = st;
        Geometry storedGeometry = st == null ? null : st.spec().geometry();
        if ((w <= 0 || h <= 0) && storedGeometry != null) {
            int[] shape = st.spec().shape(samples.get(0).pixels().width(), samples.get(0).pixels().height());
            w = shape[shape.length - (first ? 1 : 2)];
            h = shape[shape.length - (first ? 2 : 3)];
        }
        // a side the model leaves open (and no stored spec fixes) is 0: the candidates are then the size rules of
        // the detectors and OCR models that take any size (CandidateSpace)
        this.width = (int) Math.max(0, w);
        this.height = (int) Math.max(0, h);
        this.layout = r == 4 ? (first ? Layout.NCHW : Layout.NHWC) : (first ? Layout.CHW : Layout.HWC);
        this.dtype = DType.parse(in.typeName());
        boolean expected = true;
        boolean labels = true;
        for (Sample sm : samples) {
            expected &= sm.expected() != null;
            labels &= sm.label() != null;
        }
        this.mode = expected ? "expected-output" : labels ? "labels" : "confidence";
        this.labelIndex = new int[samples.size()];
        if (labels && !expected) {
            for (int i = 0; i < samples.size(); i++) {
                labelIndex[i] = resolveLabel(samples.get(i).label());
            }
        }
        OnnxGraph graph = OnnxGraph.read(model.file());
        this.graphSteps = GraphNormalization.steps(graph, in.name());
        this.quantization = InputQuantization.of(graph, in.name());
        this.firstLayer = layout.planar() ? FirstLayer.of(graph, in.name()) : null;
    }

    /** Whether the model leaves a side of its input open and no stored spec fixes it. */
    private boolean openSize() {
        return width == 0 || height == 0;
    }

    /** The mode the evidence allows: {@code expected-output}, {@code labels} or {@code confidence}. */
    public String mode() {
        return mode;
    }

    private int resolveLabel(String label) {
        int i = findLabel(labelNames, label);
        if (i >= 0) {
            return i;
        }
        throw new DoctorException("label '" + label + "' is not in the labels file" + (labelNames.isEmpty() ? " (give --labels FILE, or a class index)"
                : " (" + labelNames.size() + " classes, e.g. '" + labelNames.get(0) + "')"));
    }

    /**
     * The class index of {@code label} in {@code names}: a number as it is, else the line, its name after an ImageNet
     * synset id ({@code n02124075 Egyptian cat}) or one of its comma-separated aliases, case aside; -1 when absent.
     */
    static int findLabel(List<String> names, String label) {
        String want = label.trim().toLowerCase(Locale.ROOT);
        if (want.matches("\\d+")) {
            return Integer.parseInt(want);
        }
        for (int i = 0; i < names.size(); i++) {
            String line = names.get(i).toLowerCase(Locale.ROOT);
            String name = line.matches("n\\d{8} .*") ? line.substring(10) : line;
            if (line.equals(want) || name.equals(want)) {
                return i;
            }
            for (String alias : name.split(",")) {
                if (alias.trim().equals(want)) {
                    return i;
                }
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- running

    private List<SampleResult> run(Spec spec) {
        List<SampleResult> cached = cache.get(spec);
        if (cached != null) {
            return cached;
        }
        List<SampleResult> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Map<String, Tensor> outputs;
            try {
                outputs = model.run(spec, List.of(s.pixels()));
            } catch (PixelprepException e) {
                if (!openSize()) {
                    throw e;
                }
                // a model that takes any size may still refuse one (a side its strides do not divide): this
                // candidate then gives no output at all, which the evidence rules out
                out.add(new SampleResult("the model cannot run this input: " + e.getMessage(), 0, Double.POSITIVE_INFINITY, 0, -1));
                continue;
            }
            out.add(result(i, s, outputs));
        }
        cache.put(spec, out);
        return out;
    }

    private SampleResult result(int index, Sample s, Map<String, Tensor> outputs) {
        double distance = Double.NaN;
        if (s.expected() != null) {
            Tensor match = null;
            for (Tensor t : outputs.values()) {
                if (match == null && t.size() == s.expected().size()) {
                    match = t;
                }
            }
            if (match == null && !openSize()) {
                throw new DoctorException("the expected output for " + s.name() + " has " + s.expected().size() + " values but no model output has that many: "
                        + outputs.keySet());
            }
            // a model that takes any size: a candidate whose input size gives outputs of another size is as far as
            // can be from the expected ones
            distance = match == null ? Double.POSITIVE_INFINITY : distance(match.toFloatArray(), s.expected().toFloatArray());
        }
        Tensor scores = scoresOutput(outputs);
        int classes = scores.shape()[scores.shape().length - 1];
        int rows = (int) (scores.size() / classes);
        double[][] p = probabilities(scores.toFloatArray(), rows, classes);
        double labelProb = Double.NaN;
        if (s.label() != null && s.expected() == null) {
            int li = labelIndex[index];
            if (li < 0 || li >= classes) {
                throw new DoctorException("label index " + li + " is outside the model's " + classes + " classes");
            }
            labelProb = 0;
            for (double[] row : p) {
                labelProb = Math.max(labelProb, row[li]);
            }
        }
        double confidence = 0;
        int top1 = -1;
        int bestRow = 0;
        int bestClass = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = rows == 1 ? 0 : 1; c < classes; c++) {
                if (p[r][c] > confidence) {
                    confidence = p[r][c];
                    bestRow = r;
                    bestClass = c;
                }
            }
        }
        String summary;
        if (rows == 1) {
            top1 = bestClass;
            List<Classification.Prediction> preds = Classification.topK(scores, 0, topK, !isProbability(scores.toFloatArray(), 1, classes),
                    labelNames.size() == classes ? labelNames : List.of());
            List<String> parts = new ArrayList<>();
            for (Classification.Prediction pr : preds) {
                parts.add(String.format(Locale.ROOT, "%s %.4f", shortLabel(pr.label()), pr.probability()));
            }
            summary = String.join(", ", parts);
        } else {
            int above = 0;
            for (double[] row : p) {
                for (int c = 1; c < classes; c++) {
                    if (row[c] > 0.5) {
                        above++;
                    }
                }
            }
            String cls = labelNames.size() == classes ? shortLabel(labelNames.get(bestClass)) : "class " + bestClass;
            summary = String.format(Locale.ROOT, "best %s %.4f (row %d), %d rows above 0.5", cls, confidence, bestRow, above);
        }
        if (!Double.isNaN(distance)) {
            summary += String.format(Locale.ROOT, "; distance to expected %.3f", distance);
        }
        return new SampleResult(summary, labelProb, distance, confidence, top1);
    }

    private static String shortLabel(String l) {
        return l.matches("n\\d{8} .*") ? l.substring(10) : l;
    }

    /** The output that carries class scores: the one whose last axis matches the labels, else the first. */
    private Tensor scoresOutput(Map<String, Tensor> outputs) {
        for (Tensor t : outputs.values()) {
            int[] sh = t.shape();
            if (!labelNames.isEmpty() && sh[sh.length - 1] == labelNames.size()) {
                return t;
            }
        }
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).contains("score")) {
                return e.getValue();
            }
        }
        return outputs.values().iterator().next();
    }

    private static boolean isProbability(float[] v, int rows, int classes) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                float x = v[r * classes + c];
                if (x < 0 || x > 1) {
                    return false;
                }
                sum += x;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    private static double[][] probabilities(float[] v, int rows, int classes) {
        boolean already = isProbability(v, rows, classes);
        double[][] p = new double[rows][classes];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, v[r * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[r][c] = already ? v[r * classes + c] : Math.exp(v[r * classes + c] - max);
                sum += p[r][c];
            }
            for (int c = 0; c < classes; c++) {
                p[r][c] /= already ? 1 : sum;
            }
        }
        return p;
    }

    /** RMS difference over the expected values' standard deviation. */
    static double distance(float[] got, float[] want) {
        double mean = 0;
        for (float w : want) {
            mean += w;
        }
        mean /= want.length;
        double var = 0;
        double err = 0;
        for (int i = 0; i < want.length; i++) {
            var += (want[i] - mean) * (want[i] - mean);
            err += (got[i] - want[i]) * (double) (got[i] - want[i]);
        }
        return Math.sqrt(err / Math.max(var, 1e-30));
    }

    // ---------------------------------------------------------------- ranking

    private double rawScore(List<SampleResult> rs) {
        double s = 0;
        switch (mode) {
            case "expected-output":
                for (SampleResult r : rs) {
                    s -= r.distance() / rs.size();
                }
                return s;
            case "labels": {
                int hits = 0;
                double logp = 0;
                for (int i = 0; i < rs.size(); i++) {
                    SampleResult r = rs.get(i);
                    boolean hit = r.top1() >= 0 ? r.top1() == labelIndex[i] : r.labelProb() >= 0.5;
                    hits += hit ? 1 : 0;
                    logp += Math.log(Math.max(r.labelProb(), 1e-12)) / rs.size();
                }
                return hits * 1000 + logp;
            }
            default:
                for (SampleResult r : rs) {
                    s += r.confidence() / rs.size();
                }
                return s;
        }
    }

    /**
     * Diagnoses {@code current} (may be {@code null}): runs the candidates, lets every evidence available rule out
     * what it can by its stated rule ({@link Evidence}), and reports a mistake in your spec only where every
     * candidate the evidence leaves agrees on it; a corrected spec only when one candidate is left.
     */
    public ModelDiagnosis diagnose(Spec current, String currentSource) {
        Map<String, Candidate> evaluated = new LinkedHashMap<>();
        CandidateSpace space = new CandidateSpace(stored, channels, width, height, layout, dtype);
        List<CandidateSpace.Norm> norms = space.norms(current);
        Map<String, Geometry> geos = space.geometries(current);
        Map.Entry<String, Geometry> g0 = geos.entrySet().iterator().next();
        List<Candidate> stageA = new ArrayList<>();
        for (CandidateSpace.Norm n : norms) {
            for (String color : space.colors()) {
                Candidate c = space.candidate(n, color, g0.getKey(), g0.getValue());
                stageA.add(c);
                evaluated.putIfAbsent(c.name(), c);
            }
        }
        stageA.sort(Comparator.comparingDouble((Candidate c) -> -rawScore(run(c.spec()))));
        Candidate bestA = stageA.get(0);
        CandidateSpace.Norm bestNorm = CandidateSpace.normNamed(norms, bestA.normalization());
        Candidate bestB = bestA;
        for (Map.Entry<String, Geometry> g : geos.entrySet()) {
            Candidate c = space.candidate(bestNorm, bestA.color(), g.getKey(), g.getValue());
            evaluated.putIfAbsent(c.name(), c);
            if (rawScore(run(c.spec())) > rawScore(run(bestB.spec()))) {
                bestB = c;
            }
        }
        if (!bestB.geometry().equals(g0.getKey())) {
            for (Candidate a : stageA.subList(0, Math.min(4, stageA.size()))) {
                Candidate c = space.candidate(CandidateSpace.normNamed(norms, a.normalization()), a.color(), bestB.geometry(), geos.get(bestB.geometry()));
                evaluated.putIfAbsent(c.name(), c);
                run(c.spec());
            }
        }
        List<Evaluation> ranked = new ArrayList<>();
        for (Candidate c : evaluated.values()) {
            ranked.add(new Evaluation(c, rawScore(run(c.spec())), run(c.spec())));
        }
        List<String> warnings = new ArrayList<>();
        Evaluation yours = current == null ? null : evaluate(current, warnings);
        if (mode.equals("confidence")) {
            List<Evaluation> all = new ArrayList<>(ranked);
            if (yours != null) {
                all.add(yours);
            }
            all = withStability(all);
            if (yours != null) {
                yours = all.remove(all.size() - 1);
            }
            ranked = all;
        }
        ranked.sort(Comparator.comparingDouble((Evaluation e) -> -e.score()));
        // your spec takes part as a candidate of its own unless a candidate already has its values
        Evaluation yoursInPool = null;
        if (yours != null) {
            for (Evaluation e : ranked) {
                if (Decider.sameValues(e.candidate().spec(), yours.candidate().spec()) && e.candidate().spec().layout() == yours.candidate().spec().layout()) {
                    yoursInPool = e;
                }
            }
        }
        List<Evaluation> pool = new ArrayList<>(ranked);
        if (yours != null && yoursInPool == null) {
            pool.add(yours);
            yoursInPool = yours;
        }
        Decision decision = Decider.decide(evidences(pool), pool, stored == null ? null : stored.spec(), mode);
        List<Evaluation> kept = new ArrayList<>();
        for (String name : decision.kept()) {
            kept.add(Decider.byName(pool, name));
        }
        List<Finding> findings = new ArrayList<>();
        if (!graphSteps.isEmpty()) {
            double[][] ab = GraphNormalization.affine(graphSteps, channels);
            warnings.add("the model normalises inside its graph (" + GraphNormalization.describe(graphSteps) + ", i.e. y = "
                    + ValueMapNames.fmtList(ab[0], "%.6g") + "·x + " + ValueMapNames.fmtList(ab[1], "%.6g")
                    + " on its input): feed it pixels in the range that formula expects (0..255 when it divides by 255 or subtracts 0..255 means), and do not normalise again");
            if (current != null && !isIdentity(current)) {
                findings.add(Finding.of(Finding.DOUBLE_NORMALIZATION, "the model already normalises inside its graph (" + GraphNormalization.describe(graphSteps)
                        + ") and your spec normalises too (" + current.describe() + ")", "graph_scale", ab[0], "graph_bias", ab[1]));
            }
        }
        if (mode.equals("confidence")) {
            warnings.add("no labels or expected outputs: the candidates are listed by confidence x agreement, which is not evidence (a wrong"
                    + " input can make a model more confident) and decides nothing; give --label or --expect-file");
        }
        String status = null;
        TensorDiagnosis comparison = null;
        if (current != null) {
            boolean consistent = yours != null && decision.kept().contains(yoursInPool.candidate().name());
            if (yours == null) {
                status = "ruled out by the model's input: it refuses this spec (see the warnings)";
            } else if (consistent) {
                status = decision.verdict() == Decision.Verdict.CANNOT_TELL
                        ? "cannot be faulted: the evidence rules out no candidate"
                        : "consistent with the evidence" + (kept.size() > 1 ? " (one of the " + kept.size() + " candidates it cannot tell apart)" : "");
            } else {
                status = "ruled out by " + decision.ruledOut().get(yoursInPool.candidate().name());
            }
            if (!consistent && !kept.isEmpty()) {
                comparison = decidedComparison(current, kept, pool, decision, findings, warnings);
            }
        }
        findings.sort(Comparator.comparingInt(f -> Finding.IDS.indexOf(f.id())));
        List<Evaluation> display = new ArrayList<>(kept);
        for (Evaluation e : ranked) {
            if (!display.contains(e)) {
                display.add(e);
            }
        }
        return new ModelDiagnosis(mode, display, decision, current, currentSource, status, comparison, findings, graphSteps, warnings);
    }

    /**
     * Your tensor against the kept candidates on the first image, reporting only what every kept candidate agrees
     * on, so that a finding never depends on which of the indistinguishable candidates is right. Values, channel
     * order and layout are compared with each kept candidate moved to your geometry (a resize difference would
     * blur the fit of the values); the geometry is reported wrong only when no kept candidate has yours and the
     * evidence ruled out a candidate that had it. Adds the findings to {@code findings} and returns the comparison
     * with the first kept candidate (its corrected spec only when one candidate is left).
     */
    private TensorDiagnosis decidedComparison(Spec current, List<Evaluation> kept, List<Evaluation> pool, Decision decision,
                                              List<Finding> findings, List<String> warnings) {
        Sample first = samples.get(0);
        Tensor mine = Pipeline.compile(current).tensor(first.pixels());
        TensorDiagnosis full;
        TensorDiagnosis firstSameGeometry = null;
        java.util.Set<String> common = null;
        try {
            full = TensorDoctor.diagnose(mine, Pipeline.compile(kept.get(0).candidate().spec()).tensor(first.pixels()), current);
            for (Evaluation e : kept) {
                Spec moved = e.candidate().spec().toBuilder().geometry(current.geometry()).build();
                TensorDiagnosis d = TensorDoctor.diagnose(mine, Pipeline.compile(moved).tensor(first.pixels()), current);
                if (firstSameGeometry == null) {
                    firstSameGeometry = d;
                }
                java.util.Set<String> ids = new java.util.LinkedHashSet<>(d.ids());
                if (common == null) {
                    common = ids;
                } else {
                    common.retainAll(ids);
                }
            }
        } catch (DoctorException ex) {
            warnings.add("your spec's tensor cannot be compared with the kept candidates': " + ex.getMessage());
            return null;
        }
        common.remove(Finding.RESIZE_MISMATCH);
        for (Finding f : firstSameGeometry.findings()) {
            if (common.contains(f.id())) {
                findings.add(f);
            }
        }
        boolean geometryKept = false;
        boolean geometryTested = false;
        for (Evaluation e : pool) {
            boolean same = java.util.Objects.equals(e.candidate().spec().geometry(), current.geometry());
            if (same && kept.contains(e)) {
                geometryKept = true;
            } else if (same && decision.ruledOut().containsKey(e.candidate().name()) && e.candidate().spec() != current) {
                geometryTested = true;
            }
        }
        if (!geometryKept && geometryTested) {
            for (Finding f : full.findings()) {
                if (f.id().equals(Finding.RESIZE_MISMATCH)) {
                    findings.add(f);
                }
            }
        }
        List<String> open = new ArrayList<>(full.ids());
        open.removeAll(common);
        for (Finding f : findings) {
            open.remove(f.id());
        }
        if (!open.isEmpty()) {
            warnings.add("not reported, because the candidates the evidence leaves disagree on them or the evidence did not test them: "
                    + String.join(", ", open));
        }
        if (decision.verdict() != Decision.Verdict.DECIDED) {
            return full.withoutCorrection();
        }
        return full;
    }

    /** The evidence this model and these images give, in the order it is applied (see {@link Decider}). */
    private List<Evidence> evidences(List<Evaluation> pool) {
        List<Evidence> evidences = new ArrayList<>();
        if (quantization != null) {
            evidences.add(new QuantizationEvidence(quantization));
        }
        if (firstLayer != null) {
            Map<String, Double> d = new HashMap<>();
            for (Evaluation e : pool) {
                List<Planes> planes = new ArrayList<>();
                for (Sample s : samples) {
                    Tensor t = Pipeline.compile(e.candidate().spec()).tensor(s.pixels());
                    planes.add(Planes.of(t, t.layout()));
                }
                d.put(e.candidate().name(), firstLayer.discrepancy(planes));
            }
            evidences.add(new BatchNormEvidence(d));
        }
        if (mode.equals("expected-output")) {
            evidences.add(new ExpectedOutputEvidence());
        } else if (mode.equals("labels")) {
            evidences.add(new LabelEvidence(labelIndex));
        }
        return evidences;
    }

    /** Your spec scored like the candidates (before the confidence ordering), or {@code null} when the model refuses it. */
    private Evaluation evaluate(Spec current, List<String> warnings) {
        try {
            List<SampleResult> rs = run(current);
            return new Evaluation(new Candidate("yours", current.color().toString(), "yours", current), rawScore(rs), rs);
        } catch (PixelprepException ex) {
            warnings.add("your spec cannot run on this model: " + ex.getMessage());
            return null;
        }
    }

    private static boolean isIdentity(Spec s) {
        for (int c = 0; c < s.channels(); c++) {
            if (s.scale(c) != 1 || s.bias(c) != 0) {
                return false;
            }
        }
        return !s.invert() && s.meanImage() == null;
    }


    /** Confidence times the share of candidates that agree with this one's top-1 class, per image. */
    private List<Evaluation> withStability(List<Evaluation> in) {
        List<Evaluation> out = new ArrayList<>();
        for (Evaluation e : in) {
            double s = 0;
            for (int i = 0; i < samples.size(); i++) {
                int top = e.samples().get(i).top1();
                double agree = 1;
                if (top >= 0) {
                    int same = 0;
                    for (Evaluation o : in) {
                        same += o.samples().get(i).top1() == top ? 1 : 0;
                    }
                    agree = same / (double) in.size();
                }
                s += e.samples().get(i).confidence() * agree / samples.size();
            }
            out.add(new Evaluation(e.candidate(), s, e.samples()));
        }
        return out;
    }

    /** The spec's output tensor for the first image, for the report. */
    Tensor tensor(Spec spec) {
        return Pipeline.compile(spec).tensor(samples.get(0).pixels());
    }

    List<Sample> samples() {
        return samples;
    }
}
