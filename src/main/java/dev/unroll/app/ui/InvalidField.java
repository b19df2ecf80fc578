package dev.unroll.app.ui;

import dev.unroll.engine.BadInputException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.css.PseudoClass;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;

/**
 * The one look of a typed field that its form refuses: the {@code :invalid} pseudo-class (the
 * window's sheet draws it) and the refusal, the same sentence the form says when asked to go on
 * ({@link TypedNumber}'s "seed must be a whole number (got '4x2')"), as the field's tooltip in place of
 * its help. JavaFX thread.
 */
public final class InvalidField {
    /** The pseudo-class of a refused field. */
    public static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private InvalidField() {
    }

    /**
     * Marks {@code field} refused with {@code refusal}, or accepted (null refusal); its tooltip (made
     * when it has none) says the refusal or else {@code help}.
     */
    public static void mark(TextField field, String refusal, String help) {
        field.pseudoClassStateChanged(INVALID, refusal != null);
        Tooltip tooltip = field.getTooltip();
        if (tooltip == null) {
            tooltip = new Tooltip();
            field.setTooltip(tooltip);
        }
        tooltip.setText(refusal == null ? help : refusal);
    }

    /**
     * Reads every text of {@code field} (now and as it changes) with {@code check}, which throws a
     * {@link BadInputException} to refuse it: the field is marked refused with its message, or accepted.
     */
    public static void watch(TextField field, String help, Consumer<String> check) {
        Consumer<String> read = text -> {
            try {
                check.accept(text);
                mark(field, null, help);
            } catch (BadInputException e) {
                mark(field, e.getMessage(), help);
            }
        };
        field.textProperty().addListener((obs, old, text) -> read.accept(text));
        read.accept(field.getText());
    }

    /**
     * Applies what is typed in {@code field} when it is committed: Enter applies a good text ({@code apply} of
     * {@code parse}'s value) and leaves a bad one as it is, marked refused by {@link #watch}; leaving the field also
     * commits, then puts back the value in use ({@code inUse}), so that what is shown is what is used.
     */
    public static <T> void commitOnEnterOrLeave(TextField field, Function<String, T> parse, Consumer<T> apply,
            Supplier<String> inUse) {
        Runnable commit = () -> {
            try {
                apply.accept(parse.apply(field.getText()));
            } catch (BadInputException e) {
                // the field stays marked refused, its tooltip saying why
            }
        };
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                commit.run();
                field.setText(inUse.get());
            }
        });
    }
}
