package dev.unroll.app.loss;

import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

/**
 * Issue 22: the loss chart is legible where it starts. The first windows' losses reach about three
 * times the uniform guess (the talk's chart ran to 280 with a smooth loss of 104 and less), which
 * flattened the curve; the axis fits the smooth curve, and the spikes stay reachable. And the empty
 * chart speaks to an audience while presenting, never of a side panel it cannot see.
 */
@ExtendWith(ApplicationExtension.class)
class LossAxisTest {
    private final SimpleObjectProperty<TrainingSnapshot> snapshot = new SimpleObjectProperty<>();
    private final SimpleObjectProperty<Corpus> corpus = new SimpleObjectProperty<>();
    private final SimpleBooleanProperty presenting = new SimpleBooleanProperty();
    private final SimpleBooleanProperty sidePanel = new SimpleBooleanProperty(true);
    private LossModel model;
    private LossView view;

    @Start
    void start(Stage stage) {
        model = new LossModel(snapshot, new SimpleObjectProperty<>(Theme.LIGHT), corpus, () -> "Romanian verses", presenting, sidePanel);
        view = new LossView(model, () -> stage, () -> { });
        stage.setScene(new Scene(view, 1000, 600));
        stage.show();
    }

    /** A run whose first windows spike to 280 while the smooth loss falls from 104 to 60. */
    private static TrainingSnapshot spikyRun() {
        LossHistory h = new LossHistory();
        double smooth = 104;
        for (int i = 1; i <= 2000; i++) {
            double loss = i < 40 && i % 3 == 0 ? 280 : 104 - 44.0 * i / 2000 + (i % 7 - 3);
            smooth = 0.999 * smooth + 0.001 * loss;
            h.add(i, loss, smooth);
        }
        return new TrainingSnapshot(2000, 2000, RunState.PAUSED, "", 60, smooth, Double.NaN, 0, 0, 0.1, 1.0,
                TrainingConfig.defaults(), null, h.view(), List.of(), null, null, null);
    }

    @Test
    void theAxisFitsTheSmoothCurveAndTheSpikesAreReachable() {
        runFx(() -> {
            snapshot.set(spikyRun());
            view.update();
        });
        Range r = onFx(view::lossAxisRange);
        assertTrue(r.getUpperBound() < 130 && r.getUpperBound() >= 104,
                "the axis ends just above the smooth curve's start (104), not at the spikes' 280: " + r);
        assertTrue(r.getLowerBound() < 60, "the whole curve is on the axis: " + r);
        runFx(() -> model.spikesProperty().set(true));
        Range all = onFx(view::lossAxisRange);
        assertTrue(all.getUpperBound() >= 280, "with Spikes on, the axis reaches the highest window: " + all);
        runFx(() -> model.spikesProperty().set(false));
        assertTrue(onFx(view::lossAxisRange).getUpperBound() < 130, "and off again, the curve's range");
    }

    @Test
    void theEmptyChartSpeaksToTheAudienceWhilePresenting() {
        Label hint = onFx(() -> (Label) view.lookup("#loss-empty-hint"));
        assertTrue(onFx(hint::getText).contains("on the left"), "at the keyboard: where to choose");
        runFx(() -> {
            corpus.set(Corpus.of("verses.txt", "mama are mere\nsi tata are pere\n"));
            presenting.set(true);
        });
        String text = onFx(hint::getText);
        assertFalse(text.contains("left") || text.contains("Start") || text.contains("Ctrl"), "no side panel, no keys: " + text);
        assertTrue(text.startsWith("Romanian verses: 31 characters, 10 different ones"), text);
        assertTrue(text.contains("loss of every window"), text);
        runFx(() -> presenting.set(false));
        assertEquals(true, onFx(hint::getText).contains("on the left"));
        runFx(() -> sidePanel.set(false));
        String collapsed = onFx(hint::getText);
        assertFalse(collapsed.contains("on the left"), "no panel on the left when it is hidden: " + collapsed);
        assertTrue(collapsed.contains("F9"), "the key that shows it: " + collapsed);
    }
}
