package dev.unroll.app.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.ui.ColorMap;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.Palette;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import org.junit.jupiter.api.Test;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The sheets and the palette agree: in each theme, applied to a scene as the app applies it (AtlantaFX's
 * theme as the user-agent sheet, the app's theme sheet and its window sheet), the looked-up colours the
 * app's sheets use resolve to the colours of {@link Theme#palette()}, which the canvases, the charts and
 * the exported pictures draw with; and a label and the side panel, styled by the sheets alone, show them.
 */
@ExtendWith(ApplicationExtension.class)
class ThemePaletteTest {

    /** Each looked-up colour of the AtlantaFX theme the app relies on, and the palette's role for it. */
    private static Map<String, Integer> roles(Palette p) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("-color-bg-default", p.background());
        m.put("-color-bg-subtle", p.surface());
        m.put("-color-fg-default", p.foreground());
        m.put("-color-fg-muted", p.muted());
        m.put("-color-border-default", p.grid());
        m.put("-color-accent-fg", p.accent());
        m.put("-color-accent-emphasis", p.selection());
        m.put("-color-success-fg", p.success());
        m.put("-color-warning-fg", p.warning());
        m.put("-color-danger-fg", p.danger());
        return m;
    }

    @Test
    void theLookedUpColoursOfEachThemeAreItsPalettesColours() throws Exception {
        for (Theme theme : Theme.values()) {
            Map<String, Integer> roles = roles(theme.palette());
            Map<String, String> seen = onFx(() -> {
                VBox root = new VBox();
                Map<String, Region> swatches = new LinkedHashMap<>();
                for (String name : roles.keySet()) {
                    Region r = new Region();
                    r.setStyle("-fx-background-color: " + name + ";");
                    swatches.put(name, r);
                    root.getChildren().add(r);
                }
                Label label = new Label("text");
                Region side = new Region();
                side.getStyleClass().add("side-panel");
                root.getChildren().addAll(label, side);
                Scene scene = new Scene(root, 200, 200);
                scene.getStylesheets().add(Objects.requireNonNull(Theme.class.getResource("/dev/unroll/app/shell/shell.css")).toExternalForm());
                theme.applyTo(scene);
                root.applyCss();
                Map<String, String> out = new LinkedHashMap<>();
                swatches.forEach((name, r) -> out.put(name, hex(fill(r.getBackground()))));
                out.put("label text", hex(label.getTextFill()));
                out.put("side panel", hex(fill(side.getBackground())));
                return out;
            });
            roles.forEach((name, rgb) -> assertEquals(Palette.hex(rgb), seen.get(name), theme + ": " + name));
            assertEquals(Palette.hex(theme.palette().foreground()), seen.get("label text"), theme + ": a label's text");
            assertEquals(Palette.hex(theme.palette().surface()), seen.get("side panel"), theme + ": the side panel");
        }
    }

    /**
     * The app's own sheets set the type and the icons' sizes (app.css, shared by every theme, and the presentation
     * theme's presentation.css after it): a person sees 13 px type in the light and dark themes, 21 px when
     * presenting, and icons that grow with it.
     */
    @Test
    void eachThemeShowsItsTypeAndIconSizes() throws Exception {
        Map<Theme, String> want = Map.of(Theme.LIGHT, "13 16 19", Theme.DARK, "13 16 19", Theme.PRESENTATION, "21 22 30");
        for (Theme theme : Theme.values()) {
            String seen = onFx(() -> {
                Label label = new Label("text");
                Button beside = Icons.beside(new Button("Play"), MaterialDesignP.PLAY);
                Button alone = Icons.only(MaterialDesignP.PLAY, "Play");
                VBox root = new VBox(label, beside, alone);
                Scene scene = new Scene(root, 200, 200);
                theme.applyTo(scene);
                root.applyCss();
                return (int) label.getFont().getSize() + " " + ((FontIcon) beside.getGraphic()).getIconSize() + " "
                        + ((FontIcon) alone.getGraphic()).getIconSize();
            });
            assertEquals(want.get(theme), seen, theme + ": the type's size, an icon's beside a word and alone");
        }
    }

    @Test
    void theExportedPicturesAndTheHeatmapsUseTheThemesPalette() {
        for (Theme theme : Theme.values()) {
            Palette p = theme.palette();
            FigureStyle style = PictureExport.style(theme);
            assertEquals(p, style.palette(), theme + ": the picture's palette");
            assertEquals(p.background(), style.background().getRGB() & 0xffffff, theme + ": the picture's background");
            assertEquals(p.seriesColor(0), style.seriesColor(0).getRGB() & 0xffffff, theme + ": the first series");
            assertEquals(theme.scale(), style.scale(), theme + ": the picture's type size");
            // the heatmaps fade into the palette's surface at 0, on screen and in the pictures
            assertEquals(p.surface(), ColorMap.of(theme).argb(0) & 0xffffff, theme + ": the heatmap's neutral tone");
            assertEquals(p.surface(), style.colorTable()[ColorMap.SIZE / 2] & 0xffffff, theme + ": the picture heatmap's neutral tone");
        }
        assertEquals(FigureStyle.DARK.palette(), Theme.DARK.palette(), "unroll export --style dark draws as the dark theme");
    }

    @Test
    void textReadsOnItsBackgroundInEveryTheme() {
        for (Theme theme : Theme.values()) {
            Palette p = theme.palette();
            double body = contrast(p.foreground(), p.background());
            double muted = contrast(p.muted(), p.background());
            assertTrue(body >= 7, theme + ": text on the background, contrast " + body);
            assertTrue(muted >= 4.5, theme + ": secondary text on the background, contrast " + muted);
            assertTrue(contrast(p.foreground(), p.surface()) >= 7, theme + ": text on panels");
            assertTrue(contrast(0xffffff, p.selection()) >= 4.5, theme + ": white text on the selection");
        }
        assertTrue(contrast(Palette.PRESENTATION.foreground(), Palette.PRESENTATION.background())
                > contrast(Palette.LIGHT.foreground(), Palette.LIGHT.background()), "the presentation theme has more contrast than light");
    }

    /** WCAG's contrast ratio of two opaque colours. */
    private static double contrast(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(int rgb) {
        double[] c = {(rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0};
        for (int i = 0; i < 3; i++) {
            c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    private static Paint fill(Background b) {
        return b == null || b.getFills().isEmpty() ? null : b.getFills().get(b.getFills().size() - 1).getFill();
    }

    private static String hex(Paint p) {
        return p instanceof Color c ? Palette.hex(ColorMap.pack(c)) : String.valueOf(p);
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }
}
