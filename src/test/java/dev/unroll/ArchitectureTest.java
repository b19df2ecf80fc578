package dev.unroll;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.unroll.app.Features;
import dev.unroll.architecture.AllowedToHandleKeys;
import dev.unroll.architecture.AllowedToStartThreads;
import dev.unroll.architecture.AllowedToUseStandardStreams;
import java.util.List;
import java.util.Locale;
import java.util.Timer;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import javafx.animation.AnimationTimer;
import javafx.scene.input.KeyEvent;

/**
 * The rules of the house (see the README's "For developers"), checked on the main classes: the
 * engine stays a pure library, the CLI stays off the app, the pictures (render) stay off both, packages form no cycle, the wiring
 * package is imported by nobody but the launcher, and the view packages never import each other
 * (they talk through events and the app context). Then the conventions, JabRef's way: threads only
 * where they are managed, keys only through the command registry, the standard streams only in the
 * command line, and the app's layers; a class that may break one says so with a mark from
 * {@code dev.unroll.architecture} and its reason. And "View" names one role: the view of a view package.
 */
@AnalyzeClasses(packages = "dev.unroll", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** One package per view: the list of {@link Features}. */
    static final List<String> VIEWS = Features.ids();

    @ArchTest
    static final ArchRule engineImportsNoUiCliOrApp = noClasses().that().resideInAPackage("dev.unroll.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree..", "picocli..", "dev.unroll.app..", "dev.unroll.cli..")
            .because("the engine is a library any front end can use, headless");

    @ArchTest
    static final ArchRule cliImportsNoApp = noClasses().that().resideInAPackage("dev.unroll.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.unroll.app..", "javafx..")
            .because("the command line runs without a display");

    @ArchTest
    static final ArchRule renderUsesNoUiToolkitCliOrApp = noClasses().that().resideInAPackage("dev.unroll.render..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "picocli..", "dev.unroll.app..", "dev.unroll.cli..")
            .because("the pictures are drawn the same way for the app's export commands and for 'unroll export', headless");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.unroll.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nobodyImportsTheWiring = noClasses().that().resideInAPackage("dev.unroll.app..")
            .and().resideOutsideOfPackage("dev.unroll.app")
            .should().dependOnClassesThat().resideInAPackage("dev.unroll.app")
            .because("dev.unroll.app is the wiring: it knows every view, nothing knows it");

    @ArchTest
    static void viewPackagesDoNotImportEachOther(JavaClasses classes) {
        for (String view : VIEWS) {
            String[] others = VIEWS.stream().filter(v -> !v.equals(view)).map(v -> "dev.unroll.app." + v + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.unroll.app." + view + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("views talk through events and the app context, not through each other")
                    .check(classes);
        }
    }

    /**
     * "View" means one thing: a class of the app named {@code ...View} is the view of a view package
     * {@code app.x}, named {@code XView}, top-level, and built by the package's {@code XFeature}. So each view
     * package has exactly one class named {@code ...View}; the parts of a view are a Canvas, a Pane or a Panel.
     */
    @ArchTest
    static final ArchRule viewNamesOnlyThePackagesView = classes().that().resideInAPackage("dev.unroll.app..")
            .and().haveSimpleNameEndingWith("View")
            .should(beTheViewOfAViewPackage())
            .because("a newcomer reading XView finds the package's one view; its parts are named Canvas, Pane or Panel");

    private static ArchCondition<JavaClass> beTheViewOfAViewPackage() {
        return new ArchCondition<>("be the view XView of a view package app.x, built by its XFeature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String pkg = c.getPackageName();
                String id = pkg.substring(pkg.lastIndexOf('.') + 1);
                String stem = id.isEmpty() ? "" : id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
                String problem = null;
                if (!pkg.equals("dev.unroll.app." + id) || !VIEWS.contains(id)) {
                    problem = "lives outside the view packages " + VIEWS;
                } else if (!c.getName().equals(pkg + "." + stem + "View")) {
                    problem = "is not its package's view " + stem + "View (name a part Canvas, Pane or Panel)";
                } else if (c.getConstructorCallsToSelf().stream()
                        .noneMatch(call -> call.getOriginOwner().getName().equals(pkg + "." + stem + "Feature"))) {
                    problem = "is not built by " + stem + "Feature";
                }
                events.add(new SimpleConditionEvent(c, problem == null, c.getName() + (problem == null ? " is its package's view" : " " + problem)));
            }
        };
    }

    /** The app's own foundation: what every view may use. */
    private static final String[] APP_FOUNDATION = {"dev.unroll.app.core..", "dev.unroll.app.fx..", "dev.unroll.app.ui..",
        "dev.unroll.app.events..", "dev.unroll.app.training.."};

    @ArchTest
    static final ArchRule threadsOnlyWhereTheyAreManaged = noClasses()
            .that().resideOutsideOfPackages("dev.unroll.app.fx..", "dev.unroll.app.training..")
            .and().areNotAnnotatedWith(AllowedToStartThreads.class)
            .should().callConstructorWhere(target(owner(assignableTo(Thread.class).or(assignableTo(ThreadPoolExecutor.class))
                    .or(assignableTo(ForkJoinPool.class)).or(assignableTo(Timer.class)).or(assignableTo(AnimationTimer.class)))))
            .orShould().callMethodWhere(target(owner(type(Executors.class))))
            .because("background work goes through app.fx.BackgroundTasks and frame timers through app.fx.Animations (both"
                    + " named, counted and stopped on dispose), training through app.training; the engine's pools and the"
                    + " command line's shutdown hooks are marked @AllowedToStartThreads");

    @ArchTest
    static final ArchRule keysOnlyThroughTheCommandRegistry = noClasses()
            .that().resideOutsideOfPackage("dev.unroll.app.core..")
            .and().areNotAnnotatedWith(AllowedToHandleKeys.class)
            .should().dependOnClassesThat().areAssignableTo(KeyEvent.class)
            .because("a key is a Command's (app.core.Commands): the shortcuts dialog lists it, the scene's routing gives it"
                    + " its scope, and a node's own handler would never see the transport keys the routing takes first");

    @ArchTest
    static final ArchRule standardStreamsOnlyInTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("dev.unroll.cli..")
            .and().areNotAnnotatedWith(AllowedToUseStandardStreams.class)
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("the app speaks through its message bar and java.util.logging; only the command line owns stdout and stderr");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Launcher").definedBy(resideInAPackage("dev.unroll").and(not(resideInAPackage("dev.unroll.*.."))))
            .layer("Wiring").definedBy("dev.unroll.app")
            .layer("Views").definedBy(resideInAPackage("dev.unroll.app.*..").and(not(resideInAnyPackage(APP_FOUNDATION))))
            .layer("App foundation").definedBy(APP_FOUNDATION)
            .layer("Command line").definedBy("dev.unroll.cli..")
            .layer("Render").definedBy("dev.unroll.render..")
            .layer("Engine").definedBy("dev.unroll.engine..")
            .whereLayer("Launcher").mayNotBeAccessedByAnyLayer()
            .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Launcher")
            .whereLayer("Command line").mayOnlyBeAccessedByLayers("Launcher")
            .whereLayer("Views").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("App foundation").mayOnlyBeAccessedByLayers("Views", "Wiring")
            .whereLayer("Render").mayOnlyBeAccessedByLayers("Command line", "Views", "App foundation", "Wiring")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Launcher", "Wiring", "Views", "App foundation", "Command line", "Render")
            .because("each layer uses only those below it: the launcher picks the app or the command line, the wiring knows"
                    + " the views (shell and stage count as views), the views stand on the app's foundation, and all stand on"
                    + " the engine and the pictures");
}
