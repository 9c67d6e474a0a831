package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Metadata;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkImageScaler;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkPreprocessing;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Pipeline;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.SizeRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what a Core ML model says about its image inputs, recursing into pipelines.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class CoreMlInspector {
    /** Everything inspect reports about one model file. */
    public record Report(int specificationVersion, String modelType, List<ImageInput> imageInputs, int classLabels,
                         Map<String, String> metadata, Map<String, String> userDefined) {
        /** Copies the list and maps (keeping their order), so the caller's later changes do not reach this value. */
        public Report {
            imageInputs = List.copyOf(imageInputs);
            metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
            userDefined = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userDefined));
        }
    }

    private static final Map<Integer, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(300, "glmRegressor"), Map.entry(301, "supportVectorRegressor"), Map.entry(302, "treeEnsembleRegressor"),
            Map.entry(304, "bayesianProbitRegressor"), Map.entry(400, "glmClassifier"), Map.entry(401, "supportVectorClassifier"),
            Map.entry(402, "treeEnsembleClassifier"), Map.entry(404, "kNearestNeighborsClassifier"), Map.entry(501, "itemSimilarityRecommender"),
            Map.entry(555, "customModel"), Map.entry(556, "linkedModel"), Map.entry(560, "classConfidenceThresholding"),
            Map.entry(600, "oneHotEncoder"), Map.entry(601, "imputer"), Map.entry(602, "featureVectorizer"), Map.entry(603, "dictVectorizer"),
            Map.entry(604, "scaler"), Map.entry(606, "categoricalMapping"), Map.entry(607, "normalizer"), Map.entry(609, "arrayFeatureExtractor"),
            Map.entry(610, "nonMaximumSuppression"), Map.entry(900, "identity"), Map.entry(2000, "textClassifier"), Map.entry(2001, "wordTagger"),
            Map.entry(2002, "visionFeaturePrint"), Map.entry(2003, "soundAnalysisPreprocessing"), Map.entry(2004, "gazetteer"),
            Map.entry(2005, "wordEmbedding"), Map.entry(2006, "audioFeaturePrint"), Map.entry(3000, "serializedModel"));

    private CoreMlInspector() {
    }

    public static Report inspect(CoreMlFile file) {
        return inspect(file.model(), file.isPackage() ? file.specFile().getParent() : null);
    }

    /** A model without its package: constants in a weight file are reported as not readable. */
    public static Report inspect(Model model) {
        return inspect(model, null);
    }

    /** @param modelDir the folder of the model spec inside an .mlpackage (where {@code @model_path} points), or {@code null} */
    static Report inspect(Model model, java.nio.file.Path modelDir) {
        List<ImageInput> inputs = new ArrayList<>();
        int[] labels = {-1};
        walk(model, "model", inputs, labels, modelDir);
        Metadata md = model.getDescription().getMetadata();
        Map<String, String> meta = new LinkedHashMap<>();
        put(meta, "shortDescription", md.getShortDescription());
        put(meta, "versionString", md.getVersionString());
        put(meta, "author", md.getAuthor());
        put(meta, "license", md.getLicense());
        return new Report(model.getSpecificationVersion(), typeName(model), List.copyOf(inputs), labels[0], meta,
                new LinkedHashMap<>(md.getUserDefinedMap()));
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (!v.isEmpty()) {
            m.put(k, v);
        }
    }

    /** The name of the model's type, also for types this project's .proto leaves undeclared. */
    public static String typeName(Model m) {
        switch (m.getTypeCase()) {
            case PIPELINECLASSIFIER: return "pipelineClassifier";
            case PIPELINEREGRESSOR: return "pipelineRegressor";
            case PIPELINE: return "pipeline";
            case NEURALNETWORKREGRESSOR: return "neuralNetworkRegressor";
            case NEURALNETWORKCLASSIFIER: return "neuralNetworkClassifier";
            case NEURALNETWORK: return "neuralNetwork";
            case MLPROGRAM: return "mlProgram";
            default:
                for (Integer n : m.getUnknownFields().asMap().keySet()) {
                    if (TYPE_NAMES.containsKey(n)) {
                        return TYPE_NAMES.get(n);
                    }
                }
                return "unknown";
        }
    }

    /** The pipeline inside a pipeline-type model, or {@code null}. */
    static Pipeline pipelineOf(Model m) {
        switch (m.getTypeCase()) {
            case PIPELINE: return m.getPipeline();
            case PIPELINECLASSIFIER: return m.getPipelineClassifier().getPipeline();
            case PIPELINEREGRESSOR: return m.getPipelineRegressor().getPipeline();
            default: return null;
        }
    }

    /** The neural network's preprocessing list, or {@code null} for other model types. */
    static List<NeuralNetworkPreprocessing> preprocessingOf(Model m) {
        switch (m.getTypeCase()) {
            case NEURALNETWORK: return m.getNeuralNetwork().getPreprocessingList();
            case NEURALNETWORKCLASSIFIER: return m.getNeuralNetworkClassifier().getPreprocessingList();
            case NEURALNETWORKREGRESSOR: return m.getNeuralNetworkRegressor().getPreprocessingList();
            default: return null;
        }
    }

    private static void walk(Model m, String where, List<ImageInput> out, int[] labels, java.nio.file.Path modelDir) {
        Pipeline p = pipelineOf(m);
        if (p != null) {
            for (int i = 0; i < p.getModelsCount(); i++) {
                String name = i < p.getNamesCount() ? " \"" + p.getNames(i) + "\"" : "";
                walk(p.getModels(i), where + ".pipeline.models[" + i + "]" + name, out, labels, modelDir);
            }
            return;
        }
        if (labels[0] < 0 && m.getTypeCase() == Model.TypeCase.NEURALNETWORKCLASSIFIER) {
            var c = m.getNeuralNetworkClassifier();
            labels[0] = c.hasStringClassLabels() ? c.getStringClassLabels().getVectorCount()
                    : c.hasInt64ClassLabels() ? c.getInt64ClassLabels().getVectorCount() : 0;
        }
        List<FeatureDescription> images = new ArrayList<>();
        for (FeatureDescription f : m.getDescription().getInputList()) {
            if (f.getType().hasImageType()) {
                images.add(f);
            }
        }
        if (m.getDescription().getInputCount() == 0) {
            for (var fn : m.getDescription().getFunctionsList()) {
                for (FeatureDescription f : fn.getInputList()) {
                    if (f.getType().hasImageType()) {
                        images.add(f);
                    }
                }
            }
        }
        String type = typeName(m);
        for (FeatureDescription f : images) {
            ImageFeatureType it = f.getType().getImageType();
            ColorOrder order = order(it);
            StoredPreprocessing pre;
            List<NeuralNetworkPreprocessing> list = preprocessingOf(m);
            if (list != null) {
                pre = fromNeuralNetwork(list, f.getName(), images.size(), order, it);
            } else if (m.getTypeCase() == Model.TypeCase.MLPROGRAM) {
                pre = ProgramOps.read(m.getMlProgram(), f.getName(), order, modelDir);
            } else {
                pre = new StoredPreprocessing(StoredPreprocessing.Kind.UNKNOWN, order, 1, null, null,
                        "model type " + type + " has no NeuralNetworkPreprocessing; what it does to the pixels is internal to it", List.of());
            }
            out.add(new ImageInput(where, type, f.getName(), it.getWidth(), it.getHeight(), flexibility(it), colorSpaceName(it), pre));
        }
    }

    static ColorOrder order(ImageFeatureType it) {
        switch (it.getColorSpace()) {
            case GRAYSCALE: case GRAYSCALE_FLOAT16: return ColorOrder.GRAY;
            case RGB: return ColorOrder.RGB;
            case BGR: return ColorOrder.BGR;
            default: return null;
        }
    }

    static String colorSpaceName(ImageFeatureType it) {
        return it.getColorSpace() == ImageFeatureType.ColorSpace.UNRECOGNIZED ? "unknown (" + it.getColorSpaceValue() + ")"
                : it.getColorSpace().name();
    }

    static String flexibility(ImageFeatureType it) {
        switch (it.getSizeFlexibilityCase()) {
            case ENUMERATEDSIZES: {
                StringBuilder sb = new StringBuilder("enumerated sizes");
                for (var s : it.getEnumeratedSizes().getSizesList()) {
                    sb.append(' ').append(Long.toUnsignedString(s.getWidth())).append('x').append(Long.toUnsignedString(s.getHeight()));
                }
                return sb.toString();
            }
            case IMAGESIZERANGE:
                return "width " + range(it.getImageSizeRange().getWidthRange()) + ", height " + range(it.getImageSizeRange().getHeightRange());
            default:
                return "fixed size";
        }
    }

    private static String range(SizeRange r) {
        return Long.toUnsignedString(r.getLowerBound()) + ".." + (r.getUpperBound() < 0 ? "unbounded" : Long.toString(r.getUpperBound()));
    }

    private static StoredPreprocessing fromNeuralNetwork(List<NeuralNetworkPreprocessing> list, String name, int imageInputs, ColorOrder order,
                                                         ImageFeatureType it) {
        List<NeuralNetworkPreprocessing> mine = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (NeuralNetworkPreprocessing p : list) {
            if (p.getFeatureName().equals(name)) {
                mine.add(p);
            }
        }
        if (mine.isEmpty() && imageInputs == 1) {
            for (NeuralNetworkPreprocessing p : list) {
                if (p.getFeatureName().isEmpty()) {
                    mine.add(p);
                    notes.add("the preprocessing entry has an empty featureName; taken as this model's only image input");
                }
            }
        }
        if (mine.isEmpty()) {
            return new StoredPreprocessing(StoredPreprocessing.Kind.NONE, order, 1, null, null, "none (the network sees raw 0..255 pixels)", notes);
        }
        if (mine.size() > 1) {
            notes.add(mine.size() + " preprocessing entries name this input; Core ML does not document how several combine. Shown: the first");
        }
        NeuralNetworkPreprocessing p = mine.get(0);
        switch (p.getPreprocessorCase()) {
            case SCALER: {
                NeuralNetworkImageScaler s = p.getScaler();
                double[] bias;
                String detail;
                if (order == ColorOrder.GRAY) {
                    bias = new double[] {s.getGrayBias()};
                    detail = "scaler channelScale " + KnownConventions.pretty(s.getChannelScale()) + ", grayBias " + KnownConventions.pretty(s.getGrayBias());
                } else {
                    double r = s.getRedBias();
                    double g = s.getGreenBias();
                    double b = s.getBlueBias();
                    bias = order == ColorOrder.BGR ? new double[] {b, g, r} : new double[] {r, g, b};
                    detail = "scaler channelScale " + KnownConventions.pretty(s.getChannelScale()) + ", redBias " + KnownConventions.pretty(r)
                            + ", greenBias " + KnownConventions.pretty(g) + ", blueBias " + KnownConventions.pretty(b);
                }
                if (s.getChannelScale() == 0) {
                    notes.add("channelScale is 0 or not set: read literally every pixel maps to the bias; Core ML does not document a default,"
                            + " so write 1.0 explicitly");
                }
                return new StoredPreprocessing(StoredPreprocessing.Kind.SCALER, order, s.getChannelScale(), bias, null, detail, notes);
            }
            case MEANIMAGE: {
                List<Float> values = p.getMeanImage().getMeanImageList();
                return meanImage(values, order, it, notes);
            }
            default:
                return new StoredPreprocessing(StoredPreprocessing.Kind.NONE, order, 1, null, null,
                        "an entry without scaler or meanImage (the network sees raw 0..255 pixels)", notes);
        }
    }

    private static StoredPreprocessing meanImage(List<Float> values, ColorOrder order, ImageFeatureType it, List<String> notes) {
        String detail = "meanImage of " + values.size() + " values (subtracted)";
        MeanImage mi = order == null ? null : meanImageOf(values, order, it.getWidth(), it.getHeight());
        if (mi == null) {
            notes.add(String.format(Locale.ROOT, "the mean image has %d values, which does not fit the input's %s %d x %d", values.size(),
                    colorSpaceName(it), it.getWidth(), it.getHeight()));
            return new StoredPreprocessing(StoredPreprocessing.Kind.UNKNOWN, order, 1, null, null, detail, notes);
        }
        detail += String.format(Locale.ROOT, ", shape [%d, %d, %d]", mi.channels(), mi.height(), mi.width());
        return new StoredPreprocessing(StoredPreprocessing.Kind.MEAN_IMAGE, order, 1, null, mi, detail, notes);
    }

    /** The mean image of an input with its declared size, or {@code null} when the value count does not fit. */
    static MeanImage meanImageOf(List<Float> values, ColorOrder order, long width, long height) {
        long n = (long) order.channels() * width * height;
        if (width <= 0 || height <= 0 || n != values.size()) {
            return null;
        }
        float[] d = new float[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = values.get(i);
        }
        return new MeanImage(order.channels(), (int) height, (int) width, d);
    }

}
