package dev.unroll.app.ui;

import java.util.Locale;

/**
 * The one way the app turns a message (most come from the engine, written for the command line's
 * one line: "corpus file not found: …", "ls looks binary: …") into a sentence for the window.
 */
public final class Messages {
    private Messages() {
    }

    /**
     * The message with its first letter in upper case, unless it begins with one of {@code names}
     * (file names, which are shown as they are: "ls looks binary", never "Ls looks binary"). Null
     * is "".
     */
    public static String sentence(String message, String... names) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        for (String name : names) {
            if (name != null && !name.isEmpty() && message.startsWith(name)) {
                return message;
            }
        }
        return message.substring(0, message.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
                + message.substring(message.offsetByCodePoints(0, 1));
    }
}
