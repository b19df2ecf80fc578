package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.app.core.Theme;
import dev.unroll.engine.BadInputException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

class TalkScriptTest {
    static final List<String> VIEWS = List.of("loss", "samples", "unrolled", "hidden", "generate");

    private static TalkScript parse(String text) {
        return TalkScript.parse(text, "talk.txt", Path.of("/talks"), VIEWS);
    }

    private static String error(String text) {
        return assertThrows(BadInputException.class, () -> parse(text)).getMessage();
    }

    @Test
    void readsSlidesInOrderWithTheirSettings() {
        TalkScript t = parse("""
                # the meetup demo
                title = Unrolling RNNs
                theme = dark

                [loss]
                title = Watch it learn
                corpus = romanian-verses
                preset = Quick demo
                learning-rate = 0.05
                speed = max
                run = start

                [unrolled]
                probe = "  Mulți ani\\n trăiască \\"tu\\" \\\\ "
                theme = presentation
                temperature = 0.8
                speed = 20

                [generate]
                """);
        assertEquals("Unrolling RNNs", t.title());
        assertEquals(List.of("loss", "unrolled", "generate"), t.views());
        TalkScript.Slide loss = t.slides().get(0);
        assertEquals(1, loss.number());
        assertEquals(5, loss.line());
        assertEquals("Watch it learn", loss.title());
        assertEquals(Theme.DARK, loss.theme(), "the script's theme is every slide's default");
        assertEquals("romanian-verses", loss.corpus());
        assertEquals("Quick demo", loss.preset());
        assertEquals(0.05, loss.learningRate());
        assertEquals(Double.POSITIVE_INFINITY, loss.speed());
        assertEquals(TalkScript.Run.START, loss.run());
        assertNull(loss.temperature());
        assertNull(loss.probe());
        TalkScript.Slide unrolled = t.slides().get(1);
        assertEquals("  Mulți ani\n trăiască \"tu\" \\ ", unrolled.probe());
        assertEquals(Theme.PRESENTATION, unrolled.theme());
        assertEquals(0.8, unrolled.temperature());
        assertEquals(20.0, unrolled.speed());
        assertNull(unrolled.corpus());
        TalkScript.Slide gen = t.slides().get(2);
        assertEquals(3, gen.number());
        assertNull(gen.title());
        assertNull(gen.learningRate());
        assertNull(gen.run());
    }

    @Test
    void withoutAScriptThemeSlidesLeaveTheThemeToPresentationMode() {
        TalkScript t = parse("[loss]\n[samples]\r\n[hidden]\r");
        assertEquals(List.of("loss", "samples", "hidden"), t.views());
        assertNull(t.slides().get(0).theme());
        assertEquals("", t.title());
    }

    @Test
    void resolvesCorpusFilesAgainstTheScriptsFolderButNotBundledIds() {
        TalkScript t = parse("[loss]\ncorpus = texts/verses.txt\n");
        assertEquals(Path.of("/talks/texts/verses.txt"), t.corpusFile(t.slides().get(0).corpus(), List.of("romanian-verses")));
        assertNull(t.corpusFile("romanian-verses", List.of("romanian-verses")));
        assertEquals(Path.of("/elsewhere/a.txt"), t.corpusFile("/elsewhere/a.txt", List.of()));
    }

