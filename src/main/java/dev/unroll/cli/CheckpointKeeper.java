package dev.unroll.cli;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.io.Checkpoint;
import dev.unroll.engine.io.ResultsFile;
import dev.unroll.engine.io.RunOutputs;
import dev.unroll.engine.train.HealthyStates;
import dev.unroll.engine.train.TrainerState;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves a {@code train} run's checkpoints, and knows which one to keep when the run blows up.
 *
 * <p>Health: which state to keep is {@link HealthyStates}'s judgement (the same the app uses for
 * "back to iteration N"); the run's starting state counts as healthy.
 *
 * <p>Failures: when the checkpoint cannot be written (a full disk, a folder removed), the same file
 * name is tried in {@code rescueDir} and the run saves there from then on, saying so on stderr.
 */
final class CheckpointKeeper {
    /** A save is healthy when the loss of the window after it is at most this many times the lowest smooth loss. */
    static final double HEALTHY_FACTOR = HealthyStates.HEALTHY_FACTOR;

    private Path target;
    private final Path rescueDir;
    private final Checkpoint.CorpusInfo corpus;
    private final RunOutputs outputs;
    private final PrintWriter err;
    private final boolean holdsStart;
    private long lastSaved = -1;
    private final HealthyStates states;

    /**
     * @param target    the checkpoint file
     * @param rescueDir where to save when {@code target} cannot be written
     * @param start     the run's state when this session starts (healthy by definition)
     * @param holdsStart whether {@code target} holds {@code start} already (the run resumed it)
     */
    CheckpointKeeper(Path target, Path rescueDir, Checkpoint.CorpusInfo corpus, RunOutputs outputs, PrintWriter err, TrainerState start,
                     boolean holdsStart) {
        this.target = target;
        this.rescueDir = rescueDir;
        this.corpus = corpus;
        this.outputs = outputs;
        this.err = err;
        this.holdsStart = holdsStart;
        this.states = new HealthyStates(start);
    }

    /** Where checkpoints go now (another place than asked for after a failed write). */
    Path target() {
        return target;
    }

    /** The iteration saved last in this session, or -1. */
    long lastSaved() {
        return lastSaved;
    }

    /** One completed iteration: its window's loss and the smooth loss after it. */
    void onLoss(double loss, double smooth) {
        states.onLoss(loss, smooth);
    }

    /** Saves a state; the next window's loss judges it. */
    void save(TrainerState s) {
        write(s);
        states.offer(s);
        lastSaved = s.iteration();
    }

    /**
     * After the loss became NaN or infinite: keeps the last healthy checkpoint (writing it back over
     * later, blown-up saves; the starting state when the run blew up before its first save) and says
     * which, for the end of the divergence message, with a rate that trains from it ({@link RateProbe}).
     *
     * @param learningRate the rate the run diverged at
     * @param corpus       the run's text (the suggested rate is tried on it)
     */
    String keepHealthy(double learningRate, Corpus corpus) {
        TrainerState healthy = states.healthy();
        double rate;
        try {
            rate = RateProbe.suggest(corpus, healthy, learningRate);
        } catch (RuntimeException | OutOfMemoryError e) {
            // no room to try (a second model beside the run's): the old advice, untried
            rate = -1;
        }
        String resume = rate < 0 ? " (continue from it at a lower rate: --resume " + target + " --learning-rate "
                + ResultsFile.rate(learningRate / 10) + ")"
                : Double.isNaN(rate)
                ? " (no rate down to " + ResultsFile.rate(learningRate / Math.pow(10, RateProbe.STEPS)) + " trained for "
                + RateProbe.WINDOWS + " windows from it: check the text and the settings)"
                : " (continue from it at a rate that trained for " + RateProbe.WINDOWS + " windows from it: --resume " + target
                + " --learning-rate " + ResultsFile.rate(rate) + ")";
        if (lastSaved < 0) {
            if (!holdsStart) {
                // the run blew up before its first checkpoint: its starting state is the healthy one
                write(healthy);
                lastSaved = healthy.iteration();
                states.settle(healthy);
                return "; kept the starting state (iteration " + Text.count(healthy.iteration()) + ") in " + target + resume;
            }
            return "; left the checkpoint it resumed, " + target + ", as it was" + resume;
        }
        if (healthy.iteration() == lastSaved) {
            return "; kept the checkpoint of iteration " + Text.count(lastSaved) + " in " + target + resume;
        }
        write(healthy);
        long blown = lastSaved;
        lastSaved = healthy.iteration();
        states.settle(healthy);
        return "; kept the checkpoint of iteration " + Text.count(healthy.iteration()) + " in " + target
                + ", the last whose next loss stayed within " + Text.fixed(HEALTHY_FACTOR, 0) + " times the lowest smooth loss (the weights saved at iteration "
                + Text.count(blown) + " had blown up already)" + resume;
    }

    private void write(TrainerState s) {
        try {
            Checkpoint.save(target, s, corpus, outputs);
        } catch (UncheckedIOException e) {
            Path rescue = rescueDir.resolve(String.valueOf(target.getFileName()));
            if (Outputs.sameFile(rescue, target)) {
                throw e;
            }
            try {
                Checkpoint.save(rescue, s, corpus, outputs);
            } catch (UncheckedIOException again) {
                throw new UncheckedIOException(e.getMessage() + "; nor in " + rescue + ": " + Outputs.reason(again.getCause()), again.getCause());
            }
            err.println("unroll: warning: " + e.getMessage() + "; saved it in " + rescue + " instead, and the run saves there from now on");
            err.flush();
            target = rescue;
        }
    }
}
