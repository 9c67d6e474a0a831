package dev.pixelprep.core.convention;

import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Known conversions from the reference (PREPROCESSING-FACTS §0, §1.7, §1.9, §4). */
class ExportTest {

    @Test
    void torchvisionImagenetInCoreMlIsApproximateWithTheMinimaxScale() {
        Spec tv = Torchvision.imagenet().toSpec();
        Expression e = Export.to("coreml", tv);
        assertThat(e.exact()).isFalse();
        CoreMl c = (CoreMl) e.convention();
        double aR = 1 / (255 * 0.229);
        double aG = 1 / (255 * 0.224);
        double aB = 1 / (255 * 0.225);
        // R has the largest std (smallest scale), G the smallest std (largest scale): the minimax scale sits between
        assertThat(c.imageScale()).isCloseTo((aR + aG) / 2, within(1e-12));
        // worst error per channel is |a_c - s| * 127.5: R and G share the largest, B sits nearer the middle
        assertThat(e.worstError()[0]).isCloseTo(Math.abs(aR - c.imageScale()) * 127.5, within(1e-5));
        assertThat(e.worstError()[1]).isCloseTo(Math.abs(aG - c.imageScale()) * 127.5, within(1e-5));
        assertThat(e.worstError()[2]).isCloseTo(Math.abs(aB - c.imageScale()) * 127.5, within(1e-5));
        assertThat(e.worstError()[2]).isLessThan(e.worstError()[0]);
        assertThat(e.maxError()).isLessThan(0.03);
        // the coremltools docs' recipe (scale from the averaged std, bias -m/std) is worse: 0.058 on R at x = 255
        CoreMl docs = CoreMl.rgb(1 / (0.226 * 255), -0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225, false);
        double docsErrR = Math.abs(docs.evaluate(0, 255) - tv.apply(0, 255));
        assertThat(docsErrR).isCloseTo(0.058, within(0.001));
        assertThat(e.maxError()).isLessThan(docsErrR);
    }

    /**
     * A Core ML model stores its scale in float32: 2/255 reads back as 0.007843137718737125, and the mean and std
     * derived from it are 0.4999999704 in double. Within float32 resolution the short form is 0.5, and the exports
     * print that (issue 12); numbers without a short form keep 10 digits.
     */
    @Test
    void numbersFromFloat32ValuesPrintTheirShortFormWhereOneExists() {
        Spec fromModel = CoreMl.rgb((float) (2 / 255.0), -1, -1, -1, false).toSpec();
        assertThat(Export.to("torchvision", fromModel).text())
                .isEqualTo("transforms.ToTensor(), transforms.Normalize(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])");
        assertThat(Export.to("opencv", fromModel).text()).contains("scalefactor=0.007843138,").contains("mean=(127.5, 127.5, 127.5)");
        assertThat(Export.to("torchvision", fromModel).exact()).isTrue();
        // the ImageNet scale has no short form within float32 resolution: it keeps its ten digits
        assertThat(Export.to("opencv", Torchvision.imagenet().toSpec()).text()).contains("0.01712475383");
        assertThat(Num.f(0.485)).isEqualTo("0.485");
        assertThat(Num.f(0.4999999704)).isEqualTo("0.5");
        assertThat(Num.f(0.49999)).isEqualTo("0.49999");
        assertThat(Num.f(123.675)).isEqualTo("123.675");
        assertThat(Num.f(-1.5e-6)).isEqualTo("-1.500000000e-06");
    }

    @Test
    void kerasTfIsExactInCoreMlAsScale2Over255BiasMinus1() {
        Expression e = Export.to("coreml", new Keras(Keras.Mode.TF).toSpec());
        assertThat(e.exact()).isTrue();
        CoreMl c = (CoreMl) e.convention();
        assertThat(c.imageScale()).isCloseTo(2 / 255.0, within(1e-15));
        assertThat(new double[] {c.redBias(), c.greenBias(), c.blueBias()}).containsExactly(-1, -1, -1);
        assertThat(c.isBgr()).isFalse();
    }

