package dev.unroll.app;

import dev.unroll.app.unrolled.UnrolledAudience;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Depth;

import java.util.List;

/**
 * The views that show inside the network laid out over a stacked run (issue 25): the walk-through, gradient flow,
 * weights and hidden state of a 2-layer LSTM at batch 4. The walk-through's grid of layers and steps is checked as
 * drawn, at the end of its backward pass (every cell showing its ‖dL/dh‖): no box past the canvas or over another,
 * no text wider than its box or smaller than 9 pixels.
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

    /** The layers of the run. */
    protected int layers() {
        return 2;
    }

    @Override
    protected void configureRun() {
        window.hyperparameters().settings().apply(window.hyperparameters().settings().config().withCell(Cell.LSTM, 24)
                .withDepth(new Depth(layers(), 4, 0.0)));
    }

    @Override
    protected void beforeCheck(String view, String page) {
        if (view.equals("unrolled") && page.equals("unrolled-page-walk")) {
            unrolled().toStackEnd();
        }
    }

    @Override
    protected List<String> moreProblems(String view, String page) {
        return view.equals("unrolled") && page.equals("unrolled-page-walk") ? unrolled().stackGridProblems() : List.of();
    }

    private UnrolledAudience unrolled() {
        return new UnrolledAudience(window.feature("unrolled").orElseThrow());
    }
}
