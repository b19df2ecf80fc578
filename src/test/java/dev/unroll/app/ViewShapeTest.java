package dev.unroll.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Feature;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One shape per view (issue 12): every view package {@code dev.unroll.app.x} has {@code XFeature}
 * (a {@link Feature}: the wiring), {@code XModel} (read-only properties and plain methods, holding no
 * scene-graph node and importing nothing from {@code javafx.scene}) and {@code XView} (a
 * {@code javafx.scene.Node}); and no class of the package attaches a stylesheet by hand: a view's
 * sheet {@code x.css} is attached by {@code ui.ViewStyles.attach}, the one way (so is the stage
 * package's {@code stage.css}). Classes are loaded
 * without initialising them, so no JavaFX toolkit is needed.
 */
class ViewShapeTest {
    /** The view packages: the list of {@link Features}. */
    static final List<String> VIEW_PACKAGES = Features.ids();
    private static final Path SOURCES = Path.of("src/main/java/dev/unroll/app");

    static Stream<String> viewPackages() {
        return VIEW_PACKAGES.stream();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ViewShapeTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("missing class " + name, e);
        }
    }

    private static String prefix(String pkg) {
        return "dev.unroll.app." + pkg + "." + pkg.substring(0, 1).toUpperCase(Locale.ROOT) + pkg.substring(1);
    }

    /** A new view package (one with an {@code XFeature.java}) is checked too: it must be listed in {@link Features}. */
    @Test
    void everyViewPackageIsChecked() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                String pkg = d.getFileName().toString();
                String simple = prefix(pkg).substring(prefix(pkg).lastIndexOf('.') + 1);
                if (Files.isRegularFile(d.resolve(simple + "Feature.java"))) {
                    found.add(pkg);
                }
            }
        }
        assertEquals(VIEW_PACKAGES.stream().sorted().toList(), found);
    }

    @ParameterizedTest
    @MethodSource("viewPackages")
    void featureIsAFeature(String pkg) {
        Class<?> feature = load(prefix(pkg) + "Feature");
        assertTrue(Feature.class.isAssignableFrom(feature), feature + " implements Feature");
    }

    @ParameterizedTest
    @MethodSource("viewPackages")
    void viewIsANode(String pkg) {
        Class<?> view = load(prefix(pkg) + "View");
        assertTrue(load("javafx.scene.Node").isAssignableFrom(view), view + " is a javafx.scene.Node");
    }

    @ParameterizedTest
    @MethodSource("viewPackages")
    void modelHoldsNoNode(String pkg) throws IOException {
        Class<?> model = load(prefix(pkg) + "Model");
        List<String> nodes = new ArrayList<>();
        collectSceneFields(model, nodes);
        assertEquals(List.of(), nodes, model + " holds scene-graph nodes");
        String source = Files.readString(SOURCES.resolve(pkg).resolve(model.getSimpleName() + ".java"), StandardCharsets.UTF_8);
        assertFalse(source.contains("import javafx.scene."), model + " imports from javafx.scene");
    }

    /** The view packages and the other packages with a sheet of their own (stage: presentation mode, session restore). */
    static Stream<String> styledPackages() {
        return Stream.concat(VIEW_PACKAGES.stream(), Stream.of("stage"));
    }

    @ParameterizedTest
    @MethodSource("styledPackages")
    void stylesheetsAttachedOnlyThroughViewStyles(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String source = Files.readString(f, StandardCharsets.UTF_8);
                assertFalse(source.contains("getStylesheets()"), f + " attaches a stylesheet by hand instead of ViewStyles.attach");
            }
        }
    }

    /** Fields of the class and of its nested classes whose type (or a type argument) is a javafx.scene.Node. */
    private static void collectSceneFields(Class<?> type, List<String> out) {
        for (Field f : type.getDeclaredFields()) {
            if (isNode(f.getGenericType())) {
                out.add(type.getSimpleName() + "." + f.getName());
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            collectSceneFields(nested, out);
        }
    }

    private static boolean isNode(Type t) {
        if (t instanceof Class<?> c) {
            return load("javafx.scene.Node").isAssignableFrom(c) || (c.isArray() && isNode(c.getComponentType()));
        }
        if (t instanceof ParameterizedType p) {
            return isNode(p.getRawType()) || Stream.of(p.getActualTypeArguments()).anyMatch(ViewShapeTest::isNode);
        }
        return false;
    }
}
