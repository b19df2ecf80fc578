package dev.unroll.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.RunMemory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code unroll train | sample | bench | sweep | baseline | export | compare-cells}. {@link #run} returns the exit status:
 * <ul>
 * <li>0: done</li>
 * <li>1: an unexpected error, out of memory, or standard output could not be written (a full disk; one line on
 * stderr; the stack trace too with {@code --debug})</li>
 * <li>2: bad input: a flag, a corpus, a checkpoint, a prime text, an output that cannot be written,
 * would overwrite an input or is being written by another run, a run too large for the heap (exactly one line on stderr)</li>
 * <li>3: the training diverged (the loss became NaN or infinite; {@code compare-cells}: a cell's)</li>
 * <li>130: interrupted by Ctrl-C (SIGINT); 143: stopped by SIGTERM. {@code train} and {@code sweep}
 * save their checkpoints first (the JVM sets these statuses, 128 plus the signal's number)</li>
 * </ul>
 * Every error line starts with {@code unroll: }.
 */
@Command(name = "unroll", mixinStandardHelpOptions = true, versionProvider = UnrollCli.Version.class,
        description = "Train and sample character-level recurrent neural networks (min-char-rnn).",
        subcommands = {TrainCommand.class, SampleCommand.class, BenchCommand.class, SweepCommand.class, BaselineCommand.class,
                ExportCommand.class, CompareCellsCommand.class},
        usageHelpAutoWidth = true, exitCodeListHeading = "%nExit status (of every command; see each command's --help):%n",
        exitCodeList = {UnrollCli.STATUS_OK, UnrollCli.STATUS_ERROR, UnrollCli.STATUS_BAD_INPUT, "3:train, compare-cells: the loss became NaN or infinite",
                UnrollCli.STATUS_SIGINT, UnrollCli.STATUS_SIGTERM})
public final class UnrollCli implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_DIVERGED = 3;
    public static final int EXIT_INTERRUPTED = 130;

    // the exit statuses as --help lists them (one constant each, so every command says the same)
    static final String STATUS_OK = "0:done";
    static final String STATUS_ERROR = "1:unexpected error, out of memory, or standard output could not be written (one line on stderr)";
    static final String STATUS_BAD_INPUT = "2:bad input: a flag, file or setting refused before any work, or an output another run is"
            + " writing (one line on stderr)";
    static final String STATUS_SIGINT = "130:interrupted by Ctrl-C (SIGINT)";
    static final String STATUS_SIGTERM = "143:stopped by SIGTERM (kill)";

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    boolean debug;

    /**
     * Runs the command line on the process's stdout and stderr; returns the exit status. Standard
     * output is the file descriptor itself, not {@code System.out} (a PrintStream that hides why a
     * write failed).
     */
    public static int run(String... args) {
        Charset cs = consoleCharset();
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, cs), true);
        try {
            return run(new FileOutputStream(FileDescriptor.out), cs, err, System.console() != null, args);
        } finally {
            err.flush();
        }
    }

    /**
     * Runs the command line with standard output on {@code stdout}: when a write to it fails (a full
     * disk, a closed pipe) a command that would have succeeded ends with status 1 and the line
     * "unroll: cannot write standard output: REASON".
     */
    static int run(OutputStream stdout, Charset cs, PrintWriter err, boolean interactive, String... args) {
        CheckedOutput checked = new CheckedOutput(stdout);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(checked, cs), true);
        return outputWritten(execute(commandLine(out, err, interactive, Arrays.asList(args).contains("--debug")), err, args),
                out, checked.failure(), err);
    }

    /** Runs the command line writing to the given streams (tests pass their own); returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, false, args);
    }

    /**
     * @param interactive whether stderr is a terminal: the progress line is then redrawn in place
     *                    with carriage returns; otherwise a progress line is printed every 10 seconds
     */
    static int run(PrintWriter out, PrintWriter err, boolean interactive, String... args) {
        return outputWritten(execute(commandLine(out, err, interactive, Arrays.asList(args).contains("--debug")), err, args),
                out, null, err);
    }

    /**
     * The status once standard output is checked: a failed write turns success into status 1 with
     * one line (a command that failed already keeps its status and its own line).
     *
     * @param cause why the write failed, when known
     */
    static int outputWritten(int status, PrintWriter out, IOException cause, PrintWriter err) {
        if (!out.checkError() || status != EXIT_OK) {
            return status;
        }
        err.println("unroll: cannot write standard output: " + (cause == null ? "the write failed" : Outputs.reason(cause)));
        err.flush();
        return EXIT_ERROR;
    }

    /**
     * Runs a command line; an OutOfMemoryError anywhere in it ends it with one line and status 1
     * (the memory it held is free again by the time the line is printed).
     */
    static int execute(CommandLine cmd, PrintWriter err, String... args) {
        int status;
        try {
            status = cmd.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("unroll: " + RunMemory.outOfMemory());
            status = EXIT_ERROR;
        }
        cmd.getOut().flush();
        err.flush();
        return status;
    }

    /** The command line with its handlers: every error is one line on {@code err}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean interactive, boolean debug) {
        CommandLine cmd = new CommandLine(new UnrollCli());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            if (sub.getCommand() instanceof TrainCommand t) {
                t.interactive = interactive;
            }
        }
        cmd.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandName();
            String help = "unroll" + ("unroll".equals(name) ? "" : " " + name) + " --help";
            err.println("unroll: " + oneLine(ex.getMessage()) + " (see '" + help + "')");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            int status;
            if (ex instanceof CliExit e) {
                status = e.status;
                if (e.getMessage() != null) {
                    err.println("unroll: " + oneLine(e.getMessage()));
                }
            } else if (ex instanceof BadInputException) {
                status = EXIT_BAD_INPUT;
                err.println("unroll: " + oneLine(ex.getMessage()));
            } else if (ex instanceof UncheckedIOException) {
                status = EXIT_ERROR;
                err.println("unroll: " + oneLine(ex.getMessage()));
            } else {
                status = EXIT_ERROR;
                err.println("unroll: unexpected error: " + oneLine(String.valueOf(ex))
                        + (debug ? "" : " (run again with --debug for details)"));
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return status;
        });
        return cmd;
    }

    /** The command-line entry point: exits with {@link #run}'s status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    /** The console's encoding on Windows consoles, UTF-8 otherwise (pipes, files, Unix terminals). */
    private static Charset consoleCharset() {
        String enc = System.getProperty("sun.stdout.encoding");
        if (enc != null) {
            try {
                return Charset.forName(enc);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_BAD_INPUT;
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = UnrollCli.class.getPackage().getImplementationVersion();
            return new String[] {"Unroll " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
