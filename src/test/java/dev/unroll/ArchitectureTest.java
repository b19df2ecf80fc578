package dev.unroll;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.unroll.app.Features;
import java.util.List;

/**
 * The rules of the house (see the README's "For developers"), checked on the main classes: the
 * engine stays a pure library, the CLI stays off the app, the pictures (render) stay off both, packages form no cycle, the wiring
 * package is imported by nobody but the launcher, and the view packages never import each other
 * (they talk through events and the app context).
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
}
