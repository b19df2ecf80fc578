package dev.unroll.app;

import dev.unroll.app.training.TrainingSession;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The main window: side panel, toolbar, the features as tabs, the status bar. */
public final class MainWindow {
    private final Stage stage;
    private final TrainingSession training = new TrainingSession();
    private final AppContext context = new AppContext(training);
    private final TabPane tabs = new TabPane();
    private final List<Feature> features;

    public MainWindow(Stage stage) {
        this.stage = stage;
        context.window().set(stage);
        features = Features.create(context);
        for (Feature f : features) {
            Tab tab = new Tab(f.title(), f.node());
            tab.setId("tab-" + f.id());
            tab.setClosable(false);
            tab.selectedProperty().addListener((obs, was, is) -> f.setShowing(is));
            tabs.getTabs().add(tab);
        }
        BorderPane root = new BorderPane(tabs);
        Scene scene = new Scene(root, 1280, 800);
        stage.setTitle("Unroll");
        stage.setScene(scene);
    }

    public AppContext context() {
        return context;
    }

    public List<Feature> features() {
        return features;
    }

    public void show() {
        stage.show();
        if (!tabs.getTabs().isEmpty()) {
            features.get(tabs.getSelectionModel().getSelectedIndex()).setShowing(true);
        }
    }

    public void dispose() {
        training.dispose();
    }
}
