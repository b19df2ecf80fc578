package dev.unroll.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.corpus.Corpus;
import dev.unroll.engine.train.Trainer;
import dev.unroll.engine.train.TrainingConfig;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

class NGramModelTest {

    /** A text with structure at several lengths over a small alphabet: words from a few patterns, random spacing. */
    private static int[] structured(int length, int vocab, long seed) {
        Random r = new Random(seed);
        int[][] words = new int[12][];
        for (int i = 0; i < words.length; i++) {
            words[i] = new int[2 + r.nextInt(5)];
            for (int j = 0; j < words[i].length; j++) {
                words[i][j] = 1 + r.nextInt(vocab - 1);
            }
        }
        int[] t = new int[length];
        int p = 0;
        while (p < length) {
            int[] w = words[r.nextInt(words.length)];
            for (int j = 0; j < w.length && p < length; j++) {
                t[p++] = r.nextDouble() < 0.03 ? r.nextInt(vocab) : w[j];
            }
            if (p < length) {
                t[p++] = 0;
            }
        }
        return t;
    }

    @Test
    void everyDistributionSumsToOne() {
        int vocab = 7;
        int[] text = structured(3000, vocab - 1, 1); // the last symbol never occurs in training
        NGramModel m = NGramModel.fit(text, 0, text.length, vocab, 8);
        int[][] contexts = {{}, {0}, {1, 2}, Arrays.copyOfRange(text, 100, 110), Arrays.copyOfRange(text, 2990, 3000),
                {6, 6, 6, 6}, {5, 6, 1, 2, 3}};
        for (int order = 1; order <= 8; order++) {
            for (int[] c : contexts) {
                double[] p = m.distribution(order, c);
                assertEquals(1.0, Arrays.stream(p).sum(), 1e-12, "order " + order + " context " + Arrays.toString(c));
                for (double v : p) {
                    assertTrue(v > 0, "every character keeps a positive probability");
                }
            }
        }
    }

    /**
     * "aab" over {a, b, c}. Unigrams a:2, b:1, so D1 = n1/(n1+2 n2) = 1/3, and
     * P1(a) = (2 - 1/3 + 1/3 * 2 * 1/3) / 3 = 17/27, P1(b) = 8/27, P1(c) = 2/27. The continuation
     * counts happen to be the same (a: the start and "aa", b: "ab"). Bigrams aa:1, ab:1, so D2 = 1:
     * P2(b | a) = (0 + 1 * 2 * 8/27) / 2 = 8/27; "b" never has a follower, so P2(. | b) = P1.
     */
    @Test
    void handComputedValues() {
        int[] text = {0, 0, 1};
        NGramModel m = NGramModel.fit(text, 0, 3, 3, 2);
        assertEquals(1.0 / 3, m.discount(1), 1e-15);
        assertEquals(1.0, m.discount(2), 1e-15);
        assertEquals(17.0 / 27, m.probability(1, new int[] {}, 0), 1e-15);
        assertEquals(8.0 / 27, m.probability(1, new int[] {1}, 1), 1e-15);
        assertEquals(2.0 / 27, m.probability(1, new int[] {}, 2), 1e-15);
        assertEquals(17.0 / 27, m.probability(2, new int[] {0}, 0), 1e-15);
        assertEquals(8.0 / 27, m.probability(2, new int[] {0}, 1), 1e-15);
        assertEquals(2.0 / 27, m.probability(2, new int[] {0}, 2), 1e-15);
        assertEquals(17.0 / 27, m.probability(2, new int[] {1}, 0), 1e-15);
        assertEquals(2, m.distinct(2));
        assertEquals(2, m.distinct(1));
    }

