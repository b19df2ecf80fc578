package dev.unroll.app.hidden;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Text measured and fitted into a width in a given font, for the saturation canvases that draw their own titles
 * and labels: a title that does not fit ends in "…" or wraps between words, never runs past its room.
 */
final class TextFit {
    private TextFit() {
    }

    /** How wide {@code t} is in {@code font}. */
    static double width(Font font, String t) {
        Text probe = new Text(t);
        probe.setFont(font);
        return probe.getLayoutBounds().getWidth();
    }

    /** {@code t}, or as much of it as fits {@code room} followed by "…", or "" when not even that fits. */
    static String fit(Font font, String t, double room) {
        if (width(font, t) <= room) {
            return t;
        }
        for (int n = t.length() - 1; n > 0; n--) {
            String cut = t.substring(0, n).stripTrailing() + "…";
            if (width(font, cut) <= room) {
                return cut;
            }
        }
        return "";
    }

    /** {@code t} in lines of at most {@code room} wide, broken between words, at most {@code max} lines, the last cut with "…" if need be. */
    static List<String> wrap(Font font, String t, double room, int max) {
        List<String> out = new ArrayList<>();
        String rest = t;
        while (!rest.isEmpty() && out.size() < max - 1 && width(font, rest) > room) {
            int cut = -1;
            for (int i = rest.indexOf(' '); i > 0; i = rest.indexOf(' ', i + 1)) {
                if (width(font, rest.substring(0, i)) > room) {
                    break;
                }
                cut = i;
            }
            if (cut < 0) {
                break; // not even the first word fits: the last line cuts it
            }
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut + 1).stripLeading();
        }
        String last = fit(font, rest, room);
        if (!last.isEmpty()) {
            out.add(last);
        }
        return out;
    }
}
