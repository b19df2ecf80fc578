package dev.unroll.engine;

/**
 * Input that the engine cannot work with: a corpus, a setting, a checkpoint or a prime text.
 * The message is written for the person who gave the input (one line, no stack trace needed),
 * so the app shows it in the window and the command line prints it to stderr.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
