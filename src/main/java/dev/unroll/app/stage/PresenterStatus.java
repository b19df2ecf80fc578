package dev.unroll.app.stage;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.fx.Animations;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.ViewStyles;
import dev.unroll.engine.train.TrainingSnapshot;
import dev.unroll.render.Pictures;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The thin strip under the slides in presentation mode: the run's iteration, its smooth loss in
 * bits per character, the learning rate and temperature, and the time since presenting began, so
 * the audience reads the numbers the speaker talks about with the status bar hidden. It takes its
 * own row below the views (it covers nothing) and shows only while presenting; its clock ticks
 * only then ({@value #CLOCK}, registered in {@link Animations}).
 *
 * <p>Node ids: {@code presenter-status}, {@code presenter-iteration}, {@code presenter-loss},
 * {@code presenter-rates}, {@code presenter-clock}.
 */
public final class PresenterStatus {
    /** The clock's name in {@link Animations}. */
    public static final String CLOCK = "presenter-clock";

    private final AppContext context;
    private final HBox strip;
    private final Label iteration = label("presenter-iteration");
    private final Label loss = label("presenter-loss");
    private final Label rates = label("presenter-rates");
    private final Label clock = label("presenter-clock");
    private final Timeline ticking;
    private final Throttle refresh;
    private long startedNanos;

    PresenterStatus(AppContext context, ObservableBooleanValue presenting) {
        this.context = context;
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        strip = new HBox(28, iteration, loss, rates, spring, clock);
        strip.setId("presenter-status");
        strip.getStyleClass().add("presenter-status");
        strip.setAlignment(Pos.CENTER_LEFT);
        ViewStyles.attach(strip, PresenterStatus.class);
        strip.visibleProperty().bind(presenting);
        strip.managedProperty().bind(presenting);
        ticking = Animations.track(CLOCK, new Timeline(new KeyFrame(Duration.seconds(1), e -> showClock())));
        ticking.setCycleCount(Timeline.INDEFINITE);
        refresh = new Throttle("presenter-status", Duration.millis(250), this::showRun);
        context.snapshot().addListener((obs, old, s) -> {
            if (presenting.get()) {
                refresh.request();
            }
        });
        presenting.addListener((obs, was, is) -> {
            if (is) {
                startedNanos = System.nanoTime();
                showRun();
                showClock();
                ticking.playFromStart();
            } else {
                ticking.stop();
                refresh.cancel();
            }
        });
    }

    Node node() {
        return strip;
    }

    /** The elapsed time since presenting began ("12:34"), ticking while presenting. */
    ObservableStringValue clockText() {
        return clock.textProperty();
    }

    /** What the strip says now, for tests: the four texts joined by " | ". */
    String text() {
        return String.join(" | ", iteration.getText(), loss.getText(), rates.getText(), clock.getText());
    }

    private void showRun() {
        TrainingSnapshot s = context.snapshot().get();
        if (s == null) {
            iteration.setText("no run");
            loss.setText("");
            rates.setText("");
            return;
        }
        iteration.setText("iteration " + Pictures.count(s.iteration()));
        loss.setText(Double.isFinite(s.smoothBitsPerChar()) ? String.format(Locale.ROOT, "%.2f bits/char", s.smoothBitsPerChar()) : "loss –");
        rates.setText("learning rate " + trim(s.learningRate()) + " · temperature " + trim(s.temperature()));
    }

    private void showClock() {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        clock.setText(String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60));
    }

    private static String trim(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
