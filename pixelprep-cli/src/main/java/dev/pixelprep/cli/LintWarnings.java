package dev.pixelprep.cli;

import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.lint.LintFinding;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spec lint on the command line: each finding is one warning line on stderr with its id, what is wrong and the
 * corrected arguments in the convention the user wrote the spec in; commands that write a spec into a model refuse a
 * linted one unless {@code --force}. Confined to one command run (it remembers what it printed, so a spec checked
 * twice, e.g. alone and then against the model, warns once).
 */
final class LintWarnings {
    private final Set<String> printed = new LinkedHashSet<>();
    private final List<LintFinding> findings = new ArrayList<>();

    /** The warning line for one finding, e.g. {@code pixelprep: warning: bias-not-scaled: ...; corrected (coreml): image_scale=...}. */
    static String line(LintFinding f, String convention) {
        StringBuilder sb = new StringBuilder("pixelprep: warning: ").append(f.id()).append(": ").append(f.message());
        String args = f.correctedArguments(convention);
        if (args != null) {
            sb.append("; corrected (").append(convention == null ? "canonical" : convention).append("): ").append(args);
        }
        return sb.toString();
    }

    /** Prints the findings not printed before and remembers them. */
    void print(PrintWriter err, List<LintFinding> found, String convention) {
        for (LintFinding f : found) {
            String l = line(f, convention);
            if (printed.add(l)) {
                findings.add(f);
                err.println(l);
            }
        }
        err.flush();
    }

    /** Every finding printed so far. */
    List<LintFinding> findings() {
        return List.copyOf(findings);
    }

    /** Throws (exit 1, one line) when anything was flagged and {@code force} is off. */
    void refuse(boolean force, String what) {
        if (force || findings.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        findings.forEach(f -> ids.add(f.id()));
        throw new InvalidSpecException("refusing to write " + what + " with a spec the lint flags (" + String.join(", ", ids)
                + ", see the warning above): correct it as the warning says, or give --force to write it anyway");
    }
}
