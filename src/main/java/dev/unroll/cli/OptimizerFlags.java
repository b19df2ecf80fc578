package dev.unroll.cli;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.sweep.SweepGrid;
import dev.unroll.engine.train.ClipMode;
import dev.unroll.engine.train.LearningRateDecay;
import dev.unroll.engine.train.Optimization;
import dev.unroll.engine.train.OptimizerKind;
import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Option;

import java.util.List;

/**
 * The command line's optimization flags, shared by {@code train}, {@code sweep}, {@code bench} and
 * {@code compare-cells}: the optimizer, the clipping and the learning-rate decay. A null field was not
 * given; the run keeps its base's value (the defaults, or a resumed checkpoint's).
 */
final class OptimizerFlags {

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adagrad (min-char-rnn's, the default), rmsprop (char-rnn's:"
            + " decay 0.95, eps 1e-8) or adam (torch.optim.Adam's defaults: betas 0.9, 0.999, eps 1e-8).")
    String optimizer;

    /** Whether --optimizer may list several (a sweep's axis). */
    private final boolean lists;

    /** Flags that take one optimizer. */
    OptimizerFlags() {
        this(false);
    }

    /** With {@code lists}, --optimizer may list several, a sweep's axis ({@link #optimizerAxis}). */
    OptimizerFlags(boolean lists) {
        this.lists = lists;
    }

    @Option(names = "--clip", paramLabel = "MODE", description = "elementwise (every gradient entry clipped to +-VALUE, the default)"
            + " or norm (all gradients scaled to a global 2-norm of at most VALUE, as torch.nn.utils.clip_grad_norm_).")
    String clip;

    @Option(names = "--clip-value", paramLabel = "VALUE", description = "The clip bound (default: 5).")
    Double clipValue;

    @Option(names = "--lr-decay", paramLabel = "KIND", description = "none (the default), step (the rate times --lr-decay-factor"
            + " every --lr-decay-every iterations from --lr-decay-start on, char-rnn's) or cosine (down to --lr-min over the run's iterations).")
    String lrDecay;

    @Option(names = "--lr-decay-every", paramLabel = "N", description = "Step decay: iterations between decays (default: "
            + LearningRateDecay.DEFAULT_EVERY + ").")
    Long lrDecayEvery;

    @Option(names = "--lr-decay-start", paramLabel = "N", description = "Step decay: the first iteration that may decay (default: 0).")
    Long lrDecayStart;

    @Option(names = "--lr-decay-factor", paramLabel = "F", description = "Step decay: the multiplier, above 0 and at most 1 (default: "
            + LearningRateDecay.DEFAULT_FACTOR + ").")
    Double lrDecayFactor;

    @Option(names = "--lr-min", paramLabel = "RATE", description = "Cosine decay: the learning rate at the end (default: 0).")
    Double lrMin;

    /** Whether any of these flags was given. */
    boolean any() {
        return optimizer != null || clip != null || clipValue != null || lrDecay != null || lrDecayEvery != null
                || lrDecayStart != null || lrDecayFactor != null || lrMin != null;
    }

    /** Whether {@code --optimizer} was given. */
    boolean optimizerGiven() {
        return optimizer != null;
    }

    /**
     * The optimizer named by {@code --optimizer}, or {@code dflt} when it was not given; in a sweep the first of its list.
     * A list given to a command that takes one optimizer is refused with one line.
     */
    OptimizerKind optimizer(OptimizerKind dflt) {
        if (optimizer == null) {
            return dflt;
        }
        if (optimizer.contains(",")) {
            if (!lists) {
                throw CliExit.badInput("--optimizer takes one value here (got " + optimizer.strip() + "); lists are for unroll sweep");
            }
            return optimizerAxis(dflt).get(0);
        }
        return FlagChecks.parsed("--optimizer", optimizer, OptimizerKind::parse);
    }

    /** The sweep's optimizer axis: every optimizer listed, or {@code dflt} alone when not given. */
    List<OptimizerKind> optimizerAxis(OptimizerKind dflt) {
        if (optimizer == null) {
            return List.of(dflt);
        }
        try {
            return SweepGrid.parseOptimizers("--optimizer", optimizer);
        } catch (BadInputException e) {
            throw CliExit.badInput(e.getMessage());
        }
    }

    /**
     * {@code base} with the flags given: each checked, and refused with one line naming its flag (status 2).
     */
    TrainingConfig apply(TrainingConfig base) {
        Optimization o = base.optimization().withOptimizer(optimizer(base.optimization().optimizer()));
        if (clip != null) {
            o = o.withClipMode(FlagChecks.parsed("--clip", clip, ClipMode::parse));
        }
        FlagChecks.positiveFinite("--clip-value", clipValue);
        LearningRateDecay d = o.decay();
        if (lrDecay != null) {
            d = d.withKind(FlagChecks.parsed("--lr-decay", lrDecay, LearningRateDecay.Kind::parse));
        }
        FlagChecks.positive("--lr-decay-every", lrDecayEvery);
        FlagChecks.notNegative("--lr-decay-start", lrDecayStart);
        FlagChecks.aboveZeroAtMost("--lr-decay-factor", lrDecayFactor, 1);
        if (lrMin != null && !(lrMin >= 0 && Double.isFinite(lrMin))) {
            throw CliExit.badInput("--lr-min must be a finite number, at least 0 (got " + lrMin + ")");
        }
        d = new LearningRateDecay(d.kind(), lrDecayEvery != null ? lrDecayEvery : d.every(), lrDecayStart != null ? lrDecayStart : d.start(),
                lrDecayFactor != null ? lrDecayFactor : d.factor(), lrMin != null ? lrMin : d.minimum());
        return base.withClip(clipValue != null ? clipValue : base.clip()).withOptimization(o.withDecay(d));
    }

    /**
     * ", adam, norm clipping 1.0, cosine decay to 0.0" for the settings that differ from the seed's, for a run's
     * first line; nothing for the defaults (the lines read as before).
     */
    static String describe(TrainingConfig c) {
        Optimization o = c.optimization();
        StringBuilder sb = new StringBuilder();
        if (o.optimizer() != OptimizerKind.ADAGRAD) {
            sb.append(", ").append(o.optimizer().cliName());
        }
        if (o.clipMode() != ClipMode.ELEMENTWISE || c.clip() != TrainingConfig.defaults().clip()) {
            sb.append(", ").append(o.clipMode().cliName()).append(" clipping ").append(c.clip());
        }
        LearningRateDecay d = o.decay();
        switch (d.kind()) {
            case STEP -> sb.append(", step decay x").append(d.factor()).append(" every ").append(Text.count(d.every()))
                    .append(d.start() > 0 ? " from " + Text.count(d.start()) : "");
            case COSINE -> sb.append(", cosine decay to ").append(d.minimum());
            default -> {
            }
        }
        return sb.toString();
    }
}