    @Test
    void badFilesSayWhatAndWhere() {
        assertEquals("talk script talk.txt has no slides: add at least one view in square brackets, like [loss]",
                error("# nothing here\ntitle = x\n"));
        assertEquals("talk script talk.txt, line 2: there is no view 'hiden' (views: loss, samples, unrolled, hidden, generate)",
                error("[loss]\n[hiden]\n"));
        assertEquals("talk script talk.txt, line 2: unknown setting 'lr' (a slide may set title, theme, corpus, preset, "
                + String.join(", ", TalkScript.SLIDE_KEYS.subList(4, TalkScript.SLIDE_KEYS.size())) + ")", error("[loss]\nlr = 0.1\n"));
        assertEquals("talk script talk.txt, line 3: learning-rate must be a positive number (got '-1')",
                error("[loss]\n\nlearning-rate = -1\n"));
        assertEquals("talk script talk.txt, line 2: speed must be a positive number or max (got 'fast')",
                error("[loss]\nspeed = fast\n"));
        assertEquals("talk script talk.txt, line 2: unknown theme 'neon' (light, dark or presentation)",
                error("[loss]\ntheme = neon\n"));
        assertEquals("talk script talk.txt, line 2: run must be start, pause, continue, stop or reset (got 'go')",
                error("[loss]\nrun = go\n"));
        assertEquals("talk script talk.txt, line 1: 'speed' belongs to a slide: put it after a slide header like [loss]",
                error("speed = 5\n[loss]\n"));
        assertEquals("talk script talk.txt, line 3: 'probe' is set twice in slide 1 [loss]",
                error("[loss]\nprobe = a\nprobe = b\n"));
        assertEquals("talk script talk.txt, line 1: a slide header needs a closing bracket, like [loss] (got '[loss')",
                error("[loss\n"));
        assertEquals("talk script talk.txt, line 2: expected a slide header like [loss] or a setting like key = value (got 'next please')",
                error("[loss]\nnext please\n"));
        assertEquals("talk script talk.txt, line 2: a quoted value must end with a double quote (got \"abc)",
                error("[loss]\nprobe = \"abc\n"));
        assertEquals("talk script talk.txt, line 2: unknown escape \\q in a quoted value (use \\n, \\t, \\\" or \\\\)",
                error("[loss]\nprobe = \"a\\qb\"\n"));
        assertEquals("talk script talk.txt, line 2: 'corpus' needs a value", error("[loss]\ncorpus =\n"));
        assertEquals("talk script talk.txt, line 2: page is for [unrolled] slides (its pages: walk-through; gradient flow; weights & gradients)",
                error("[loss]\npage = flow\n"));
        assertEquals("talk script talk.txt, line 2: no page 'gradients' (pages: walk-through; gradient flow; weights & gradients)",
                error("[unrolled]\npage = gradients\n"));
        assertEquals("talk script talk.txt, line 2: the probe text is empty", error("[loss]\nprobe = \"\"\n"));
        assertEquals("talk script talk.txt, line 2: compare must be start or stop (got 'go')", error("[loss]\ncompare = go\n"));
    }

    @Test
    void aGenerateSlideCanWriteAsItComesUp() {
        TalkScript t = parse("[generate]\nprime = \"Mama \"\ngenerate = On\n[generate]\n");
        assertEquals("on", t.slides().get(0).probes().get(TalkScript.GENERATE));
        assertEquals("Mama ", t.slides().get(0).probes().get("generate"), "the slide keeps its prime beside generate = on");
        assertEquals(null, t.slides().get(1).probes().get(TalkScript.GENERATE));
        assertEquals("talk script talk.txt, line 2: generate is for [generate] slides", error("[loss]\ngenerate = on\n"));
        assertEquals("talk script talk.txt, line 2: generate must be on (got 'later')", error("[generate]\ngenerate = later\n"));
    }

    @Test
    void anUnrolledSlideSetsItsWalkThroughAndBadValuesSaySo() {
        TalkScript t = parse("[unrolled]\nunroll = On\npass = Backward\nstep = last\nfollow = training\n[unrolled]\nunroll = off\nstep = 3\nfollow = typed\n");
        assertEquals("on", t.slides().get(0).probes().get("unroll"));
        assertEquals("backward", t.slides().get(0).probes().get("pass"));
        assertEquals("last", t.slides().get(0).probes().get("step"));
        assertEquals("training", t.slides().get(0).probes().get("follow"));
        assertEquals("off", t.slides().get(1).probes().get("unroll"));
        assertEquals("3", t.slides().get(1).probes().get("step"));
        assertEquals("typed", t.slides().get(1).probes().get("follow"));
        assertNull(t.slides().get(1).probes().get("pass"));
        assertEquals("talk script talk.txt, line 2: unroll must be on or off (got 'yes')", error("[unrolled]\nunroll = yes\n"));
        assertEquals("talk script talk.txt, line 2: step must be a step number (0 or more) or last (got '-2')", error("[unrolled]\nstep = -2\n"));
        assertEquals("talk script talk.txt, line 2: pass must be forward or backward (got 'back')", error("[unrolled]\npass = back\n"));
        assertEquals("talk script talk.txt, line 2: follow must be training or typed (got 'text')", error("[unrolled]\nfollow = text\n"));
        assertEquals("talk script talk.txt, line 2: step is for [unrolled] slides (the walk-through's setting)", error("[loss]\nstep = 3\n"));
    }

    @Test
    void anExperimentsSlideShowsTheShippedOriginalGrid() {
        List<String> views = List.of("loss", "experiments");
        TalkScript t = TalkScript.parse("[experiments]\nsweep = Original\n[experiments]\n", "talk.txt", null, views);
        assertEquals(TalkScript.SWEEP_ORIGINAL, t.slides().get(0).probes().get(TalkScript.SWEEP));
        assertNull(t.slides().get(1).probes().get(TalkScript.SWEEP));
        assertEquals("talk script talk.txt, line 2: sweep must be original, the shipped run of the original nine-run grid (got 'mine')",
                assertThrows(BadInputException.class, () -> TalkScript.parse("[experiments]\nsweep = mine\n", "talk.txt", null, views)).getMessage());
        assertEquals("talk script talk.txt, line 2: sweep is for [experiments] slides",
                assertThrows(BadInputException.class, () -> TalkScript.parse("[loss]\nsweep = original\n", "talk.txt", null, views)).getMessage());
    }

