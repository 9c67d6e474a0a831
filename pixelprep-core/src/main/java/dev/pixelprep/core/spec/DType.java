package dev.pixelprep.core.spec;

import java.util.Locale;

/** Element type of the output tensor. */
public enum DType {
    FLOAT32(4, "<f4", 1),
    /** IEEE 754 half precision, rounded to nearest even. */
    FLOAT16(2, "<f2", 10),
    /** Rounded half to even and saturated to 0..255, or quantised when the spec has a {@link Quantization}. */
    UINT8(1, "|u1", 2),
    /** Rounded half to even and saturated to -128..127, or quantised when the spec has a {@link Quantization}. */
    INT8(1, "|i1", 3);

    private final int size;
    private final String npyDescr;
    private final int onnxType;

    DType(int size, String npyDescr, int onnxType) {
        this.size = size;
        this.npyDescr = npyDescr;
        this.onnxType = onnxType;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** numpy {@code descr} string, little-endian where it matters. */
    public String npyDescr() {
        return npyDescr;
    }

    /** ONNX {@code TensorProto.DataType} code. */
    public int onnxType() {
        return onnxType;
    }

    public boolean isInteger() {
        return this == UINT8 || this == INT8;
    }

    /** Lowest representable integer value (integer types only). */
    public int min() {
        return this == INT8 ? -128 : 0;
    }

    /** Highest representable integer value (integer types only). */
    public int max() {
        return this == INT8 ? 127 : 255;
    }

    /** Lower-case name as written in specs and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DType parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "float32": case "float": case "f32": case "fp32": return FLOAT32;
            case "float16": case "half": case "f16": case "fp16": return FLOAT16;
            case "uint8": case "u8": return UINT8;
            case "int8": case "i8": return INT8;
            default: throw new IllegalArgumentException("unknown dtype '" + s + "'; expected float32, float16, uint8 or int8");
        }
    }
}
