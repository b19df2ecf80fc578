package dev.unroll.app.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * The thin base of a view's {@link Feature} (the AtlantaFX sampler's {@code Page} and its base
 * class): it does the id, the title, the node, showing, the closing note and dispose by delegation,
 * so a Feature's own code is the view's wiring only. The id is the name of the feature's package
 * ({@link #idOf}); the subclass hands over its view ({@link #view}) and says where showing, the
 * closing note and dispose go ({@link #onShowing}, {@link #closingNoteFrom}, {@link #onDispose}).
 */
public abstract class ViewFeature implements Feature {
    private final String title;
    private Node node;
    private final List<Consumer<Boolean>> showing = new ArrayList<>();
    private Supplier<String> closingNote = () -> "";
    private final List<Runnable> disposers = new ArrayList<>();

    /** @param title the tab's title */
    protected ViewFeature(String title) {
        this.title = title;
    }

    /** The id of the view a feature class belongs to: the last part of its package's name ({@code dev.unroll.app.loss} is "loss"). */
    public static String idOf(Class<?> featureType) {
        String pkg = featureType.getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }

    /** The view, built once; called once by the subclass's constructor. Returns it. */
    protected final <V extends Node> V view(V view) {
        if (node != null) {
            throw new IllegalStateException(id() + " has its view already");
        }
        this.node = view;
        return view;
    }

    /** Where showing and hiding go (each, in the order given). */
    protected final void onShowing(Consumer<Boolean> showing) {
        this.showing.add(showing);
    }

    /** Where the closing note comes from (else ""). */
    protected final void closingNoteFrom(Supplier<String> note) {
        this.closingNote = note;
    }

    /** What dispose stops (each, in the order given). */
    protected final void onDispose(Runnable dispose) {
        disposers.add(dispose);
    }

    @Override
    public final String id() {
        return idOf(getClass());
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Node node() {
        if (node == null) {
            throw new IllegalStateException(id() + " has no view");
        }
        return node;
    }

    @Override
    public final void setShowing(boolean on) {
        for (Consumer<Boolean> s : showing) {
            s.accept(on);
        }
    }

    @Override
    public final String closingNote() {
        return closingNote.get();
    }

    @Override
    public final void dispose() {
        for (Runnable d : disposers) {
            d.run();
        }
    }
}