    @Test
    void caffeModeInCoreMlIsBgrWithNegativeBiasesByColourName() {
        Expression e = Export.to("coreml", new Keras(Keras.Mode.CAFFE).toSpec());
        CoreMl c = (CoreMl) e.convention();
        assertThat(e.exact()).isTrue();
        assertThat(c.isBgr()).isTrue();
        assertThat(c.blueBias()).isEqualTo(-103.939);
        assertThat(c.greenBias()).isEqualTo(-116.779);
        assertThat(c.redBias()).isEqualTo(-123.68);
        assertThat(c.imageScale()).isEqualTo(1);
    }

    @Test
    void openCvMeanIsSubtractedBeforeScaleSoCoreMlBiasIsMinusMeanTimesScale() {
        Spec s = OpenCvBlob.fromImread(new double[] {1 / 127.5}, new double[] {127.5, 127.5, 127.5}, true).toSpec();
        assertThat(s.color()).isEqualTo(ColorOrder.RGB);
        CoreMl c = (CoreMl) Export.to("coreml", s).convention();
        assertThat(c.redBias()).isCloseTo(-1, within(1e-12));
        Expression back = Export.to("opencv", s);
        OpenCvBlob blob = (OpenCvBlob) back.convention();
        assertThat(blob.swapRB()).isTrue();
        assertThat(blob.mean()).containsExactly(new double[] {127.5, 127.5, 127.5}, within(1e-9));
        assertThat(back.text()).contains("blobFromImage(").contains("swapRB=True");
    }

    @Test
    void torchvisionIsExactInHfTfliteOpenCvAndItself() {
        Spec tv = Torchvision.imagenet().toSpec();
        for (String id : new String[] {"torchvision", "hf", "tflite", "opencv", "keras"}) {
            assertThat(Export.to(id, tv).exact()).as(id).isTrue();
        }
        Torchvision back = (Torchvision) Export.to("torchvision", tv).convention();
        assertThat(back.mean()).containsExactly(Torchvision.imagenetMean(), within(1e-12));
        assertThat(back.std()).containsExactly(Torchvision.imagenetStd(), within(1e-12));
        assertThat(Export.to("opencv", tv).text()).contains("blobFromImageWithParams");
    }

    @Test
    void invertedGrayFoldsIntoANegativeCoreMlScale() {
        Spec mnistInv = Presets.get("mnist-inverted").toSpec();
        CoreMl c = (CoreMl) Export.to("coreml", mnistInv).convention();
        assertThat(c.grayscale()).isTrue();
        assertThat(c.imageScale()).isCloseTo(-1 / 255.0, within(1e-15));
        assertThat(c.grayBias()).isCloseTo(1, within(1e-12));
        assertThat(Export.to("hf", mnistInv).expressible()).isFalse();
    }

    @Test
    void meanImageIsExactInCoreMlOnlyWithoutScaleAndApproximateElsewhere() {
        float[] data = new float[3 * 2 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = 100 + i;
        }
        MeanImage m = new MeanImage(3, 2, 2, data);
        Spec plain = Spec.builder().color(ColorOrder.BGR).meanImage(m).build();
        Expression e = Export.to("coreml", plain);
        assertThat(e.exact()).isTrue();
        assertThat(e.text()).contains("meanImage");
        Expression cv = Export.to("opencv", plain);
        assertThat(cv.exact()).isFalse();
        // channel 0 holds 100..103, average 101.5, so the worst deviation is 1.5
        assertThat(cv.worstError()[0]).isCloseTo(1.5, within(1e-6));
        Spec scaled = plain.toBuilder().scale(0.5).build();
        assertThat(Export.to("coreml", scaled).exact()).isFalse();
        assertThat(Export.to("caffe", scaled).worstError()[0]).isCloseTo(0.75, within(1e-6));
    }
}
