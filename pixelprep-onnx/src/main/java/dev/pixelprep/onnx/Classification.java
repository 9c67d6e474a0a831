package dev.pixelprep.onnx;

import dev.pixelprep.core.engine.Scores;
import dev.pixelprep.core.engine.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Decodes a classifier's output: logits or probabilities of shape [N, classes] (or [classes]).
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class Classification {
    /** One ranked class. */
    public record Prediction(int index, String label, double probability, double score) {
    }

    private Classification() {
    }

    /** Labels one per line (a synset file's "n01440764 tench, Tinca tinca" lines are kept whole). */
    public static List<String> readLabels(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(lines.size());
            for (String l : lines) {
                out.add(l.strip());
            }
            while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            return Collections.unmodifiableList(out);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read labels " + file + ": " + e.getMessage());
        }
    }

    /**
     * Whether image {@code batchIndex}'s outputs are probabilities already (all in 0..1, summing to 1 within 1e-3),
     * so that softmax is not to be applied to them.
     */
    public static boolean isProbabilities(Tensor output, int batchIndex) {
        int[] shape = output.shape();
        int classes = shape[shape.length - 1];
        // only this image's row, not the whole batch (callers ask image by image)
        float[] row = new float[classes];
        for (int j = 0; j < classes; j++) {
            row[j] = output.getFloat(batchIndex * classes + j);
        }
        return Scores.isProbabilities(row, 0, classes);
    }

    /**
     * The {@code k} best classes of image {@code batchIndex}. With {@code softmax} the scores are turned into
     * probabilities (numerically stable: the maximum is subtracted first); without it they are taken as
     * probabilities already.
     */
    public static List<Prediction> topK(Tensor output, int batchIndex, int k, boolean softmax, List<String> labels) {
        int[] shape = output.shape();
        int classes = shape[shape.length - 1];
        int images = shape.length == 1 ? 1 : Math.toIntExact(output.size() / classes);
        if (batchIndex < 0 || batchIndex >= images) {
            throw new InvalidModelException("output has " + images + " image(s), asked for image " + batchIndex);
        }
        if (labels != null && !labels.isEmpty() && labels.size() != classes) {
            throw new InvalidModelException("the labels file has " + labels.size() + " lines but the model outputs " + classes
                    + " classes " + Arrays.toString(shape));
        }
        float[] all = output.toFloatArray();
        double[] scores = new double[classes];
        for (int i = 0; i < classes; i++) {
            scores[i] = all[batchIndex * classes + i];
        }
        double[] probs = softmax ? Scores.softmax(scores) : scores.clone();
        Integer[] order = new Integer[classes];
        for (int i = 0; i < classes; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -probs[i]).thenComparingInt(i -> i));
        List<Prediction> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, classes); r++) {
            int i = order[r];
            String label = labels == null || labels.isEmpty() ? "class " + i : labels.get(i);
            out.add(new Prediction(i, label, probs[i], scores[i]));
        }
        return out;
    }
}
