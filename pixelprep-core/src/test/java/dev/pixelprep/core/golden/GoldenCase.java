package dev.pixelprep.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One case of the shared golden set, loaded from test resources. */
final class GoldenCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    final JsonNode json;

    private GoldenCase(String id, JsonNode json) {
        this.id = id;
        this.json = json;
    }

    static List<String> ids() {
        return GoldenResources.ids(GoldenResources.NORMALISATION);
    }

    static GoldenCase load(String id) throws IOException {
        try (InputStream in = resource("cases/" + id + ".json")) {
            return new GoldenCase(id, JSON.readTree(in));
        }
    }

    Tensor expected() throws IOException {
        try (InputStream in = resource("cases/" + id + ".npy")) {
            return Npy.read(in, id + ".npy");
        }
    }

    InputStream input() {
        String file = json.get("input").get("file").asText();
        return resource(file);
    }

    double atol() {
        return json.get("tolerance").get("atol").asDouble();
    }

    double rtol() {
        return json.get("tolerance").get("rtol").asDouble();
    }

    static InputStream resource(String path) {
        return GoldenResources.open(GoldenResources.NORMALISATION, path);
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
