package dev.unroll.app;

import static dev.unroll.app.ShellFixtures.await;
import static dev.unroll.app.ShellFixtures.onFx;
import static dev.unroll.app.ShellFixtures.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unroll.app.generate.GenerateFeature;
import dev.unroll.app.shell.BundledSources;
import dev.unroll.engine.corpus.BundledCorpus;

import javafx.beans.property.StringProperty;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

/** Issue 13: Generate's prime and the Unrolled text are in the corpus's language, not English on Romanian verses. */
class CorpusWordsInViewsTest extends WindowTest {
    private StringProperty prime() {
        return onFx(() -> ((GenerateFeature) window.feature("generate").orElseThrow()).model().primeProperty());
    }

    @Test
    void theBundledVersesGetRomanianWordsAndAUsersCorpusItsFirstWordsUnlessThePrimeWasEdited() throws Exception {
        await(20, "default corpus", () -> window.context().corpus().get() != null);
        assertEquals("Mama ", onFx(() -> prime().get()));
        // no run: asked to unroll a text without having typed one, Unrolled takes a phrase of the verses
        runFx(() -> window.select("unrolled"));
        TextField text = onFx(() -> (TextField) window.scene().lookup("#unrolled-text"));
        runFx(() -> ((ToggleButton) window.scene().lookup("#unrolled-source-text")).fire());
        await(20, "a text to unroll", () -> !text.getText().isEmpty());
        assertEquals(BundledCorpus.defaultCorpus().words().probe(), onFx(text::getText));

        Path lied = dir.resolve("lied.txt");
        Files.writeString(lied, "Sah ein Knab ein Röslein stehn, Röslein auf der Heiden,\n".repeat(400));
        runFx(() -> window.context().actions().openCorpus(lied));
        await(20, "the user's corpus", () -> window.context().corpus().get().name().equals("lied.txt"));
        assertEquals("Sah ", onFx(() -> prime().get()), "the corpus's first word");

        // a prime the user wrote stays through a change of corpus
        runFx(() -> prime().set("Röslein "));
        runFx(() -> window.corpusPanel().choose(BundledSources.list().get(0)));
        await(20, "the verses again", () -> window.context().corpus().get().name().equals("romanian-verses.txt"));
        assertEquals("Röslein ", onFx(() -> prime().get()));
    }
}
