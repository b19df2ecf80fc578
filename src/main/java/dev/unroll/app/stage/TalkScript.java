package dev.unroll.app.stage;

import dev.unroll.app.core.Theme;
import dev.unroll.app.events.ShowFlavor;
import dev.unroll.app.events.ShowPage;
import dev.unroll.app.events.ShowWalk;
import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.BundledCorpus;
import dev.unroll.engine.corpus.Corpus;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A talk: the views to show in order, each with the settings to apply when it comes up, so that a
 * speaker rehearses once and replays the same demo. Read from a plain UTF-8 text file:
 *
 * <pre>
 * # Unrolling Recurrent Neural Networks: the demo
 * title = Unrolling RNNs          (optional, before the first slide)
 * theme = presentation            (optional, before the first slide: every slide's default theme)
 *
 * [loss]                          a slide: the id of a view
 * title = Watch it learn          what the slide counter shows beside the number
 * corpus = romanian-verses        a bundled corpus id, or a file (relative to the script's folder)
 * preset = Quick demo             a preset of the side panel (its name or the start of it)
 * learning-rate = 0.1
 * speed = 50                      iterations per second, or "max"
 * run = start                     start, pause, continue, stop or reset the training run
 *
 * [unrolled]
 * probe = "Mulți ani trăiască"    the text the inspection views run through the network
 * unrolled-probe = "mama"         or one text per view: the Unrolled view's,
 * hidden-probe = "cu o traistă"   the Hidden state view's,
 * prime = "Mama "                 and Generate's prime
 * flavor = one to many            on the Unrolled view: a flavor of RNN drawn on the same cell
 *                                 (many to many, one to many, many to one, many to many, delayed)
 * page = gradient flow            on the Unrolled view: the page it shows
 *                                 (walk-through, gradient flow, weights &amp; gradients)
 * unroll = on                     on [unrolled]: the chain of copies (on) or the folded cell (off)
 * pass = backward                 on [unrolled]: the walk-through at the start of its forward or backward pass
 * step = 3                        on [unrolled]: at step N (or last) of that pass (the forward pass if none is given)
 * follow = training               on [unrolled]: the trainer's own window, following training (training),
 *                                 or the typed or probe text (typed)
 * compare = start                 start (or stop) the comparison of vanilla, LSTM and GRU (the Compare cells view's)
 * generate = on                   on the Generate view: it writes as the slide comes up (after its prime and temperature)
 * sweep = original                on the Experiments view: show the shipped run of the original nine-run grid
 * compare-corpus = structured     with compare = start: the bundled corpus the comparison trains on (the
 *                                 training run's corpus stays)
 * at = 1000                       every view shows the run as of the newest kept iteration at or before 1,000
 *                                 (the timeline's); a slide without it shows the live run
 * checkpoint = runs/verses.npz    loads that checkpoint (relative to the script's folder) with its history, as File &gt;
 *                                 Load checkpoint does, unless it is the run loaded already; the slide's at and
 *                                 replay apply once it has loaded
 * replay = on                     replays the run's history from its first kept iteration (the timeline's Replay);
 *                                 a slide without it stops a replay
 * replay-pace = 0.5               with replay = on: seconds per kept iteration (0.5, 1 or 2)
 * notes = "Ask: who has trained one?\nThen press Space."   the speaker's notes (N shows them)
 * </pre>
 *
 * <p>A slide's temperature goes to the view it shows: on a {@code [generate]} slide it is
 * Generate's sampling temperature, elsewhere the training run's.
 *
 * <p>Rules: one {@code key = value} per line; lines starting with {@code #} and blank lines are
 * ignored; a value may be put in double quotes to keep spaces at its ends or to write {@code \n},
 * {@code \"} and {@code \\}. A slide header is a view id in square brackets. Keys a slide leaves out
 * leave that setting as it is. Every mistake is a {@link BadInputException} naming the file and line.
 *
 * @param name   the file's name (for messages)
 * @param folder the file's folder (relative corpus paths resolve against it), or null
 * @param title  the talk's title, or ""
 * @param slides the slides in order, at least one
 */
public record TalkScript(String name, Path folder, String title, List<Slide> slides) {

    /** Larger files are refused: a talk script is a few dozen lines. */
    public static final long MAX_BYTES = 1024 * 1024;
    /** The keys a slide may set. */
    public static final List<String> SLIDE_KEYS = List.of("title", "theme", "corpus", "preset", "learning-rate",
            "temperature", "speed", "probe", "unrolled-probe", "hidden-probe", "prime", "flavor", "page", "unroll", "step", "pass",
            "follow", "compare", "compare-corpus", "generate", "sweep", "run", "at", "checkpoint", "replay", "replay-pace", "notes");
    /** The order of a talk about RNNs: what the network does, what it writes, inside it, then generating. */
    public static final List<String> DEFAULT_ORDER = List.of("loss", "samples", "unrolled", "hidden", "generate");
    /** The keys allowed before the first slide. */
    public static final List<String> HEADER_KEYS = List.of("title", "theme");

    public TalkScript {
        slides = List.copyOf(slides);
    }

    /** What a slide does to the training run when it comes up. */
    public enum Run {
        START, PAUSE, CONTINUE, STOP,
        /** Forgets the run (without asking: the speaker chose it when writing the script). */
        RESET;

        static Run parse(String s) {
            for (Run r : values()) {
                if (r.name().equalsIgnoreCase(s)) {
                    return r;
                }
            }
            return null;
        }
    }

    /**
     * One step of the talk. Null fields leave the setting as it is.
     *
     * @param number       1-based position in the talk
     * @param line         the line of its header in the file
     * @param view         the view's id (a {@code Feature.id()})
     * @param title        shown beside the slide number, or null
     * @param theme        the theme while this slide shows (null: the script's theme, or the presentation theme)
     * @param corpus       a bundled corpus id or a file path (resolved against the script's folder), or null
     * @param preset       a preset name (or its start), or null
     * @param learningRate a learning rate, or null
     * @param temperature  a sampling temperature, or null
     * @param speed        iterations per second (infinity: full speed), or null
     * @param probe        the text the inspection views probe, or null
     * @param run          what to do with the training run, or null
     * @param probes       texts for one view each ({@code unrolled-probe}, {@code hidden-probe}, {@code prime}
     *                     for Generate), by view id; empty when none
     * @param notes        the speaker's notes for the slide (shown on a second screen, or on a key), or null
     */
    public record Slide(int number, int line, String view, String title, Theme theme, String corpus, String preset,
                        Double learningRate, Double temperature, Double speed, String probe, Run run,
                        Map<String, String> probes, String notes) {
        public Slide {
            probes = probes == null ? Map.of() : Map.copyOf(probes);
        }

        /** A slide without per-view texts or notes. */
        public Slide(int number, int line, String view, String title, Theme theme, String corpus, String preset,
                     Double learningRate, Double temperature, Double speed, String probe, Run run) {
            this(number, line, view, title, theme, corpus, preset, learningRate, temperature, speed, probe, run, Map.of(), null);
        }
    }

    /** Where a slide's {@code flavor} setting is kept among its per-view settings ({@link Slide#probes()}). */
    public static final String FLAVOR = "flavor";
    /** Where a slide's {@code page} setting (an Unrolled page's name) is kept among its per-view settings. */
    public static final String PAGE = "page";

    /**
     * The walk-through's settings of an {@code [unrolled]} slide ({@code unroll}, {@code pass}, {@code step},
     * {@code follow}), kept among its per-view settings under their keys as written (normalised).
     */
    public static final List<String> WALK_KEYS = List.of("unroll", "pass", "step", "follow");

    /** Where a slide's {@code compare} setting ({@link #COMPARE_START} or {@link #COMPARE_STOP}) is kept among its per-view settings. */
    public static final String COMPARE = "compare";
    public static final String COMPARE_START = "start";
    public static final String COMPARE_STOP = "stop";
    /** Where a slide's {@code compare-corpus} setting (a bundled corpus's id) is kept among its per-view settings. */
    public static final String COMPARE_CORPUS = "compare-corpus";

    /**
     * Where a slide's {@code generate = on} (Generate writes as the slide comes up) is kept among its
     * per-view settings (not under "generate", the view's id, which holds its prime).
     */
    public static final String GENERATE = "generate-on";
    /** Where a slide's {@code sweep} setting ({@link #SWEEP_ORIGINAL}, the only one) is kept among its per-view settings. */
    public static final String SWEEP = "sweep";
    public static final String SWEEP_ORIGINAL = "original";
    /**
     * Where a slide's {@code at} setting (an iteration, as digits) is kept among its per-view settings: the
     * views show the run as of the newest kept iteration at or before it; a slide without it, the live run.
     */
    public static final String AT = "at";
    /** Where a slide's {@code checkpoint} setting (a file, as written) is kept among its per-view settings. */
    public static final String CHECKPOINT = "checkpoint";
    /** Where a slide's {@code replay = on} is kept among its per-view settings (as the pace, in seconds per kept iteration). */
    public static final String REPLAY = "replay";
    /** The paces {@code replay-pace} takes, in seconds per kept iteration; without it, {@link #REPLAY_PACE_DEFAULT}. */
    public static final List<String> REPLAY_PACES = List.of("0.5", "1", "2");
    public static final String REPLAY_PACE_DEFAULT = "1";

    /** The setting that gives each view its own text, and the view it goes to. */
    static final Map<String, String> PROBE_KEYS = Map.of("unrolled-probe", "unrolled", "hidden-probe", "hidden",
            "prime", "generate");

    /** The slides' view ids, in order. */
    public List<String> views() {
        return slides.stream().map(Slide::view).toList();
    }

    /** A corpus setting as a file, resolved against the script's folder (null for a bundled corpus id). */
    public Path corpusFile(String corpus, Collection<String> bundledIds) {
        if (corpus == null || bundledIds.contains(corpus)) {
            return null;
        }
        Path p = Path.of(corpus);
        return p.isAbsolute() || folder == null ? p : folder.resolve(p).normalize();
    }

    /** A checkpoint setting as a file, resolved against the script's folder as a corpus file is. */
    public Path checkpointFile(String checkpoint) {
        Path p = Path.of(checkpoint);
        return p.isAbsolute() || folder == null ? p : folder.resolve(p).normalize();
    }

    /** The default talk: the views in the order of a talk, those installed, in the presentation theme. */
    public static TalkScript defaultTalk(List<String> installedViews) {
        List<String> order = new ArrayList<>();
        for (String id : DEFAULT_ORDER) {
            if (installedViews.contains(id)) {
                order.add(id);
            }
        }
        for (String id : installedViews) {
            if (!order.contains(id)) {
                order.add(id);
            }
        }
        List<Slide> slides = new ArrayList<>();
        for (String id : order) {
            slides.add(new Slide(slides.size() + 1, 0, id, null, null, null, null, null, null, null, null, null));
        }
        return new TalkScript("the default talk", null, "", slides);
    }

    /**
     * Reads a talk script file.
     *
     * @param knownViews the ids of the installed views (a slide naming another is an error)
     */
    public static TalkScript load(Path file, Collection<String> knownViews) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException("talk script " + file + " is a folder, not a file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException("talk script " + name + " is too large (" + Files.size(file) + " bytes; a talk script is a small text file)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("talk script not found: " + file);
        } catch (AccessDeniedException e) {
            throw new BadInputException("talk script " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new BadInputException("cannot read talk script " + file + ": " + e.getMessage());
        }
        String text = Corpus.decodeUtf8("talk script " + name, bytes);
        Path folder = file.toAbsolutePath().getParent();
        return parse(text, name, folder, knownViews);
    }

    /** Parses a talk script's text (see the class comment for the format). */
    public static TalkScript parse(String text, String name, Path folder, Collection<String> knownViews) {
        Parser p = new Parser(name, knownViews);
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            p.line(i + 1, lines[i]);
        }
        return p.finish(folder);
    }

    private static final class Parser {
        private final String name;
        private final Collection<String> known;
        private final List<Slide> slides = new ArrayList<>();
        private String title = "";
        private Theme theme;
        private final Set<String> headerSeen = new HashSet<>();
        private SlideBuilder current;

        Parser(String name, Collection<String> known) {
            this.name = name;
            this.known = known;
        }

        private BadInputException error(int line, String what) {
            return new BadInputException("talk script " + name + ", line " + line + ": " + what);
        }

        void line(int n, String raw) {
            String s = raw.strip();
            if (n == 1 && s.startsWith("\uFEFF")) {
                s = s.substring(1).strip();
            }
            if (s.isEmpty() || s.startsWith("#")) {
                return;
            }
            if (s.startsWith("[")) {
                if (!s.endsWith("]")) {
                    throw error(n, "a slide header needs a closing bracket, like [loss] (got " + quote(s) + ")");
                }
                String view = s.substring(1, s.length() - 1).strip();
                if (view.isEmpty()) {
                    throw error(n, "a slide header needs a view id, like [loss]");
                }
                if (!known.contains(view)) {
                    throw error(n, "there is no view " + quote(view) + " (views: " + String.join(", ", known) + ")");
                }
                flush();
                current = new SlideBuilder(slides.size() + 1, n, view);
                return;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw error(n, "expected a slide header like [loss] or a setting like key = value (got " + quote(s) + ")");
            }
            String key = s.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(n, s.substring(eq + 1).strip());
            if (key.isEmpty()) {
                throw error(n, "a setting needs a key before '='");
            }
            if (current == null) {
                header(n, key, value);
            } else {
                current.set(n, key, value);
            }
        }

        private void header(int n, String key, String value) {
            if (!HEADER_KEYS.contains(key)) {
                if (SLIDE_KEYS.contains(key)) {
                    throw error(n, quote(key) + " belongs to a slide: put it after a slide header like [loss]");
                }
                throw error(n, "unknown setting " + quote(key) + " (before the first slide: " + String.join(", ", HEADER_KEYS) + ")");
            }
            if (!headerSeen.add(key)) {
                throw error(n, quote(key) + " is set twice");
            }
            if (key.equals("title")) {
                title = value;
            } else {
                theme = theme(n, value);
            }
        }

        private Theme theme(int n, String value) {
            for (Theme t : Theme.values()) {
                if (t.name().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw error(n, "unknown theme " + quote(value) + " (light, dark or presentation)");
        }

        private double positive(int n, String key, String value, boolean maxAllowed) {
            if (maxAllowed && value.equalsIgnoreCase("max")) {
                return Double.POSITIVE_INFINITY;
            }
            double d;
            try {
                d = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw error(n, key + " must be a positive number" + (maxAllowed ? " or max" : "") + " (got " + quote(value) + ")");
            }
            return d;
        }

        private String unquote(int n, String v) {
            if (!v.startsWith("\"")) {
                return v;
            }
            if (v.length() < 2 || !v.endsWith("\"")) {
                throw error(n, "a quoted value must end with a double quote (got " + v + ")");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i + 1 >= v.length() - 1) {
                    throw error(n, "a backslash at the end of a quoted value");
                }
                char e = v.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    default -> throw error(n, "unknown escape \\" + e + " in a quoted value (use \\n, \\t, \\\" or \\\\)");
                }
            }
            return sb.toString();
        }

        private void flush() {
            if (current != null) {
                slides.add(current.build());
                current = null;
            }
        }

        TalkScript finish(Path folder) {
            flush();
            if (slides.isEmpty()) {
                throw new BadInputException("talk script " + name + " has no slides: add at least one view in square brackets, like [loss]");
            }
            List<Slide> out = new ArrayList<>();
            for (Slide s : slides) {
                out.add(s.theme() != null || theme == null ? s
                        : new Slide(s.number(), s.line(), s.view(), s.title(), theme, s.corpus(), s.preset(), s.learningRate(),
                        s.temperature(), s.speed(), s.probe(), s.run(), s.probes(), s.notes()));
            }
            return new TalkScript(name, folder, title, out);
        }

        private final class SlideBuilder {
            final int number;
            final int line;
            final String view;
            final Set<String> seen = new HashSet<>();
            String title;
            Theme theme;
            String corpus;
            String preset;
            Double learningRate;
            Double temperature;
            Double speed;
            String probe;
            Run run;
            final Map<String, String> probes = new LinkedHashMap<>();
            String notes;
            String flavor;
            String page;
            String compare;
            boolean generate;
            String sweep;
            String compareCorpus;
            String replayPace;

            SlideBuilder(int number, int line, String view) {
                this.number = number;
                this.line = line;
                this.view = view;
            }

            void set(int n, String key, String value) {
                if (!SLIDE_KEYS.contains(key)) {
                    throw error(n, "unknown setting " + quote(key) + " (a slide may set " + String.join(", ", SLIDE_KEYS) + ")");
                }
                if (!seen.add(key)) {
                    throw error(n, quote(key) + " is set twice in slide " + number + " [" + view + "]");
                }
                if (value.isEmpty() && !key.equals("probe") && !PROBE_KEYS.containsKey(key)) {
                    throw error(n, quote(key) + " needs a value");
                }
                switch (key) {
                    case "title" -> title = value;
                    case "theme" -> theme = theme(n, value);
                    case "corpus" -> corpus = value;
                    case "preset" -> preset = value;
                    case "learning-rate" -> learningRate = positive(n, key, value, false);
                    case "temperature" -> temperature = positive(n, key, value, false);
                    case "speed" -> speed = positive(n, key, value, true);
                    case "probe" -> {
                        if (value.isEmpty()) {
                            throw error(n, "the probe text is empty");
                        }
                        probe = value;
                    }
                    case "run" -> {
                        run = Run.parse(value);
                        if (run == null) {
                            throw error(n, "run must be start, pause, continue, stop or reset (got " + quote(value) + ")");
                        }
                    }
                    case "notes" -> notes = value;
                    case "flavor" -> {
                        if (!ShowFlavor.NAMES.contains(ShowFlavor.normalise(value))) {
                            throw error(n, "no flavor " + quote(value) + " (flavors: " + String.join("; ", ShowFlavor.NAMES) + ")");
                        }
                        flavor = ShowFlavor.normalise(value);
                    }
                    case "page" -> {
                        if (!view.equals("unrolled")) {
                            throw error(n, "page is for [unrolled] slides (its pages: "
                                    + String.join("; ", ShowPage.NAMES) + ")");
                        }
                        if (!ShowPage.NAMES.contains(ShowPage.normalise(value))) {
                            throw error(n, "no page " + quote(value) + " (pages: " + String.join("; ", ShowPage.NAMES) + ")");
                        }
                        page = ShowPage.normalise(value);
                    }
                    case "compare" -> {
                        String c = value.strip().toLowerCase(Locale.ROOT);
                        if (!c.equals(COMPARE_START) && !c.equals(COMPARE_STOP)) {
                            throw error(n, "compare must be start or stop (got " + quote(value) + ")");
                        }
                        compare = c;
                    }
                    case "generate" -> {
                        if (!view.equals("generate")) {
                            throw error(n, "generate is for [generate] slides");
                        }
                        if (!value.strip().equalsIgnoreCase("on")) {
                            throw error(n, "generate must be on (got " + quote(value) + ")");
                        }
                        generate = true;
                    }
                    case "unroll", "pass", "step", "follow" -> probes.put(key, walk(n, key, value));
                    case "sweep" -> {
                        if (!view.equals("experiments")) {
                            throw error(n, "sweep is for [experiments] slides");
                        }
                        if (!value.strip().equalsIgnoreCase(SWEEP_ORIGINAL)) {
                            throw error(n, "sweep must be original, the shipped run of the original nine-run grid (got " + quote(value) + ")");
                        }
                        sweep = SWEEP_ORIGINAL;
                    }
                    case "at" -> {
                        String digits = value.strip().replace(",", "").replace("_", "");
                        if (!digits.matches("[0-9]{1,15}")) {
                            throw error(n, "at must be an iteration, a whole number of 0 or more (got " + quote(value) + ")");
                        }
                        probes.put(AT, String.valueOf(Long.parseLong(digits)));
                    }
                    case "checkpoint" -> probes.put(CHECKPOINT, value);
                    case "replay" -> {
                        if (!value.strip().equalsIgnoreCase("on")) {
                            throw error(n, "replay must be on (got " + quote(value) + ")");
                        }
                        probes.put(REPLAY, REPLAY_PACE_DEFAULT);
                    }
                    case "replay-pace" -> {
                        String v = value.strip();
                        String pace = null;
                        try {
                            double d = Double.parseDouble(v);
                            pace = REPLAY_PACES.stream().filter(x -> Double.parseDouble(x) == d).findFirst().orElse(null);
                        } catch (NumberFormatException e) {
                            // not a number: refused below
                        }
                        if (pace == null) {
                            throw error(n, "replay-pace must be 0.5, 1 or 2 seconds per kept iteration (got " + quote(value) + ")");
                        }
                        replayPace = pace;
                    }
                    case "compare-corpus" -> {
                        if (BundledCorpus.byId(value).isEmpty()) {
                            throw error(n, "compare-corpus must be a bundled corpus (" + String.join(", ",
                                    BundledCorpus.all().stream().map(BundledCorpus::id).toList()) + "), got " + quote(value));
                        }
                        compareCorpus = value;
                    }
                    case "unrolled-probe", "hidden-probe", "prime" -> {
                        if (value.isEmpty()) {
                            throw error(n, "the " + key + " text is empty");
                        }
                        probes.put(PROBE_KEYS.get(key), value);
                    }
                    default -> throw new IllegalStateException(key);
                }
            }

            /** A walk-through setting's value, checked: on [unrolled] slides only, with a value the view takes. */
            private String walk(int n, String key, String value) {
                if (!view.equals("unrolled")) {
                    throw error(n, key + " is for [unrolled] slides (the walk-through's setting)");
                }
                String v = ShowWalk.normalise(value);
                boolean ok = switch (key) {
                    case "unroll" -> ShowWalk.parseUnroll(v) != null;
                    case "pass" -> ShowWalk.PASSES.contains(v);
                    case "step" -> ShowWalk.parseStep(v) != null;
                    default -> ShowWalk.FOLLOWS.contains(v);
                };
                if (!ok) {
                    throw error(n, key + " must be " + switch (key) {
                        case "unroll" -> "on or off";
                        case "pass" -> "forward or backward";
                        case "step" -> "a step number (0 or more) or last";
                        default -> "training or typed";
                    } + " (got " + quote(value) + ")");
                }
                return v;
            }

            Slide build() {
                if (flavor != null) {
                    probes.put(FLAVOR, flavor);
                }
                if (page != null) {
                    probes.put(PAGE, page);
                }
                if (compare != null) {
                    probes.put(COMPARE, compare);
                }
                if (generate) {
                    probes.put(GENERATE, "on");
                }
                if (sweep != null) {
                    probes.put(SWEEP, sweep);
                }
                if (compareCorpus != null) {
                    if (!COMPARE_START.equals(compare)) {
                        throw error(line, "compare-corpus goes with compare = start, in slide " + number + " [" + view + "]");
                    }
                    probes.put(COMPARE_CORPUS, compareCorpus);
                }
                if (probes.containsKey(REPLAY) && probes.containsKey(AT)) {
                    throw error(line, "a slide replays the run or stands at an iteration, not both: slide " + number + " [" + view
                            + "] has replay and at");
                }
                if (replayPace != null) {
                    if (!probes.containsKey(REPLAY)) {
                        throw error(line, "replay-pace goes with replay = on, in slide " + number + " [" + view + "]");
                    }
                    probes.put(REPLAY, replayPace);
                }
                return new Slide(number, line, view, title, theme, corpus, preset, learningRate, temperature, speed, probe, run, probes, notes);
            }
        }
    }

    private static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        return "'" + shown + "'";
    }
}
