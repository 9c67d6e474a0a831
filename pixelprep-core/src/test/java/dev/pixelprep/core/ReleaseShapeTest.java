package dev.pixelprep.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release's pieces that no compiler checks stay in step: the BOM, the consumer project and the changelog name
 * the reactor's version, the BOM lists exactly the library modules, every module declares its JPMS name, and the
 * licence is there.
 */
class ReleaseShapeTest {
    static final Path ROOT = Path.of("..");

    static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
    }

    static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text.length() > 60 ? text.substring(0, 60) : text).isTrue();
        return m.group(1);
    }

    static String version() throws IOException {
        return first(read("pom.xml"), "<artifactId>pixelprep-parent</artifactId>\\s*<version>([^<]+)</version>");
    }

    @Test
    void theBomTheConsumerAndTheChangelogNameTheReactorsVersion() throws IOException {
        String v = version();
        assertThat(first(read("pixelprep-bom/pom.xml"), "<artifactId>pixelprep-bom</artifactId>\\s*<version>([^<]+)</version>")).isEqualTo(v);
        assertThat(first(read("examples/consumer/pom.xml"), "<pixelprep.version>([^<]+)</pixelprep.version>")).isEqualTo(v);
        String released = v.replace("-SNAPSHOT", "");
        assertThat(read("CHANGELOG.md")).contains(v.endsWith("-SNAPSHOT") ? "## Unreleased" : "## " + released + " (");
    }

    @Test
    void theBomListsExactlyTheLibraryModulesAndEachModuleNamesItself() throws IOException {
        String parent = read("pom.xml");
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        TreeSet<String> libraries = new TreeSet<>();
        List<String> all = new ArrayList<>();
        while (modules.find()) {
            String m = modules.group(1);
            all.add(m);
            if (m.equals("pixelprep-bom")) {
                continue;
            }
            String pom = read(m + "/pom.xml");
            String suffix = m.substring("pixelprep-".length());
            assertThat(first(pom, "<pixelprep.moduleName>([^<]+)</pixelprep.moduleName>")).as(m).isEqualTo("dev.pixelprep." + suffix.replace('-', '.'));
            if (!pom.contains("<pixelprep.notLibrary>true</pixelprep.notLibrary>")) {
                libraries.add(m);
            }
        }
        assertThat(all).contains("pixelprep-core", "pixelprep-bom");
        Matcher listed = Pattern.compile("<artifactId>(pixelprep-[a-z-]+)</artifactId>\\s*<version>\\$\\{project.version}</version>")
                .matcher(read("pixelprep-bom/pom.xml"));
        TreeSet<String> inBom = new TreeSet<>();
        while (listed.find()) {
            inBom.add(listed.group(1));
        }
        assertThat(inBom).isEqualTo(libraries);
    }

    @Test
    void theOnnxRuntimeModuleNeedsNothingButTheCoreAndOnnxRuntime() throws IOException {
        // no Jackson, no TwelveMonkeys, no protobuf: images come in as PixelBuffers; files are pixelprep-onnx-files'
        String pom = read("pixelprep-onnx/pom.xml");
        String deps = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
        Matcher d = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(deps);
        TreeSet<String> runtime = new TreeSet<>();
        while (d.find()) {
            if (!d.group(1).contains("<scope>test</scope>")) {
                runtime.add(first(d.group(1), "<artifactId>([^<]+)</artifactId>"));
            }
        }
        assertThat(runtime).containsExactly("onnxruntime", "pixelprep-core");
        assertThat(read("pixelprep-core/pom.xml")).doesNotContain("<scope>compile</scope>");
    }

    @Test
    void theLicenceIsApache2AndTheNoticeCoversTheJarsThirdPartyFiles() throws IOException {
        assertThat(read("LICENSE")).contains("Apache License").contains("Version 2.0, January 2004");
        assertThat(read("pom.xml")).contains("<name>Apache-2.0</name>");
        assertThat(read("NOTICE.md")).contains("pixelprep-doctor/src/main/resources/dev/pixelprep/doctor/probe/NOTICE.md")
                .contains("examples/NOTICE.md");
    }
}
