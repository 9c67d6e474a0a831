package dev.pixelprep.core.spec;

import dev.pixelprep.core.InvalidSpecException;

/**
 * Affine quantisation of the normalised value {@code y} into an integer tensor, as ONNX {@code QuantizeLinear}
 * and TFLite do: {@code q = saturate(roundHalfEven(y / scale) + zeroPoint)}.
 *
 * <p>Immutable: a value compared by content; safe to share between threads.
 */
public record Quantization(double scale, int zeroPoint) {
    public Quantization {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new InvalidSpecException("$.quantization.scale", "must be a positive finite number, got " + scale);
        }
    }

    /** Checks the zero point against the range of the target type. */
    public void checkFor(DType dtype) {
        if (!dtype.isInteger()) {
            throw new InvalidSpecException("$.quantization", "quantisation needs an integer dtype (uint8 or int8), not " + dtype.id());
        }
        if (zeroPoint < dtype.min() || zeroPoint > dtype.max()) {
            throw new InvalidSpecException("$.quantization.zero_point", "must lie in " + dtype.min() + ".." + dtype.max()
                    + " for " + dtype.id() + ", got " + zeroPoint);
        }
    }
}
