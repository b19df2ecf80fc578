package dev.unroll.app.core;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.unroll.render.Palette;
import javafx.application.Application;
import javafx.scene.Scene;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The app's themes: an AtlantaFX theme (Primer Light or Dark) as the user-agent stylesheet, which
 * styles every control, and the app's
 * own sheets from the project's {@code styles/} folder (shipped on the classpath under {@code /styles}):
 * {@value #SHARED_SHEET}, what every theme shares (the app's type and icon sizes), and for the
 * presentation theme {@code presentation.css} after it (larger type, higher contrast); the light and dark
 * themes differ only in their AtlantaFX theme. Views that draw on a canvas or a chart take their colours from {@link #palette()},
 * the same palette the exported pictures use, and {@link #scale()} for line widths and font sizes.
 */
public enum Theme {
    LIGHT("Light", null, new PrimerLight().getUserAgentStylesheet(), Palette.LIGHT, 1.0),
    DARK("Dark", null, new PrimerDark().getUserAgentStylesheet(), Palette.DARK, 1.0),
    /** Primer Light in large type and high contrast, readable from the back of a room on a 1920x1080 projector. */
    PRESENTATION("Presentation", "/styles/presentation.css", new PrimerLight().getUserAgentStylesheet(), Palette.PRESENTATION, 1.6);

    /** Classpath resource of the sheet every theme applies first: what the themes share. */
    public static final String SHARED_SHEET = "/styles/app.css";

    /** Preferences key: the theme's name. */
    public static final String PREFS_KEY = "theme";

    private final String label;
    /** The theme's own sheet, applied after the shared one; null for none. */
    private final String ownSheet;
    private final String userAgentStylesheet;
    private final Palette palette;
    private final double scale;

    Theme(String label, String ownSheet, String userAgentStylesheet, Palette palette, double scale) {
        this.label = label;
        this.ownSheet = ownSheet;
        this.userAgentStylesheet = userAgentStylesheet;
        this.palette = palette;
        this.scale = scale;
    }

    public String label() {
        return label;
    }

    /** Classpath resources of the theme's own sheets, in the order they apply: the shared sheet, then the theme's own if it has one. */
    public List<String> stylesheets() {
        return ownSheet == null ? List.of(SHARED_SHEET) : List.of(SHARED_SHEET, ownSheet);
    }

    /** The AtlantaFX theme's stylesheet (a URL), for {@code Application.setUserAgentStylesheet}. */
    public String userAgentStylesheet() {
        return Objects.requireNonNull(Theme.class.getResource(userAgentStylesheet), userAgentStylesheet).toExternalForm();
    }

    /** The colours of what the app paints itself and of the pictures it exports in this theme. */
    public Palette palette() {
        return palette;
    }

    /** Whether the background is dark. */
    public boolean dark() {
        return palette.dark();
    }

    /** How much larger than normal text and strokes should be drawn. */
    public double scale() {
        return scale;
    }

    /**
     * Applies this theme to a window: its AtlantaFX theme as the user-agent stylesheet (of every window
     * of the app), its {@linkplain #stylesheets() sheets} in place of another theme's among the scene's
     * sheets (after the scene's others), and a {@code theme-<name>} style class on the scene's root.
     */
    public void applyTo(Scene scene) {
        Application.setUserAgentStylesheet(userAgentStylesheet());
        List<String> sheets = new ArrayList<>(scene.getStylesheets());
        for (Theme t : values()) {
            for (String s : t.stylesheets()) {
                sheets.remove(url(s));
            }
        }
        for (String s : stylesheets()) {
            sheets.add(url(s));
        }
        scene.getStylesheets().setAll(sheets);
        scene.getRoot().getStyleClass().removeIf(c -> c.startsWith("theme-"));
        scene.getRoot().getStyleClass().add("theme-" + name().toLowerCase(Locale.ROOT));
    }

    private static String url(String resource) {
        URL u = Theme.class.getResource(resource);
        return Objects.requireNonNull(u, resource).toExternalForm();
    }

    /** The theme last {@linkplain #save() saved} in the preferences; {@link #LIGHT} if none or unknown. */
    public static Theme saved() {
        try {
            return valueOf(AppPrefs.node().get(PREFS_KEY, LIGHT.name()));
        } catch (IllegalArgumentException e) {
            return LIGHT;
        }
    }

    /** Remembers this theme in the preferences (key {@value #PREFS_KEY}) for the next start. */
    public void save() {
        AppPrefs.node().put(PREFS_KEY, name());
        AppPrefs.flush();
    }
}