    @Test
    void aSlideStartsOrStopsTheComparisonOfTheCells() {
        TalkScript t = parse("[loss]\ncompare = Start\n[samples]\ncompare = stop\n[hidden]\n");
        assertEquals(TalkScript.COMPARE_START, t.slides().get(0).probes().get(TalkScript.COMPARE));
        assertEquals(TalkScript.COMPARE_STOP, t.slides().get(1).probes().get(TalkScript.COMPARE));
        assertEquals(null, t.slides().get(2).probes().get(TalkScript.COMPARE));
    }

    @Test
    void aSlideTrainsTheComparisonOnABundledCorpusOfItsOwn() {
        TalkScript t = parse("[loss]\ncompare = start\ncompare-corpus = structured\n[samples]\ncompare = start\n");
        assertEquals("structured", t.slides().get(0).probes().get(TalkScript.COMPARE_CORPUS));
        assertEquals(null, t.slides().get(1).probes().get(TalkScript.COMPARE_CORPUS));
        assertEquals("talk script talk.txt, line 2: compare-corpus must be a bundled corpus (romanian-verses, structured), got 'verses.txt'",
                error("[loss]\ncompare-corpus = verses.txt\ncompare = start\n"));
        assertEquals("talk script talk.txt, line 1: compare-corpus goes with compare = start, in slide 1 [loss]",
                error("[loss]\ncompare-corpus = structured\n"));
    }

    @Test
    void loadsAFileAndRefusesBadOnes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("demo.talk");
        Files.writeString(f, "\uFEFF[generate]\nprobe = Dor de casă\n", StandardCharsets.UTF_8);
        TalkScript t = TalkScript.load(f, VIEWS);
        assertEquals("demo.talk", t.name());
        assertEquals(dir.toAbsolutePath(), t.folder());
        assertEquals("Dor de casă", t.slides().get(0).probe());

        assertEquals("talk script not found: " + dir.resolve("missing.talk"),
                assertThrows(BadInputException.class, () -> TalkScript.load(dir.resolve("missing.talk"), VIEWS)).getMessage());
        assertEquals("talk script " + dir + " is a folder, not a file",
                assertThrows(BadInputException.class, () -> TalkScript.load(dir, VIEWS)).getMessage());
        Path binary = dir.resolve("binary.talk");
        Files.write(binary, new byte[] {'[', 'l', 0, 1, 2});
        assertTrue(assertThrows(BadInputException.class, () -> TalkScript.load(binary, VIEWS)).getMessage()
                .startsWith("talk script binary.talk looks binary"));
        Path latin1 = dir.resolve("latin1.talk");
        Files.write(latin1, "[loss]\ntitle = D\u00e9j\u00e0\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(BadInputException.class, () -> TalkScript.load(latin1, VIEWS)).getMessage()
                .startsWith("talk script latin1.talk is not valid UTF-8"));
    }

    @Test
    void theDefaultTalkFollowsTheOrderOfATalkThenTheOtherViews() {
        TalkScript t = TalkScript.defaultTalk(List.of("samples", "experiments", "generate", "loss", "hidden"));
        assertEquals(List.of("loss", "samples", "hidden", "generate", "experiments"), t.views());
        assertEquals(List.of(1, 2, 3, 4, 5), t.slides().stream().map(TalkScript.Slide::number).toList());
    }

    @Test
    void theShippedExampleScriptParses() throws IOException {
        try (var in = TalkScriptTest.class.getResourceAsStream(TalkScripts.EXAMPLE_RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> all = new ArrayList<>(VIEWS);
            all.add("experiments");
            all.add("compare");
            TalkScript t = TalkScript.parse(text, "example.talk", null, all);
            assertTrue(t.views().containsAll(all), "every view has a slide: " + t.views());
            // every slide of the talk has its live slide, in the talk's order
            String titles = String.join(" | ", t.slides().stream().map(TalkScript.Slide::title).toList()).toLowerCase(Locale.ROOT);
            int at = -1;
            for (String topic : List.of("feed-forward", "any length", "parameter sharing", "computational graph", "unrolling",
                    "one to many", "many to one", "delayed", "character-level", "forward pass", "backward pass", "clipping", "why gates", "update")) {
                int i = titles.indexOf(topic, at + 1);
                assertTrue(i > at, "the talk's '" + topic + "' slide, in order: " + titles);
                at = i;
            }
        }
    }
}
