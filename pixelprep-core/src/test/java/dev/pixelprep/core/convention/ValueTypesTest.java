package dev.pixelprep.core.convention;

import dev.pixelprep.core.geometry.Crop;
import dev.pixelprep.core.geometry.CropRounding;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Plan;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions, specs and geometry types are immutable values: equal by content, with consistent hash codes,
 * and neither an array the caller passed in nor one an accessor handed out can change them afterwards.
 */
class ValueTypesTest {

    /** Two separately built values with the same content are equal, hash alike and print alike; a different one is not equal. */
    static <T> void valueEquality(Supplier<T> make, T different) {
        T a = make.get();
        T b = make.get();
        assertThat(a).isNotSameAs(b);
        assertThat(a).isEqualTo(b);
        assertThat(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.toString()).isEqualTo(b.toString());
        assertThat(a).isNotEqualTo(different);
        assertThat(different).isNotEqualTo(a);
    }

    /** Writing into every array an accessor returns leaves the value as it was. */
    @SafeVarargs
    static <T> void accessorsHandOutCopies(T value, Function<T, double[]>... accessors) {
        String before = value.toString();
        int hash = value.hashCode();
        for (Function<T, double[]> get : accessors) {
            double[] v = get.apply(value);
            double first = v[0];
            v[0] = 12345;
            assertThat(get.apply(value)[0]).isEqualTo(first);
        }
        assertThat(value.toString()).isEqualTo(before);
        assertThat(value.hashCode()).isEqualTo(hash);
    }

    @Test
    void imagenetConstantsCannotBeChangedAndImagenetEqualsItself() {
        double[] mean = Torchvision.imagenetMean();
        mean[0] = 0;
        Torchvision.imagenetStd()[1] = 1;
        assertThat(Torchvision.imagenetMean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(Torchvision.imagenetStd()).containsExactly(0.229, 0.224, 0.225);
        assertThat(Torchvision.imagenet().mean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(Torchvision.imagenet()).isEqualTo(Torchvision.imagenet());
        assertThat(Torchvision.imagenet().hashCode()).isEqualTo(Torchvision.imagenet().hashCode());
        assertThat(Torchvision.imagenet().toString()).contains("0.485", "0.225");

        HuggingFace.openaiClipMean()[0] = 0;
        HuggingFace.openaiClipStd()[0] = 0;
        HuggingFace.imagenetStandard()[0] = 0;
        Keras.caffeBgrMean()[0] = 0;
        assertThat(HuggingFace.openaiClipMean()).containsExactly(0.48145466, 0.4578275, 0.40821073);
        assertThat(HuggingFace.openaiClipStd()).containsExactly(0.26862954, 0.26130258, 0.27577711);
        assertThat(HuggingFace.imagenetStandard()).containsExactly(0.5, 0.5, 0.5);
        assertThat(Keras.caffeBgrMean()).containsExactly(103.939, 116.779, 123.68);
        assertThat(new Keras(Keras.Mode.CAFFE).bias()).containsExactly(-103.939, -116.779, -123.68);
    }

    @Test
    void conventionsAreValuesByContent() {
        valueEquality(() -> Torchvision.of(new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.2, 0.2}),
                Torchvision.of(new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.2, 0.25}));
        valueEquality(() -> new Torchvision(new double[] {0.5}, new double[] {0.25}, true),
                new Torchvision(new double[] {0.5}, new double[] {0.25}, false));
        valueEquality(() -> TfLite.of(new double[] {127.5}, new double[] {127.5}), TfLite.of(new double[] {127.5}, new double[] {128}));
        valueEquality(() -> HuggingFace.of(HuggingFace.openaiClipMean(), HuggingFace.openaiClipStd()),
                new HuggingFace(false, HuggingFace.DEFAULT_RESCALE, true, HuggingFace.openaiClipMean(), HuggingFace.openaiClipStd()));
        valueEquality(() -> OpenCvBlob.fromImread(new double[] {1 / 255.0}, new double[] {104, 117, 123}, true),
                OpenCvBlob.fromImread(new double[] {1 / 255.0}, new double[] {104, 117, 124}, true));
        valueEquality(() -> Caffe.bgr(new double[] {104, 117, 123}, 1), Caffe.bgr(new double[] {104, 117, 123}, 0.017));
        valueEquality(() -> CoreMl.rgb(1 / 127.5, -1, -1, -1, false), CoreMl.rgb(1 / 127.5, -1, -1, -1, true));
        valueEquality(() -> new Keras(Keras.Mode.TF), new Keras(Keras.Mode.TORCH));
    }

    @Test
    void conventionsCopyTheArraysTheyAreGivenAndHandOut() {
        double[] mean = {0.5, 0.4, 0.3};
        double[] std = {0.2, 0.2, 0.2};
        Torchvision tv = Torchvision.of(mean, std);
        TfLite tf = TfLite.of(mean, std);
        HuggingFace hf = HuggingFace.of(mean, std);
        OpenCvBlob cv = OpenCvBlob.fromImread(std, mean, false);
        Caffe caffe = Caffe.bgr(mean, 1);
        List<Object> before = List.of(tv.toString(), tf.toString(), hf.toString(), cv.toString(), caffe.toString());
        mean[0] = 99;
        std[2] = 99;
        assertThat(List.of(tv.toString(), tf.toString(), hf.toString(), cv.toString(), caffe.toString())).isEqualTo(before);
        assertThat(tv).isEqualTo(Torchvision.of(new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.2, 0.2}));
        assertThat(caffe).isEqualTo(Caffe.bgr(new double[] {0.5, 0.4, 0.3}, 1));

