package dev.unroll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the command line in-process, capturing what it prints. */
final class CliTestSupport {
    private CliTestSupport() {
    }

    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        /** Asserts the status and that stderr holds exactly one "unroll: ..." line without a stack trace. */
        String assertOneLineError(int expectedStatus) {
            assertEquals(expectedStatus, status, "status; stderr: " + err + " stdout: " + out);
            assertEquals(1, errLines().size(), "exactly one line on stderr, got: " + err);
            String line = errLines().get(0);
            assertTrue(line.startsWith("unroll: "), line);
            assertFalse(line.contains("Exception") || line.contains("\tat "), line);
            return line;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = UnrollCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }
}
