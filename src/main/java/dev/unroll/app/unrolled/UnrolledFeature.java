package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.events.ShowFlavor;
import dev.unroll.app.events.ShowPage;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.app.fx.LatestValue;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.Cell;
import dev.unroll.engine.Corpus;
import dev.unroll.engine.ModelSnapshot;
import dev.unroll.engine.RunState;
import dev.unroll.engine.TrainingSnapshot;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.CorpusWords;
import dev.unroll.engine.inspect.SpectralTracker;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.util.Duration;

/**
 * "Unrolled": the recurrent network folded and unrolled over the current training window, a
 * step-by-step walk through one iteration (forward, then backpropagation through time), how far
 * back the error signal reaches and why (the spectral radius of Whh), and the weights, gradients
 * and Adagrad memory with their statistics over iterations.
 *
 * <p>Where the numbers come from: the walk-through recomputes the window of the newest snapshot's
 * trace on the newest model copy with {@code BpttAnalysis} on a worker thread; the live gradient
 * chart and the statistics come from the snapshots as published; eigenvalues are computed by a
 * {@link SpectralTracker} on its own thread from the model copies. While training runs, it asks the
 * session for a model copy at most once per {@link #COPY_CADENCE} (as snapshots arrive), shown or
 * hidden, and decomposes Whh of at most one run copy per {@link #COPY_CADENCE}: the spectral radius
 * over training is then a history from the run's start whenever the view is shown (a copy and a
 * decomposition a second cost the trainer about nothing at 100 hidden units). Hidden, it unrolls
 * nothing and draws nothing: it catches up when shown.
 *
 * <p>A talk's slide sets the walk-through through a {@link ShowWalk} event (unrolled or folded, the pass
 * and step, Follow training or the typed text). Stepping by hand (→, ←, Home, End) holds the walk shown:
 * Follow is turned off until it is turned on again (or a slide sets {@code follow}).
 *
 * <p>Commands (scoped to this view, so Space, ← and → drive the walk-through here and training
 * elsewhere): {@code walk.play} (Space), {@code walk.forward} (→), {@code walk.back} (←),
 * {@code walk.start} (Home), {@code walk.end} (End), {@code walk.fold} (U), {@code walk.faster} (+),
 * {@code walk.slower} (−), {@code walk.window} (W).
 */
public final class UnrolledFeature extends ViewFeature {
    /**
     * How often, while training, a fresh model copy is requested: once a second, like the
     * Hidden state view's live updates. Each copy is unrolled (the walk-through following training),
     * its Whh decomposed (the spectral radius over iterations) and the walk-through redrawn; three
     * times a second cost the trainer about a tenth of its speed on two cores, and a window that
     * changes faster than once a second cannot be read anyway.
     */
    static final Duration COPY_CADENCE = Duration.millis(1000);
    /**
     * While training runs, the live charts (gradient flow, statistics over iterations) are redrawn at
     * most once per this interval, with the newest snapshot: snapshots come about 25 times a second,
     * and redrawing five charts that often cost the renderer more than half a core.
     */
    static final Duration LIVE_INTERVAL = Duration.millis(250);
    /** The default text of the typed-text mode. */

    private final AppContext context;
    private final UnrolledModel model = new UnrolledModel();
    private final UnrolledView view;
    private final SpectralTracker spectral;
    /** The tracker's newest history, handed to the view on the JavaFX thread (latest wins). */
    private final LatestValue<SpectralTracker.History> spectralShown;
    private final Throttle cadence;
    /** The live charts: redrawn with the newest snapshot at most once per LIVE_INTERVAL while showing. */
    private final Throttle liveCharts;
    /** Offers the newest run copy's Whh to the spectral tracker, at most once per COPY_CADENCE. */
    private final Throttle spectralOffer;
    private boolean showing;
    private boolean disposed;
    /** A new run began and no copy of its weights was asked for yet: the first is asked for at once (the radius's history starts there). */
    private boolean firstCopyWanted = true;
    private ModelSnapshot lastModel;
    /** Whether {@link #lastModel} was a copy from the training run (not the demo network or a loaded model). */
    private boolean lastFromRun;
    /** A model came while hidden: its Whh is decomposed when the view is shown. */
    private boolean spectralBehind;
    private ModelSnapshot lastUnrolled;
    private TrainingSnapshot lastSnapshot;
    private boolean dirtyWeights = true;
    /** A new window or model came while hidden: the walk-through catches up when shown. */
    private boolean behind;

