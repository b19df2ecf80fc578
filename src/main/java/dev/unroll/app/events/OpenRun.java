package dev.unroll.app.events;

import dev.unroll.engine.model.ModelSnapshot;

import java.nio.file.Path;

/**
 * The user asked to look at a run of a sweep in the other views (generation, hidden state,
 * unrolled). {@code Actions.openRun} (the app's one way to open a run, which the Experiments view
 * calls) publishes it after setting {@code AppContext.model()} to the run's weights; views that
 * only follow {@code AppContext.model()} need not listen.
 *
 * @param checkpoint the run's checkpoint file
 * @param model      its weights
 * @param label      the run, for titles (e.g. "03  h100 lr0.001 T25 s42")
 */
public record OpenRun(Path checkpoint, ModelSnapshot model, String label) {
}
