package dev.unroll.app.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Icons come from the font that ships with the app, on buttons and on canvases alike: no code draws
 * or shows a symbol (▶, ⏸, ✕, ✓, ✂, ●...) that a desktop's fonts may lack.
 */
@ExtendWith(ApplicationExtension.class)
class IconsTest {
    /** Technical symbols, geometric shapes, dingbats, other symbols and arrows: written out or escaped. */
    private static final Pattern SYMBOL = Pattern.compile("[\\x{2300}-\\x{23FF}\\x{25A0}-\\x{25FF}\\x{2700}-\\x{27BF}\\x{2B00}-\\x{2BFF}]"
            + "|\\\\u(?:23[0-9a-fA-F]{2}|25[a-fA-F][0-9a-fA-F]|27[0-9abAB][0-9a-fA-F]|2[bB][0-9a-fA-F]{2})");

    @Test
    void aCanvasDrawsAnIconInTheShippedFont() throws Exception {
        for (var icon : List.of(MaterialDesignP.PIN, MaterialDesignC.CONTENT_CUT)) {
            double[] size = WaitForAsyncUtils.asyncFx(() -> {
                Font f = Icons.font(icon, 20);
                assertTrue(f.getFamily().startsWith("Material Design Icons"), f.getFamily());
                Text t = new Text(Icons.glyph(icon));
                t.setFont(f);
                return new double[] {t.getLayoutBounds().getWidth(), t.getLayoutBounds().getHeight()};
            }).get();
            assertTrue(size[0] > 10 && size[1] > 10, icon + " drawn with a size: " + size[0] + "x" + size[1]);
        }
        assertEquals(1, Icons.glyph(MaterialDesignP.PIN).codePointCount(0, Icons.glyph(MaterialDesignP.PIN).length()));
    }

    @Test
    void noCodeWritesASymbolFromTheSystemsFonts() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
                try {
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        String code = code(lines.get(i));
                        Matcher m = SYMBOL.matcher(code);
                        if (m.find()) {
                            found.add(p + ":" + (i + 1) + ": " + m.group());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertTrue(found.isEmpty(), "symbols from the system's fonts (use Icons):\n  " + String.join("\n  ", found));
    }

    @Test
    void theScanSeesASymbolInCodeButNotInAComment() {
        assertTrue(SYMBOL.matcher(code("        g.fillText(\"\\u25b6 \" + u, x, y);")).find());
        assertTrue(SYMBOL.matcher(code("        label += \" ✂\";")).find());
        assertTrue(!SYMBOL.matcher(code("    // a glyph such as ⏸ from the system's fonts")).find());
        assertTrue(!SYMBOL.matcher(code(" * (a \"⏸\" or \"✕\" from the system's fonts)")).find());
    }

    /** A line without its comment: nothing of a javadoc or block comment line, nothing after //. */
    private static String code(String line) {
        String t = line.strip();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
            return "";
        }
        int c = line.indexOf("//");
        return c >= 0 ? line.substring(0, c) : line;
    }
}
