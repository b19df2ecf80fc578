package dev.unroll.cli;

import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.HealthyStates;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainerState;

/**
 * Finds a learning rate that trains, after a run blew up: tries a tenth of the rate, then a
 * hundredth, and so on, each for {@link #WINDOWS} windows from the state that was kept, and suggests
 * the first under which the run trains. "A tenth of the rate" alone blew up again more than once
 * (1e4 then 1e3 and 100, where 1 trained).
 *
 * <p>A rate trains when every window's loss is finite and at most {@link HealthyStates#HEALTHY_FACTOR}
 * times the starting smooth loss (the rule the kept checkpoint was chosen by), and the mean loss of
 * the last half of the windows is below the smooth loss at the start. The trial runs on a copy of the
 * kept state; nothing is saved.
 */
final class RateProbe {
    /** Windows each candidate rate is tried for. */
    static final int WINDOWS = 200;
    /** Candidates: the rate divided by 10, 100, ..., 10^STEPS. */
    static final int STEPS = 6;

    private RateProbe() {
    }

    /**
     * The largest rate of {@code diverged / 10^k} (k = 1..{@link #STEPS}) that trains from {@code from},
     * or NaN when none does.
     */
    static double suggest(Corpus corpus, TrainerState from, double diverged) {
        double rate = diverged;
        for (int k = 1; k <= STEPS; k++) {
            rate /= 10;
            if (trains(corpus, from, rate)) {
                return rate;
            }
        }
        return Double.NaN;
    }

    /** Whether the run trains for {@link #WINDOWS} windows from {@code from} at {@code rate}. */
    static boolean trains(Corpus corpus, TrainerState from, double rate) {
        // no samples and no validation passes: only the windows' losses count here
        TrainerState s = new TrainerState(from.config().withSampleEvery(0).withEvalEvery(Integer.MAX_VALUE), from.vocabulary(),
                from.optimizer(), from.parameters(), from.memory(), from.hidden(), from.pointer(), from.iteration(), from.smoothLoss(),
                from.lastLoss(), from.valLoss(), from.rngState(), rate, from.temperature(), from.elapsedNanos(), from.samples());
        Trainer t = Trainer.resume(corpus, s);
        t.setTraceEnabled(false);
        t.setStatsEnabled(false);
        double start = from.smoothLoss();
        double late = 0;
        for (int i = 0; i < WINDOWS; i++) {
            double loss = t.iterate();
            if (!Double.isFinite(loss) || loss > HealthyStates.HEALTHY_FACTOR * start) {
                return false;
            }
            if (i >= WINDOWS / 2) {
                late += loss;
            }
        }
        return late / (WINDOWS - WINDOWS / 2) < start;
    }
}
