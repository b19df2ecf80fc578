package dev.unroll.app.events;

import dev.unroll.engine.model.ModelSnapshot;

import java.nio.file.Path;

/**
 * A model was loaded from a checkpoint file (and became {@code AppContext.model()}).
 *
 * @param source the file
 * @param model  its weights
 */
public record ModelLoaded(Path source, ModelSnapshot model) {
}
