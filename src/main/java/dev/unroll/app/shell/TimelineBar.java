package dev.unroll.app.shell;

import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.training.RunTimeline;
import dev.unroll.engine.train.HistoryEntry;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

import java.util.List;
import java.util.Locale;

/**
 * The timeline under the views: a slider over the iterations the run's history keeps, its right end the live
 * run, a label saying where it stands ("iteration 1,000 of 12,345 (history)"), a replay button with its pace
 * and a Live button. It shows while there is a run with a kept iteration. Its commands (keys in the
 * shortcuts dialog): {@value #PREVIOUS} Alt+←, {@value #NEXT} Alt+→, {@value #LIVE} Alt+End, {@value #PLAY} Alt+P.
 *
 * <p>Node ids: {@code timeline-bar}, {@code timeline-slider}, {@code timeline-label}, {@code timeline-play},
 * {@code timeline-pace}, {@code timeline-live}.
 */
public final class TimelineBar {
    public static final String PREVIOUS = "timeline.previous";
    public static final String NEXT = "timeline.next";
    public static final String LIVE = "timeline.live";
    public static final String PLAY = "timeline.play";
    /** The replay's paces, seconds per kept iteration. */
    static final List<Double> PACES = List.of(0.5, 1.0, 2.0);

    private final RunTimeline timeline;
    private final ReadOnlyObjectProperty<TrainingSnapshot> live;
    private final HBox root = new HBox(8);
    private final Slider slider = new Slider(0, 1, 1);
    private final Label label = new Label();
    private final Button play = new Button();
    private final ComboBox<Double> pace = new ComboBox<>();
    private final Button toLive = new Button("Live");
    private final BooleanBinding available;
    private boolean updating;

    /**
     * @param timeline where the views stand
     * @param live     the live run's newest snapshot (the label's "of N")
     * @param commands where the bar's commands and keys go
     */
    public TimelineBar(RunTimeline timeline, ReadOnlyObjectProperty<TrainingSnapshot> live, Commands commands) {
        this.timeline = timeline;
        this.live = live;
        available = Bindings.createBooleanBinding(timeline::isAvailable, timeline.availableProperty());
        commands.add(Command.of(PREVIOUS, "Timeline: previous kept iteration", timeline::previous)
                .key(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN)).enabledWhen(available));
        commands.add(Command.of(NEXT, "Timeline: next kept iteration", timeline::next)
                .key(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN)).enabledWhen(available));
        commands.add(Command.of(LIVE, "Timeline: back to the live run", timeline::live).icon(MaterialDesignC.CHEVRON_DOUBLE_RIGHT)
                .key(new KeyCodeCombination(KeyCode.END, KeyCombination.ALT_DOWN)).enabledWhen(timeline.atProperty().isNotNull()));
        commands.add(Command.of(PLAY, "Timeline: replay the run's history", timeline::togglePlay).icon(MaterialDesignP.PLAY)
                .key(new KeyCodeCombination(KeyCode.P, KeyCombination.ALT_DOWN)).enabledWhen(available));

        root.setId("timeline-bar");
        root.getStyleClass().add("timeline-bar");
        root.setAlignment(Pos.CENTER_LEFT);
        root.visibleProperty().bind(available);
        root.managedProperty().bind(root.visibleProperty());

        commands.decorate(play, PLAY, "Replay the kept iterations one after another, at the pace beside");
        play.setId("timeline-play");
        pace.setId("timeline-pace");
        pace.getItems().setAll(PACES);
        pace.setValue(timeline.paceProperty().get());
        pace.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : String.format(Locale.ROOT, "%s s", d == Math.rint(d) ? String.valueOf(d.intValue()) : d);
            }

            @Override
            public Double fromString(String s) {
                return timeline.paceProperty().get();
            }
        });
        pace.setTooltip(new Tooltip("How long the replay stands at each kept iteration"));
        pace.setMinWidth(Region.USE_PREF_SIZE);
        pace.setFocusTraversable(false);
        pace.valueProperty().addListener((o, a, v) -> {
            if (v != null) {
                timeline.paceProperty().set(v);
            }
        });
        commands.decorate(toLive, LIVE, "Every view shows the live run again");
        toLive.setId("timeline-live");
        toLive.setMinWidth(Region.USE_PREF_SIZE);
        play.setMinWidth(Region.USE_PREF_SIZE);

        slider.setId("timeline-slider");
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setShowTickMarks(true);
        slider.setBlockIncrement(1);
        slider.setFocusTraversable(false);
        slider.setMinWidth(60);
        slider.setTooltip(new Tooltip("The iterations the run's history keeps; the right end is the live run"));
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setMaxWidth(Double.MAX_VALUE);
        slider.valueProperty().addListener((o, a, v) -> moved(v.doubleValue()));

        label.setId("timeline-label");
        label.getStyleClass().add("timeline-label");
        label.setMinWidth(Region.USE_PREF_SIZE); // its words whole: the slider gives way

        root.getChildren().addAll(play, pace, slider, label, toLive);

        timeline.atProperty().addListener((o, a, e) -> update());
        timeline.entriesProperty().addListener((o, a, e) -> update());
        timeline.playingProperty().addListener((o, a, p) -> update());
        live.addListener((o, a, s) -> updateLabel());
        update();
    }

    /** The bar (hidden while there is no run or no kept iteration). */
    public Node node() {
        return root;
    }

    /** The slider moved (by hand): stand at the kept iteration it points to, or live at its right end. */
    private void moved(double v) {
        if (updating) {
            return;
        }
        int i = (int) Math.round(v);
        if (i >= timeline.entries().size()) {
            timeline.live();
        } else if (i != timeline.index()) {
            timeline.stop();
            timeline.moveToIndex(i);
        }
    }

    private void update() {
        updating = true;
        try {
            int n = timeline.entries().size();
            slider.setMax(Math.max(1, n));
            slider.setValue(timeline.isHistorical() ? timeline.index() : n);
        } finally {
            updating = false;
        }
        play.setText(timeline.isPlaying() ? "Stop" : "Replay");
        updateLabel();
    }

    private void updateLabel() {
        TrainingSnapshot s = live.get();
        HistoryEntry at = timeline.atProperty().get();
        String text = s == null ? "" : at == null
                ? String.format(Locale.ROOT, "iteration %,d (live)", s.iteration())
                : String.format(Locale.ROOT, "iteration %,d of %,d (history)", at.iteration(), s.iteration());
        if (!text.equals(label.getText())) {
            label.setText(text);
        }
    }
}
