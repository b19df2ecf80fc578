package dev.unroll.cli;

/**
 * Ends a command with an exit status and one line for stderr (printed as {@code unroll: <message>}).
 * Status 2 is bad input, 3 a diverged run, 130 an interrupted one.
 */
final class CliExit extends RuntimeException {
    final int status;

    CliExit(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Ends with a status whose line the command has printed already. */
    static CliExit silent(int status) {
        return new CliExit(status, null);
    }

    static CliExit badInput(String message) {
        return new CliExit(UnrollCli.EXIT_BAD_INPUT, message);
    }
}
