package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.Classification;
import dev.pixelprep.onnx.OnnxModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.pixelprep.doctor.ModelDoctorTest.MOBILENET;
import static dev.pixelprep.doctor.ModelDoctorTest.ULTRAFACE;
import static dev.pixelprep.doctor.ModelDoctorTest.image;
import static dev.pixelprep.doctor.ModelDoctorTest.reference;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's two batteries over the bundled models and photos (issue 14):
 * <ul>
 *   <li><b>false alarms</b>: each model's correct (stored) spec on every photo, with no evidence, with labels and
 *       with expected outputs where they exist: never a finding, never a corrected spec, never "ruled out";</li>
 *   <li><b>detection</b>: each classic mistake on each model under each kind of evidence is either named with
 *       exactly the ids of that mistake (decided right), or not named at all (abstained); a finding the mistake
 *       does not have (decided wrong) must never happen. The confusion table is printed (and copied into the
 *       README); the cases the evidence can decide are asserted decided.</li>
 * </ul>
 */
class DoctorBatteryTest {
    private static final String[] PHOTOS = {"chelsea.png", "coffee.png", "rocket.jpg", "astronaut.png"};
    /** ImageNet labels of the photos (what they show); the astronaut photo shows no ImageNet class. */
    private static final Map<String, String> IMAGENET_LABELS = Map.of("chelsea.png", "Egyptian cat", "coffee.png", "espresso", "rocket.jpg", "missile");
    private static final Map<String, String> MOBILENET_EXPECTED = Map.of("chelsea.png", "mobilenetv2-12-int8.chelsea.output-logits.npy",
            "rocket.jpg", "mobilenetv2-12-int8.rocket.output-logits.npy");
    private static final Map<String, String> ULTRAFACE_EXPECTED = Map.of("astronaut.png", "ultraface-rfb320.astronaut.output-scores.npy");

    private static OnnxModel mobilenet;
    private static OnnxModel ultraface;
    private static Spec mobilenetSpec;
    private static Spec ultrafaceSpec;

    @BeforeAll
    static void open() {
        mobilenet = OnnxModel.open(MOBILENET);
        ultraface = OnnxModel.open(ULTRAFACE);
        mobilenetSpec = SpecJson.read(Path.of(MOBILENET + ".pixelprep.json"));
        ultrafaceSpec = SpecJson.read(Path.of(ULTRAFACE + ".pixelprep.json"));
    }

    @AfterAll
    static void close() {
        mobilenet.close();
        ultraface.close();
    }

    /** One model with one evidence setting on one photo. */
    private record Setup(String model, String photo, String evidence, ModelDoctor doctor) {
    }

    private static List<Setup> setups() {
        List<Setup> out = new ArrayList<>();
        List<String> synset = Classification.readLabels(MOBILENET.resolveSibling("synset.txt"));
        List<String> faces = Classification.readLabels(ULTRAFACE.resolveSibling("voc-model-labels.txt"));
        for (String photo : PHOTOS) {
            out.add(new Setup("mobilenet", photo, "none", new ModelDoctor(mobilenet, List.of(new Sample(photo, image(photo), null, null)), synset, 3)));
            if (IMAGENET_LABELS.containsKey(photo)) {
                out.add(new Setup("mobilenet", photo, "label", new ModelDoctor(mobilenet,
                        List.of(new Sample(photo, image(photo), IMAGENET_LABELS.get(photo), null)), synset, 3)));
            }
            if (MOBILENET_EXPECTED.containsKey(photo)) {
                out.add(new Setup("mobilenet", photo, "expected", new ModelDoctor(mobilenet,
                        List.of(new Sample(photo, image(photo), null, reference(MOBILENET_EXPECTED.get(photo)))), synset, 3)));
            }
            out.add(new Setup("ultraface", photo, "none", new ModelDoctor(ultraface, List.of(new Sample(photo, image(photo), null, null)), faces, 3)));
            if (photo.equals("astronaut.png")) {
                out.add(new Setup("ultraface", photo, "label", new ModelDoctor(ultraface,
                        List.of(new Sample(photo, image(photo), "face", null)), faces, 3)));
                out.add(new Setup("ultraface", photo, "expected", new ModelDoctor(ultraface,
                        List.of(new Sample(photo, image(photo), null, reference(ULTRAFACE_EXPECTED.get(photo)))), faces, 3)));
            }
        }
        // the bundled probe sets (Probes), each on its model, as the only evidence besides the model itself
        out.add(new Setup("mobilenet", "probe imagenet", "probe", new ModelDoctor(mobilenet,
                Probes.samples("imagenet", synset, dev.pixelprep.io.DecodeOptions.defaults()), synset, 3)));
        out.add(new Setup("ultraface", "probe faces", "probe", new ModelDoctor(ultraface,
                Probes.samples("faces", faces, dev.pixelprep.io.DecodeOptions.defaults()), faces, 3)));
        return out;
    }

