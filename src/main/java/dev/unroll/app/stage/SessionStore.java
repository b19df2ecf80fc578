package dev.unroll.app.stage;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.io.AtomicFiles;
import dev.unroll.engine.io.LossCsv;
import dev.unroll.engine.io.RunSettingsCodec;
import dev.unroll.engine.sweep.LossLog;
import dev.unroll.engine.train.LossHistory;
import dev.unroll.engine.train.TrainingConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Saves and reads the session: {@code session.properties} (a {@link SessionState}, as Java
 * properties in UTF-8) and {@code last-run.npz} (the run's checkpoint, written by the caller) in one
 * folder, by default {@link Workspace#sessionDir()}.
 *
 * <p>Reading never fails: a missing file is an empty session; an unreadable or corrupt file, or a
 * bad value in it, is left out and described in {@link Loaded#problems()}, for a message. A file
 * ignored as a whole (and a loss history that cannot be read) is moved aside to
 * {@code <name>.damaged}, so that closing the app does not overwrite it.
 *
 * <p>Keys: {@code format} (1), {@code corpus.bundled} or {@code corpus.file}, {@code config.*}
 * (the {@link TrainingConfig} fields as {@link RunSettingsCodec} writes them), {@code speed} ("max" or iterations per second),
 * {@code view}, {@code divider.<node id>} (comma-separated positions), {@code run.iteration} and
 * {@code run.corpus} (the checkpoint's iteration and corpus name), {@code experiments.sweep} (the sweep
 * Experiments showed).
 */
public final class SessionStore {
    public static final String FILE = "session.properties";
    public static final String RUN_FILE = "last-run.npz";
    /** The loss history of the autosaved run, a loss CSV beside its checkpoint. */
    public static final String HISTORY_FILE = "last-run-loss.csv";
    static final int FORMAT = 1;
    private static final long MAX_BYTES = 1024 * 1024;

    private final Path dir;

    public SessionStore(Path dir) {
        this.dir = dir;
    }

    /** The store in the workspace's session folder. */
    public static SessionStore inWorkspace() {
        return new SessionStore(Workspace.sessionDir());
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /** Where the run's checkpoint is autosaved. */
    public Path runFile() {
        return dir.resolve(RUN_FILE);
    }

    /** Where the autosaved run's loss history is kept (a loss CSV). */
    public Path historyFile() {
        return dir.resolve(HISTORY_FILE);
    }

    /** Writes the run's loss history atomically beside its checkpoint. */
    public void saveHistory(LossHistory.View history) {
        try {
            AtomicFiles.writeString(historyFile(), LossCsv.of(history));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the loss history in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The autosaved run's loss history up to {@code iteration}; empty when there is none (a session
     * from before it was kept). A damaged file is moved aside ({@link #keepDamaged}), so that the
     * next save does not overwrite it, and is a {@link BadInputException} that says where it went.
     */
    public LossHistory.View readHistory(long iteration) {
        Path f = historyFile();
        if (!Files.isRegularFile(f)) {
            return LossHistory.View.EMPTY;
        }
        String why;
        try {
            return LossLog.parse(String.valueOf(f), Files.readString(f, StandardCharsets.UTF_8), iteration).toHistory();
        } catch (BadInputException e) {
            why = e.getMessage();
        } catch (IOException | RuntimeException e) {
            why = "cannot read " + f + " (" + e.getMessage() + ")";
        }
        throw new BadInputException(why + "; " + kept(keepDamaged(f), "the loss history"));
    }

    /** The suffix a damaged file is kept under, beside the file that replaces it. */
    public static final String DAMAGED = ".damaged";

    /**
     * Moves a file that could not be read to {@code <name>.damaged} (replacing an older one), so that
     * what the app writes next does not overwrite it: it may be repaired by hand.
     *
     * @return where it went, or null when it could not be moved
     */
    static Path keepDamaged(Path f) {
        Path to = f.resolveSibling(f.getFileName() + DAMAGED);
        try {
            Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String kept(Path to, String what) {
        return to == null ? what + " could not be moved aside and will be replaced" : "it was kept as " + to;
    }

    /** A problem with the session file: it is moved aside, and the line says so. */
    private Loaded ignored(Path f, String why) {
        Path to = keepDamaged(f);
        return new Loaded(SessionState.empty(), List.of("the saved session " + f + " " + why + "; it was ignored"
                + (to == null ? "" : " and kept as " + to)));
    }

    /**
     * A session as read.
     *
     * @param state    what could be read (empty when nothing could)
     * @param problems one line per thing that was left out, for the user; empty when all went well
     */
    public record Loaded(SessionState state, List<String> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Reads the session; never throws. */
    public Loaded load() {
        List<String> problems = new ArrayList<>();
        Path f = file();
        Properties p = new Properties();
        try {
            if (Files.size(f) > MAX_BYTES) {
                return ignored(f, "is too large to be ours");
            }
            byte[] bytes = Files.readAllBytes(f);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            p.load(new StringReader(text));
        } catch (NoSuchFileException e) {
            return new Loaded(SessionState.empty(), List.of());
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return ignored(f, "is damaged (not a text file of ours)");
        } catch (IOException e) {
            return ignored(f, "cannot be read (" + e.getMessage() + ")");
        }
        String format = p.getProperty("format");
        if (format == null || !format.strip().equals(Integer.toString(FORMAT))) {
            String why = format == null ? "has no format line" : "is format " + format.strip() + ", not " + FORMAT;
            return ignored(f, why);
        }

        String bundled = text(p, "corpus.bundled");
        Path corpusFile = null;
        String cf = text(p, "corpus.file");
        if (cf != null) {
            try {
                corpusFile = Path.of(cf);
            } catch (InvalidPathException e) {
                problems.add("the last corpus file name is not valid here (" + cf + ")");
            }
        }
        if (bundled != null && corpusFile != null) {
            problems.add("the saved session names two corpora; neither was restored");
            bundled = null;
            corpusFile = null;
        }
        TrainingConfig config = config(p, problems);
        double speed = Double.NaN;
        String sp = text(p, "speed");
        if (sp != null) {
            if (sp.equalsIgnoreCase("max")) {
                speed = Double.POSITIVE_INFINITY;
            } else {
                Double d = number(sp);
                if (d != null && d > 0 && !d.isInfinite()) {
                    speed = d;
                } else {
                    problems.add("the saved speed " + sp + " is not a positive number; it was not restored");
                }
            }
        }
        String view = text(p, "view");
        Map<String, double[]> dividers = new LinkedHashMap<>();
        for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            if (!key.startsWith("divider.")) {
                continue;
            }
            String id = key.substring("divider.".length());
            double[] pos = positions(p.getProperty(key));
            if (id.isEmpty() || pos == null) {
                problems.add("the saved divider positions " + key + " = " + p.getProperty(key) + " are not valid; they were not restored");
            } else {
                dividers.put(id, pos);
            }
        }
        SessionState.RunInfo run = null;
        String it = text(p, "run.iteration");
        if (it != null) {
            try {
                long n = Long.parseLong(it);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                run = new SessionState.RunInfo(n, p.getProperty("run.corpus", "").strip());
            } catch (NumberFormatException e) {
                problems.add("the saved run's iteration " + it + " is not a number; the run is not offered");
            }
        }
        return new Loaded(new SessionState(bundled, corpusFile, config, speed, view, dividers, run, text(p, SWEEP)), problems);
    }

    private static String text(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double[] positions(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String[] parts = s.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Double d = number(parts[i].strip());
            if (d == null || !(d >= 0 && d <= 1)) {
                return null;
            }
            out[i] = d;
        }
        return out;
    }

    private static final String CONFIG = "config.";
    private static final String SWEEP = "experiments.sweep";

    private static TrainingConfig config(Properties p, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            values.put(k, p.getProperty(k));
        }
        Map<String, String> config = RunSettingsCodec.withoutPrefix(CONFIG, values);
        if (config.isEmpty()) {
            return null;
        }
        try {
            return RunSettingsCodec.decode(config, TrainingConfig.defaults(), Set.of());
        } catch (BadInputException e) {
            problems.add("the saved settings were not restored: " + e.getMessage());
            return null;
        }
    }

    /** Writes the session atomically (a temporary file moved over the old one). */
    public void save(SessionState s) {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        if (s.bundledCorpus() != null) {
            p.setProperty("corpus.bundled", s.bundledCorpus());
        }
        if (s.corpusFile() != null) {
            p.setProperty("corpus.file", s.corpusFile().toAbsolutePath().toString());
        }
        TrainingConfig c = s.config();
        if (c != null) {
            RunSettingsCodec.asText(CONFIG, RunSettingsCodec.encode(c)).forEach(p::setProperty);
        }
        if (!Double.isNaN(s.speed())) {
            p.setProperty("speed", Double.isInfinite(s.speed()) ? "max" : Double.toString(s.speed()));
        }
        if (s.selectedView() != null) {
            p.setProperty("view", s.selectedView());
        }
        s.dividers().forEach((id, pos) -> {
            StringBuilder sb = new StringBuilder();
            for (double d : pos) {
                sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", d));
            }
            p.setProperty("divider." + id, sb.toString());
        });
        if (s.run() != null) {
            p.setProperty("run.iteration", Long.toString(s.run().iteration()));
            p.setProperty("run.corpus", s.run().corpusName());
        }
        if (s.sweep() != null) {
            p.setProperty(SWEEP, s.sweep());
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
            // one escaped line per key: sorted, the file reads the same every time
            List<String> lines = new ArrayList<>(w.toString().lines().filter(l -> !l.startsWith("#")).sorted().toList());
            lines.add(0, "# Unroll: the last session (rewritten when the app closes)");
            AtomicFiles.writeString(file(), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the session in " + dir + ": " + e.getMessage(), e);
        }
    }
}