    public UnrolledFeature(AppContext context) {
        super("Unrolled");
        this.context = context;
        this.view = view(new UnrolledView(model));
        this.spectralShown = new LatestValue<>("unrolled-spectral", view::showSpectral);
        this.spectral = new SpectralTracker(1024, spectralShown::offer);
        // each snapshot of a running run asks for a copy of the weights, at most once per COPY_CADENCE
        cadence = new Throttle("unrolled-copy-cadence", COPY_CADENCE, () -> {
            if (context.training().state() == RunState.RUNNING) {
                context.training().requestModelCopy();
            }
        });
        spectralOffer = new Throttle("unrolled-spectral-offer", COPY_CADENCE, () -> {
            ModelSnapshot m = context.model().get();
            if (!disposed && m != null && m.cell() == Cell.VANILLA) {
                spectral.offer(m);
            }
        });
        liveCharts = new Throttle("unrolled-live-charts", LIVE_INTERVAL, () -> {
            if (showing) {
                view.showSnapshot(context.snapshot().get());
            }
        });

        view.setTheme(context.theme().get());
        context.theme().addListener((o, a, t) -> view.setTheme(t));
        context.snapshot().addListener((o, a, s) -> onSnapshot(s));
        context.model().addListener((o, a, m) -> onModel(m));

        registerCommands(context.commands());
        view.sourceText.setOnAction(e -> {
            view.sourceText.setSelected(true);
            if (view.text.getText().isBlank()) {
                view.text.setText(defaultText());
            }
            loadText();
        });
        // a talk script's flavor: drawn on the unrolled cell
        context.events().subscribe(ShowFlavor.class, f -> view.chain.flavorProperty().set(Flavor.parse(f.name())));
        // a talk script's page: the tab the slide talks about
        context.events().subscribe(ShowPage.class, p -> view.showPage(p.id()));
        // a talk script's walk-through: unrolled or folded, Follow training or the typed text, the pass and step
        context.events().subscribe(ShowWalk.class, this::showWalk);
        // Follow turned on again: the newest window (or weights) at once, not at the next snapshot
        model.followProperty().addListener((o, a, on) -> {
            if (on && showing) {
                followNewest();
            }
        });
        // a talk script's probe text: unrolled as if the user had typed it
        context.events().subscribe(ProbeText.class, p -> {
            if (!p.isFor(id())) {
                return;
            }
            view.text.setText(p.text());
            view.sourceText.setSelected(true);
            loadText();
        });
        view.text.setOnAction(e -> {
            view.sourceText.setSelected(true);
            loadText();
        });
        onModel(context.model().get());
        onSnapshot(context.snapshot().get());
        onShowing(this::setShown);
        onDispose(this::stop);
    }

