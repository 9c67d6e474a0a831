package dev.pixelprep.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

/**
 * numpy {@code .npy} files. Reading from memory can throw no {@link java.io.IOException} of its own, so one is a
 * finding too; a tensor read back from its own rendering must have the same shape and type.
 */
class NpyFuzzTest {
    @FuzzTest
    void read(byte[] data) throws Exception {
        Expected.refusalOk(() -> {
            Tensor t = Npy.read(new ByteArrayInputStream(data), "fuzz.npy");
            Tensor back = Npy.read(new ByteArrayInputStream(Npy.toBytes(t)), "rendered.npy");
            if (!Arrays.equals(t.shape(), back.shape()) || t.dtype() != back.dtype()) {
                throw new AssertionError("round trip changed " + Arrays.toString(t.shape()) + " " + t.dtype() + " into "
                        + Arrays.toString(back.shape()) + " " + back.dtype());
            }
        });
    }
}
