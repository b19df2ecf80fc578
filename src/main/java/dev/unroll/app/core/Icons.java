package dev.unroll.app.core;

import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.text.Font;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.IkonResolverProvider;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.javafx.JavaFXFontLoader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Icons on buttons: each an icon from Ikonli's Material Design font, which ships inside the
 * application, so that no glyph depends on the fonts of the system it runs on (a "⏸" or "✕" from the
 * system's fonts is an empty box where those fonts lack it). The theme's sheets colour the icon as the
 * button's text (AtlantaFX's {@code .button .ikonli-font-icon}) and size it with the theme's type
 * (styles/*.css; an icon alone, style class {@value #ALONE}, is larger). A button keeps its
 * word: beside the icon where there is room ({@link #beside}), else as its accessible text and
 * tooltip ({@link #only}); a speaker and a screen reader still find it by name. All on the JavaFX thread.
 */
public final class Icons {
    /** The style class of a button that shows an icon alone. */
    public static final String ALONE = "icon-only";
    /** The font family of each icon pack, found once (Ikonli's resolver loads the pack's font). */
    private static final Map<Class<?>, String> FAMILIES = new ConcurrentHashMap<>();

    private Icons() {
    }

    /** An icon-only button showing {@code icon}, named {@code word} for screen readers (its tooltip is set where its command is attached). */
    public static Button only(Ikon icon, String word) {
        Button b = new Button();
        set(b, icon, word);
        return b;
    }

    /** Shows {@code icon} alone on {@code b} (its text cleared), named {@code word}; the same button back. */
    public static <B extends Labeled> B set(B b, Ikon icon, String word) {
        b.setText("");
        b.setGraphic(new FontIcon(icon));
        b.setAccessibleText(word);
        if (!b.getStyleClass().contains(ALONE)) {
            b.getStyleClass().add(ALONE);
        }
        return b;
    }

    /** Puts {@code icon} before the text of {@code b} (which stays its name); the same button back. */
    public static <B extends Labeled> B beside(B b, Ikon icon) {
        b.setGraphic(new FontIcon(icon));
        return b;
    }

    /**
     * The icon font at {@code size} pixels, for drawing {@code icon} on a canvas with {@link #glyph}
     * (the font ships with the app, as on the buttons).
     */
    public static Font font(Ikon icon, double size) {
        String family = FAMILIES.computeIfAbsent(icon.getClass(), c -> IkonResolverProvider.getInstance(JavaFXFontLoader.getInstance()).resolve(icon.getDescription()).getFontFamily());
        return Font.font(family, size);
    }

    /** The character that draws {@code icon} in its {@link #font}. */
    public static String glyph(Ikon icon) {
        return new String(Character.toChars(icon.getCode()));
    }

    /** The icon a button shows, or null (for tests). */
    public static Ikon iconOf(Labeled b) {
        return b.getGraphic() instanceof FontIcon f ? f.getIconCode() : null;
    }
}
