package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;

import dev.unroll.app.core.Theme;
import dev.unroll.app.hidden.HiddenFeature;
import dev.unroll.app.hidden.HiddenLayoutChecks;
import dev.unroll.app.unrolled.UnrolledAudience;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.Depth;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The views that show inside the network laid out over a stacked run (issue 25): the walk-through, gradient flow,
 * weights and hidden state of a 2-layer LSTM at batch 4. The walk-through's grid of layers and steps is checked as
 * drawn, at the end of its backward pass (every cell showing its ‖dL/dh‖): no box past the canvas or over another,
 * no text wider than its box or smaller than 9 pixels. The Hidden state view's layer chooser shows on every page,
 * and its Saturation page's panels per layer (drawn on a canvas) have a plot per layer and keep each text in its
 * panel, over no other.
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
    protected void prepare() {
        super.prepare();
        if (!views().contains("hidden")) {
            return;
        }
        // the hidden state of the paused run, analysed once: every check then finds its layers
        HiddenFeature hidden = (HiddenFeature) window.feature("hidden").orElseThrow();
        runFx(() -> window.select("hidden"));
        await(30, "the hidden state of every layer", () -> onFx(() -> hidden.model().layerSaturationProperty().get().size() == layers()
                && !hidden.model().busyProperty().get()));
    }

    @Override
    protected void beforeCheck(String view, String page) {
        if (view.equals("unrolled") && page.equals("unrolled-page-walk")) {
            unrolled().toStackEnd();
        }
    }

    @Override
    protected List<String> moreProblems(String view, String page) {
        if (view.equals("unrolled")) {
            return page.equals("unrolled-page-walk") ? unrolled().stackGridProblems() : List.of();
        }
        if (!view.equals("hidden")) {
            return List.of();
        }
        Node node = window.feature("hidden").orElseThrow().node();
        Theme theme = window.context().theme().get();
        if (page.equals("hidden-tab-saturation")) {
            // the page itself, which the window's picture may show only in part (the view scrolls below its least height)
            Path file = Path.of("target", "layout", String.format(Locale.ROOT, "%s%s-%dx%d-hidden-saturation-page.png", prefix(),
                    theme.name().toLowerCase(Locale.ROOT), (int) window.stage().getWidth(), (int) window.stage().getHeight()));
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(node.lookup("#hidden-tabs").snapshot(null, null), null), "png", file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HiddenLayoutChecks.stackedProblems(node, layers(), theme, page.equals("hidden-tab-saturation"));
    }

    private UnrolledAudience unrolled() {
        return new UnrolledAudience(window.feature("unrolled").orElseThrow());
    }
}
