package dev.unroll.app.ui;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.skin.ScrollPaneSkin;

/**
 * A view's scroll pane for when its parts keep a least size (large type, a small window): it fills the
 * view while there is room and scrolls below the content's least size, without a frame, without taking
 * the focus (the view's keys are commands) and with its skin made at once, so the content is in the
 * scene graph (found by lookups) before the view is first drawn.
 */
public final class ViewScroll {
    private ViewScroll() {
    }

    /**
     * @param content    what scrolls
     * @param id         the scroll pane's node id
     * @param sideways   whether it may scroll sideways (else it fits the width and scrolls only up and down)
     */
    public static ScrollPane of(Node content, String id, boolean sideways) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId(id);
        scroll.getStyleClass().add("edge-to-edge");
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        if (!sideways) {
            scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        }
        scroll.setFocusTraversable(false);
        scroll.setSkin(new ScrollPaneSkin(scroll));
        return scroll;
    }
}
