package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;

/**
 * {@link LayoutTest}'s checks on what a person sees first: a fresh start, no run, the side panel with
 * its default preset, every view with its empty state, at every size and theme. Pictures go to
 * {@code target/layout/fresh-*.png}.
 */
class FreshLayoutTest extends LayoutTest {
    @Override
    protected String prefix() {
        return "fresh-";
    }

    @Override
    protected void prepare() {
        await(20, "the default corpus", () -> !window.corpusPanel().busyProperty().get() && window.context().corpus().get() != null);
    }
}
