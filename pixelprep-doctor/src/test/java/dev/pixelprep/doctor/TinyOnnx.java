package dev.pixelprep.doctor;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes a small ONNX model by hand (wire format, field numbers from onnx.proto): input [1,3,8,8] → Sub(mean) →
 * Div(std) → GlobalAveragePool → Flatten → [1,3], i.e. a model that normalises inside its graph.
 */
final class TinyOnnx {
    private TinyOnnx() {
    }

    static byte[] normalizingModel(float[] mean, float[] std) throws IOException {
        byte[] graph = message(out -> {
            out.writeByteArray(1, node("Sub", List.of("input", "mean"), "centred"));
            out.writeByteArray(1, node("Div", List.of("centred", "std"), "normalised"));
            out.writeByteArray(1, node("GlobalAveragePool", List.of("normalised"), "pooled"));
            out.writeByteArray(1, node("Flatten", List.of("pooled"), "out"));
            out.writeString(2, "tiny");
            out.writeByteArray(5, tensor("mean", mean));
            out.writeByteArray(5, tensor("std", std));
            out.writeByteArray(11, valueInfo("input", new long[] {1, 3, 8, 8}));
            out.writeByteArray(12, valueInfo("out", new long[] {1, 3}));
        });
        return message(out -> {
            out.writeInt64(1, 7);
            out.writeByteArray(7, graph);
            out.writeByteArray(8, message(o -> {
                o.writeString(1, "");
                o.writeInt64(2, 13);
            }));
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] node(String op, List<String> inputs, String output) throws IOException {
        return message(out -> {
            for (String i : inputs) {
                out.writeString(1, i);
            }
            out.writeString(2, output);
            out.writeString(3, op + "_node");
            out.writeString(4, op);
        });
    }

    private static byte[] tensor(String name, float[] values) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return message(out -> {
            for (long d : new long[] {1, values.length, 1, 1}) {
                out.writeInt64(1, d);
            }
            out.writeInt32(2, 1);
            out.writeString(8, name);
            out.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
    }

    private static byte[] valueInfo(String name, long[] dims) throws IOException {
        byte[] shape = message(out -> {
            for (long d : dims) {
                out.writeByteArray(1, message(o -> o.writeInt64(1, d)));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, 1);
            out.writeByteArray(2, shape);
        });
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(2, message(o -> o.writeByteArray(1, tensorType)));
        });
    }
}