        accessorsHandOutCopies(tv, Torchvision::mean, Torchvision::std, Torchvision::scale, Torchvision::bias);
        accessorsHandOutCopies(tf, TfLite::mean, TfLite::std, TfLite::scale, TfLite::bias);
        accessorsHandOutCopies(hf, HuggingFace::imageMean, HuggingFace::imageStd, HuggingFace::scale, HuggingFace::bias);
        accessorsHandOutCopies(cv, OpenCvBlob::scalefactor, OpenCvBlob::mean, OpenCvBlob::scale, OpenCvBlob::bias);
        accessorsHandOutCopies(caffe, Caffe::mean, Caffe::scale, Caffe::bias);
    }

    @Test
    void presetsAndExpressionsAreValues() {
        assertThat(Presets.all()).isEqualTo(Presets.all());
        for (String name : Presets.all().keySet()) {
            assertThat(Presets.get(name)).isEqualTo(Presets.get(name));
            assertThat(Presets.get(name).hashCode()).isEqualTo(Presets.get(name).hashCode());
            assertThat(Presets.get(name).toSpec()).isEqualTo(Presets.get(name).toSpec());
        }
        Spec spec = Torchvision.imagenet().toSpec();
        List<Expression> a = Export.all(spec);
        List<Expression> b = Export.all(spec);
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(Export.all(Torchvision.imagenet().applyTo(Spec.builder()).color(ColorOrder.BGR).build()));

        Expression e = a.get(0);
        double[] worst = e.worstError();
        worst[0] = 7;
        assertThat(e.worstError()[0]).isNotEqualTo(7);
        double[] given = {0.1, 0.2, 0.3};
        List<String> notes = new ArrayList<>(List.of("a note"));
        Expression made = new Expression("x", e.convention(), "text", false, given, notes);
        given[0] = 9;
        notes.add("added later");
        assertThat(made.worstError()).containsExactly(0.1, 0.2, 0.3);
        assertThat(made.notes()).containsExactly("a note");
        assertThat(made).isEqualTo(new Expression("x", e.convention(), "text", false, new double[] {0.1, 0.2, 0.3}, List.of("a note")));
    }

    @Test
    void specsAndTheirPartsAreValuesAndCopyTheirArrays() {
        double[] scale = {1 / 255.0, 2 / 255.0, 3 / 255.0};
        double[] bias = {-1, -2, -3};
        Spec.Builder builder = Spec.builder().scale(scale).bias(bias);
        Spec s = builder.build();
        scale[0] = 5;
        bias[0] = 5;
        assertThat(s).isEqualTo(builder.build());
        assertThat(s.scale()[0]).isEqualTo(1 / 255.0);
        accessorsHandOutCopies(s, Spec::scale, Spec::bias);
        valueEquality(() -> Spec.builder().scale(1 / 255.0).bias(0.5).geometry(Geometry.torchvision(256, 224, Interpolation.BILINEAR)).build(),
                Spec.builder().scale(1 / 255.0).bias(0.5).geometry(Geometry.torchvision(256, 223, Interpolation.BILINEAR)).build());

        float[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        MeanImage m = new MeanImage(3, 2, 2, data);
        data[0] = 100;
        assertThat(m.data()[0]).isEqualTo(1f);
        m.data()[1] = 100;
        assertThat(m.data()[1]).isEqualTo(2f);
        valueEquality(() -> new MeanImage(3, 2, 2, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
                new MeanImage(3, 2, 2, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13}));

        valueEquality(() -> AlphaPolicy.composite(1, 2, 3), AlphaPolicy.composite(1, 2, 4));
        AlphaPolicy alpha = AlphaPolicy.composite(1, 2, 3);
        alpha.background()[0] = 200;
        assertThat(alpha.background()).containsExactly(1, 2, 3);
    }

    @Test
    void geometryTypesAreValuesAndCopyTheirArrays() {
        int[] pad = {114, 114, 114};
        Resize fit = new Resize(ResizeMode.FIT, 640, 640, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false, pad, true);
        Crop crop = new Crop(224, 224, CropRounding.HALF_EVEN, true, pad);
        pad[0] = 0;
        assertThat(fit.padColor()).containsExactly(114, 114, 114);
        assertThat(crop.padColor()).containsExactly(114, 114, 114);
        fit.padColor()[1] = 0;
        crop.padColor()[1] = 0;
        assertThat(fit.padColor()).containsExactly(114, 114, 114);
        assertThat(crop.padColor()).containsExactly(114, 114, 114);
        valueEquality(() -> new Resize(ResizeMode.FIT, 640, 640, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false,
                new int[] {114, 114, 114}, true), new Resize(ResizeMode.FIT, 640, 640, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV,
                false, new int[] {114, 114, 115}, true));
        valueEquality(() -> new Crop(224, 224, CropRounding.HALF_EVEN, true, new int[] {1, 2, 3}),
                new Crop(224, 224, CropRounding.HALF_EVEN, true, new int[] {1, 2, 4}));
        valueEquality(() -> new Geometry(new Resize(ResizeMode.FIT, 640, 640, 0, 0, Interpolation.BILINEAR, ResizeFamily.OPENCV, false,
                new int[] {114, 114, 114}, true), null), Geometry.torchvision(256, 224, Interpolation.BILINEAR));

        Plan plan = new Geometry(fit, null).plan(1280, 720);
        plan.padColor()[0] = 1;
        assertThat(plan.padColor()).containsExactly(114, 114, 114);
    }
}
