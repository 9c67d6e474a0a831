package dev.pixelprep.bench;

import dev.pixelprep.core.engine.Pipeline;
import dev.pixelprep.core.pixels.PixelBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * pixelprep's side of (a) and (b): one pipeline run on one source into each kind of caller-owned output, on the
 * table route and, in forks with the Vector API ({@link SimdFork}), on the SIMD route. The benchmark classes
 * extend it (JMH times the inherited methods in each) and call {@link #prepare} from their setup.
 *
 * <p>Confined: the base of JMH states of {@code Scope.Thread}, one instance per benchmark thread.
 */
public abstract class PixelprepOutputs {
    protected PixelBuffer src;
    protected Pipeline pipeline;
    protected float[] out;
    protected FloatBuffer direct;
    /** float32 little-endian in native memory, as ONNX Runtime takes a {@code ByteBuffer} tensor. */
    protected ByteBuffer directBytes;

    /**
     * Compiles the pipeline, allocates the outputs once, runs pixelprep into each and requires the buffers to hold
     * exactly what the {@code float[]} holds; returns the {@code float[]} result for the comparison with OpenCV.
     */
    protected float[] prepare(String what, Pipeline p, PixelBuffer source) {
        pipeline = p;
        src = source;
        out = new float[p.imageElements(source.width(), source.height())];
        direct = ByteBuffer.allocateDirect(out.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        directBytes = ByteBuffer.allocateDirect(out.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        pixelprepFloatArray();
        pixelprepDirectBuffer();
        pixelprepSimdDirectBytes();
        Agreement.require(what + ", direct FloatBuffer vs float[]", Agreement.floats(direct, out.length), out, 0);
        Agreement.require(what + ", direct ByteBuffer vs float[]", Agreement.floats(directBytes.asFloatBuffer(), out.length), out, 0);
        return out;
    }

    @Benchmark
    public float[] pixelprepFloatArray() {
        pipeline.run(src, out, 0);
        return out;
    }

    @Benchmark
    public FloatBuffer pixelprepDirectBuffer() {
        pipeline.run(src, direct, 0);
        return direct;
    }

    /** {@link #pixelprepFloatArray} in a JVM started with the Vector API: pixelprep's SIMD rows. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public float[] pixelprepSimdFloatArray() {
        return pixelprepFloatArray();
    }

    /** {@link #pixelprepDirectBuffer} with pixelprep's SIMD rows. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public FloatBuffer pixelprepSimdDirectBuffer() {
        return pixelprepDirectBuffer();
    }

    /** pixelprep's SIMD rows straight into a direct little-endian {@code ByteBuffer} (no staging row). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {SimdFork.ADD_MODULES, SimdFork.VECTOR_MODULE, SimdFork.REQUIRE_SIMD})
    public ByteBuffer pixelprepSimdDirectBytes() {
        pipeline.run(src, directBytes, 0);
        return directBytes;
    }
}
