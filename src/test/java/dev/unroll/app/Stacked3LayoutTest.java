package dev.unroll.app;

import java.util.List;

/** {@link StackedLayoutTest} for a 3-layer LSTM, the Unrolled view only (its grid has a row more). */
class Stacked3LayoutTest extends StackedLayoutTest {
    @Override
    protected List<String> views() {
        return List.of("unrolled");
    }

    @Override
    protected String prefix() {
        return "stacked3-";
    }

    @Override
    protected int layers() {
        return 3;
    }
}
