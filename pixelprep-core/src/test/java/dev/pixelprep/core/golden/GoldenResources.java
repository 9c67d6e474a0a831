package dev.pixelprep.core.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The copied golden sets in the test resources: {@code /golden} (normalisation) and {@code /golden-resize}. */
public final class GoldenResources {
    public static final String NORMALISATION = "golden";
    public static final String RESIZE = "golden-resize";

    private GoldenResources() {
    }

    /** The case ids listed in {@code <set>/cases.txt}. */
    public static List<String> ids(String set) {
        try (InputStream in = open(set, "cases.txt")) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the set, relative to its folder. */
    public static InputStream open(String set, String path) {
        InputStream in = GoldenResources.class.getResourceAsStream("/" + set + "/" + path);
        if (in == null) {
            throw new IllegalStateException("missing test resource /" + set + "/" + path);
        }
        return in;
    }
}
