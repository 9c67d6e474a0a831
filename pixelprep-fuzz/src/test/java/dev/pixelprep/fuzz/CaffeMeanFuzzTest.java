package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.formats.caffe.CaffeMean;

/**
 * Caffe {@code mean.binaryproto}: parsing, the per-channel means and ranges, and the mean image as a spec at the
 * stored size and fitted (cropped and resized) to a few network sizes.
 */
class CaffeMeanFuzzTest {
    @FuzzTest
    void parse(byte[] data) throws Exception {
        Expected.refusalOk(() -> {
            CaffeMean m = CaffeMean.parse(data, "fuzz.binaryproto");
            m.asStored();
            m.channelMeans();
            m.channelRanges();
            for (CaffeMean.Order order : CaffeMean.Order.values()) {
                m.meanImage(order, ColorOrder.RGB);
                m.channelMeans(order, ColorOrder.BGR);
                m.channelSpec(order, ColorOrder.RGB, 1);
            }
            int w = 1 + (data.length == 0 ? 0 : (data[0] & 31));
            int h = 1 + (data.length < 2 ? 0 : (data[data.length - 1] & 31));
            for (CaffeMean.Fit fit : CaffeMean.Fit.values()) {
                Expected.refusalOk(() -> m.imageSpec(CaffeMean.Order.BGR, ColorOrder.BGR, 1, w, h, fit));
            }
        });
    }
}
