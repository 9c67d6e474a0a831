package dev.pixelprep.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs headless Chromium on a local file: DOM after load, console messages, screenshot. */
final class Chromium {
    static final String INSTALL = "install it with 'apt-get update && apt-get install -y chromium' (Debian package chromium),"
            + " or point the CHROMIUM environment variable at a Chromium/Chrome binary";

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The browser from $CHROMIUM or the PATH, or {@code null}. */
    static Chromium find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return new Chromium(Path.of(env));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new Chromium(p);
                }
            }
        }
        return null;
    }

    /** Whether a missing browser must fail the build (CI) instead of skipping. */
    static boolean required() {
        return Boolean.parseBoolean(System.getProperty("pixelprep.requireChromium", "false"))
                || Boolean.parseBoolean(System.getenv().getOrDefault("PIXELPREP_REQUIRE_CHROMIUM", "false"));
    }

    /** What one browser run printed: stdout (the DOM for --dump-dom) and the console lines from stderr. */
    record Run(String stdout, List<String> console) {
    }

    Run run(Path page, Path profile, String... action) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(action));
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(profile.getParent(), "out", ".txt");
        Path err = Files.createTempFile(profile.getParent(), "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s: " + cmd);
        }
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), console);
    }
}
