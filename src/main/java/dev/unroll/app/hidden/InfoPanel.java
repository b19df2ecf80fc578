package dev.unroll.app.hidden;

import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.inspect.ProbeAnalysis;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.TextFeature;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * What is under the pointer: the unit, the character and its position, the activation, and the
 * model's five most likely next characters there (with the true next one marked and its loss).
 * Ids: hidden-info-title, hidden-info-activation, hidden-info-top5 (a box of five rows
 * hidden-info-top5-0..4), hidden-info-loss.
 */
final class InfoPanel extends VBox {
    private final HiddenModel model;
    private final Label title = new Label();
    private final Label activation = new Label();
    private final Label features = new Label();
    private final VBox top5 = new VBox(2);
    private final Label loss = new Label();
    private final Label hint = new Label("Point at a cell of the heatmap or a character of the text.");

    InfoPanel(HiddenModel model) {
        this.model = model;
        setId("hidden-info");
        getStyleClass().add("hidden-info");
        title.setId("hidden-info-title");
        title.getStyleClass().add("hidden-info-title");
        activation.setId("hidden-info-activation");
        activation.getStyleClass().add("hidden-info-activation");
        top5.setId("hidden-info-top5");
        loss.setId("hidden-info-loss");
        features.getStyleClass().add("hidden-muted");
        features.setWrapText(true);
        hint.setWrapText(true);
        hint.getStyleClass().add("hidden-muted");
        title.setWrapText(true);
        Label next = new Label("Next character, the model's top 5:");
        next.setWrapText(true);
        next.getStyleClass().add("hidden-section");
        getChildren().addAll(title, activation, features, next, top5, loss, hint);
        // an empty line takes no room: before the pointer rests anywhere the heading is at the top
        for (Label l : new Label[] {title, activation, features, loss}) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }
        hint.managedProperty().bind(hint.visibleProperty());
        setSpacing(6);
        setPadding(new Insets(8));
        model.hoverProperty().addListener((o, a, b) -> update());
        model.analysisProperty().addListener((o, a, b) -> update());
        update();
    }

    /** All the panel's text, one line per label (tests read it). */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(title.getText()).append('\n').append(activation.getText()).append('\n');
        top5.getChildren().forEach(n -> sb.append(((Label) ((HBox) n).getChildren().get(0)).getText()).append('\n'));
        sb.append(loss.getText());
        return sb.toString();
    }

    private void update() {
        ProbeAnalysis a = model.analysis();
        HiddenModel.Cell c = model.hoverProperty().get();
        top5.getChildren().clear();
        if (a == null || c == null || c.position() < 0 || c.position() >= a.length()) {
            title.setText("");
            activation.setText("");
            features.setText("");
            loss.setText("");
            hint.setVisible(true);
            return;
        }
        hint.setVisible(false);
        ProbeResult r = a.result();
        int t = c.position();
        int cp = r.probe().codePoints()[t];
        String ch = Vocabulary.describe(cp);
        if (c.unit() >= 0 && c.unit() < a.hiddenSize()) {
            title.setText("Unit " + c.unit() + " \u00b7 character " + ch + " \u00b7 position " + t);
            activation.setText(String.format("activation %+.3f", r.activation(t, c.unit())));
            StringBuilder sb = new StringBuilder();
            double[] q = a.correlations().get(TextFeature.IN_QUOTES);
            double[] b = a.correlations().get(TextFeature.BRACKET_DEPTH);
            double[] p = a.correlations().get(TextFeature.LINE_POSITION);
            sb.append(String.format("r with quotes %s, bracket depth %s, line position %s",
                    fmt(q[c.unit()]), fmt(b[c.unit()]), fmt(p[c.unit()])));
            features.setText(sb.toString());
        } else {
            title.setText("Character " + ch + " \u00b7 position " + t);
            activation.setText("");
            features.setText("");
        }
        int target = r.target(t);
        int[] top = r.topK(t, 5);
        for (int k = 0; k < top.length; k++) {
            double pr = r.prob(t, top[k]);
            boolean hit = top[k] == target;
            Label l = new Label(String.format("%d. %-6s %5.1f%%%s", k + 1, Vocabulary.describe(r.vocabulary().codePoint(top[k])),
                    100 * pr, hit ? "  true next" : ""));
            if (hit) {
                l.setGraphic(new FontIcon(MaterialDesignC.CHECK));
                l.setContentDisplay(ContentDisplay.RIGHT);
            }
            l.getStyleClass().add(hit ? "hidden-top-hit" : "hidden-top");
            l.setId("hidden-info-top5-" + k);
            l.setMinWidth(Region.USE_PREF_SIZE);
            Region bar = new Region();
            bar.getStyleClass().add(hit ? "hidden-bar-hit" : "hidden-bar");
            bar.setPrefWidth(Math.max(1, 80 * pr));
            bar.setMaxHeight(10);
            StackPane barBox = new StackPane(bar);
            barBox.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(barBox, Priority.ALWAYS);
            HBox row = new HBox(6, l, barBox);
            top5.getChildren().add(row);
        }
        if (target < 0) {
            loss.setText("true next character unknown (end of the probe)");
        } else {
            boolean listed = false;
            for (int s : top) {
                listed |= s == target;
            }
            loss.setText(String.format("true next %s: p = %.1f%%, loss %.2f nats%s",
                    Vocabulary.describe(r.vocabulary().codePoint(target)), 100 * r.prob(t, target), r.loss()[t],
                    listed ? "" : " (not in the top 5)"));
        }
    }

    private static String fmt(double r) {
        return Double.isNaN(r) ? "n/a" : String.format("%+.2f", r);
    }
}
