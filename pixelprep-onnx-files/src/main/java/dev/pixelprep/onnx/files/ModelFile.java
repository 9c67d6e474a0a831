package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.OnnxModel;
import dev.pixelprep.onnx.InvalidModelException;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.files.proto.Onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX model file as protobuf messages ({@code onnx.proto} in this module): read, edit, write back.
 * Fields pixelprep does not declare survive a read and a write unchanged.
 *
 * <p>Stateless utility: static methods only, nothing kept between calls.
 */
public final class ModelFile {
    private ModelFile() {
    }

    /** Reads and parses a model; a missing, unreadable or non-ONNX file is an {@link InvalidModelException} with one line. */
    public static Onnx.ModelProto read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file + ": no such model file");
        }
        return parse(readBytes(file), file.toString());
    }

    /** The largest model file read into memory: what one protobuf message can hold (2 GiB − 1). */
    public static final long MAX_BYTES = Integer.MAX_VALUE;

    /**
     * The bytes of a model file, its size checked before anything is allocated: at most {@link #MAX_BYTES} (larger
     * models keep their weights in external data files, which pixelprep does not read) and no more than the Java heap
     * can still give; a regular file only. Every failure is an {@link InvalidModelException} with one line.
     */
    public static byte[] readBytes(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file + ": not a regular file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidModelException(file + ": " + size + " bytes, more than the 2 GiB one ONNX protobuf can hold");
            }
            Runtime rt = Runtime.getRuntime();
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            if (size > free) {
                throw new InvalidModelException(file + ": reading its " + (size >> 20) + " MB needs more memory than the Java heap has free ("
                        + (free >> 20) + " MB); give Java more heap, e.g. -Xmx" + Math.max(1, (2 * size >> 30) + 1) + "g");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidModelException(file + ": cannot read: " + OnnxModel.firstLine(e.getMessage()), e);
        } catch (OutOfMemoryError e) {
            throw new InvalidModelException(file + ": not enough memory to read the model; give Java more heap (-Xmx)", e);
        }
    }

    /** Parses model bytes; {@code what} names them in errors. */
    public static Onnx.ModelProto parse(byte[] bytes, String what) {
        Onnx.ModelProto m;
        try {
            m = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelException(what + ": not an ONNX model (the protobuf does not parse: " + OnnxModel.firstLine(e.getMessage()) + ")", e);
        }
        if (!m.hasIrVersion() || m.getIrVersion() <= 0 || !m.hasGraph() || m.getGraph().getNodeCount() == 0
                || m.getOpsetImportCount() == 0) {
            throw new InvalidModelException(what + ": not an ONNX model (no IR version, graph with nodes or opset import)");
        }
        return m;
    }

    /** Loads the model bytes in ONNX Runtime and closes the session again: proves the file is a model ORT accepts. */
    public static void checkLoads(byte[] bytes, String what) {
        OnnxModel.checkLoads(bytes, what);
    }

    /** The model's real inputs: {@code graph.input} without the initializers old exporters also list there. */
    public static List<Onnx.ValueInfoProto> realInputs(Onnx.GraphProto g) {
        Set<String> init = new HashSet<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            init.add(t.getName());
        }
        List<Onnx.ValueInfoProto> out = new ArrayList<>();
        for (Onnx.ValueInfoProto v : g.getInputList()) {
            if (!init.contains(v.getName())) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * The model with {@code spec} stored as canonical JSON in {@code metadata_props} under
     * {@value SpecResolver#METADATA_KEY}: an existing entry is replaced in place, a new one appended; nothing else
     * changes.
     */
    public static Onnx.ModelProto withSpec(Onnx.ModelProto model, Spec spec) {
        return withMetadata(model, SpecResolver.METADATA_KEY, SpecJson.write(spec));
    }

    /** The model with {@code key} set to {@code value} in {@code metadata_props} (replaced in place, or appended). */
    public static Onnx.ModelProto withMetadata(Onnx.ModelProto model, String key, String value) {
        Onnx.ModelProto.Builder b = model.toBuilder();
        boolean replaced = false;
        for (int i = 0; i < b.getMetadataPropsCount(); i++) {
            if (key.equals(b.getMetadataProps(i).getKey())) {
                if (replaced) {
                    b.removeMetadataProps(i--);
                } else {
                    b.setMetadataProps(i, Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
                    replaced = true;
                }
            }
        }
        if (!replaced) {
            b.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
        }
        return b.build();
    }

    /** The model without any {@code metadata_props} entry named {@code key}. */
    public static Onnx.ModelProto withoutMetadata(Onnx.ModelProto model, String key) {
        Onnx.ModelProto.Builder b = model.toBuilder();
        for (int i = b.getMetadataPropsCount() - 1; i >= 0; i--) {
            if (key.equals(b.getMetadataProps(i).getKey())) {
                b.removeMetadataProps(i);
            }
        }
        return b.build();
    }
}
