package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Feature;
import dev.unroll.app.core.Icons;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ToolBar;
import org.junit.jupiter.api.Test;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.util.ArrayList;
import java.util.List;

/**
 * The window's buttons show no glyph from the system's fonts (a "✕" or "▶" there is an empty box where
 * those fonts lack it): every symbol is an Ikonli icon from the font the app ships, and a button that
 * shows only an icon still has a name for a screen reader and a tooltip for a speaker.
 */
class IconsInWindowTest extends WindowTest {

    /** Symbols that a desktop's fonts may lack: arrows, technical and geometric shapes, dingbats, emoji, ×, ‖. */
    private static boolean systemFontGlyph(int cp) {
        return cp == 0x00D7 || cp == 0x2016 || (cp >= 0x2190 && cp <= 0x2BFF) || cp >= 0x1F000;
    }

    @Test
    void everyButtonShowsItsSymbolsAsIconsAndKeepsItsName() throws Exception {
        List<String> problems = onFx(() -> {
            List<ButtonBase> buttons = new ArrayList<>();
            collect(window.scene().getRoot(), buttons);
            for (Feature f : window.features()) {
                f.node().applyCss();
                collect(f.node(), buttons);
            }
            List<String> out = new ArrayList<>();
            for (ButtonBase b : buttons) {
                String text = b.getText() == null ? "" : b.getText();
                String name = (b.getId() == null ? "" : "#" + b.getId() + " ") + "'" + text + "'";
                if (text.codePoints().anyMatch(IconsInWindowTest::systemFontGlyph)) {
                    out.add(name + ": a symbol from the system's fonts");
                }
                if (text.isBlank() && b.getGraphic() instanceof FontIcon) {
                    if (b.getAccessibleText() == null || b.getAccessibleText().isBlank()) {
                        out.add(name + ": an icon without an accessible name");
                    }
                    if (b.getTooltip() == null || b.getTooltip().getText().isBlank()) {
                        out.add(name + " (" + b.getAccessibleText() + "): an icon without a tooltip");
                    }
                }
            }
            out.add(0, buttons.size() + " buttons");
            return out;
        });
        int count = Integer.parseInt(problems.remove(0).split(" ")[0]);
        assertTrue(count > 40, "the views' buttons were found: " + count);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theRunToolbarShowsAnIconBesideEachWord() throws Exception {
        Object[][] expected = {
            {"#run-start", "Start", MaterialDesignP.PLAY},
            {"#run-pause", "Pause", MaterialDesignP.PAUSE},
            {"#run-step", "Step", MaterialDesignS.STEP_FORWARD},
            {"#run-stop", "Stop", MaterialDesignS.STOP},
            {"#run-reset", "Reset", MaterialDesignR.RESTART},
        };
        for (Object[] e : expected) {
            ButtonBase b = onFx(() -> (ButtonBase) window.scene().lookup((String) e[0]));
            assertNotNull(b, (String) e[0]);
            assertEquals(e[1], onFx(b::getText), e[0] + "'s word stays beside its icon");
            assertEquals(e[2], onFx(() -> Icons.iconOf(b)), e[0] + "'s icon");
            assertTrue(onFx(() -> b.getTooltip().getText()).contains("("), e[0] + "'s tooltip names its key");
        }
    }

    private static void collect(Node n, List<ButtonBase> out) {
        if (n instanceof ButtonBase b) {
            out.add(b);
        }
        if (n instanceof ToolBar t) {
            t.getItems().forEach(i -> collect(i, out));
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }
}
