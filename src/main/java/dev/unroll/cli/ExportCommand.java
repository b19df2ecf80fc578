package dev.unroll.cli;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.inspect.BpttAnalysis;
import dev.unroll.engine.inspect.BpttTrace;
import dev.unroll.engine.inspect.ProbeResult;
import dev.unroll.engine.inspect.ProbeText;
import dev.unroll.engine.inspect.UnitOrder;
import dev.unroll.engine.inspect.UnitStats;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.sweep.LossLog;
import dev.unroll.engine.train.LossUnit;
import dev.unroll.engine.train.TrainerState;
import dev.unroll.engine.train.TrainingConfig;
import dev.unroll.render.Figure;
import dev.unroll.render.FigureFormat;
import dev.unroll.render.FigureStyle;
import dev.unroll.render.Figures;
import dev.unroll.render.Pictures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code unroll export}: draws one of the app's pictures from a run's files and writes it as a PNG
 * (at twice the screen's resolution unless {@code --scale} says otherwise) or an SVG. The pictures
 * are {@link Pictures}', the same the app's export commands write.
 */
@Command(name = "export",
        description = {"Draw a picture of a run for slides or papers, as PNG or SVG (--what):",
                "  loss       the loss curve of --loss-csv",
                "  hidden     the hidden state while --checkpoint reads --probe",
                "  gradients  ||dL/dh_t|| at each step of --probe (vanilla cell)",
                "  weights    --checkpoint's weight matrices as heatmaps"})
final class ExportCommand extends SubCommand {
    /** The pictures {@code --what} names. */
    enum What { LOSS, HIDDEN, GRADIENTS, WEIGHTS }

    /** How the hidden-state heatmap's rows are ordered. */
    enum Order { INDEX, VARIANCE, CLUSTERING }

    /** The longest probe text read (longer ones are cut, with a note). */
    static final int MAX_PROBE = 2000;

    @Option(names = "--what", required = true, paramLabel = "PICTURE", description = "loss, hidden, gradients or weights.")
    What what;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The picture to write (.png or .svg).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", description = "png or svg (default: --out's extension, else png).")
    FigureFormat format;

    @Option(names = "--scale", paramLabel = "N", defaultValue = "2", description = "PNG pixels per screen pixel, above 0 and at most 8 (default: ${DEFAULT-VALUE}, twice the screen's resolution).")
    double scale;

    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "light", description = "light, dark or presentation (large type) (default: ${DEFAULT-VALUE}).")
    String style;

    @Option(names = "--width", paramLabel = "N", defaultValue = "800", description = "Chart width in screen pixels (loss, gradients; default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "N", defaultValue = "480", description = "Chart height in screen pixels (loss, gradients; default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint written by 'unroll train' (hidden, gradients, weights; loss: its T).")
    Path checkpoint;

    @Option(names = "--at", paramLabel = "N", description = "hidden, gradients, weights: the weights as of iteration N, from the"
            + " run's history in --checkpoint (the newest kept at or below N; the checkpoint's own from its iteration on).")
    Long at;

    @Option(names = "--loss-csv", paramLabel = "FILE", description = "A loss CSV written by 'unroll train --loss-csv' or a sweep (loss).")
    Path lossCsv;

    @Option(names = "--unit", paramLabel = "UNIT", defaultValue = "window", description = "loss: window (the sum over T characters, as the original printed), char (nats per character) or bpc (bits per character) (default: ${DEFAULT-VALUE}).")
    String unit;

    @Option(names = "--log", description = "loss: a logarithmic loss axis.")
    boolean log;

    @Option(names = "--sequence-length", paramLabel = "T", description = "loss: the run's T, for --unit char|bpc without --checkpoint.")
    Integer sequenceLength;

    @Option(names = "--probe", paramLabel = "TEXT", description = "hidden, gradients: the text the network reads.")
    String probe;

    @Option(names = "--probe-file", paramLabel = "FILE", description = "hidden, gradients: read the text from a file (its first --probe-length characters).")
    Path probeFile;

    @Option(names = "--probe-length", paramLabel = "N", defaultValue = "200", description = "Characters of --probe-file read (default: ${DEFAULT-VALUE}, at most " + MAX_PROBE + ").")
    int probeLength;

    @Option(names = "--order", paramLabel = "ORDER", defaultValue = "variance", description = "hidden: rows by index, variance (most active first) or clustering (default: ${DEFAULT-VALUE}).")
    Order order;

    @Option(names = "--clip", paramLabel = "C", defaultValue = "5", description = "gradients: the clip bound of the gradients (default: ${DEFAULT-VALUE}, the trainer's).")
    double clip;

    @Override
    public Integer call() {
        FigureFormat fmt = checkFormat();
        FigureStyle st = FigureStyle.named(style);
        if (st == null) {
            throw CliExit.badInput("--style must be light, dark or presentation (got '" + style + "')");
        }
        FlagChecks.aboveZeroAtMost("--scale", scale, (int) Figures.MAX_SCALE);
        if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
            throw CliExit.badInput("--width and --height must be between 100 and 10000 (got " + width + "x" + height + ")");
        }
        checkInputsForWhat();
        Outputs.notAnInput(out, "--out", checkpoint, "--checkpoint");
        Outputs.notAnInput(out, "--out", lossCsv, "--loss-csv");
        Outputs.notAnInput(out, "--out", probeFile, "--probe-file");
        Outputs.writableFile(out, "--out");

        Figure figure = switch (what) {
            case LOSS -> loss(st);
            case HIDDEN -> hidden(st);
            case GRADIENTS -> gradients(st);
            case WEIGHTS -> Pictures.weights(model(), st);
        };
        try {
            Figures.write(figure, out, fmt, scale);
        } catch (IllegalArgumentException e) {
            throw CliExit.badInput(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliExit(UnrollCli.EXIT_ERROR, e.getMessage());
        }
        PrintWriter o = out();
        o.println("wrote " + out + " (" + describe(figure, fmt) + ")");
        o.flush();
        return UnrollCli.EXIT_OK;
    }

    private String describe(Figure f, FigureFormat fmt) {
        if (fmt == FigureFormat.PNG) {
            return "PNG, " + Figures.pixels(f.width(), scale) + "x" + Figures.pixels(f.height(), scale) + " pixels";
        }
        return "SVG, " + (int) Math.ceil(f.width()) + "x" + (int) Math.ceil(f.height());
    }

    /** The format asked for, which must agree with --out's extension when it has one. */
    private FigureFormat checkFormat() {
        FigureFormat byName = FigureFormat.ofFile(out);
        if (format != null && byName != null && format != byName) {
            throw CliExit.badInput("--out " + out + " is a ." + byName.extension() + " file but --format is " + format.extension());
        }
        return format != null ? format : byName != null ? byName : FigureFormat.PNG;
    }

    private void checkInputsForWhat() {
        String name = what.name().toLowerCase(Locale.ROOT);
        switch (what) {
            case LOSS -> {
                if (lossCsv == null) {
                    throw CliExit.badInput("--what loss needs --loss-csv FILE (written by 'unroll train --loss-csv')");
                }
            }
            case HIDDEN, GRADIENTS -> {
                need(checkpoint, "--checkpoint FILE", name);
                if (probe == null && probeFile == null) {
                    throw CliExit.badInput("--what " + name + " needs --probe TEXT or --probe-file FILE: the text the network reads");
                }
                if (probe != null && probeFile != null) {
                    throw CliExit.badInput("--probe and --probe-file exclude each other; give one");
                }
                FlagChecks.between("--probe-length", probeLength, 2, MAX_PROBE);
            }
            case WEIGHTS -> need(checkpoint, "--checkpoint FILE", name);
            default -> throw new IllegalStateException(name);
        }
        if (what == What.GRADIENTS) {
            FlagChecks.positiveFinite("--clip", clip);
        }
        if (at != null && what == What.LOSS) {
            throw CliExit.badInput("--at N draws the weights as of iteration N: it goes with --what hidden, gradients or weights, not loss");
        }
        FlagChecks.notNegative("--at", at);
    }

    /**
     * The checkpoint's weights, or with --at N those as of iteration N ({@link TrainerState#modelAt}); when they are of
     * another iteration than N, one line on stderr says which.
     */
    private ModelSnapshot model() {
        if (at == null) {
            return Checkpoint.loadModel(checkpoint);
        }
        TrainerState s = Checkpoint.load(checkpoint).state();
        ModelSnapshot m = s.modelAt(at).orElseThrow(() -> CliExit.badInput("checkpoint " + checkpoint + " keeps no weights at or below"
                + " iteration " + Text.count(at) + (s.history().isEmpty() ? " (it has no history; its weights are of iteration "
                + Text.count(s.iteration()) + ")" : " (its history starts at iteration " + Text.count(s.history().get(0).iteration()) + ")")));
        if (m.iteration() != at) {
            PrintWriter e = err();
            e.println("unroll: note: --at " + Text.count(at) + ": drawing the weights of iteration " + Text.count(m.iteration())
                    + (m.iteration() == s.iteration() ? " (the checkpoint's own, its newest)" : ", the nearest kept at or below it"));
            e.flush();
        }
        return m;
    }

    private static void need(Path p, String flag, String name) {
        if (p == null) {
            throw CliExit.badInput("--what " + name + " needs " + flag);
        }
    }

    private Figure loss(FigureStyle st) {
        LossUnit u = switch (unit.strip().toLowerCase(Locale.ROOT)) {
            case "window" -> LossUnit.WINDOW;
            case "char" -> LossUnit.CHAR;
            case "bpc", "bits" -> LossUnit.BPC;
            default -> throw CliExit.badInput("--unit must be window, char or bpc (got '" + unit + "')");
        };
        String text = readText(lossCsv, "--loss-csv");
        LossLog rows = LossLog.parse("--loss-csv " + lossCsv, text, Long.MAX_VALUE);
        if (rows.size() == 0) {
            throw CliExit.badInput("--loss-csv " + lossCsv + " has no rows yet: nothing to draw");
        }
        int T = TrainingConfig.defaults().sequenceLength();
        List<String> note = new ArrayList<>();
        note.add(String.valueOf(lossCsv.getFileName()));
        if (checkpoint != null) {
            Checkpoint c = Checkpoint.load(checkpoint);
            TrainingConfig cfg = c.state().config();
            T = cfg.sequenceLength();
            note.add("hidden " + cfg.hiddenSize() + ", T = " + T + ", learning rate " + cfg.learningRate());
        } else if (sequenceLength != null) {
            FlagChecks.between("--sequence-length", sequenceLength, 1, TrainingConfig.MAX_SEQUENCE);
            T = sequenceLength;
        } else if (u != LossUnit.WINDOW) {
            throw CliExit.badInput("--unit " + unit + " needs the run's T: give --checkpoint FILE or --sequence-length T");
        }
        return Pictures.loss(Pictures.lossHistory(rows), T, u, log, Double.NaN, Double.NaN, String.join(" \u00b7 ", note), st,
                width, height);
    }

    private ProbeResult probed(ModelSnapshot model) {
        ProbeText p = ProbeText.of(model.vocabulary(), "", probeText(model), "");
        if (p.length() < 2) {
            throw CliExit.badInput("the probe text has fewer than two characters the model knows"
                    + (p.unknown().isEmpty() ? "" : " (not in its vocabulary: " + Vocabulary.describe(p.unknown()) + ")"));
        }
        return ProbeResult.run(model, p);
    }

    /**
     * The text the network reads: --probe as typed, every character in the model's vocabulary (as
     * {@code sample --prime}), or the first --probe-length characters of --probe-file, whose
     * characters the model does not know are left out.
     */
    private String probeText(ModelSnapshot model) {
        if (probe != null) {
            Set<Integer> missing = model.vocabulary().missingFrom(probe);
            if (!missing.isEmpty()) {
                throw CliExit.badInput("the probe has characters that are not in the model's vocabulary: " + Vocabulary.describe(missing));
            }
        }
        String text = probe != null ? probe : readText(probeFile, "--probe-file");
        int end = text.offsetByCodePoints(0, Math.min(text.codePointCount(0, text.length()), probe != null ? MAX_PROBE : probeLength));
        return text.substring(0, end);
    }

    private Figure hidden(FigureStyle st) {
        ModelSnapshot model = model();
        ProbeResult r = probed(model);
        int[] rows = switch (order) {
            case INDEX -> UnitOrder.byIndex(r.hiddenSize());
            case VARIANCE -> UnitOrder.byVariance(UnitStats.of(r).variance());
            case CLUSTERING -> UnitOrder.byClustering(r);
        };
        return Pictures.hiddenState(r, rows, "by " + order.name().toLowerCase(Locale.ROOT), st);
    }

    private Figure gradients(FigureStyle st) {
        ModelSnapshot model = model();
        BpttTrace t = BpttAnalysis.ofText(model, probeText(model), clip);
        String note = "iteration " + Pictures.count(t.modelIteration()) + " \u00b7 " + t.length() + " steps from a zero state \u00b7 window loss "
                + String.format(Locale.ROOT, "%.2f", t.loss());
        return Pictures.gradientFlow(t, note, st, width, height);
    }

    /** A text file's content (UTF-8, checked as a corpus is); every problem is bad input naming the flag. */
    private static String readText(Path file, String flag) {
        if (!Files.isRegularFile(file)) {
            throw CliExit.badInput(flag + " " + file + (Files.exists(file) ? " is not a regular file" : ": no such file"));
        }
        try {
            return Corpus.decodeUtf8(flag + " " + file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw CliExit.badInput(flag + " " + file + ": cannot read it (" + Outputs.reason(e) + ")");
        }
    }
}
