package dev.pixelprep.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public top-level type in every module's main sources says in its javadoc whether it is immutable,
 * thread-safe, confined to one thread or a stateless utility (enums and exceptions count as immutable and need not
 * say it), and every type that calls itself thread-safe is exercised by a concurrency test
 * ({@code *ConcurrencyTest.java} in some module's tests naming it).
 */
class ThreadingStatementsTest {
    private static final Pattern DECLARATION = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(class|record|enum|interface|@interface)\\s+(\\w+)([^{]*)",
            Pattern.MULTILINE);
    private static final Pattern STATEMENT = Pattern.compile("\\b(immutable|thread-safe|confined|stateless)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern THREAD_SAFE = Pattern.compile("\\bthread-safe\\b", Pattern.CASE_INSENSITIVE);

    record PublicType(Path file, String kind, String name, String header, String javadoc) {
        boolean exempt() {
            return kind.equals("enum") || kind.equals("@interface") || (name.endsWith("Exception") && header.contains("extends"));
        }
    }

    static List<Path> modules() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(".."))) {
            s.filter(p -> p.getFileName().toString().startsWith("pixelprep-") && Files.isDirectory(p.resolve("src/main/java")))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    static List<Path> javaFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The javadoc comment right before {@code at} (annotations may stand between), or "" when there is none. */
    static String javadocBefore(String src, int at) {
        String before = src.substring(0, at);
        int end = before.lastIndexOf("*/");
        int start = before.lastIndexOf("/**");
        if (end < 0 || start < 0 || start > end) {
            return "";
        }
        String between = before.substring(end + 2);
        // only annotations (with simple arguments) and blank space between the comment and the declaration
        if (!between.replaceAll("@[\\w.]+(\\([^)]*\\))?", "").isBlank()) {
            return "";
        }
        return before.substring(start, end + 2);
    }

    static List<PublicType> publicTypes() throws IOException {
        List<PublicType> out = new ArrayList<>();
        for (Path module : modules()) {
            for (Path f : javaFiles(module.resolve("src/main/java"))) {
                String src = Files.readString(f, StandardCharsets.UTF_8);
                Matcher m = DECLARATION.matcher(src);
                if (m.find()) {
                    out.add(new PublicType(f, m.group(1), m.group(2), m.group(3), javadocBefore(src, m.start())));
                }
            }
        }
        return out;
    }

    @Test
    void everyPublicTypeStatesWhetherItIsImmutableThreadSafeOrConfined() throws IOException {
        assertThat(modules()).extracting(p -> p.getFileName().toString())
                .contains("pixelprep-core", "pixelprep-io", "pixelprep-formats", "pixelprep-onnx", "pixelprep-doctor", "pixelprep-cli");
        List<PublicType> types = publicTypes();
        assertThat(types).as("public top-level types found").hasSizeGreaterThan(90);
        List<String> silent = new ArrayList<>();
        for (PublicType t : types) {
            if (!t.exempt() && !STATEMENT.matcher(t.javadoc()).find()) {
                silent.add(t.name() + " (" + t.file() + ")");
            }
        }
        assertThat(silent).as("public types whose javadoc does not say immutable / thread-safe / confined / stateless").isEmpty();
    }

    @Test
    void everyTypeThatSaysThreadSafeHasAConcurrencyTest() throws IOException {
        StringBuilder tests = new StringBuilder();
        for (Path module : modules()) {
            for (Path f : javaFiles(module.resolve("src/test/java"))) {
                if (f.getFileName().toString().endsWith("ConcurrencyTest.java")) {
                    tests.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        List<String> claimed = new ArrayList<>();
        List<String> unproven = new ArrayList<>();
        for (PublicType t : publicTypes()) {
            if (THREAD_SAFE.matcher(t.javadoc()).find()) {
                claimed.add(t.name());
                if (!Pattern.compile("\\b" + t.name() + "\\b").matcher(tests).find()) {
                    unproven.add(t.name());
                }
            }
        }
        assertThat(claimed).as("types that say they are thread-safe").contains("Pipeline", "OnnxModel");
        assertThat(unproven).as("types that say thread-safe without a *ConcurrencyTest using them").isEmpty();
    }

    @Test
    void theCheckSeesAMissingStatement() {
        String src = "package x;\n\n/** Does things. */\n@Deprecated\npublic final class Thing {\n}\n";
        Matcher m = DECLARATION.matcher(src);
        assertThat(m.find()).isTrue();
        String doc = javadocBefore(src, m.start());
        assertThat(doc).isEqualTo("/** Does things. */");
        assertThat(STATEMENT.matcher(doc).find()).isFalse();
        String stated = src.replace("Does things.", "Does things. <p>Immutable.");
        Matcher m2 = DECLARATION.matcher(stated);
        assertThat(m2.find()).isTrue();
        assertThat(STATEMENT.matcher(javadocBefore(stated, m2.start())).find()).isTrue();
        // a comment separated from the declaration by code is not its javadoc
        String detached = "/** Immutable. */\nimport a.B;\npublic class Thing {}";
        Matcher m3 = DECLARATION.matcher(detached);
        assertThat(m3.find()).isTrue();
        assertThat(javadocBefore(detached, m3.start()).toLowerCase(Locale.ROOT)).isEmpty();
    }
}
