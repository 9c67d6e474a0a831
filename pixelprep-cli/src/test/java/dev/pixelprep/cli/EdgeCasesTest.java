package dev.pixelprep.cli;

import dev.pixelprep.core.engine.Tensor;
import dev.pixelprep.core.npy.Npy;
import dev.pixelprep.onnx.files.ModelFile;
import dev.pixelprep.onnx.files.SpecResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Issue 16 items 4 (non-image), 5, 6, 9 and 10 from the command line: each case exits 1 (bad input) or 2 (usage)
 * with one line in the user's terms, writes nothing partial, and never shows a JDK class name.
 */
class EdgeCasesTest extends CommandLineTest {
    static final String MOBILENET = "../examples/models/mobilenetv2-12-int8/mobilenetv2-12-int8.onnx";
    static final String SYNSET = "../examples/models/mobilenetv2-12-int8/synset.txt";
    /** Every error line printed by the cases below, scanned at the end for JDK internals. */
    static final List<String> ERRORS = new ArrayList<>();
    static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);

    @TempDir
    Path dir;
    Path chelsea;

    @BeforeEach
    void copyImage() throws IOException {
        chelsea = copyResource("chelsea.png", dir);
    }

    /** Runs, expects {@code code} and one error line (plus picocli's "Try ... --help" line for usage errors). */
    String fails(int code, String... args) {
        assertThat(run(args)).as(String.join(" ", args) + "\n" + err).isEqualTo(code);
        List<String> lines = err.lines().toList();
        assertThat(lines).hasSize(code == 2 ? 2 : 1);
        if (code == 2) {
            assertThat(lines.get(1)).startsWith("Try '");
        }
        ERRORS.add(lines.get(0));
        return lines.get(0);
    }

    @AfterAll
    static void noErrorShowsJdkInternals() {
        assertThat(ERRORS).isNotEmpty();
        for (String e : ERRORS) {
            assertThat(e).as(e).startsWith("pixelprep: ").doesNotContain("java.").doesNotContain("Exception").doesNotContain("@")
                    .doesNotContain("jackson");
        }
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    // ---------------------------------------------------------------- item 4: sizes, trailing JSON, non-finite

    @Test
    void malformedSizesAreUsageErrors() {
        for (String bad : new String[] {"5x", "x5", "0x0", "0", "5x0", "-5", "5x5x5", "40000", "5xx5", "5.5", " "}) {
            assertThat(fails(2, "tensor", chelsea.toString(), "--resize", bad, "-o", dir.resolve("a.npy").toString()))
                    .startsWith("pixelprep: --resize " + bad + ": ");
            assertThat(fails(2, "tensor", chelsea.toString(), "--crop", bad, "-o", dir.resolve("a.npy").toString()))
                    .startsWith("pixelprep: --crop " + bad + ": ");
        }
        assertThat(dir.resolve("a.npy")).doesNotExist();
        assertThat(run("tensor", chelsea.toString(), "--resize", "5x7", "--crop", "5", "-o", dir.resolve("a.npy").toString())).isZero();
    }

    @Test
    void specFilesWithTrailingTextOrTwoObjectsAreRefused() throws IOException {
        String ok = "{\"pixelprep_spec\": 1, \"preset\": \"unit\"}";
        Path garbage = write("garbage.json", ok + " trailing");
        assertThat(fails(1, "tensor", chelsea.toString(), "--spec", garbage.toString(), "-o", dir.resolve("a.npy").toString()))
                .isEqualTo("pixelprep: error: " + garbage + ": $: text after the JSON value (line 1, column 41); a document holds exactly one value");
        Path two = write("two.json", ok + "\n" + ok + "\n");
        assertThat(fails(1, "spec", "explain", "--spec", two.toString())).contains(two + ": $: text after the JSON value (line 2, column 1)");
        assertThat(dir.resolve("a.npy")).doesNotExist();
    }

    @Test
    void aNormalisationFlagTheConventionDoesNotReadIsRefusedNotDropped() {
        String out = dir.resolve("n.npy").toString();
        // coreml's scale is --image-scale: --scale used to be dropped, leaving image_scale 1 (a 255x too large input)
        assertThat(fails(2, "tensor", chelsea.toString(), "--convention", "coreml", "--scale", "0.0039", "-o", out))
                .isEqualTo("pixelprep: --scale is not a coreml flag; coreml's are --image-scale, --red-bias, --green-bias, --blue-bias, --gray-bias, --is-bgr");
        assertThat(fails(2, "tensor", chelsea.toString(), "--convention", "torchvision", "--mean", "0.5", "--std", "0.5", "--image-std", "0.2", "-o", out))
                .startsWith("pixelprep: --image-std is not a torchvision flag; ");
        assertThat(fails(2, "tensor", chelsea.toString(), "--red-bias", "-1", "-o", out))
                .startsWith("pixelprep: --red-bias: normalisation flags need --convention");
        assertThat(fails(2, "tensor", chelsea.toString(), "--preset", "unit", "--mean", "0.5", "-o", out))
                .isEqualTo("pixelprep: --mean is a normalisation flag and --preset already gives the normalisation; give one of them");
        assertThat(dir.resolve("n.npy")).doesNotExist();
        assertThat(run("tensor", chelsea.toString(), "--convention", "opencv", "--scalefactor", "0.0039", "--mean", "1,2,3", "--swap-rb", "-o", out)).isZero();
    }

    @Test
    void nonFiniteTensorsAreRefusedUnlessAllowed() throws IOException {
        Path npy = dir.resolve("inf.npy");
        assertThat(fails(1, "tensor", chelsea.toString(), "--convention", "canonical", "--scale", "1e308", "-o", npy.toString()))
                .startsWith("pixelprep: error: channel R level 1 gives inf in float32");
        assertThat(fails(1, "tensor", chelsea.toString(), "--convention", "torchvision", "--mean", "0.5", "--std", "1e-300", "-o", npy.toString()))
                .startsWith("pixelprep: error: channel R level 0 gives -inf in float32");
        assertThat(npy).doesNotExist();
        assertThat(run("tensor", chelsea.toString(), "--convention", "canonical", "--scale", "1e308", "--allow-non-finite", "-o", npy.toString())).isZero();
        Tensor t = Npy.read(npy);
        assertThat(t.toFloatArray()).contains(Float.POSITIVE_INFINITY);
    }

    // ---------------------------------------------------------------- item 5: hostile JSON everywhere JSON is read

    @Test
    void deepOrHugeJsonIsOneLineEverywhere() throws IOException {
        Path deep = write("deep.json", "{\"pixelprep_spec\": 1, \"description\": " + DEEP + "}");
        String msg = deep + ": $: JSON nested deeper than the 64 levels accepted";
        assertThat(fails(1, "tensor", chelsea.toString(), "--spec", deep.toString(), "-o", dir.resolve("a.npy").toString())).contains(msg);
        assertThat(fails(1, "spec", "explain", "--spec", deep.toString())).contains(msg);
        assertThat(fails(1, "convert", "--from", "spec:" + deep)).contains(msg);
        Path huge = write("huge.json", "{\"pixelprep_spec\": 1, \"description\": \"" + "a".repeat(50 << 20) + "\"}");
        assertThat(fails(1, "spec", "explain", "--spec", huge.toString())).contains(huge + ": " + Files.size(huge) + " bytes is more than the 16777216 accepted for a spec");
        Path hugeNumber = write("number.json", "{\"pixelprep_spec\": 1, \"batch\": " + "1".repeat(5 << 20) + "}");
        assertThat(fails(1, "spec", "explain", "--spec", hugeNumber.toString())).contains(hugeNumber + ": $: a JSON number longer than the 100 characters accepted");
        Path hf = write("preprocessor_config.json", "{\"image_mean\": " + DEEP + "}");
        assertThat(fails(1, "convert", "--from", "hf-config:" + hf)).contains(hf + ": JSON nested deeper than the 64 levels accepted");
        assertThat(fails(1, "inspect", hf.toString())).contains(hf + ": JSON nested deeper than the 64 levels accepted");
    }

    @Test
    void deepJsonInModelMetadataAndSidecarsIsOneLine() throws IOException {
        Path model = dir.resolve("m.onnx");
        Files.write(model, ModelFile.withMetadata(ModelFile.read(Path.of(MOBILENET)), SpecResolver.METADATA_KEY, "{\"a\": " + DEEP + "}").toByteArray());
        assertThat(fails(1, "classify", chelsea.toString(), "--model", model.toString(), "--labels", SYNSET))
                .contains("the spec stored in m.onnx (metadata_props 'pixelprep.spec') is invalid: $: JSON nested deeper than the 64 levels accepted");
        Path plain = dir.resolve("plain.onnx");
        Files.copy(Path.of(MOBILENET), plain);
        Path sidecar = write("plain.onnx" + SpecResolver.SIDECAR_SUFFIX, "{\"pixelprep_spec\": 1} {\"pixelprep_spec\": 1}");
        assertThat(fails(1, "classify", chelsea.toString(), "--model", plain.toString(), "--labels", SYNSET))
                .contains(sidecar + ": $: text after the JSON value");
    }

    // ---------------------------------------------------------------- item 6: tensor sizes and .npy

    @Test
    void tensorsOverTwoGibibytesAreOneLine() {
        assertThat(fails(1, "tensor", chelsea.toString(), "--resize", "32768x32768", "-o", dir.resolve("big.npy").toString()))
                .isEqualTo("pixelprep: error: tensor float32 [1,3,32768,32768] needs 12.0 GiB, more than the 2.0 GiB a Java array holds; resize or crop to a smaller size");
        assertThat(dir.resolve("big.npy")).doesNotExist();
    }

    @Test
    void hostileNpyFilesAreOneLine() throws IOException {
        Path big = dir.resolve("big.npy");
        Files.write(big, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 32768, 32768), }"));
        Path neg = dir.resolve("neg.npy");
        Files.write(neg, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, -3, 4, 4), }"));
        Path multi = dir.resolve("multi.npy");
        Files.write(multi, npy("{'descr': '<f4',\n'fortran_order': False,\n'shape': 3}"));
        assertThat(fails(1, "doctor", "tensor", big.toString(), neg.toString())).contains("needs 12884901888 bytes, more than the 2147483639 bytes a Java array holds");
        assertThat(fails(1, "doctor", "tensor", neg.toString(), big.toString())).contains("negative dimension -3 in .npy shape");
        assertThat(fails(1, "doctor", "tensor", multi.toString(), big.toString())).contains("malformed .npy header");
        assertThat(fails(1, "doctor", "tensor", dir.resolve("none.npy").toString(), big.toString())).isEqualTo("pixelprep: error: no such file: " + dir.resolve("none.npy"));
    }

    static byte[] npy(String dict) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = new byte[10 + text.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, (byte) (text.length >> 8)};
        System.arraycopy(magic, 0, b, 0, 10);
        System.arraycopy(text, 0, b, 10, text.length);
        return b;
    }

    // ---------------------------------------------------------------- item 9: torchvision nearest antialias

    @Test
    void torchvisionNearestWithAntialiasIsTheNearestResize() throws IOException {
        Path a = dir.resolve("aa.npy");
        Path b = dir.resolve("plain.npy");
        assertThat(run("tensor", chelsea.toString(), "--resize", "64x48", "--family", "torchvision-tensor", "--interpolation", "nearest",
                "--antialias", "true", "-o", a.toString())).as(err).isZero();
        assertThat(run("tensor", chelsea.toString(), "--resize", "64x48", "--family", "torchvision-tensor", "--interpolation", "nearest",
                "--antialias", "false", "-o", b.toString())).isZero();
        assertThat(Npy.read(a).toFloatArray()).containsExactly(Npy.read(b).toFloatArray());
    }

    // ---------------------------------------------------------------- item 10: outputs

    @Test
    void saveSpecThatCannotBeWrittenLeavesNoTensor() throws IOException {
        Path npy = dir.resolve("t.npy");
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", npy.toString(), "--save-spec", dir.resolve("no/such/dir/s.json").toString()))
                .isEqualTo("pixelprep: error: cannot write " + dir.resolve("no/such/dir/s.json") + ": folder " + dir.resolve("no/such/dir") + " does not exist");
        assertThat(npy).doesNotExist();
        // a --save-spec that is a directory: neither file is written
        Files.createDirectory(dir.resolve("adir"));
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", npy.toString(), "--save-spec", dir.resolve("adir").toString()))
                .contains("it is a directory");
        assertThat(npy).doesNotExist();
        // a device that fails after the tensor was staged: the tensor is not moved into place either
        Path spec = dir.resolve("s.json");
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", npy.toString(), "--save-spec", "/dev/full"))
                .isEqualTo("pixelprep: error: cannot write /dev/full: no space left on device");
        assertThat(npy).doesNotExist();
        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "-o", npy.toString(), "--save-spec", spec.toString())).isZero();
        assertThat(npy).exists();
        assertThat(spec).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void devicesAreWrittenIntoNotReplaced() {
        Path full = Path.of("/dev/full");
        assertThat(full).exists();
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", "/dev/full"))
                .isEqualTo("pixelprep: error: cannot write /dev/full: no space left on device");
        assertThat(Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.isDirectory(full)).isFalse();
        assertThat(run("tensor", chelsea.toString(), "--preset", "unit", "-o", "/dev/null")).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(out).contains("wrote /dev/null");
    }

    @Test
    void anOutputThatIsAnInputIsRefused() throws IOException {
        byte[] before = Files.readAllBytes(chelsea);
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", chelsea.toString()))
                .isEqualTo("pixelprep: error: refusing to write " + chelsea + ": it is one of the inputs (" + chelsea + "); choose another output");
        // the same file by another spelling
        Path other = dir.resolve("sub/../chelsea.png");
        Files.createDirectories(dir.resolve("sub"));
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", other.toString())).contains("it is one of the inputs");
        Path spec = write("s.json", "{\"pixelprep_spec\": 1, \"preset\": \"unit\"}");
        assertThat(fails(1, "tensor", chelsea.toString(), "--spec", spec.toString(), "-o", dir.resolve("t.npy").toString(), "--save-spec", spec.toString()))
                .contains("refusing to write " + spec + ": it is one of the inputs");
        assertThat(dir.resolve("t.npy")).doesNotExist();
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", dir.resolve("t.npy").toString(), "--save-spec", dir.resolve("t.npy").toString()))
                .contains("twice");
        assertThat(Files.readAllBytes(chelsea)).isEqualTo(before);
    }

    @Test
    void symlinkedOutputsAreRefusedAndKept() throws IOException {
        Path real = write("real.npy", "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), real);
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", link.toString()))
                .isEqualTo("pixelprep: error: refusing to write " + link + ": it is a symbolic link (pixelprep neither follows nor replaces links; give the real path)");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("keep me");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("nowhere.json"));
        assertThat(fails(1, "spec", "explain", "--preset", "unit", "-o", dangling.toString())).contains("it is a symbolic link");
        assertThat(dir.resolve("nowhere.json")).doesNotExist();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fifosAndDirectoriesAsInputsAreRefusedAtOnce() throws Exception {
        Path fifo = dir.resolve("pipe.png");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        assertThat(fails(1, "tensor", fifo.toString(), "--preset", "unit", "-o", dir.resolve("t.npy").toString()))
                .isEqualTo("pixelprep: error: " + fifo + ": not a regular file; an image must be a file");
        // a directory is its image files: the FIFO named like an image among them is refused, not read (no hang)
        assertThat(fails(1, "tensor", dir.toString(), "--preset", "unit", "-o", dir.resolve("t.npy").toString()))
                .isEqualTo("pixelprep: error: " + fifo + ": not a regular file; an image must be a file");
        assertThat(fails(1, "spec", "explain", "--spec", fifo.toString())).isEqualTo("pixelprep: error: " + fifo + ": not a regular file (a spec must be a file)");
        assertThat(fails(1, "tensor", chelsea.toString(), "--preset", "unit", "-o", fifo.toString()))
                .contains("refusing to write " + fifo + ": not a regular file (a FIFO or socket)");
        Path fifoJson = dir.resolve("config.json");
        assertThat(new ProcessBuilder("mkfifo", fifoJson.toString()).start().waitFor()).isZero();
        assertThat(fails(1, "inspect", fifoJson.toString())).contains(fifoJson + ": not a regular file");
        assertThat(fails(1, "doctor", "tensor", fifo.toString(), fifo.toString())).contains(fifo + ": not a regular file (a .npy array must be a file)");
    }

    // ---------------------------------------------------------------- one error path

    @Test
    void ioErrorsAreInTheUsersWords() {
        assertThat(Main.describe(new java.nio.file.NoSuchFileException("/x/y.png"))).isEqualTo("no such file: /x/y.png");
        assertThat(Main.describe(new java.nio.file.AccessDeniedException("/x/y.png"))).isEqualTo("permission denied: /x/y.png");
        assertThat(Main.describe(new java.nio.file.FileAlreadyExistsException("/x"))).isEqualTo("already exists: /x");
        assertThat(Main.describe(new java.nio.file.NotDirectoryException("/etc/passwd"))).isEqualTo("not a directory: /etc/passwd");
        assertThat(Main.describe(new java.nio.file.FileSystemException("/dev/full", null, "No space left on device")))
                .isEqualTo("no space left on device: /dev/full");
        assertThat(Main.describe(new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("a")))).isEqualTo("no such file: a");
        assertThat(Main.describe(new IOException())).isEqualTo("input/output error");
    }

    @Test
    void runningOutOfMemoryIsOneLine() throws Exception {
        // a separate JVM with a small heap: a 4000x4000 float32 tensor (192 MB) cannot be allocated in 48 MB
        Path npy = dir.resolve("oom.npy");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "tensor", chelsea.toString(), "--preset", "unit", "--resize", "4000x4000", "-o", npy.toString())
                .redirectErrorStream(false).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr.lines().toList()).hasSize(1);
        assertThat(stderr).startsWith("pixelprep: error: not enough memory to finish (this JVM may use at most ").contains("raise -Xmx");
        ERRORS.add(stderr.strip());
        assertThat(npy).doesNotExist();
        assertThatCode(p::destroy).doesNotThrowAnyException();
    }
}
