package dev.pixelprep.cli;

import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.files.UltralyticsNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The class names a command uses for a model, and where they came from ({@code from}, null when there are none):
 * the labels file given, else the names an Ultralytics export keeps in its metadata, else (where the command looks
 * there) {@code synset.txt}, {@code labels.txt} or {@code *-labels.txt} beside the model.
 *
 * <p>Immutable.
 */
record ModelLabels(List<String> names, String from) {
    ModelLabels {
        names = List.copyOf(names);
    }

    static ModelLabels of(Path file, OnnxModel model, boolean lookBesideTheModel) {
        if (file != null) {
            return new ModelLabels(Classification.readLabels(file), file.toString());
        }
        List<String> names = UltralyticsNames.fromMetadata(model.metadata());
        if (!names.isEmpty()) {
            return new ModelLabels(names, "the model's Ultralytics metadata (names, " + names.size() + " classes)");
        }
        names = lookBesideTheModel ? besideTheModel(model.file()) : List.of();
        return new ModelLabels(names, names.isEmpty() ? null : "a labels file beside the model (" + names.size() + " classes)");
    }

    private static List<String> besideTheModel(Path model) {
        Path dir = model.toAbsolutePath().getParent();
        if (dir == null) {
            return List.of();
        }
        for (String name : new String[] {"synset.txt", "labels.txt"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return Classification.readLabels(dir.resolve(name));
            }
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            Path found = s.filter(p -> p.getFileName().toString().endsWith("-labels.txt")).sorted().findFirst().orElse(null);
            return found == null ? List.of() : Classification.readLabels(found);
        } catch (IOException e) {
            return List.of();
        }
    }
}
