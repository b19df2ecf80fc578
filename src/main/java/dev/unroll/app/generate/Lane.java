package dev.unroll.app.generate;

import dev.unroll.app.fx.BackgroundTasks;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.generate.Generation;
import dev.unroll.engine.generate.GenerationSettings;
import dev.unroll.engine.model.ModelSnapshot;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.Executor;

/**
 * One stream of generated text on screen: a {@link Generation} written by a background thread, and
 * how much of it is shown. The background thread primes the generation and hands it over (or why it
 * failed) through the app's one latest-wins hand-off ({@link LatestValue}), then runs ahead at full
 * speed; {@link #pulse} (called by the model's frame timer once per frame, while a lane runs) reveals
 * the characters at the chosen pace, or all that are ready at instant pace, so the JavaFX thread never
 * waits for the model and no Platform.runLater is queued per character. All methods but the
 * background task run on the JavaFX thread.
 */
public final class Lane {
    /** The background thread publishes in steps of this many characters (it checks for a stop between them). */
    private static final int BATCH = 256;

    private final ReadOnlyStringWrapper label = new ReadOnlyStringWrapper(this, "label", "");
    private final ReadOnlyObjectWrapper<Generation> generation = new ReadOnlyObjectWrapper<>(this, "generation");
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper(this, "shown");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** What the background thread hands over: the primed generation, or why it failed (the newest wins). */
    private sealed interface Handover {
    }

    private record Started(Generation generation) implements Handover {
    }

    private record Failed(String why) implements Handover {
    }

    private final LatestValue<Handover> handover = new LatestValue<>("generate-lane", this::receive);
    private double revealed;
    private long lastPulse;
    private volatile Generation writing;
    /** Started, but the background thread has not handed over the primed generation yet. */
    private boolean awaiting;
    /** The current start; a stop or a newer start replaces it, and a task that is no longer current drops its work. */
    private volatile Object ticket;

    public Lane(String label) {
        this.label.set(label);
    }

    public ReadOnlyStringProperty labelProperty() {
        return label.getReadOnlyProperty();
    }

    void setLabel(String text) {
        label.set(text);
    }

    /** The generation shown (null before the first). */
    public ReadOnlyObjectProperty<Generation> generationProperty() {
        return generation.getReadOnlyProperty();
    }

    public Generation generation() {
        return generation.get();
    }

    /** How many generated characters are on screen. */
    public ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public int shown() {
        return shown.get();
    }

    /** Whether characters are still coming. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Why the last start failed, or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Primes and generates on {@code executor}; the characters appear through {@link #pulse}. */
    void start(ModelSnapshot model, GenerationSettings settings, Executor executor) {
        stop();
        error.set("");
        running.set(true);
        revealed = 0;
        lastPulse = 0;
        awaiting = true;
        Object mine = new Object();
        ticket = mine;
        executor.execute(() -> {
            try {
                Generation g = Generation.start(model, settings);
                writing = g;
                if (ticket != mine) {
                    g.cancel(); // stopped (or started again) while priming
                    return;
                }
                handover.offer(new Started(g));
                write(g);
            } catch (BadInputException e) {
                if (ticket == mine) {
                    handover.offer(new Failed(e.getMessage()));
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                handover.offer(new Failed(failure(e)));
            }
        });
    }

    /** Continues a what-if branch (already primed) from {@code keep} characters on screen. */
    void continueWith(Generation branch, int keep, Executor executor) {
        stop();
        error.set("");
        running.set(true);
        awaiting = false;
        generation.set(branch);
        revealed = keep;
        shown.set(keep);
        lastPulse = 0;
        writing = branch;
        executor.execute(() -> {
            try {
                write(branch);
            } catch (RuntimeException | OutOfMemoryError e) {
                handover.offer(new Failed(failure(e)));
            }
        });
    }

    /** The line for a generation that failed: for an OutOfMemoryError the app's one line (how to give Java more). */
    private static String failure(Throwable e) {
        return e instanceof OutOfMemoryError ? BackgroundTasks.describe(e) : "generation failed: " + e;
    }

    private static void write(Generation g) {
        while (!g.isDone()) {
            g.advance(BATCH);
        }
    }

    /**
     * Stops where the text is now: what is on screen is kept, the rest is dropped (a generation
     * handed over but not shown yet shows its prime only).
     */
    void stop() {
        ticket = null;
        Generation w = writing;
        if (w != null) {
            w.cancel();
        }
        handover.deliverNow();
        awaiting = false;
        Generation g = generation.get();
        if (g != null && running.get()) {
            g.stopAt(shown.get());
            g.cancel();
        }
        running.set(false);
    }

    /** Takes what the background thread handed over (JavaFX thread). */
    private void receive(Handover h) {
        awaiting = false;
        if (h instanceof Started s) {
            generation.set(s.generation());
            shown.set(0);
            revealed = 0;
            lastPulse = 0;
        } else if (h instanceof Failed f) {
            error.set(f.why());
            running.set(false);
        }
    }

    /** Stops and lets go of the hand-off's timer (the window is closing). */
    void dispose() {
        stop();
        handover.dispose();
    }

    /**
     * Reveals characters: {@code charsPerSecond} since the last pulse, or all that are ready when it
     * is infinite. Called once per frame.
     */
    void pulse(long now, double charsPerSecond) {
        Generation g = generation.get();
        if (g == null || !running.get() || awaiting) {
            return;
        }
        int ready = g.size();
        if (Double.isInfinite(charsPerSecond)) {
            revealed = ready;
        } else {
            double dt = lastPulse == 0 ? 0 : Math.min(0.25, (now - lastPulse) / 1e9);
            revealed = Math.min(ready, revealed + Math.max(dt * charsPerSecond, revealed < 1 ? 1 : 0));
        }
        lastPulse = now;
        int n = (int) revealed;
        if (n != shown.get()) {
            shown.set(n);
        }
        if (g.isDone() && n >= g.size()) {
            running.set(false);
        }
    }
}
