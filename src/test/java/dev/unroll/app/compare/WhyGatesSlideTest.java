package dev.unroll.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.stage.TalkScript;
import dev.unroll.app.stage.TalkScripts;
import dev.unroll.engine.compare.CellComparison;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.inspect.VanishingGradient;
import dev.unroll.engine.model.Cell;
import dev.unroll.engine.train.RunState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.engine.train.TrainingSnapshot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example talk's "Why gates" slide says what is on screen, early and at the end: on the comparison
 * that slide starts (its {@code compare-corpus}, the Compare view's default weights and iterations),
 * the LSTM and GRU read the validation text better than the vanilla cell from the first validation on,
 * and better than the n-gram line at the end (the vanilla cell does not); and their vanishing-gradient
 * curves, as the view draws them (averaged over recent windows, relative to k = 1), lie above the
 * vanilla cell's at every k from {@value #APART} to T, early and at the end, and a hundred times above it
 * T steps back. For the first steps past the reference the three curves are close: at k = 2 the
 * LSTM's was within a few percent of the vanilla cell's, on either side, and at k = 3 too early on (a
 * full run of the suite saw 0.228 against 0.241 at iteration 1,000, failing a check from k = 3); from
 * about five steps back the vanilla cell's falls at about 0.43 a step against the LSTM's 0.67, so they
 * are apart by twice and more. The slide's notes say so. Engine-level: the same comparison the view runs, without the window.
 */
public class WhyGatesSlideTest {
    /** The first k at which the curves are apart. */
    static final int APART = 5;

    private static TalkScript.Slide compareSlide() throws IOException {
        String text;
        try (InputStream in = WhyGatesSlideTest.class.getResourceAsStream(TalkScripts.EXAMPLE_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TalkScript talk = TalkScript.parse(text, TalkScripts.EXAMPLE_NAME, null, List.of("loss", "samples", "unrolled", "hidden",
                "generate", "experiments", "compare"));
        return talk.slides().stream()
                .filter(s -> TalkScript.COMPARE_START.equals(s.probes().get(TalkScript.COMPARE)))
                .findFirst().orElseThrow();
    }

    public static double valBits(CellComparison.CellState c) {
        return c.training().valLoss() / Math.log(2);
    }

    /** Every cell has a validation loss and a gradient curve. */
    public static boolean measured(CellComparison.Snapshot s) {
        return s.cells().stream().allMatch(c -> c.training() != null && Double.isFinite(c.training().valLoss()) && c.gradient() != null);
    }

    private static String describe(CellComparison.Snapshot s) {
        StringBuilder b = new StringBuilder();
        for (CellComparison.CellState c : s.cells()) {
            VanishingGradient.Mean g = c.gradient();
            int T = g == null ? 0 : g.length();
            b.append(String.format(Locale.ROOT, "%s at %d: validation %.3f bits/char, gradient at k = 2, 3, %d: %.2e, %.2e, %.2e; ",
                    c.cell().cliName(), c.training().iteration(), valBits(c), T, g == null ? Double.NaN : g.ratio(1, 2),
                    g == null ? Double.NaN : g.ratio(1, 3), g == null ? Double.NaN : g.ratio(1, T)));
        }
        return b.append(String.format(Locale.ROOT, "n-gram %.3f", s.baseline() == null ? Double.NaN : s.baseline().best().bitsPerChar()))
                .toString();
    }

    /** The gated cells' curves (relative to k = 1, as drawn) lie above the vanilla cell's at every k from APART to T, far above at T. */
    public static void assertGradientsStayUp(CellComparison.Snapshot s, String when) {
        VanishingGradient.Mean vanilla = s.cells().get(0).gradient();
        int T = vanilla.length();
        for (CellComparison.CellState c : s.cells().subList(1, 3)) {
            for (int k = APART; k <= T; k++) {
                assertTrue(c.gradient().ratio(1, k) > vanilla.ratio(1, k), when + ", " + c.cell().cliName() + ", k = " + k + ": " + describe(s));
            }
            assertTrue(c.gradient().ratio(1, T) > 100 * vanilla.ratio(1, T), when + ", " + c.cell().cliName() + ", k = T: " + describe(s));
        }
    }

    @Test
    void theGatedCellsReadBetterThanTheVanillaCellAndTheirGradientsStayUpEarlyAndAtTheEnd() throws Exception {
        TalkScript.Slide slide = compareSlide();
        String corpusId = slide.probes().get(TalkScript.COMPARE_CORPUS);
        assertNotNull(corpusId, "the slide names the comparison's corpus");
        Corpus corpus = BundledCorpus.byId(corpusId).orElseThrow().load();
        List<TrainingConfig> runs = CompareModel.runs(corpus, CompareModel.DEFAULT_WEIGHTS, CompareModel.DEFAULT_ITERATIONS);
        assertEquals(CompareModel.CELLS, runs.stream().map(TrainingConfig::cell).toList());
        CellComparison cmp = new CellComparison(corpus, runs);
        AtomicReference<CellComparison.Snapshot> early = new AtomicReference<>();
        cmp.start(s -> {
            if (early.get() == null && measured(s)) {
                early.compareAndSet(null, s);
            }
        });
        try {
            assertTrue(cmp.await(10, TimeUnit.MINUTES), "the comparison ends");
        } finally {
            cmp.stop();
        }
        // early: at the first validation of every cell (1,000 iterations), as soon as the titles say "validation"
        CellComparison.Snapshot e = early.get();
        assertNotNull(e);
        System.out.println("early: " + describe(e));
        double v = valBits(e.cells().get(0));
        for (CellComparison.CellState c : e.cells().subList(1, 3)) {
            assertTrue(valBits(c) < v, "early, " + c.cell().cliName() + ": " + describe(e));
        }
        assertGradientsStayUp(e, "early");
        // at the end: every run trained its iterations; the gated cells below the vanilla cell and below the n-gram line, the vanilla cell above it
        CellComparison.Snapshot end = cmp.latest();
        System.out.println("end: " + describe(end));
        double ngram = end.baseline().best().bitsPerChar();
        for (CellComparison.CellState c : end.cells()) {
            TrainingSnapshot t = c.training();
            assertEquals(RunState.FINISHED, t.state(), c.cell().cliName());
            assertEquals(CompareModel.DEFAULT_ITERATIONS, t.iteration());
            if (c.cell() == Cell.VANILLA) {
                assertTrue(valBits(c) > ngram, "the vanilla cell above the n-gram line: " + describe(end));
            } else {
                assertTrue(valBits(c) < valBits(end.cells().get(0)) && valBits(c) < ngram, c.cell().cliName() + ": " + describe(end));
            }
        }
        assertGradientsStayUp(end, "at the end");
    }
}
