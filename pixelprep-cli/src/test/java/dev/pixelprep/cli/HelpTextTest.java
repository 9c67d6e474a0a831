package dev.pixelprep.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The help a user reads first: whole sentences in the command list, and usage errors pointing at the right help. */
class HelpTextTest extends CommandLineTest {
    @Test
    void everyCommandsSummaryInTheTopLevelHelpIsAWholeSentence() {
        assertThat(run("--help")).isZero();
        String commands = out.substring(out.indexOf("Commands:") + "Commands:".length());
        // a summary is the text from a command's name to the next command's; it may wrap over several lines
        List<String> summaries = new ArrayList<>();
        StringBuilder current = null;
        for (String line : commands.split("\n")) {
            if (line.matches("  [a-z]+ .*")) {
                if (current != null) {
                    summaries.add(current.toString().trim());
                }
                current = new StringBuilder(line.trim());
            } else if (current != null && !line.isBlank()) {
                current.append(' ').append(line.trim());
            }
        }
        summaries.add(current.toString().trim());
        assertThat(summaries).hasSizeGreaterThan(10);
        for (String s : summaries) {
            assertThat(s).as("summary").endsWith(".");
        }
    }

    @Test
    void aUsageErrorOfASubcommandNamesItsOwnHelp() {
        assertThat(run("doctor", "tensor", "a.npy", "b.npy", "c.npy")).isEqualTo(2);
        assertThat(err).contains("Try 'pixelprep doctor tensor --help'.");
        assertThat(run("tensor", "x.png", "-o", "y.npy", "--preset", "nonesuch")).isEqualTo(2);
        assertThat(err).contains("Try 'pixelprep tensor --help'.");
    }
}
