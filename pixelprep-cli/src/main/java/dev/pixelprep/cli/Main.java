package dev.pixelprep.cli;

import dev.pixelprep.core.PixelprepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Entry point of the {@code pixelprep} command.
 *
 * <p>Confined: {@link #run} builds its own command objects on each call, so calls do not share state; an instance
 * (picocli's top command) belongs to one call.
 */
@Command(name = "pixelprep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns images and raw pixel buffers into exactly the tensors a neural network expects, and explains the preprocessing in every framework's words.",
        subcommands = {ClassifyCommand.class, DetectCommand.class, TensorCommand.class, BatchCommand.class, SpecCommand.class, DoctorCommand.class,
                InspectCommand.class, FixCommand.class, ConvertCommand.class, AttachCommand.class, EmbedCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Bad input: a corrupt image, an invalid spec, a file that cannot be written. */
    public static final int EXIT_INPUT = 1;
    /** Bad usage: unknown options, missing arguments, contradictory flags. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line and returns the exit code (used by tests). Every failure is one line on {@code err}:
     * usage errors exit {@value #EXIT_USAGE}, bad input (including files that cannot be read or written, and running out
     * of memory or stack on a large or deep input) exits {@value #EXIT_INPUT}; only a bug in pixelprep exits 3.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                commandLine.getErr().println("pixelprep: " + ex.getMessage());
                commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
                return EXIT_USAGE;
            }
            if (ex instanceof PixelprepException) {
                commandLine.getErr().println("pixelprep: error: " + oneLine(ex.getMessage()));
                return EXIT_INPUT;
            }
            if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                commandLine.getErr().println("pixelprep: error: " + oneLine(describe(ex)));
                return EXIT_INPUT;
            }
            commandLine.getErr().println("pixelprep: internal error: " + ex + " (please report it with the command that caused it)");
            return 3;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("pixelprep: " + oneLine(ex.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USAGE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("pixelprep: error: not enough memory to finish (this JVM may use at most " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB); raise -Xmx (JAVA_OPTS) or use smaller images or sizes");
            err.flush();
            return EXIT_INPUT;
        } catch (StackOverflowError e) {
            err.println("pixelprep: error: input nested too deeply for this thread's stack; raise -Xss (JAVA_OPTS)");
            err.flush();
            return EXIT_INPUT;
        }
    }

    /**
     * An I/O failure in the user's words: "no such file: X", "permission denied: X", "no space left on device", with
     * no exception class names.
     */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            String file = f.getFile() == null ? "" : ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
            return reason((IOException) e) + file;
        }
        if (e instanceof IOException) {
            return reason((IOException) e);
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /** What went wrong, without the file name: "no such file", "permission denied", "no space left on device". */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "symbolic link loop";
        }
        if (e instanceof FileSystemException) {
            String r = ((FileSystemException) e).getReason();
            return r == null ? "cannot access" : lowerFirst(r);
        }
        if (e instanceof java.io.FileNotFoundException && e.getMessage() != null) {
            return lowerFirst(e.getMessage());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : lowerFirst(oneLine(m));
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1))) ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest or the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pixelprep " + (v == null ? "(version unknown: not run from the packaged jar)" : v)};
        }
    }
}
