package dev.pixelprep.core.npy;

import dev.pixelprep.core.InvalidPixelsException;
import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16 item 6: hostile .npy headers are one-line errors checked before the data is allocated. */
class NpyLimitsTest {
    @TempDir
    Path dir;

    /** A version 1.0 .npy header with the given dict text (not padded: numpy pads, readers must not rely on it). */
    static byte[] npy(String dict, int dataBytes) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text);
        return b.array();
    }

    static InvalidPixelsException refused(byte[] file) {
        try {
            Npy.read(new ByteArrayInputStream(file), "x.npy");
        } catch (InvalidPixelsException e) {
            assertThat(e.getMessage()).startsWith("x.npy").doesNotContain("\n").doesNotContain("java.");
            return e;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("wrong failure: " + e, e);
        }
        throw new AssertionError("accepted");
    }

    @Test
    void shapesOverTwoGibibytesAreRefusedBeforeAllocating() {
        assertThat(refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 32768, 32768), }\n", 0)))
                .hasMessage("x.npy: .npy array <f4 [1, 3, 32768, 32768] needs 12884901888 bytes, more than the 2147483639 bytes a Java array holds");
        // exactly 2^31 bytes used to reach readNBytes(negative)
        assertThat(refused(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2147483647, 1), }\n", 0)))
                .hasMessageContaining("more than the 2147483639 bytes");
        // a product that overflows long used to wrap negative and pass the size check
        assertThat(refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }\n", 0)))
                .hasMessageContaining("needs 79228162403583873202826248184 bytes");
        assertThat(refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 1), }\n", 0)))
                .hasMessageContaining("dimension 99999999999 in .npy shape (99999999999, 1) is more than a Java array holds");
    }

    @Test
    void negativeAndMalformedDimensionsAreRefused() {
        assertThat(refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, -3, 4), }\n", 0)))
                .hasMessage("x.npy: negative dimension -3 in .npy shape (1, -3, 4)");
        assertThat(refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2e3), }\n", 0)))
                .hasMessageContaining("'2e3' is not an integer");
        assertThat(refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1, ".repeat(40) + "), }\n", 0)))
                .hasMessage("x.npy: .npy shape has more than 32 dimensions");
    }

    @Test
    void headerErrorsAreOneLine() {
        assertThat(refused(npy("{'descr': '<f4',\n 'fortran_order': False,\n 'shap': (1,),\n }\n", 0)))
                .hasMessageStartingWith("x.npy: malformed .npy header (expected 'descr', 'fortran_order' and 'shape'): {'descr': '<f4',  'fortran_order'");
        assertThat(refused(npy("{'descr': '>f\n4', 'fortran_order': False, 'shape': (1,), }\n", 0)))
                .hasMessageStartingWith("x.npy: unsupported .npy dtype '>f 4'");
        // a version 2 header length of 2^31 - 1 bytes (used to be read as a negative int)
        byte[] v2 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        assertThat(refused(v2)).hasMessage("x.npy: .npy header length 2147483647 is more than the 65536 bytes accepted");
        byte[] v2neg = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, (byte) 0x80};
        assertThat(refused(v2neg)).hasMessage("x.npy: .npy header length 2147483648 is more than the 65536 bytes accepted");
    }

    @Test
    void aFileWhoseDataIsShorterThanItsShapeIsRefusedBeforeAllocating() throws IOException {
        Path f = dir.resolve("short.npy");
        // declares 1.5 GB of float32, holds 12 bytes
        Files.write(f, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 16384, 8192), }\n", 12));
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(InvalidPixelsException.class)
                .hasMessage(f + ": truncated .npy data: shape [1, 3, 16384, 8192] <f4 needs 1610612736 bytes, the file has 12");
        assertThatThrownBy(() -> Npy.read(dir)).isInstanceOf(InvalidPixelsException.class)
                .hasMessage(dir + ": not a regular file (a .npy array must be a file)");
        assertThatThrownBy(() -> Npy.read(dir.resolve("none.npy"))).hasMessage("no such file: " + dir.resolve("none.npy"));
    }

    @Test
    void realArraysStillRoundTrip() throws IOException {
        Tensor t = Tensor.ofFloats(new int[] {1, 3, 2, 2}, Layout.NCHW, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Path f = dir.resolve("ok.npy");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Npy.write(t, bos);
        Files.write(f, bos.toByteArray());
        Tensor back = Npy.read(f);
        assertThat(back.shape()).containsExactly(1, 3, 2, 2);
        assertThat(back.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(back.toFloatArray()).containsExactly(t.toFloatArray());
    }
}
