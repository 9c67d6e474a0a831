package dev.pixelprep.formats.coreml;

import dev.pixelprep.core.convention.CoreMl;
import dev.pixelprep.core.convention.Export;
import dev.pixelprep.core.convention.Expression;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.formats.FormatException;
import dev.pixelprep.formats.KnownConventions;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.FeatureDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ImageFeatureType;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Model;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.ModelDescription;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkImageScaler;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkMeanImage;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.NeuralNetworkPreprocessing;
import dev.pixelprep.formats.coreml.proto.CoreMlModelProto.Pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a spec's normalisation into a Core ML model and sets the input's colour space. A neural network gets
 * {@code NeuralNetworkPreprocessing} (a scaler or a mean image); an ML program gets the {@code mul}/{@code add}
 * operations coremltools writes ({@link ProgramEditor}). Refuses, with the reason, what the format cannot store: in a
 * neural network a per-channel scale (the scaler has one {@code channelScale}) or a mean image together with a scale
 * or bias (scaler and meanImage are a protobuf {@code oneof}); in a program a mean image; a model type without
 * preprocessing, a change in the number of channels. Nothing else in the model changes.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class CoreMlEditor {
    /** The edited model, the input that was edited and what the user should know. */
    public record Result(Model model, String input, String written, List<String> notes) {
    }

    private CoreMlEditor() {
    }

    /**
     * @param input       the image input to edit, or {@code null} when the model has exactly one
     * @param approximate write the best single channelScale when the spec's scales differ, instead of refusing
     */
    public static Result fix(Model model, String input, Spec spec, boolean approximate) {
        List<ImageInput> inputs = CoreMlInspector.inspect(model).imageInputs();
        Set<String> names = new LinkedHashSet<>();
        inputs.forEach(i -> names.add(i.name()));
        if (names.isEmpty()) {
            throw new FormatException("the model has no image input (only image inputs carry Core ML image preprocessing)");
        }
        if (input == null) {
            if (names.size() > 1) {
                throw new FormatException("the model has " + names.size() + " image inputs " + names + "; choose one with --input");
            }
            input = names.iterator().next();
        } else if (!names.contains(input)) {
            throw new FormatException("no image input named '" + input + "'; image inputs: " + names);
        }
        List<ImageInput> targets = new ArrayList<>();
        for (ImageInput i : inputs) {
            if (i.name().equals(input)) {
                targets.add(i);
            }
        }
        for (ImageInput t : targets) {
            if (t.modelType().equals("mlProgram")) {
                if (model.getTypeCase() != Model.TypeCase.MLPROGRAM) {
                    throw new FormatException("'" + input + "' belongs to an mlProgram inside a " + CoreMlInspector.typeName(model)
                            + "; only a top-level mlProgram is edited");
                }
                return fixProgram(model, input, t, spec);
            }
            if (!t.modelType().startsWith("neuralNetwork")) {
                throw new FormatException("'" + input + "' belongs to a " + t.modelType() + " model, which has no NeuralNetworkPreprocessing");
            }
        }
        ImageInput target = targets.get(0);
        List<String> notes = new ArrayList<>();
        ColorOrder current = target.preprocessing().order();
        if (current != null && current.channels() != spec.channels()) {
            throw new FormatException("'" + input + "' is " + target.colorSpace() + " (" + current.channels() + " channel(s)) and the network's"
                    + " first layer expects that many; the spec has " + spec.channels() + " (" + spec.color() + ")");
        }
        NeuralNetworkPreprocessing.Builder pre = NeuralNetworkPreprocessing.newBuilder().setFeatureName(input);
        String written;
        if (spec.meanImage() != null) {
            written = meanImage(spec, target, pre, notes);
        } else {
            written = scaler(spec, pre, approximate, notes);
        }
        ignoredParts(spec, notes);
        ImageFeatureType.ColorSpace cs = colorSpace(spec.color(), target.colorSpace());
        Model.Builder b = model.toBuilder();
        edit(b, input, pre.build(), cs);
        return new Result(b.build(), input, written + ", colorSpace " + cs.name(), notes);
    }

    private static Result fixProgram(Model model, String input, ImageInput target, Spec spec) {
        List<String> notes = new ArrayList<>();
        ColorOrder current = target.preprocessing().order();
        if (current != null && current.channels() != spec.channels()) {
            throw new FormatException("'" + input + "' is " + target.colorSpace() + " (" + current.channels() + " channel(s)) and the program's"
                    + " first operation expects that many; the spec has " + spec.channels() + " (" + spec.color() + ")");
        }
        ProgramEditor.Edit e = ProgramEditor.write(model.getMlProgram(), input, spec, notes);
        ignoredParts(spec, notes);
        ImageFeatureType.ColorSpace cs = colorSpace(spec.color(), target.colorSpace());
        Model.Builder b = model.toBuilder().setMlProgram(e.program());
        setColorSpace(b.getDescriptionBuilder(), input, cs);
        return new Result(b.build(), input, e.written() + ", colorSpace " + cs.name(), notes);
    }

    private static String scaler(Spec spec, NeuralNetworkPreprocessing.Builder pre, boolean approximate, List<String> notes) {
        double[][] ab = KnownConventions.affine(spec);
        double[] a = ab[0];
        double[] bias = ab[1];
        boolean uniform = true;
        for (double v : a) {
            uniform &= v == a[0];
        }
        CoreMl c;
        if (uniform) {
            c = spec.color() == ColorOrder.GRAY ? CoreMl.gray(a[0], bias[0])
                    : spec.color() == ColorOrder.BGR ? CoreMl.rgb(a[0], bias[2], bias[1], bias[0], true) : CoreMl.rgb(a[0], bias[0], bias[1], bias[2], false);
            if (spec.invert()) {
                notes.add("inversion (255 - x) is written as a negative channelScale");
            }
        } else {
            Expression e = Export.to("coreml", spec);
            String err = String.format(Locale.ROOT, "%.4g", e.maxError());
            if (!approximate) {
                throw new FormatException("Core ML's scaler has one channelScale for all channels, but this spec scales them by "
                        + list(a) + "; the best single scale is off by up to " + err
                        + " (use --approximate to write it anyway, or fold the per-channel 1/std into the first layer)");
            }
            c = (CoreMl) e.convention();
            notes.add("approximated: one channelScale " + KnownConventions.pretty(c.imageScale()) + " for per-channel scales " + list(a)
                    + ", worst error " + err);
        }
        if ((float) c.imageScale() == 0f) {
            throw new FormatException("a channelScale of 0 cannot be told apart from an unset one (Core ML documents no default)");
        }
        NeuralNetworkImageScaler.Builder s = NeuralNetworkImageScaler.newBuilder().setChannelScale((float) c.imageScale());
        String text;
        if (c.grayscale()) {
            s.setGrayBias((float) c.grayBias());
            text = "scaler channelScale " + KnownConventions.pretty((float) c.imageScale()) + ", grayBias " + KnownConventions.pretty((float) c.grayBias());
        } else {
            s.setRedBias((float) c.redBias()).setGreenBias((float) c.greenBias()).setBlueBias((float) c.blueBias());
            text = "scaler channelScale " + KnownConventions.pretty((float) c.imageScale()) + ", redBias " + KnownConventions.pretty((float) c.redBias())
                    + ", greenBias " + KnownConventions.pretty((float) c.greenBias()) + ", blueBias " + KnownConventions.pretty((float) c.blueBias());
        }
        pre.setScaler(s);
        return text;
    }

    private static String meanImage(Spec spec, ImageInput target, NeuralNetworkPreprocessing.Builder pre, List<String> notes) {
        for (int c = 0; c < spec.channels(); c++) {
            if (spec.scale(c) != 1 || spec.bias(c) != 0) {
                throw new FormatException("Core ML cannot subtract a mean image and also scale or add a bias: scaler and meanImage are a protobuf"
                        + " oneof (use per-channel means instead of the mean image, or put the scale into the first layer)");
            }
        }
        if (spec.invert()) {
            throw new FormatException("Core ML cannot invert pixels and subtract a mean image: scaler and meanImage are a protobuf oneof");
        }
        if (target.flexible()) {
            throw new FormatException("'" + target.name() + "' accepts flexible sizes (" + target.flexibility() + "); a mean image needs one fixed size");
        }
        MeanImage m = spec.meanImage();
        long w = target.width();
        long h = target.height();
        if (m.width() < w || m.height() < h) {
            throw new FormatException(String.format(Locale.ROOT, "the mean image is %dx%d, smaller than the input's %dx%d", m.width(), m.height(), w, h));
        }
        if (m.width() != w || m.height() != h) {
            int top = (int) ((m.height() - h) / 2);
            int left = (int) ((m.width() - w) / 2);
            m = m.crop(left, top, (int) w, (int) h);
            notes.add(String.format(Locale.ROOT, "the %dx%d mean image was centre-cropped to %dx%d at offset (%d, %d), as Caffe's converter does",
                    spec.meanImage().width(), spec.meanImage().height(), w, h, left, top));
        }
        NeuralNetworkMeanImage.Builder mb = NeuralNetworkMeanImage.newBuilder();
        for (float v : m.data()) {
            mb.addMeanImage(v);
        }
        pre.setMeanImage(mb);
        return String.format(Locale.ROOT, "meanImage [%d, %d, %d] in %s order", m.channels(), m.height(), m.width(), spec.color());
    }

    private static void ignoredParts(Spec spec, List<String> notes) {
        if (spec.geometry() != null) {
            notes.add("the spec's resize/crop is not stored: Core ML takes the input at its declared size; Vision's imageCropAndScaleOption"
                    + " decides how other images are fitted");
        }
        if (spec.layout() != Layout.NCHW || spec.dtype() != DType.FLOAT32 || spec.quantization() != null) {
            notes.add("layout, dtype and quantisation are not stored: Core ML image inputs become the network's own input layout");
        }
    }

    private static ImageFeatureType.ColorSpace colorSpace(ColorOrder order, String current) {
        switch (order) {
            case GRAY:
                return current.equals("GRAYSCALE_FLOAT16") ? ImageFeatureType.ColorSpace.GRAYSCALE_FLOAT16 : ImageFeatureType.ColorSpace.GRAYSCALE;
            case BGR:
                return ImageFeatureType.ColorSpace.BGR;
            default:
                return ImageFeatureType.ColorSpace.RGB;
        }
    }

    /** Sets the preprocessing of every neural network that has the input, and its colour space in every description. */
    private static void edit(Model.Builder m, String input, NeuralNetworkPreprocessing pre, ImageFeatureType.ColorSpace cs) {
        setColorSpace(m.getDescriptionBuilder(), input, cs);
        Pipeline.Builder p = null;
        switch (m.getTypeCase()) {
            case PIPELINE: p = m.getPipelineBuilder(); break;
            case PIPELINECLASSIFIER: p = m.getPipelineClassifierBuilder().getPipelineBuilder(); break;
            case PIPELINEREGRESSOR: p = m.getPipelineRegressorBuilder().getPipelineBuilder(); break;
            default: break;
        }
        if (p != null) {
            for (int i = 0; i < p.getModelsCount(); i++) {
                edit(p.getModelsBuilder(i), input, pre, cs);
            }
            return;
        }
        if (!hasImageInput(m.getDescription(), input)) {
            return;
        }
        List<NeuralNetworkPreprocessing> list;
        switch (m.getTypeCase()) {
            case NEURALNETWORK: list = m.getNeuralNetwork().getPreprocessingList(); break;
            case NEURALNETWORKCLASSIFIER: list = m.getNeuralNetworkClassifier().getPreprocessingList(); break;
            case NEURALNETWORKREGRESSOR: list = m.getNeuralNetworkRegressor().getPreprocessingList(); break;
            default: return;
        }
        long images = m.getDescription().getInputList().stream().filter(f -> f.getType().hasImageType()).count();
        List<NeuralNetworkPreprocessing> out = new ArrayList<>();
        boolean placed = false;
        for (NeuralNetworkPreprocessing e : list) {
            boolean mine = e.getFeatureName().equals(input) || (e.getFeatureName().isEmpty() && images == 1);
            if (!mine) {
                out.add(e);
            } else if (!placed) {
                out.add(pre);
                placed = true;
            }
        }
        if (!placed) {
            out.add(pre);
        }
        switch (m.getTypeCase()) {
            case NEURALNETWORK: m.getNeuralNetworkBuilder().clearPreprocessing().addAllPreprocessing(out); break;
            case NEURALNETWORKCLASSIFIER: m.getNeuralNetworkClassifierBuilder().clearPreprocessing().addAllPreprocessing(out); break;
            default: m.getNeuralNetworkRegressorBuilder().clearPreprocessing().addAllPreprocessing(out); break;
        }
    }

    private static boolean hasImageInput(ModelDescription d, String input) {
        for (FeatureDescription f : d.getInputList()) {
            if (f.getName().equals(input) && f.getType().hasImageType()) {
                return true;
            }
        }
        return false;
    }

    private static void setColorSpace(ModelDescription.Builder d, String input, ImageFeatureType.ColorSpace cs) {
        for (FeatureDescription.Builder f : d.getInputBuilderList()) {
            if (f.getName().equals(input) && f.getType().hasImageType()) {
                f.getTypeBuilder().getImageTypeBuilder().setColorSpace(cs);
            }
        }
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return sb.append(']').toString();
    }
}
