package dev.pixelprep.batch;

import dev.pixelprep.core.spec.DType;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The outcome of a completed batch run, as {@code summary.json} records it.
 *
 * <p>Immutable value type (a record; the shape is copied in and out).
 *
 * @param output          the output directory
 * @param inputs          inputs listed
 * @param ok              inputs whose tensor (and result) was written
 * @param errors          inputs recorded as failed
 * @param shards          shard files written (0 without tensors)
 * @param imageShape      one image's tensor shape; a shard is {@code [rows, imageShape...]}
 * @param dtype           the tensors' element type
 * @param resumed         inputs an earlier, interrupted run had committed and this one took over
 * @param alreadyComplete the directory held a finished run with the same options and nothing was done
 */
public record BatchSummary(Path output, long inputs, long ok, long errors, int shards, int[] imageShape, DType dtype,
                           long resumed, boolean alreadyComplete) {
    public BatchSummary {
        imageShape = imageShape.clone();
    }

    @Override
    public int[] imageShape() {
        return imageShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchSummary s && output.equals(s.output) && inputs == s.inputs && ok == s.ok && errors == s.errors
                && shards == s.shards && Arrays.equals(imageShape, s.imageShape) && dtype == s.dtype && resumed == s.resumed
                && alreadyComplete == s.alreadyComplete;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(output, inputs, ok, errors, shards, Arrays.hashCode(imageShape), dtype, resumed, alreadyComplete);
    }

    @Override
    public String toString() {
        return "BatchSummary[" + output + ": " + inputs + " inputs, " + ok + " ok, " + errors + " failed, " + shards + " shards of "
                + dtype.id() + " " + Arrays.toString(imageShape) + (resumed > 0 ? ", resumed after " + resumed : "")
                + (alreadyComplete ? ", already complete" : "") + "]";
    }
}