    @Test
    void agreesWithAPlainImplementationOfTheFormula() {
        int vocab = 6;
        int[] text = structured(4000, vocab, 7);
        int maxOrder = 6;
        NGramModel m = NGramModel.fit(text, 0, 3000, vocab, maxOrder);
        PlainKneserNey plain = new PlainKneserNey(Arrays.copyOf(text, 3000), vocab, maxOrder);
        Random r = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int end = 3000 + r.nextInt(1000);
            int[] context = Arrays.copyOfRange(text, end - r.nextInt(maxOrder + 2), end);
            int w = r.nextInt(vocab);
            for (int order = 1; order <= maxOrder; order++) {
                assertEquals(plain.probability(order, context, w), m.probability(order, context, w), 1e-13,
                        "order " + order + " context " + Arrays.toString(context) + " symbol " + w);
            }
        }
        for (int order = 1; order <= maxOrder; order++) {
            assertEquals(plain.distinct(order), m.distinct(order));
        }
    }

    @Test
    void crossEntropyIsTheMeanLogLossOfEveryCharacterAfterTheFirst() {
        int vocab = 5;
        int[] text = structured(30_000, vocab, 11); // longer than a scoring block
        NGramModel m = NGramModel.fit(text, 0, 12_000, vocab, 4);
        double[] got = m.crossEntropy(text, 12_000, 30_000);
        for (int order = 1; order <= 4; order++) {
            double sum = 0;
            for (int t = 12_001; t < 30_000; t++) {
                int[] context = Arrays.copyOfRange(text, Math.max(12_000, t - order + 1), t);
                sum -= Math.log(m.probability(order, context, text[t]));
            }
            assertEquals(sum / 17_999, got[order - 1], 1e-12, "order " + order);
        }
    }

    @Test
    void higherOrdersWinOnATextWithLongStructure() {
        // a period-7 pattern: after "0 1" comes 2 or 3, and three characters of context ("2 0 1") still leave it open; four decide
        int[] unit = {0, 1, 2, 0, 1, 3, 2};
        int[] text = new int[7000];
        for (int i = 0; i < text.length; i++) {
            text[i] = unit[i % 7];
        }
        NGramModel m = NGramModel.fit(text, 0, 5000, 4, 8);
        double[] nats = m.crossEntropy(text, 5000, 7000);
        assertTrue(nats[0] > 1.0, "a unigram model cannot predict the pattern: " + nats[0]);
        assertTrue(nats[1] < nats[0], Arrays.toString(nats));
        assertTrue(nats[3] > 0.1, "three characters of context are not enough: " + Arrays.toString(nats));
        assertTrue(nats[4] < 0.01, "four characters determine the next: " + Arrays.toString(nats));
    }

    @Test
    void badInputIsRefused() {
        int[] text = {0, 1, 2, 1, 0};
        assertThrows(BadInputException.class, () -> NGramModel.fit(text, 0, 5, 3, 0));
        assertThrows(BadInputException.class, () -> NGramModel.fit(text, 0, 5, 3, NGramModel.MAX_ORDER + 1));
        assertThrows(BadInputException.class, () -> NGramModel.fit(text, 2, 2, 3, 2));
        assertThrows(BadInputException.class, () -> NGramModel.fit(text, 0, 5, 2, 2)); // index 2 outside a vocabulary of 2
        NGramModel m = NGramModel.fit(text, 0, 5, 3, 2);
        assertThrows(BadInputException.class, () -> m.probability(3, new int[] {0}, 1));
        assertThrows(BadInputException.class, () -> m.probability(1, new int[] {0}, 3));
        assertThrows(BadInputException.class, () -> m.crossEntropy(text, 4, 5));
    }

    @Test
    void baselineUsesTheTrainersSplitAndValidationCharacters() {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(5);
        while (sb.length() < 30_000) {
            sb.append(List.of("the ", "cat ", "sat ", "on ", "a ", "mat. ").get(r.nextInt(6)));
        }
        Corpus corpus = Corpus.of("cats", sb.toString());
        Trainer trainer = new Trainer(corpus, TrainingConfig.defaults().withValFraction(0.37));
        NGramBaseline b = NGramBaseline.measure(corpus, 0.37, List.of(4, 2, 4), Trainer.MAX_VALIDATION_CHARS);
        assertEquals(trainer.trainLength(), b.trainingChars());
        assertEquals(Trainer.MAX_VALIDATION_CHARS, b.scoredChars());
        assertEquals(List.of(2, 4), b.rows().stream().map(NGramBaseline.Row::order).toList());
        assertEquals(b.rows().get(0).natsPerChar() / Math.log(2), b.rows().get(0).bitsPerChar(), 1e-15);
        assertEquals(4, b.best().order());
        assertEquals(100, NGramBaseline.measure(corpus, 0.37, List.of(2), 100).scoredChars());
        assertThrows(BadInputException.class, () -> NGramBaseline.measure(corpus, 0, List.of(2), 100));
        assertThrows(BadInputException.class, () -> NGramBaseline.measure(corpus, 0.6, List.of(2), 100));
        assertThrows(BadInputException.class, () -> NGramBaseline.measure(corpus, 0.1, List.of(0), 100));
        assertThrows(BadInputException.class, () -> NGramBaseline.measure(corpus, 0.1, List.of(), 100));
        assertThrows(BadInputException.class, () -> NGramBaseline.measure(Corpus.of("tiny", "abcdefghij"), 0.1, List.of(2), 100));
    }

    /** The formula of {@link NGramModel}'s javadoc with strings and hash maps, as plainly as it can be written. */
    static final class PlainKneserNey {
        final int vocab;
        final int maxOrder;
        final Map<String, Integer> raw = new HashMap<>();
        final Map<String, Integer> cont = new HashMap<>();
        final Map<String, int[]> asContext = new HashMap<>(); // raw total, continuation total, types
        final double[] rawD;
        final double[] contD;

        PlainKneserNey(int[] text, int vocab, int maxOrder) {
            this.vocab = vocab;
            this.maxOrder = maxOrder;
            String s = str(text);
            for (int n = 1; n <= maxOrder; n++) {
                for (int p = 0; p + n <= s.length(); p++) {
                    raw.merge(s.substring(p, p + n), 1, Integer::sum);
                }
                if (n < maxOrder) {
                    cont.merge(s.substring(0, n), 1, Integer::sum); // the start counts as a left neighbour
                }
            }
            for (String g : raw.keySet()) {
                if (g.length() >= 2) {
                    cont.merge(g.substring(1), 1, Integer::sum);
                }
            }
            for (String g : raw.keySet()) {
                int[] c = asContext.computeIfAbsent(g.substring(0, g.length() - 1), k -> new int[3]);
                c[0] += raw.get(g);
                c[1] += g.length() < maxOrder ? cont.get(g) : 0;
                c[2]++;
            }
            rawD = new double[maxOrder + 1];
            contD = new double[maxOrder + 1];
            for (int n = 1; n <= maxOrder; n++) {
                rawD[n] = ney(raw, n);
                contD[n] = ney(cont, n);
            }
        }

        private static double ney(Map<String, Integer> counts, int n) {
            long n1 = counts.entrySet().stream().filter(e -> e.getKey().length() == n && e.getValue() == 1).count();
            long n2 = counts.entrySet().stream().filter(e -> e.getKey().length() == n && e.getValue() == 2).count();
            return n1 == 0 ? 0.5 : (double) n1 / (n1 + 2 * n2);
        }

        static String str(int[] a) {
            StringBuilder b = new StringBuilder();
            for (int v : a) {
                b.append((char) ('a' + v));
            }
            return b.toString();
        }

        int distinct(int n) {
            return (int) raw.keySet().stream().filter(g -> g.length() == n).count();
        }

        double probability(int order, int[] context, int w) {
            String c = str(context);
            c = c.substring(Math.max(0, c.length() - (order - 1)));
            return p(c, (char) ('a' + w), true);
        }

        /** P(w | c) at order |c| + 1 with raw counts at the top, continuation counts below. */
        private double p(String c, char w, boolean top) {
            double lower = c.isEmpty() ? 1.0 / vocab : p(c.substring(1), w, false);
            int[] stats = asContext.get(c);
            int total = stats == null ? 0 : stats[top ? 0 : 1];
            if (total == 0) {
                return lower;
            }
            int n = c.length() + 1;
            double d = top ? rawD[n] : contD[n];
            int k = (top ? raw : cont).getOrDefault(c + w, 0);
            return (Math.max(k - d, 0) + d * stats[2] * lower) / total;
        }
    }
}
