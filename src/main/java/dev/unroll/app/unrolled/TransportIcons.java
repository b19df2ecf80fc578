package dev.unroll.app.unrolled;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The walk-through's transport buttons (start, step back, play / pause, step forward, end): each an
 * icon from Ikonli's Material Design font, which ships inside the application, so that no glyph
 * depends on the fonts of the system it runs on. The icon takes the button's text colour (light and
 * dark themes) and grows with its font (the presentation theme's large type); the button's word is
 * its accessible text, and its tooltip (set where its command is attached) says it with the key.
 */
final class TransportIcons {
    /** The icon's size relative to the button's font size. */
    private static final double SCALE = 1.45;

    private TransportIcons() {
    }

    /** An icon-only button showing {@code icon}, named {@code word} for screen readers. */
    static Button button(Ikon icon, String word) {
        Button b = new Button();
        b.getStyleClass().add("transport-button");
        set(b, icon, word);
        return b;
    }

    /** Shows another icon on the button (play becomes pause), with its word. */
    static void set(Button b, Ikon icon, String word) {
        FontIcon f = new FontIcon(icon);
        f.iconColorProperty().bind(b.textFillProperty());
        f.iconSizeProperty().bind(Bindings.createIntegerBinding(() -> (int) Math.round(b.getFont().getSize() * SCALE), b.fontProperty()));
        b.setGraphic(f);
        b.setAccessibleText(word);
    }

    /** The icon a button shows (for tests). */
    static Ikon iconOf(Button b) {
        return b.getGraphic() instanceof FontIcon f ? f.getIconCode() : null;
    }
}
