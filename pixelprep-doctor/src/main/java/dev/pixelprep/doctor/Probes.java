package dev.pixelprep.doctor;

import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.io.ImageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bundled probe sets: real photos with a known answer ({@code probe/NOTICE.md}), made into labelled samples so that
 * the labels' evidence can decide when you have no labelled images of your own. A probe applies only when the
 * model's class names contain its labels.
 *
 * <p>Stateless utility: static methods only; the photos are decoded on each call.
 */
public final class Probes {
    /** Probe name → photo → label. */
    private static final Map<String, Map<String, String>> SETS = sets();

    private Probes() {
    }

    private static Map<String, Map<String, String>> sets() {
        Map<String, String> imagenet = new LinkedHashMap<>();
        imagenet.put("chelsea.png", "Egyptian cat");
        imagenet.put("coffee.png", "espresso");
        imagenet.put("rocket.jpg", "missile");
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("imagenet", imagenet);
        m.put("faces", Map.of("astronaut.png", "face"));
        return m;
    }

    /** The probe names. */
    public static List<String> names() {
        return List.copyOf(SETS.keySet());
    }

    /**
     * The samples of probe {@code name}, labelled; a {@link DoctorException} when there is no such probe or when
     * {@code classNames} (the model's labels) lacks one of its labels.
     */
    public static List<Sample> samples(String name, List<String> classNames, DecodeOptions decode) {
        Map<String, String> set = SETS.get(name.trim().toLowerCase(Locale.ROOT));
        if (set == null) {
            throw new DoctorException("unknown probe '" + name + "'; expected one of " + String.join(", ", SETS.keySet()));
        }
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<String, String> e : set.entrySet()) {
            if (ModelDoctor.findLabel(classNames, e.getValue()) < 0) {
                throw new DoctorException("probe " + name + " labels its photos '" + e.getValue() + "', which is not among the model's "
                        + classNames.size() + " class names: it applies to models with " + (name.equals("imagenet") ? "ImageNet-1k" : "face") + " outputs");
            }
            byte[] data;
            try (InputStream in = Probes.class.getResourceAsStream("probe/" + e.getKey())) {
                data = in.readAllBytes();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            out.add(new Sample("probe " + e.getKey(), ImageDecoder.withOptions(decode).decode(data, e.getKey()).pixels(), e.getValue(), null));
        }
        return out;
    }
}
