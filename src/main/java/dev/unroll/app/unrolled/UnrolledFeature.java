package dev.unroll.app.unrolled;

import dev.unroll.app.core.AppContext;
import dev.unroll.app.core.Command;
import dev.unroll.app.core.Commands;
import dev.unroll.app.core.ViewFeature;
import dev.unroll.app.events.ProbeText;
import dev.unroll.app.events.ShowFlavor;
import dev.unroll.app.events.ShowPage;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.app.fx.Throttle;
import dev.unroll.app.ui.PictureExport;
import dev.unroll.engine.inspect.SpectralTracker;
import dev.unroll.engine.model.ModelSnapshot;

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
 * {@link SpectralTracker} on its own thread from the model copies. While training runs, the
 * {@link UnrolledModel} asks the session for a model copy at most once per {@link #COPY_CADENCE} (as snapshots arrive), shown or
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
    /** How often, while training, a fresh model copy is requested (see {@link UnrolledModel#COPY_CADENCE}). */
    static final Duration COPY_CADENCE = UnrolledModel.COPY_CADENCE;
    /**
     * While training runs, the live charts (gradient flow, statistics over iterations) are redrawn at
     * most once per this interval, with the newest snapshot: snapshots come about 25 times a second,
     * and redrawing five charts that often cost the renderer more than half a core.
     */
    static final Duration LIVE_INTERVAL = Duration.millis(250);

    private final AppContext context;
    private final UnrolledModel model;
    private final UnrolledView view;
    /** The live charts: redrawn with the newest snapshot at most once per LIVE_INTERVAL while showing. */
    private final Throttle liveCharts;
    private boolean showing;
    /** New weights came while hidden: drawn when shown. */
    private boolean dirtyWeights = true;

    public UnrolledFeature(AppContext context) {
        super("Unrolled");
        this.context = context;
        // the weights' pages first (each new model's cell and weights), then the model follows training with them
        context.model().addListener((o, a, m) -> showModel(m));
        this.model = new UnrolledModel(context);
        this.view = view(new UnrolledView(model));
        liveCharts = new Throttle("unrolled-live-charts", LIVE_INTERVAL, () -> {
            if (showing) {
                view.showSnapshot(context.snapshot().get());
            }
        });
        view.setTheme(context.theme().get());
        context.theme().addListener((o, a, t) -> view.setTheme(t));
        context.snapshot().addListener((o, a, s) -> {
            if (showing && s != null) {
                liveCharts.request();
            }
        });
        model.liveResetsProperty().addListener((o, a, n) -> view.clearLive());
        model.spectralHistoryProperty().addListener((o, a, h) -> view.showSpectral(h));

        registerCommands(context.commands());
        view.sourceText.setOnAction(e -> model.unrollTypedTextOrPhrase());
        view.text.setOnAction(e -> model.unrollTypedText());
        // a talk script's flavor: drawn on the unrolled cell
        context.events().subscribe(ShowFlavor.class, f -> view.chain.flavorProperty().set(Flavor.parse(f.name())));
        // a talk script's page: the tab the slide talks about
        context.events().subscribe(ShowPage.class, p -> view.showPage(p.id()));
        // a talk script's walk-through: unrolled or folded, Follow training or the typed text, the pass and step
        context.events().subscribe(ShowWalk.class, model::showWalk);
        // a talk script's probe text: unrolled as if the user had typed it
        context.events().subscribe(ProbeText.class, p -> {
            if (p.isFor(id())) {
                model.typedTextProperty().set(p.text());
                model.unrollTypedText();
            }
        });
        showModel(context.model().get());
        onShowing(this::setShown);
        onShowing(model::setShowing);
        onShowing(on -> {
            if (on) {
                view.requestFocus();
            }
        });
        onDispose(this::stop);
    }

    private void registerCommands(Commands commands) {
        String id = id();
        commands.add(Command.of("walk.play", "Walk-through: play / pause", model::togglePlay).scope(id)
                .key(new KeyCodeCombination(KeyCode.SPACE)));
        // stepping by hand holds the walk shown (Follow off): a new window must not replace it mid-explanation
        commands.add(Command.of("walk.forward", "Walk-through: step forward", () -> model.byHand(model::stepForward))
                .scope(id).key(new KeyCodeCombination(KeyCode.RIGHT)));
        commands.add(Command.of("walk.back", "Walk-through: step back", () -> model.byHand(model::stepBack))
                .scope(id).key(new KeyCodeCombination(KeyCode.LEFT)));
        commands.add(Command.of("walk.start", "Walk-through: to the start", () -> model.byHand(model::toStart))
                .scope(id).key(new KeyCodeCombination(KeyCode.HOME)));
        commands.add(Command.of("walk.end", "Walk-through: to the end", () -> model.byHand(model::toEnd))
                .scope(id).key(new KeyCodeCombination(KeyCode.END)));
        commands.add(Command.of("walk.fold", "Fold / unroll the network", () -> model.unrolledProperty().set(!model.unrolledProperty().get()))
                .scope(id).key(new KeyCodeCombination(KeyCode.U)));
        commands.add(Command.of("walk.faster", "Walk-through: faster", model::faster)
                .scope(id).key(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHIFT_ANY))
                .key(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHIFT_ANY)).key(new KeyCodeCombination(KeyCode.ADD)));
        commands.add(Command.of("walk.slower", "Walk-through: slower", model::slower)
                .scope(id).key(new KeyCodeCombination(KeyCode.MINUS)).key(new KeyCodeCombination(KeyCode.SUBTRACT)));
        commands.add(Command.of("walk.window", "Unroll the newest training window", model::unrollNewestWindow)
                .scope(id).key(new KeyCodeCombination(KeyCode.W)));
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

    /** A new model: its cell's pages at once, its weights now when showing, else when shown. */
    private void showModel(ModelSnapshot m) {
        if (view == null) {
            return; // the model's first, drawn when the view is made
        }
        if (m != null) {
            view.setCell(m.cell(), m.layers(), m.parameters().stream().map(p -> p.name).toList());
        }
        if (showing) {
            view.showModel(m);
            dirtyWeights = false;
        } else {
            dirtyWeights = true;
        }
    }

    private void setShown(boolean on) {
        showing = on;
        if (on) {
            if (dirtyWeights) {
                view.showModel(context.model().get());
                dirtyWeights = false;
            }
            view.showSnapshot(context.snapshot().get());
        } else {
            liveCharts.cancel();
            view.stopAnimations();
        }
    }

    /** Stops the walk-through, the animations and the worker threads (the window is closing). */
    private void stop() {
        showing = false;
        liveCharts.cancel();
        view.stopAnimations();
        model.dispose();
    }

    UnrolledModel model() {
        return model;
    }

    UnrolledView view() {
        return view;
    }

    /** The spectral radius's history as the tracker holds it now (for tests). */
    SpectralTracker.History spectralHistory() {
        return model.spectralHistory();
    }
}