    private void registerCommands(Commands commands) {
        String id = id();
        commands.add(Command.of("walk.play", "Walk-through: play / pause", model::togglePlay).scope(id)
                .key(new KeyCodeCombination(KeyCode.SPACE)));
        // stepping by hand holds the walk shown (Follow off): a new window must not replace it mid-explanation
        commands.add(Command.of("walk.forward", "Walk-through: step forward", () -> {
            model.pause();
            model.hold();
            model.stepForward();
        }).scope(id).key(new KeyCodeCombination(KeyCode.RIGHT)));
        commands.add(Command.of("walk.back", "Walk-through: step back", () -> {
            model.pause();
            model.hold();
            model.stepBack();
        }).scope(id).key(new KeyCodeCombination(KeyCode.LEFT)));
        commands.add(Command.of("walk.start", "Walk-through: to the start", () -> {
            model.hold();
            model.toStart();
        }).scope(id).key(new KeyCodeCombination(KeyCode.HOME)));
        commands.add(Command.of("walk.end", "Walk-through: to the end", () -> {
            model.hold();
            model.toEnd();
        }).scope(id).key(new KeyCodeCombination(KeyCode.END)));
        commands.add(Command.of("walk.fold", "Fold / unroll the network", () -> view.fold.setSelected(!view.fold.isSelected()))
                .scope(id).key(new KeyCodeCombination(KeyCode.U)));
        commands.add(Command.of("walk.faster", "Walk-through: faster", () -> view.speed.setValue(Math.min(view.speed.getMax(), view.speed.getValue() * 1.5)))
                .scope(id).key(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHIFT_ANY))
                .key(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHIFT_ANY)).key(new KeyCodeCombination(KeyCode.ADD)));
        commands.add(Command.of("walk.slower", "Walk-through: slower", () -> view.speed.setValue(Math.max(view.speed.getMin(), view.speed.getValue() / 1.5)))
                .scope(id).key(new KeyCodeCombination(KeyCode.MINUS)).key(new KeyCodeCombination(KeyCode.SUBTRACT)));
        commands.add(Command.of("walk.window", "Unroll the newest training window", () -> {
            view.sourceWindow.setSelected(true);
            loadWindow(true);
        }).scope(id).key(new KeyCodeCombination(KeyCode.W)));
        String export = PictureExport.register(context, id, "Export the charts of this page (PNG and SVG)…",
                () -> view.pagePicture(PictureExport.style(context.theme().get()), iteration()), view.pageHasPictures()).id();
        for (PlotCanvas p : view.plots()) {
            PictureExport.installContextMenu(context, p, () -> new PictureExport.Picture(name(p.getId()),
                    p.figure(PictureExport.style(context.theme().get()))), export);
        }
        for (HeatmapCanvas h : view.heatmaps()) {
            PictureExport.installContextMenu(context, h, () -> {
                var f = h.figure(PictureExport.style(context.theme().get()));
                return f == null ? null : new PictureExport.Picture(name(h.getId()), f);
            }, export);
        }
        commands.decorate(view.play, "walk.play", "Play or pause the walk through one iteration");
        commands.decorate(view.stepForward, "walk.forward", "One step further: forward t = 1..T, then backward T..1");
        commands.decorate(view.stepBack, "walk.back", "One step back");
        commands.decorate(view.start, "walk.start", "Back to the start of the iteration");
        commands.decorate(view.end, "walk.end", "To the end of the backward pass");
        commands.decorate(view.sourceWindow, "walk.window", "Unroll the window the trainer used last");
        // a toggle button's own click toggles it: only its tooltip comes from the command
        view.fold.setTooltip(commands.tooltip("walk.fold", "Fold the network into one cell with a loop, or unroll it over the window"));
        view.speed.setTooltip(new Tooltip("Steps per second while playing ("
                + Commands.keyText(commands.get("walk.faster").accelerator()) + " / " + Commands.keyText(commands.get("walk.slower").accelerator()) + ")"));
    }

    /** The iteration of the weights the view shows (-1 without any): the end of proposed picture names. */
    private long iteration() {
        ModelSnapshot m = context.model().get();
        return m == null ? -1 : m.iteration();
    }

    /** A proposed picture name for a chart: its node id ("unrolled-flow-dh") and the iteration. */
    private String name(String nodeId) {
        return nodeId + PictureExport.iterationSuffix(iteration());
    }

    private void setShown(boolean on) {
        showing = on;
        if (on) {
            if (dirtyWeights) {
                view.showModel(context.model().get());
                dirtyWeights = false;
            }
            view.showSnapshot(context.snapshot().get());
            if (spectralBehind) {
                spectralBehind = false;
                spectralOffer.runNow();
            }
            if (behind) {
                behind = false;
                catchUp();
            }
            view.requestFocus();
        } else {
            liveCharts.cancel();
            model.pause();
            view.stopAnimations();
        }
    }

    /** Stops the walk-through, the animations and the worker threads (the window is closing). */
    private void stop() {
        showing = false;
        disposed = true;
        cadence.cancel();
        liveCharts.cancel();
        spectralOffer.cancel();
        view.stopAnimations();
        model.dispose();
        spectral.close();
        spectralShown.dispose();
    }

    /** Shown again after new weights came: unroll the newest window or the typed text on them, as following would have. */
    private void catchUp() {
        ModelSnapshot m = context.model().get();
        if (m != null) {
            unrollOn(m);
        }
        if (model.sourceProperty().get() == UnrolledModel.Source.WINDOW) {
            followWindow(context.snapshot().get());
        }
    }

    UnrolledModel model() {
        return model;
    }

    UnrolledView view() {
        return view;
    }

    /** The spectral radius's history as the tracker holds it now (for tests). */
    SpectralTracker.History spectralHistory() {
        return spectral.history();
    }

    private void onSnapshot(TrainingSnapshot s) {
        if (s == null) {
            if (lastSnapshot != null) {
                view.clearLive();
                spectral.clear();
            }
            lastSnapshot = null;
            firstCopyWanted = true;
            updatePlaceholder();
            return;
        }
        if (lastSnapshot != null && s.iteration() < lastSnapshot.iteration()) {
            // a new run (or a reset): earlier curves belong to another model
            view.clearLive();
            spectral.clear();
            firstCopyWanted = true;
        }
        lastSnapshot = s;
        if (showing) {
            liveCharts.request();
        }
        if (s.state() == RunState.RUNNING && !disposed) {
            if (firstCopyWanted) {
                firstCopyWanted = false;
                cadence.runNow();
            } else {
                cadence.request();
            }
        }
        followWindow(s);
        updatePlaceholder();
    }

    /**
     * Unrolls the snapshot's window on its model copy when the walk-through follows training; a
     * hidden view computes nothing and catches up when shown.
     */
    private void followWindow(TrainingSnapshot s) {
        if (s != null && s.model() != null && s.model() != lastUnrolled && s.trace() != null
                && model.sourceProperty().get() == UnrolledModel.Source.WINDOW
                && (!model.hasWalk() || (model.followProperty().get() && !model.isPlaying()))) {
            if (!showing) {
                behind = true;
                return;
            }
            lastUnrolled = s.model();
            model.loadWindow(s.model(), s.trace(), s.iteration(), s.config().clip());
        }
    }

    /** The text unrolled when none was typed: a phrase in the corpus's language (its own words). */
    private String defaultText() {
        Corpus c = context.corpus().get();
        return c == null ? BundledCorpus.defaultCorpus().words().probe() : CorpusWords.of(c).probe();
    }

    private void onModel(ModelSnapshot m) {
        if (m == lastModel) {
            return;
        }
        lastModel = m;
        // the spectral radius over iterations is one run's history: a model from elsewhere (the demo
        // network, a checkpoint, a sweep's run) starts a history of its own, and so does the run after it
        TrainingSnapshot s = context.snapshot().get();
        boolean fromRun = m != null && s != null && s.model() == m;
        if (m != null && (!fromRun || !lastFromRun)) {
            spectral.clear();
        }
        lastFromRun = fromRun;
        // the spectral radius is Whh's (a gated cell has none): a run's copies are decomposed at most once per
        // COPY_CADENCE, shown or hidden (the copies other views ask for, Hidden state's live updates, come far more
        // often); a model from elsewhere is decomposed when the view shows
        if (m != null && m.cell() == Cell.VANILLA) {
            if (fromRun) {
                spectralOffer.request();
            } else if (showing) {
                spectralOffer.runNow();
            } else {
                spectralBehind = true;
            }
        }
        if (m != null) {
            view.setCell(m.cell(), m.parameters().stream().map(p -> p.name).toList());
        }
        if (showing) {
            view.showModel(m);
        } else {
            dirtyWeights = true;
        }
        if (m != null && showing) {
            unrollOn(m);
        } else if (m != null) {
            behind = true; // a hidden view computes nothing: it catches up when shown
        }
        updatePlaceholder();
    }

    /**
     * Unrolls the typed text on new weights when following, or a text when the model is not the run's (the
     * demo network after a Reset, a loaded checkpoint): a walk of another model's window, or of weights
     * that are gone, is never left on screen.
     */
    private void unrollOn(ModelSnapshot m) {
        TrainingSnapshot s = context.snapshot().get();
        boolean runModel = m == lastModel && lastFromRun;
        if (model.sourceProperty().get() == UnrolledModel.Source.TEXT) {
            if (!model.hasWalk() || !runModel || (model.followProperty().get() && !model.isPlaying())) {
                model.loadText(m, model.text(), clip());
            }
        } else if (!runModel || s == null || s.trace() == null) {
            // a model without a training window (the demo network after a Reset, a checkpoint): unroll a text
            if (view.text.getText().isBlank()) {
                view.text.setText(defaultText());
            }
            view.sourceText.setSelected(true);
            model.loadText(m, view.text.getText(), clip());
        }
    }

    private double clip() {
        TrainingSnapshot s = context.snapshot().get();
        return s == null ? 5.0 : s.config().clip();
    }

    /** A talk's slide: the walk-through as it says (see {@link ShowWalk}). */
    private void showWalk(ShowWalk w) {
        if (w.unrolled() != null) {
            view.fold.setSelected(w.unrolled());
        }
        if (ShowWalk.TRAINING.equals(w.follow())) {
            model.followProperty().set(true);
            view.sourceWindow.setSelected(true);
            loadWindow(true);
        } else if (ShowWalk.TYPED.equals(w.follow())) {
            model.followProperty().set(true);
            view.sourceText.setSelected(true);
            if (view.text.getText().isBlank()) {
                view.text.setText(defaultText());
            }
            loadText();
        }
        if (w.setsPosition()) {
            model.moveTo(w.backward(), w.step() == null ? 0 : w.step());
        }
    }

    /** Follow turned on: the newest training window (or the typed text on the newest weights), if newer than the walk's. */
    private void followNewest() {
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        if (model.sourceProperty().get() == UnrolledModel.Source.WINDOW) {
            if (s != null && s.trace() != null && (s.iteration() != model.windowIteration()
                    || (m != null && m.iteration() != model.walkModelIteration()))) {
                loadWindow(false);
            }
        } else if (m != null && m.iteration() != model.walkModelIteration()) {
            model.loadText(m, model.text(), clip());
        }
    }

    /** Unrolls the newest training window on the newest model copy. */
    void loadWindow(boolean explicit) {
        TrainingSnapshot s = context.snapshot().get();
        ModelSnapshot m = context.model().get();
        if (s == null || s.trace() == null) {
            model.setMessage(m == null ? "No training window yet: start training first."
                    : "No training window (this model was loaded without a run): type a text to unroll instead.");
            if (m != null && explicit) {
                view.sourceText.setSelected(true);
            }
            return;
        }
        if (m == null || (s.model() == null && explicit && context.training().hasRun())) {
            context.training().requestModelCopy();
        }
        ModelSnapshot use = s.model() != null ? s.model() : m;
        if (use == null) {
            model.setMessage("Waiting for a copy of the weights…");
            return;
        }
        lastUnrolled = use;
        model.loadWindow(use, s.trace(), s.iteration(), s.config().clip());
    }

    private void loadText() {
        ModelSnapshot m = context.model().get();
        model.loadText(m, view.text.getText(), clip());
        updatePlaceholder();
    }

    private void updatePlaceholder() {
        if (context.model().get() == null) {
            // short enough for three lines in large type under the toolbar's rows at 1280x720
            view.setPlaceholder("No model yet. Start training (or load a checkpoint): the network unrolls here over "
                    + "the training window, or over a text you type.");
        } else {
            view.setPlaceholder("Choose “Training window” or type a text to unroll.");
        }
    }
}
