package dev.pixelprep.doctor;

import dev.pixelprep.io.DecodeOptions;
import dev.pixelprep.onnx.Classification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.pixelprep.doctor.ModelDoctorTest.MOBILENET;
import static dev.pixelprep.doctor.ModelDoctorTest.ULTRAFACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bundled probe sets: real photos with their labels, only for models whose classes they are. */
class ProbesTest {
    @Test
    void theImagenetProbeIsThreeLabelledPhotos() {
        List<String> synset = Classification.readLabels(MOBILENET.resolveSibling("synset.txt"));
        List<Sample> s = Probes.samples("imagenet", synset, DecodeOptions.defaults());
        assertThat(s).extracting(Sample::label).containsExactly("Egyptian cat", "espresso", "missile");
        assertThat(s).extracting(x -> x.pixels().width() + "x" + x.pixels().height()).containsExactly("451x300", "600x400", "640x427");
        assertThat(ModelDoctor.findLabel(synset, "Egyptian cat")).isEqualTo(285);
        assertThat(Probes.names()).containsExactly("imagenet", "faces");
    }

    @Test
    void aProbeWhoseClassesTheModelLacksIsRefused() {
        List<String> faces = Classification.readLabels(ULTRAFACE.resolveSibling("voc-model-labels.txt"));
        assertThat(Probes.samples("faces", faces, DecodeOptions.defaults())).extracting(Sample::label).containsExactly("face");
        assertThatThrownBy(() -> Probes.samples("imagenet", faces, DecodeOptions.defaults())).isInstanceOf(DoctorException.class)
                .hasMessage("probe imagenet labels its photos 'Egyptian cat', which is not among the model's 2 class names: it applies to models with"
                        + " ImageNet-1k outputs");
        assertThatThrownBy(() -> Probes.samples("cars", faces, DecodeOptions.defaults())).hasMessage("unknown probe 'cars'; expected one of imagenet, faces");
    }
}