    @Test
    void theCorrectSpecIsNeverFaulted() {
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Setup s : setups()) {
            Spec right = s.model.equals("mobilenet") ? mobilenetSpec : ultrafaceSpec;
            ModelDiagnosis d = s.doctor.diagnose(right, "stored");
            runs++;
            if (!d.findings().isEmpty() || d.comparison() != null || d.currentStatus().startsWith("ruled out")) {
                failures.add(s.model + " " + s.photo + " " + s.evidence + ": " + d.currentStatus() + " " + d.ids());
            }
        }
        assertThat(failures).as("false alarms in %d runs", runs).isEmpty();
        assertThat(runs).isEqualTo(17);
    }

    @Test
    void aMistakeIsNamedRightOrNotAtAllNeverWrong() {
        Map<String, int[]> table = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        Map<String, List<String>> decidedBy = new LinkedHashMap<>();
        for (Setup s : setups()) {
            List<Arguments> mistakes = (s.model.equals("mobilenet") ? ModelDoctorTest.mobilenetMistakes() : ModelDoctorTest.ultrafaceMistakes()).toList();
            for (Arguments a : mistakes) {
                Object[] m = a.get();
                String what = (String) m[0];
                Spec spec = (Spec) m[1];
                @SuppressWarnings("unchecked")
                List<String> ids = (List<String>) m[2];
                ModelDiagnosis d = s.doctor.diagnose(spec, "test");
                String key = String.format(Locale.ROOT, "%-9s | %-8s", s.model, s.evidence);
                int[] row = table.computeIfAbsent(key, k -> new int[3]);
                if (d.findings().isEmpty()) {
                    row[1]++;
                } else if (ids.containsAll(d.ids())) {
                    row[0]++;
                    decidedBy.computeIfAbsent(s.model + " " + s.evidence + ": " + what, k -> new ArrayList<>()).add(s.photo + " " + d.ids()
                            + " by " + d.decision().summary().replaceAll(".*(?:\\(decided|ruled out) by ([^);]*).*", "$1"));
                } else {
                    row[2]++;
                    wrong.add(s.model + " " + s.photo + " " + s.evidence + " '" + what + "': expected " + ids + ", said " + d.ids() + " (" + d.currentStatus() + ")");
                }
            }
        }
        StringBuilder out = new StringBuilder("| model | evidence | decided right | abstained | decided wrong |\n|---|---|---:|---:|---:|\n");
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : table.entrySet()) {
            String[] k = e.getKey().split("\\|");
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d |%n", k[0].trim(), k[1].trim(), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
            for (int i = 0; i < 3; i++) {
                total[i] += e.getValue()[i];
            }
        }
        out.append(String.format(Locale.ROOT, "| all | | %d | %d | %d |%n", total[0], total[1], total[2]));
        System.out.println("doctor detection battery (mistake x model x photo x evidence):\n" + out);
        decidedBy.forEach((k, v) -> System.out.println("  " + k + " -> " + v));
        assertThat(wrong).as("decided wrong").isEmpty();
        // what the evidence can decide is decided: every mistake with expected outputs, the value-range ones from the quantised input
        assertThat(table.get(String.format(Locale.ROOT, "%-9s | %-8s", "mobilenet", "expected"))[1]).as("abstained with expected outputs").isZero();
        assertThat(table.get(String.format(Locale.ROOT, "%-9s | %-8s", "ultraface", "expected"))[1]).as("abstained with expected outputs").isZero();
        for (String photo : PHOTOS) {
            for (String mistake : new String[] {"raw 0..255", "x/255 without mean/std", "Normalize without ToTensor's /255", "normalised twice"}) {
                assertThat(decidedBy).as("%s on %s from the input quantisation alone", mistake, photo)
                        .hasEntrySatisfying("mobilenet none: " + mistake, v -> assertThat(v).anyMatch(x -> x.startsWith(photo) && x.endsWith("input quantisation")));
            }
        }
    }
}
