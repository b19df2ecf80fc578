package dev.unroll.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand of {@code unroll} shares, in one place: {@code --help} and {@code --version}, options listed
 * in the order they are declared, help as wide as the terminal, and an "Exit status:" list, by default 0, 1, 2, 130
 * and 143 (a command whose statuses differ, such as {@code train}'s 3 for a diverged run, lists its own); and the
 * streams the command writes to, those its {@link picocli.CommandLine} was given.
 */
@Command(mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {UnrollCli.STATUS_OK, UnrollCli.STATUS_ERROR, UnrollCli.STATUS_BAD_INPUT, UnrollCli.STATUS_SIGINT, UnrollCli.STATUS_SIGTERM})
abstract class SubCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Standard output, as the command line was given it. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error, as the command line was given it. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
