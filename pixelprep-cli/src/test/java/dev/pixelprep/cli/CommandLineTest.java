package dev.pixelprep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Base of the command-line tests: runs {@link Main} in-process and keeps what it printed. */
abstract class CommandLineTest {
    String out;
    String err;

    /** Runs the command line and returns its exit code; {@link #out} and {@link #err} hold what it printed. */
    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    /** Copies the test resource {@code /name} (e.g. {@code chelsea.png}) into {@code dir} and returns the copy. */
    static Path copyResource(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = CommandLineTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
