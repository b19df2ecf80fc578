package dev.unroll;

import dev.unroll.app.UnrollApp;
import dev.unroll.cli.UnrollCli;

/**
 * The jar's entry point: no arguments opens the desktop app, anything else is the command line.
 * It does not extend {@code Application}, so that the shaded jar starts JavaFX from the classpath.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            UnrollApp.launchApp(args);
        } else {
            System.exit(UnrollCli.run(args));
        }
    }
}
