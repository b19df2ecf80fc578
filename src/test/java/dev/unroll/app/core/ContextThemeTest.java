package dev.unroll.app.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.app.experiments.ExperimentsFeature;
import dev.unroll.app.training.TrainingSession;
import dev.unroll.app.ui.ColorMap;
import dev.unroll.render.Palette;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A view shown on its own stage, as the view tests show one (a context, the feature's node in a scene of
 * its own, no main window), looks as in the app: the context puts its theme's AtlantaFX sheet under every
 * window, so the view's sheet finds the looked-up colours it uses. Before, such a view was stock JavaFX
 * (Modena), and JavaFX warned "Caught 'java.lang.ClassCastException: class java.lang.String cannot be cast
 * to class javafx.scene.paint.Paint' while converting value for '-fx-border-color' from rule
 * '*.experiments *.exp-form'" (and {@code .exp-message}): {@code -color-border-default} is AtlantaFX's, and
 * the border took JavaFX's default.
 */
@ExtendWith(ApplicationExtension.class)
class ContextThemeTest {
    private static final Logger CSS = Logger.getLogger("javafx.css");
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            // the Experiments view's own rules only: another test's window may still be about
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && String.valueOf(r.getMessage()).contains("experiments.css")) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The user-agent sheet before the test, put back after it for the tests that follow. */
    private String before;

    @BeforeEach
    void listen() throws Exception {
        before = WaitForAsyncUtils.asyncFx(Application::getUserAgentStylesheet).get();
        CSS.addHandler(handler);
    }

    @AfterEach
    void stopListening() throws Exception {
        CSS.removeHandler(handler);
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(before)).get();
    }

    @Test
    void aViewShownWithoutTheMainWindowHasTheThemesLook() throws Exception {
        // as in a fresh JVM, where no main window has applied a theme yet
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(Application.STYLESHEET_MODENA)).get();
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK}) {
            String border = WaitForAsyncUtils.asyncFx(() -> {
                AppContext context = new AppContext(new TrainingSession());
                context.theme().set(theme);
                ExperimentsFeature feature = new ExperimentsFeature(context);
                Parent view = (Parent) feature.node();
                new Scene(view, 1280, 720);
                view.applyCss();
                Region form = (Region) view.lookup(".exp-form");
                Paint right = form.getBorder() == null ? null : form.getBorder().getStrokes().get(0).getRightStroke();
                feature.dispose();
                return right instanceof Color c ? Palette.hex(ColorMap.pack(c)) : String.valueOf(right);
            }).get();
            assertEquals(Palette.hex(theme.palette().grid()), border, theme + ": the line right of the Experiments form");
        }
        assertEquals(List.of(), List.copyOf(warnings), "CSS warnings of the Experiments view");
    }
}
