package dev.pixelprep.cli;

import dev.pixelprep.core.PixelprepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * Entry point of the {@code pixelprep} command.
 *
 * <p>Confined: {@link #run} builds its own command objects on each call, so calls do not share state; an instance
 * (picocli's top command) belongs to one call.
 */
@Command(name = "pixelprep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns images and raw pixel buffers into exactly the tensors a neural network expects, and explains the preprocessing in every framework's words.",
        subcommands = {ClassifyCommand.class, DetectCommand.class, TensorCommand.class, SpecCommand.class, DoctorCommand.class,
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

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException) {
                commandLine.getErr().println("pixelprep: " + ex.getMessage());
                commandLine.getErr().println("Try 'pixelprep " + commandLine.getCommandName() + " --help'.");
                return EXIT_USAGE;
            }
            if (ex instanceof PixelprepException || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("pixelprep: error: " + oneLine(ex.getMessage()));
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
        return cl.execute(args);
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
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
            return new String[] {"pixelprep " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
