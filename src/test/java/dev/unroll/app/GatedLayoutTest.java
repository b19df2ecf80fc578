package dev.unroll.app;

import dev.unroll.engine.model.Cell;

import java.util.List;

/**
 * {@link LayoutTest}'s checks for the views that draw a gated cell differently (issue 15): an LSTM run
 * trained briefly and paused, then Unrolled (the gated walk-through, its gradient flow with
 * ||dL/dc_t||, the gated weights page) and Hidden state (with its Show chooser), at every size and theme.
 * Pictures go to {@code target/layout/lstm-*.png}.
 */
class GatedLayoutTest extends LayoutTest {
    @Override
    protected List<String> views() {
        return List.of("unrolled", "hidden");
    }

    @Override
    protected String prefix() {
        return "lstm-";
    }

    @Override
    protected void configureRun() {
        window.hyperparameters().settings().apply(window.hyperparameters().settings().config().withCell(Cell.LSTM, 24));
    }
}
