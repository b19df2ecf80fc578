package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every rule of the app's sheets takes effect: JavaFX warns on the "javafx.css" logger (CssStyleHelper's
 * "Caught ... while converting value", "Could not resolve ...") when a rule names a looked-up colour nobody
 * defines, and the property then keeps JavaFX's default, a border or a text in the wrong colour. Here each
 * view, and each page of a view with pages, is shown in the main window in each theme and no such warning
 * may be logged; and every looked-up colour a sheet of the project uses is one the AtlantaFX theme or the
 * app's own sheets define, also for the nodes no view shows in this test.
 */
class CssWarningsTest extends WindowTest {
    private static final Logger CSS = Logger.getLogger("javafx.css");
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage() + (r.getParameters() == null ? "" : " " + List.of(r.getParameters())));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        CSS.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        CSS.removeHandler(handler);
    }

    @Test
    void noViewLogsACssWarningInAnyTheme() {
        List<String> problems = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            for (String view : Features.ids()) {
                for (int page = 0; page < pages(view); page++) {
                    int p = page;
                    warnings.clear();
                    runFx(() -> {
                        window.setTheme(theme);
                        window.select(view);
                        Node node = window.feature(view).orElseThrow().node();
                        node.applyCss();
                        List<TabPane> inner = LayoutTest.descendants(node, TabPane.class);
                        int i = p;
                        for (TabPane tp : inner) {
                            if (i < tp.getTabs().size()) {
                                tp.getSelectionModel().select(i);
                                break;
                            }
                            i -= tp.getTabs().size();
                        }
                        window.scene().getRoot().applyCss();
                        window.scene().getRoot().layout();
                    });
                    WaitForAsyncUtils.waitForFxEvents(); // a pulse: what the selection showed is styled too
                    runFx(() -> window.scene().getRoot().applyCss());
                    synchronized (warnings) {
                        for (String w : new TreeSet<>(warnings)) {
                            problems.add(theme.name().toLowerCase(Locale.ROOT) + " " + view + (p > 0 || pages(view) > 1 ? " page " + (p + 1) : "") + ": " + w);
                        }
                    }
                }
            }
        }
        runFx(() -> window.setTheme(Theme.LIGHT));
        assertEquals(List.of(), problems, "CSS warnings");
    }

    /** How many pages a view shows (the tabs of the tab panes inside it), at least one. */
    private int pages(String view) {
        return onFx(() -> {
            window.select(view);
            Node node = window.feature(view).orElseThrow().node();
            node.applyCss();
            int n = 0;
            for (TabPane inner : LayoutTest.descendants(node, TabPane.class)) {
                n += inner.getTabs().size();
            }
            return Math.max(1, n);
        });
    }

    private static final Pattern DEFINED = Pattern.compile("(-color-[a-z0-9-]+)\\s*:");
    private static final Pattern USED = Pattern.compile(":[^;{}]*");
    private static final Pattern NAME = Pattern.compile("(?<![a-z0-9-])(-color-[a-z0-9-]+)");

    @Test
    void everyLookedUpColourASheetUsesIsDefined() throws IOException {
        Set<String> defined = new TreeSet<>();
        for (Theme theme : Theme.values()) {
            defined.addAll(names(DEFINED, read(new URL(theme.userAgentStylesheet()))));
        }
        List<Path> sheets;
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("src", "main", "resources")), Files.walk(Path.of("styles")))) {
            sheets = s.filter(f -> f.toString().endsWith(".css")).sorted().toList();
        }
        assertTrue(sheets.size() >= 9, "the project's sheets: " + sheets);
        for (Path sheet : sheets) {
            defined.addAll(names(DEFINED, Files.readString(sheet)));
        }
        List<String> undefined = new ArrayList<>();
        for (Path sheet : sheets) {
            String css = Files.readString(sheet).replaceAll("(?s)/\\*.*?\\*/", "");
            Matcher values = USED.matcher(css);
            while (values.find()) {
                for (String name : names(NAME, values.group())) {
                    if (!defined.contains(name)) {
                        undefined.add(sheet + ": " + name);
                    }
                }
            }
        }
        assertEquals(List.of(), undefined, "looked-up colours no sheet defines");
    }

    private static Set<String> names(Pattern p, String css) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(css);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = Objects.requireNonNull(url).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
