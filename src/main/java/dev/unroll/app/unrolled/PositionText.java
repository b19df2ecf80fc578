package dev.unroll.app.unrolled;

import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.StackWalk;
import dev.unroll.engine.model.WindowTrace;

import java.util.Locale;

/**
 * The walk-through's position in one line, for the status line: "ready: …" at 0, then the forward
 * step with its loss and the loss so far, then the backward step with the gradient's norm (and the
 * cell state's, for the LSTM), the window's loss and, at the end, how much of the gradient was clipped.
 * Reads its arguments only.
 */
final class PositionText {
    private PositionText() {
    }

    /**
     * @param trace    the vanilla cell's trace shown, or null
     * @param gated    the gated cell's walk shown, or null (read when {@code trace} is null)
     * @param position the position, 0..2T
     * @return the line, "" when no walk is shown
     */
    static String of(BpttTrace trace, WindowTrace gated, int position) {
        if (trace == null) {
            return gated == null ? "" : ofGated(gated, position);
        }
        BpttTrace t = trace;
        int T = t.length();
        int p = position;
        if (p == 0) {
            return "ready: step forward (→) to run step 1 of " + T;
        }
        if (p <= T) {
            return String.format("forward step %d of %d · loss of step %.3f · loss so far %.3f", p, T,
                    t.stepLoss()[p - 1], t.lossThrough(p - 1));
        }
        int s = 2 * T - p;
        String text = String.format("backward step %d of %d · ‖dL/dh_%d‖ = %.4g · window loss %.3f", p - T, T, s + 1,
                t.dhNorms()[s], t.loss());
        if (p == 2 * T) {
            text += String.format(" · clipped %.2f%% of gradient entries", 100 * t.clippedFraction());
        }
        return text;
    }

    private static String ofGated(WindowTrace g, int p) {
        int T = g.length();
        if (p == 0) {
            return "ready: step forward (→) to run step 1 of " + T + " of the " + g.gates().cell().cliName().toUpperCase(Locale.ROOT);
        }
        if (p <= T) {
            double soFar = 0;
            for (int i = 0; i < p; i++) {
                soFar += g.stepLoss()[i];
            }
            return String.format("forward step %d of %d · loss of step %.3f · loss so far %.3f", p, T, g.stepLoss()[p - 1], soFar);
        }
        int s = 2 * T - p;
        double[] dc = g.gates().dcNorms();
        return String.format("backward step %d of %d · ‖dL/dh_%d‖ = %.4g", p - T, T, s + 1, g.dhNorms()[s])
                + (dc == null ? "" : String.format(" · ‖dL/dc_%d‖ = %.4g", s + 1, dc[s]))
                + String.format(" · window loss %.3f", g.loss())
                + (p == 2 * T ? String.format(" · clipped %.2f%% of gradient entries", 100 * g.clippedFraction()) : "");
    }

    /**
     * A stacked walk's line: forward, the layer and step lit (and at the top layer the step's loss); backward,
     * the layer and step the error has reached with its ||dL/dh^k_t||.
     *
     * @param position the position, 0..2TL (see {@link UnrolledModel})
     */
    static String ofStack(StackWalk w, int position) {
        int T = w.length();
        int L = w.layerCount();
        int P = T * L;
        int p = position;
        String cell = w.cell().cliName().toUpperCase(Locale.ROOT);
        if (p == 0) {
            return "ready: step forward (→) to run layer 1 of the " + L + "-layer " + cell + " at step 1 of " + T;
        }
        if (p <= P) {
            int t = (p - 1) / L;
            int k = (p - 1) % L;
            String text = String.format(Locale.ROOT, "forward: %s at step %d of %d", layerName(k, L), t + 1, T);
            if (k == L - 1) {
                double soFar = 0;
                for (int i = 0; i <= t; i++) {
                    soFar += w.top().stepLoss()[i];
                }
                text += String.format(Locale.ROOT, " · loss of step %.3f · loss so far %.3f", w.top().stepLoss()[t], soFar);
            }
            return text;
        }
        int b = p - P - 1;
        int t = T - 1 - b / L;
        int k = L - 1 - b % L;
        // short enough for one line in large type at 1280x720
        return String.format(Locale.ROOT, "backward: %s at step %d of %d · ‖dL/dh_%d‖ = %.4g · window loss %.3f",
                layerName(k, L), t + 1, T, t + 1, w.dhNorm(k, t), w.top().loss())
                + (p == 2 * P ? String.format(Locale.ROOT, " · %.2f%% clipped", 100 * w.top().clippedFraction()) : "");
    }

    /** "layer 1", …, "layer L (top)" for layer k (0-based) of L. */
    static String layerName(int k, int L) {
        return "layer " + (k + 1) + (k == L - 1 ? " (top)" : "");
    }
}
