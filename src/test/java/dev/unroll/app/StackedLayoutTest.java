package dev.unroll.app;

import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Depth;

import java.util.List;

/**
 * The views that show inside the network laid out over a stacked run (issue 25): the walk-through, gradient flow,
 * weights and hidden state of a 2-layer LSTM at batch 4, which they show through its top layer and say so.
 */
class StackedLayoutTest extends LayoutTest {
    @Override
    protected List<String> views() {
        return List.of("unrolled", "hidden", "generate");
    }

    @Override
    protected String prefix() {
        return "stacked-";
    }

    @Override
    protected void configureRun() {
        window.hyperparameters().settings().apply(window.hyperparameters().settings().config().withCell(Cell.LSTM, 24)
                .withDepth(new Depth(2, 4, 0.0)));
    }
}
