package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;
import dev.unroll.app.samples.SamplesFeature;
import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import javafx.scene.control.Label;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

/**
 * Every sample keeps all its characters in the Samples list at 1280x720, in every theme (issues 13 and 16),
 * by {@link LayoutTest}'s check: a sample whose lines are wider than the list wraps onto as many lines as it
 * needs, and a sample that ends with a line break (as one in forty does) is not taken for one cut short.
 */
class SamplesLayoutTest extends WindowTest {
    /** A 200-character sample as a young network draws it: words, spaces and newlines, one line wider than the list. */
    static final String WORDS = "se cu ce lu mare in noapte de aur si ca pe un tarm de stele ne cuna dorul meu de veci "
            + "si lin se leagana o frunza pe ape iar luna trece peste valea cu ploi\nnoi\nsi ma min tu cand ne du de ce mai dor cel";
    /** A 200-character sample without a space: a line the wrapping cannot break at a word. */
    static final String NO_SPACES = "aaeeiioouuaaeeiioouu".repeat(10);
    /**
     * The sample that failed LayoutTest in a full run (every size and theme): short lines and a line break at its
     * end, which a wrapping Label does not display, so the shown text lacked the trailing line break.
     */
    static final String ENDS_WITH_NEWLINE = "ver lld river wind under song,\nFalls nighe.\nLight sleeps the.\nWind light,\n"
            + "And over rild under under falls stone slow and.\nOf fand slow stond river slow bright under,\nUnder,\n"
            + "Falls of a and sleeps and,\n";

    @ParameterizedTest
    @EnumSource(Theme.class)
    void aLongSampleWrapsInItsCellInsteadOfBeingCut(Theme theme) {
        assertEquals(200, WORDS.length());
        assertEquals(200, NO_SPACES.length());
        SamplesFeature samples = (SamplesFeature) window.feature("samples").orElseThrow();
        runFx(() -> {
            window.stage().setMaximized(false);
            window.stage().setWidth(1280);
            window.stage().setHeight(720);
            window.setTheme(theme);
            window.select("samples");
            samples.model().merge(snapshot(List.of(new Sample(100, 101.5, 1.0, NO_SPACES), new Sample(200, 98.25, 1.0, WORDS),
                    new Sample(300, 97.5, 1.0, ENDS_WITH_NEWLINE))));
        });
        await(10, "the window at 1280x720 with the samples listed", () -> window.scene().getWidth() > 0
                && Math.abs(window.stage().getWidth() - 1280) < 1 && Math.abs(window.stage().getHeight() - 720) < 1
                && samples.model().entries().size() == 3);
        List<String> problems = LayoutTest.settledProblems(samples.view());
        assertEquals(List.of(), problems, "the Samples view at 1280x720 in the " + theme + " theme");
        // the texts are on screen (so the check above looked at them), the long ones wrapped
        List<Label> texts = onFx(() -> LayoutTest.descendants(samples.view(), Label.class).stream()
                .filter(l -> l.getStyleClass().contains("sample-text") && l.isVisible() && l.getText() != null
                        && List.of(WORDS, NO_SPACES, ENDS_WITH_NEWLINE).contains(l.getText()))
                .toList());
        // newest first: the one ending with a line break and the one with words (the third is below them in large type)
        assertTrue(texts.stream().anyMatch(l -> l.getText().equals(ENDS_WITH_NEWLINE)), "the sample ending with a line break is shown");
        assertTrue(texts.stream().anyMatch(l -> l.getText().equals(WORDS)), "the long sample with words is shown");
        for (Label l : texts.stream().filter(l -> !l.getText().equals(ENDS_WITH_NEWLINE)).toList()) {
            double lineHeight = onFx(() -> l.getFont().getSize());
            assertTrue(onFx(l::getHeight) > 2 * lineHeight, "a wrapped sample is taller than one line: " + onFx(l::getHeight));
        }
    }

    /** A paused run's snapshot holding {@code samples} and nothing else the Samples view reads. */
    private static TrainingSnapshot snapshot(List<Sample> samples) {
        return new TrainingSnapshot(200, 1000, RunState.PAUSED, "", Double.NaN, 98.25, Double.NaN, 0, 0, 0.1, 1.0,
                TrainingConfig.defaults(), null, null, samples, null, null, null);
    }
}
