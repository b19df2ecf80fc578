package dev.unroll.app.stage;

import dev.unroll.app.core.Theme;
import java.util.List;
import javafx.stage.Stage;

/**
 * What presentation mode needs from the main window. The main window implements it (or hands an
 * adapter to {@link PresentationController}); presentation mode never reaches into the window's
 * fields otherwise.
 */
public interface PresentationHost {

    Stage stage();

    /** The installed views' ids, in tab order. */
    List<String> views();

    /** The id of the view showing, or null. */
    String selectedView();

    /** A view's title (its tab's), for the slide counter. */
    default String viewTitle(String viewId) {
        return viewId;
    }

    /** Shows a view. */
    void select(String viewId);

    Theme theme();

    void setTheme(Theme theme);

    /**
     * Shows or hides what a talk does not need: the side panel, the menu bar, the run toolbar, the
     * status bar and the views' tab headers. Hiding must give the current view the whole window.
     */
    void setChromeShown(boolean shown);

    /** A one-line message for the user ("" hides it). */
    void showMessage(String text);

    /**
     * Applies a slide's settings other than its view and theme (corpus, preset, learning rate,
     * temperature, speed, probe text, run command).
     *
     * @return a line for each setting that could not be applied (empty when all were)
     */
    List<String> applySettings(TalkScript script, TalkScript.Slide slide);


    /**
     * Checks a talk against the app as it is, without changing anything: missing corpus files,
     * unknown presets, a corpus or preset that cannot change while a run exists. One line each,
     * naming the slide; empty when the talk can be given.
     */
    List<String> checkTalk(TalkScript script);

    /** Shows the speaker a talk's problems before presenting (on the window, not a slide); true to present anyway. */
    boolean confirmTalk(List<String> problems);
}
