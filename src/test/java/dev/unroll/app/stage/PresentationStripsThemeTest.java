package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;
import dev.unroll.app.ui.ColorMap;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.render.Palette;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The strips of presentation mode (the slide's title above the views, the run's numbers below them, the
 * speaker's notes over them) take the colours of the theme they are shown in, as the rest of the window:
 * the title strip is the theme's strong accent, the status strip and the notes its darkest neutral, and
 * their text reads on them (WCAG's 4.5:1) in every theme. Styled by the stage package's sheet alone, as
 * PresentationController and PresenterStatus style them. A picture of the strips in each theme goes to
 * {@code target/presentation-strips/}.
 */
@ExtendWith(ApplicationExtension.class)
class PresentationStripsThemeTest {

    /** What a person sees of the strips in one theme: each strip's colour and its text's, as #rrggbb. */
    private record Seen(String title, String titleText, String status, String statusText, String notes, String notesText,
                        String accentEmphasis, String neutralEmphasis) {
    }

    @Test
    void theStripsTakeTheThemesColoursAndTheirTextReads() throws Exception {
        Map<Theme, Seen> seen = new EnumMap<>(Theme.class);
        for (Theme theme : Theme.values()) {
            Seen s = WaitForAsyncUtils.asyncFx(() -> look(theme)).get();
            seen.put(theme, s);
            assertEquals(Palette.hex(theme.palette().selection()), s.title(), theme + ": the title strip is the theme's strong accent");
            assertEquals(s.neutralEmphasis(), s.status(), theme + ": the status strip is the theme's darkest neutral");
            assertEquals(s.neutralEmphasis(), s.notes(), theme + ": the notes are the theme's darkest neutral");
            for (String[] pair : new String[][] {{"the slide's title", s.titleText(), s.title()},
                {"the run's numbers", s.statusText(), s.status()}, {"the notes", s.notesText(), s.notes()}}) {
                double c = contrast(pair[1], pair[2]);
                assertTrue(c >= 4.5, theme + ": " + pair[0] + " (" + pair[1] + " on " + pair[2] + ") has contrast " + c);
            }
        }
        assertNotEquals(seen.get(Theme.LIGHT).title(), seen.get(Theme.DARK).title(), "the title strip follows the theme");
        assertNotEquals(seen.get(Theme.LIGHT).status(), seen.get(Theme.DARK).status(), "the status strip follows the theme");
    }

    private static Seen look(Theme theme) {
        Label counter = label("slide-counter", "3 / 21 · Parameter sharing");
        HBox title = new HBox(counter);
        title.getStyleClass().add("slide-title-strip");
        Label iteration = label(null, "iteration 782");
        HBox status = new HBox(iteration);
        status.getStyleClass().add("presenter-status");
        Label notes = label("presenter-notes", "Say what the colours mean.");
        Region accent = swatch("-color-accent-emphasis");
        Region neutral = swatch("-color-neutral-emphasis-plus");
        VBox root = new VBox(title, status, notes, accent, neutral);
        for (Parent strip : new Parent[] {title, status, notes}) {
            ViewStyles.attach(strip, PresentationController.class);
        }
        Scene scene = new Scene(root, 800, 400);
        theme.applyTo(scene);
        root.applyCss();
        root.layout();
        try {
            Path out = Path.of("target", "presentation-strips");
            Files.createDirectories(out);
            ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png",
                    out.resolve(theme.name().toLowerCase(Locale.ROOT) + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Seen(hex(fill(title.getBackground())), hex(counter.getTextFill()), hex(fill(status.getBackground())),
                hex(iteration.getTextFill()), hex(fill(notes.getBackground())), hex(notes.getTextFill()),
                hex(fill(accent.getBackground())), hex(fill(neutral.getBackground())));
    }

    private static Label label(String styleClass, String text) {
        Label l = new Label(text);
        if (styleClass != null) {
            l.getStyleClass().add(styleClass);
        }
        return l;
    }

    private static Region swatch(String lookedUp) {
        Region r = new Region();
        r.setStyle("-fx-background-color: " + lookedUp + ";");
        return r;
    }

    private static Paint fill(Background b) {
        return b == null || b.getFills().isEmpty() ? null : b.getFills().get(b.getFills().size() - 1).getFill();
    }

    private static String hex(Paint p) {
        return p instanceof Color c && c.getOpacity() == 1 ? Palette.hex(ColorMap.pack(c)) : String.valueOf(p);
    }

    /** WCAG's contrast ratio of two opaque colours written #rrggbb. */
    private static double contrast(String a, String b) {
        double la = luminance(Integer.parseInt(a.substring(1), 16));
        double lb = luminance(Integer.parseInt(b.substring(1), 16));
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int rgb) {
        double[] c = {(rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0};
        for (int i = 0; i < 3; i++) {
            c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
