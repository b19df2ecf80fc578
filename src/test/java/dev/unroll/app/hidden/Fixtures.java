package dev.unroll.app.hidden;

import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

/** Small trained models for the view's tests (seeded: same text, same weights). */
final class Fixtures {
    private Fixtures() {
    }

    /** Lines of words with "quoted passages" and (bracketed [nested] phrases). */
    static String text(long seed, int length) {
        Rng rng = new Rng(seed);
        String[] words = {"tam", "bo", "rila", "ke", "sun", "pora", "di", "mel", "va", "tok"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            int n = 3 + rng.nextInt(8);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    line.append(' ');
                }
                int r = rng.nextInt(8);
                String w = words[rng.nextInt(words.length)];
                if (r == 0) {
                    line.append('"').append(w).append(' ').append(words[rng.nextInt(words.length)]).append('"');
                } else if (r == 1) {
                    line.append('(').append(w).append(rng.nextInt(2) == 0 ? " [" + words[rng.nextInt(words.length)] + "]" : "").append(')');
                } else {
                    line.append(w);
                }
            }
            sb.append(Character.toUpperCase(line.charAt(0))).append(line, 1, line.length()).append(".\n");
        }
        return sb.substring(0, length);
    }

    static Corpus corpus() {
        return Corpus.of("fixture", text(5, 20_000));
    }

    /** A model trained for a few hundred iterations on {@link #corpus()}. */
    static ModelSnapshot trained(Corpus corpus, int hidden, int iterations) {
        TrainingConfig cfg = TrainingConfig.defaults().withHiddenSize(hidden).withSampleEvery(0).withSeed(3)
                .withIterations(Math.max(1, iterations));
        Trainer t = new Trainer(corpus, cfg);
        for (int i = 0; i < iterations; i++) {
            t.iterate();
        }
        return t.modelSnapshot();
    }
}
