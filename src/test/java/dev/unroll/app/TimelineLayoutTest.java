package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.control.Label;

import java.util.List;

/**
 * The timeline bar laid out at every size and theme while it stands at a kept iteration (issue 25): its slider,
 * its label ("iteration 100 of 312 (history)"), Replay with its pace and Live, under the views that change most
 * with it. ({@link LayoutTest} lays it out live, under every view.)
 */
class TimelineLayoutTest extends LayoutTest {
    @Override
    protected List<String> views() {
        return List.of("loss", "samples");
    }

    @Override
    protected String prefix() {
        return "timeline-";
    }

    @Override
    protected void prepare() {
        super.prepare();
        await(20, "a kept iteration", () -> onFx(() -> window.context().timeline().isAvailable()));
        runFx(() -> window.context().timeline().moveTo(100));
        Node bar = onFx(() -> window.scene().lookup("#timeline-bar"));
        assertTrue(onFx(bar::isVisible), "the timeline shows");
        Label label = (Label) onFx(() -> window.scene().lookup("#timeline-label"));
        assertTrue(onFx(label::getText).startsWith("iteration 100 of "), onFx(label::getText));
    }
}
