package dev.pixelprep.doctor;

import dev.pixelprep.core.spec.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link TensorDoctor} found between a tensor and its reference.
 *
 * <p>Immutable: lists and arrays are copied in and out; safe to share between threads.
 *
 * @param layoutRelation how the two tensors' axes correspond, in words
 * @param permutation    reference channel {@code j} holds the values of your channel {@code permutation[j]}
 * @param alpha          per reference channel, the scale of the map {@code reference ≈ alpha·yours + beta}
 * @param beta           per reference channel, its offset
 * @param r2             per reference channel, the least-squares fit's R² (after any alignment)
 * @param psnr           dB of the reference against your tensor mapped by (alpha, beta), before any alignment;
 *                       {@code Double.POSITIVE_INFINITY} when they agree exactly
 * @param alignedPsnr    dB after the spatial alignment of a resize mismatch, or NaN when none was applied
 * @param findings       the named mistakes, in {@link Finding#IDS} order
 * @param corrected      the reference's spec expressed from yours, or {@code null} when your spec was not given
 * @param notes          what the corrected spec cannot carry (geometry, mean image, an odd channel permutation)
 */
public record TensorDiagnosis(String layoutRelation, int[] permutation, double[] alpha, double[] beta, double[] r2, double psnr,
                              double alignedPsnr, List<Finding> findings, Spec corrected, List<String> notes) {
    /** Copies the arrays and lists, so the caller's later changes do not reach this value. */
    public TensorDiagnosis {
        permutation = permutation.clone();
        alpha = alpha.clone();
        beta = beta.clone();
        r2 = r2.clone();
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** The same diagnosis without its corrected spec (when the evidence leaves several candidates, none is given). */
    public TensorDiagnosis withoutCorrection() {
        return new TensorDiagnosis(layoutRelation, permutation, alpha, beta, r2, psnr, alignedPsnr, findings, null, notes);
    }

    /** The finding identifiers, in report order. */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(f.id());
        }
        return out;
    }

    /** Whether the tensors agree: no finding. */
    public boolean clean() {
        return findings.isEmpty();
    }

    /** A JSON-ready tree (maps, lists, numbers, strings) for {@code --json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("findings", findingMaps(findings));
        m.put("layout", layoutRelation);
        m.put("permutation", permutation.clone());
        m.put("alpha", alpha.clone());
        m.put("beta", beta.clone());
        m.put("r2", r2.clone());
        m.put("psnr_db", finite(psnr));
        m.put("aligned_psnr_db", Double.isNaN(alignedPsnr) ? null : finite(alignedPsnr));
        m.put("corrected_spec", corrected == null ? null : corrected.describe());
        m.put("notes", notes);
        return m;
    }

    static List<Map<String, Object>> findingMaps(List<Finding> findings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("id", f.id());
            fm.put("message", f.message());
            fm.putAll(f.numbers());
            out.add(fm);
        }
        return out;
    }

    private static Object finite(double v) {
        return Double.isInfinite(v) ? "inf" : v;
    }

    /** A copy: changing it does not change this value. */
    @Override
    public int[] permutation() {
        return permutation == null ? null : permutation.clone();
    }

    /** A copy: changing it does not change this value. */
    @Override
    public double[] alpha() {
        return alpha == null ? null : alpha.clone();
    }

    /** A copy: changing it does not change this value. */
    @Override
    public double[] beta() {
        return beta == null ? null : beta.clone();
    }

    /** A copy: changing it does not change this value. */
    @Override
    public double[] r2() {
        return r2 == null ? null : r2.clone();
    }

    /** Equal when every component is, arrays compared by content. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TensorDiagnosis)) {
            return false;
        }
        TensorDiagnosis o = (TensorDiagnosis) other;
        return Objects.equals(layoutRelation, o.layoutRelation)
                && Arrays.equals(permutation, o.permutation)
                && Arrays.equals(alpha, o.alpha)
                && Arrays.equals(beta, o.beta)
                && Arrays.equals(r2, o.r2)
                && Double.compare(psnr, o.psnr) == 0
                && Double.compare(alignedPsnr, o.alignedPsnr) == 0
                && Objects.equals(findings, o.findings)
                && Objects.equals(corrected, o.corrected)
                && Objects.equals(notes, o.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layoutRelation, Arrays.hashCode(permutation), Arrays.hashCode(alpha), Arrays.hashCode(beta), Arrays.hashCode(r2), psnr, alignedPsnr, findings, corrected, notes);
    }

    @Override
    public String toString() {
        return "TensorDiagnosis[layoutRelation=" + layoutRelation + ", permutation=" + Arrays.toString(permutation) + ", alpha=" + Arrays.toString(alpha) + ", beta=" + Arrays.toString(beta) + ", r2=" + Arrays.toString(r2) + ", psnr=" + psnr + ", alignedPsnr=" + alignedPsnr + ", findings=" + findings + ", corrected=" + corrected + ", notes=" + notes + "]";
    }
}
