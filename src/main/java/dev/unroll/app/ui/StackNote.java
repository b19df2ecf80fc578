package dev.unroll.app.ui;

import dev.unroll.engine.model.ModelSnapshot;

import java.util.Locale;

/**
 * What a view that shows inside the network says about a stacked model: the views show the top layer
 * (the engine's {@code RecurrentModel} methods give its h, c, gates and walk), and say so.
 */
public final class StackNote {
    private StackNote() {
    }

    /** "layer 2 of 2 (top)" for a stacked model; "" for one layer or no model. */
    public static String of(ModelSnapshot m) {
        if (m == null || m.layers() <= 1) {
            return "";
        }
        return String.format(Locale.ROOT, "layer %d of %d (top)", m.layers(), m.layers());
    }

    /** {@link #of} after a separator (" · layer 2 of 2 (top)"), or "". */
    public static String suffix(ModelSnapshot m) {
        String s = of(m);
        return s.isEmpty() ? "" : " · " + s;
    }
}
