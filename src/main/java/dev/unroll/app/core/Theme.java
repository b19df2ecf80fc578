package dev.unroll.app.core;

/**
 * The app's CSS themes, files in the project's {@code styles/} folder (shipped on the classpath
 * under {@code /styles}). Views that draw on a canvas ask {@link #dark()} for their palette and
 * {@link #scale()} for line widths and font sizes.
 */
public enum Theme {
    LIGHT("Light", "/styles/light.css", false, 1.0),
    DARK("Dark", "/styles/dark.css", true, 1.0),
    /** Large type and high contrast, readable from the back of a room on a 1920x1080 projector. */
    PRESENTATION("Presentation", "/styles/presentation.css", false, 1.6);

    /** Preferences key: the theme's name. */
    public static final String PREFS_KEY = "theme";

    private final String label;
    private final String stylesheet;
    private final boolean dark;
    private final double scale;

    Theme(String label, String stylesheet, boolean dark, double scale) {
        this.label = label;
        this.stylesheet = stylesheet;
        this.dark = dark;
        this.scale = scale;
    }

    public String label() {
        return label;
    }

    /** Classpath resource of the theme's stylesheet. */
    public String stylesheet() {
        return stylesheet;
    }

    /** Whether the background is dark (canvas views pick their palette by this). */
    public boolean dark() {
        return dark;
    }

    /** How much larger than normal text and strokes should be drawn. */
    public double scale() {
        return scale;
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
