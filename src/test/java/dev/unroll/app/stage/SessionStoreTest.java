package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class SessionStoreTest {

    private static SessionState sample() {
        Map<String, double[]> dividers = new LinkedHashMap<>();
        dividers.put("main-split", new double[] {0.2625});
        dividers.put("hidden-split", new double[] {0.25, 0.75});
        TrainingConfig c = new TrainingConfig(128, 30, 0.05, 123_456, 250, 300, 0.7, -9_000_000_000L, 0.05, 500, 5.0);
        return new SessionState(null, Path.of("/data/verses ă.txt"), c, 50, "hidden", dividers,
                new SessionState.RunInfo(4242, "verses ă.txt"));
    }

    @Test
    void roundTrip(@TempDir Path dir) {
        SessionStore store = new SessionStore(dir.resolve("session"));
        SessionState s = sample();
        store.save(s);
        SessionStore.Loaded back = store.load();
        assertEquals(List.of(), back.problems());
        assertEquals(s, back.state());
        assertArrayEquals(new double[] {0.25, 0.75}, back.state().dividers().get("hidden-split"));

        SessionState bundled = new SessionState("romanian-verses", null, null, Double.POSITIVE_INFINITY, null, Map.of(), null);
        store.save(bundled);
        assertEquals(bundled, store.load().state());
        assertEquals(List.of(), store.load().problems());
    }

    /** {@code /sessions/format1-session.properties} was written by the release before the settings codec, from {@link #sample()}. */
    @Test
    void aSessionWrittenByTheFirstFormatStillLoads(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(SessionStoreTest.class.getResource("/sessions/format1-session.properties").toURI());
        SessionStore store = new SessionStore(dir);
        Files.copy(fixture, store.file());
        SessionStore.Loaded l = store.load();
        assertEquals(List.of(), l.problems());
        assertEquals(sample(), l.state());
        // and the codec writes it back the same
        store.save(l.state());
        assertEquals(Files.readString(fixture, StandardCharsets.UTF_8), Files.readString(store.file(), StandardCharsets.UTF_8));
    }

    @Test
    void noFileIsAnEmptySessionWithoutComplaint(@TempDir Path dir) {
        SessionStore.Loaded l = new SessionStore(dir).load();
        assertEquals(SessionState.empty(), l.state());
        assertEquals(List.of(), l.problems());
    }

    @Test
    void aDamagedFileIsIgnoredWithAMessage(@TempDir Path dir) throws IOException {
        SessionStore store = new SessionStore(dir);
        Path damaged = dir.resolve(SessionStore.FILE + ".damaged");
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, (byte) 0xc3};
        Files.write(store.file(), garbage);
        SessionStore.Loaded l = store.load();
        assertEquals(SessionState.empty(), l.state());
        assertEquals(List.of("the saved session " + store.file() + " is damaged (not a text file of ours); it was ignored and kept as "
                + damaged), l.problems());

        Files.writeString(store.file(), "view=\\u12", StandardCharsets.UTF_8);
        SessionStore.Loaded bad = store.load();
        assertEquals(SessionState.empty(), bad.state());
        assertEquals(1, bad.problems().size());

        Files.writeString(store.file(), "hello world\n", StandardCharsets.UTF_8);
        assertEquals(List.of("the saved session " + store.file() + " has no format line; it was ignored and kept as " + damaged),
                store.load().problems());

        Files.writeString(store.file(), "format=7\nview=loss\n", StandardCharsets.UTF_8);
        assertEquals(List.of("the saved session " + store.file() + " is format 7, not 1; it was ignored and kept as " + damaged),
                store.load().problems());
    }

    /** Issue 23 item 8: a session file that was ignored is kept beside the one the app writes on closing, not overwritten. */
    @Test
    void anIgnoredSessionFileIsNotOverwrittenByTheNextSave(@TempDir Path dir) throws IOException {
        SessionStore store = new SessionStore(dir);
        Files.writeString(store.file(), "garbage, not a session\n", StandardCharsets.UTF_8);
        assertEquals(1, store.load().problems().size());
        store.save(sample());
        assertEquals("garbage, not a session\n", Files.readString(dir.resolve(SessionStore.FILE + ".damaged")));
        assertEquals(sample(), store.load().state());
    }

    /** Issue 23 item 8: a loss history that cannot be read says why and where it was kept; the next save leaves that copy alone. */
    @Test
    void aDamagedLossHistoryIsKeptAsideAndSaid(@TempDir Path dir) throws IOException {
        SessionStore store = new SessionStore(dir);
        Files.writeString(store.historyFile(), "\u0000\u0001 garbage rows\n1,2,3\n", StandardCharsets.UTF_8);
        Path kept = dir.resolve(SessionStore.HISTORY_FILE + ".damaged");
        BadInputException e = assertThrows(BadInputException.class, () -> store.readHistory(100));
        assertEquals(store.historyFile() + " is not a loss log (its first line should be '" + LossCsv.HEADER + "'); it was kept as " + kept,
                e.getMessage());
        assertFalse(Files.exists(store.historyFile()));
        store.saveHistory(LossHistory.View.EMPTY);
        assertEquals("\u0000\u0001 garbage rows\n1,2,3\n", Files.readString(kept));
        assertEquals(LossCsv.HEADER + "\n", Files.readString(store.historyFile()).replace("\r\n", "\n"));
    }

    @Test
    void badValuesAreLeftOutOneByOne(@TempDir Path dir) throws IOException {
        SessionStore store = new SessionStore(dir);
        store.save(sample());
        String text = Files.readString(store.file())
                .replace("config.hidden_size=128", "config.hidden_size=lots")
                .replace("speed=50.0", "speed=-3")
                .replace("divider.main-split=0.2625", "divider.main-split=1.5")
                .replace("run.iteration=4242", "run.iteration=x");
        Files.writeString(store.file(), text, StandardCharsets.UTF_8);
        SessionStore.Loaded l = store.load();
        SessionState s = l.state();
        assertNull(s.config());
        assertTrue(Double.isNaN(s.speed()));
        assertNull(s.run());
        assertEquals(List.of("hidden-split"), List.copyOf(s.dividers().keySet()));
        assertEquals("hidden", s.selectedView(), "good values survive the bad ones");
        assertEquals(Path.of("/data/verses ă.txt"), s.corpusFile());
        assertEquals(List.of(
                "the saved settings were not restored: hidden size is not a whole number (lots)",
                "the saved speed -3 is not a positive number; it was not restored",
                "the saved divider positions divider.main-split = 1.5 are not valid; they were not restored",
                "the saved run's iteration x is not a number; the run is not offered"), l.problems());

        Files.writeString(store.file(), "format=1\nconfig.hidden_size=0\n", StandardCharsets.UTF_8);
        assertEquals(List.of("the saved settings were not restored: sequence length is missing"), store.load().problems());
    }
}
