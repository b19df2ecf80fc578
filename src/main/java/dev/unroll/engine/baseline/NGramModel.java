package dev.unroll.engine.baseline;

import java.util.Arrays;

import dev.unroll.engine.BadInputException;

/**
 * Character n-gram models of every order 1..N fitted at once on a text, smoothed with interpolated
 * Kneser-Ney (Chen and Goodman 1998, section 3.6: one absolute discount per order, D = n1 / (n1 + 2 n2)
 * from that order's count-of-counts; lower orders use continuation counts, the number of distinct
 * characters seen before an n-gram; the unigram level is interpolated with the uniform distribution
 * over the vocabulary, so every character has a positive probability).
 *
 * <p>Why Kneser-Ney rather than Witten-Bell: it is the family of smoothings Chen and Goodman found
 * best across orders and corpora (their winner, modified Kneser-Ney, has three discounts per order
 * where this has one), and its continuation counts matter most at the high orders a character model
 * uses (a character that follows many different contexts is a better guess after an unseen context
 * than one that is frequent in a few); Witten-Bell needs no discounts but scores worse in their
 * comparison and is the simpler (PPM-C) estimator, not the standard one.
 *
 * <p>The model of order n, for a character w after the n-1 characters before it (its context c):
 * <pre>
 *   P_n(w | c) = (max(k(c w) - D, 0) + D * N1+(c .) * P_{n-1}(w | c')) / sum_v k(c v)
 * </pre>
 * where c' is c without its first character, k is the raw count at the model's own order n and the
 * continuation count below it, D and N1+(c .) (the number of distinct characters seen after c) are
 * those of the order, and P_0 is uniform. A context never seen in training backs off entirely to
 * the shorter one. The text's first position has no character before it; it counts as one distinct
 * left neighbour of its n-grams (as a start symbol would), so an n-gram's continuation count is
 * positive exactly when it occurs. Near the start of a scored text only the characters present
 * are used as context.
 *
 * <p>Storage: one open-addressing hash table per order; an n-gram of order n+1 is keyed by the
 * entry of its first n characters in order n and its last character, so fitting reads each
 * position once per order and never compares strings. Memory is 40 to 48 bytes per distinct n-gram
 * summed over the orders (Tiny Shakespeare up to order 20: 11.4 million n-grams, about 500 MB).
 * Immutable once fitted; safe to query from several threads.
 */
public final class NGramModel {
    /** Orders above this are refused: nothing is gained on texts a desktop holds, and memory grows with the order. */
    public static final int MAX_ORDER = 64;

    /** Scored text is processed in blocks of this many positions (bounded memory for any length). */
    private static final int BLOCK = 8192;

    private final int vocabSize;
    private final int maxOrder;
    private final int trainingLength;
    /** levels[n] holds the n-grams; levels[0] holds the empty context only (entry 0). */
    private final Level[] levels;
    private final double[] rawDiscount;
    private final double[] contDiscount;

    private NGramModel(int[] text, int from, int to, int vocabSize, int maxOrder) {
        this.vocabSize = vocabSize;
        this.maxOrder = maxOrder;
        this.trainingLength = to - from;
        this.levels = new Level[maxOrder + 1];
        this.rawDiscount = new double[maxOrder + 1];
        this.contDiscount = new double[maxOrder + 1];
        build(text, from, to);
    }

    /**
     * Fits the models of orders 1 to {@code maxOrder} on {@code text[from, to)}.
     *
     * @param text      character indices, each in [0, vocabSize)
     * @param vocabSize the size of the alphabet the probabilities are spread over (at least 1)
     * @throws BadInputException for an empty range, an order outside 1..{@value #MAX_ORDER} or an index outside the vocabulary
     */
    public static NGramModel fit(int[] text, int from, int to, int vocabSize, int maxOrder) {
        if (maxOrder < 1 || maxOrder > MAX_ORDER) {
            throw new BadInputException("the n-gram order must be between 1 and " + MAX_ORDER + " (got " + maxOrder + ")");
        }
        if (vocabSize < 1) {
            throw new BadInputException("the vocabulary is empty");
        }
        if (from < 0 || to > text.length || to - from < 1) {
            throw new BadInputException("the training text for the n-gram model is empty");
        }
        requireInVocabulary(text, from, to, vocabSize);
        return new NGramModel(text, from, to, vocabSize, maxOrder);
    }

    /** The highest order fitted. */
    public int maxOrder() {
        return maxOrder;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Characters the model was fitted on. */
    public int trainingLength() {
        return trainingLength;
    }

    /** Distinct n-grams of length {@code order} in the training text. */
    public int distinct(int order) {
        requireOrder(order);
        return levels[order].size;
    }

    /** The discount of an order's own (raw) counts, used when it is the model's highest order. */
    public double discount(int order) {
        requireOrder(order);
        return rawDiscount[order];
    }

    /**
     * P(symbol | context) under the model of the given order; only the last {@code order - 1}
     * characters of the context are used (fewer when it is shorter).
     */
    public double probability(int order, int[] context, int symbol) {
        requireOrder(order);
        requireInVocabulary(context, 0, context.length, vocabSize);
        requireInVocabulary(new int[] {symbol}, 0, 1, vocabSize);
        int[] seq = Arrays.copyOf(context, context.length + 1);
        seq[context.length] = symbol;
        double[] byOrder = new double[maxOrder];
        int[][] ids = ids(seq, 0, seq.length);
        probabilities(ids, 0, context.length, byOrder);
        return byOrder[order - 1];
    }

    /** The distribution over the whole vocabulary after a context, under the model of the given order (it sums to 1). */
    public double[] distribution(int order, int[] context) {
        double[] p = new double[vocabSize];
        for (int w = 0; w < vocabSize; w++) {
            p[w] = probability(order, context, w);
        }
        return p;
    }

    /**
     * Mean negative log-likelihood in nats per character of every model order on {@code text[from, to)}:
     * each character from {@code from + 1} on is predicted from the characters before it in that
     * range (the first one is context only, as for the network's validation loss, which starts
     * from a zero state at the start of the tail).
     *
     * @return element n-1 is the order-n model's nats per character
     * @throws BadInputException when the range holds fewer than two characters or a character outside the vocabulary
     */
    public double[] crossEntropy(int[] text, int from, int to) {
        if (from < 0 || to > text.length || to - from < 2) {
            throw new BadInputException("the text to score holds fewer than two characters");
        }
        requireInVocabulary(text, from, to, vocabSize);
        double[] sums = new double[maxOrder];
        double[] byOrder = new double[maxOrder];
        for (int first = from + 1; first < to; first += BLOCK) {
            int last = Math.min(to, first + BLOCK);
            int start = Math.max(from, first - (maxOrder - 1));
            int[][] ids = ids(text, start, last);
            for (int t = first; t < last; t++) {
                probabilities(ids, from - start, t - start, byOrder);
                for (int n = 0; n < maxOrder; n++) {
                    sums[n] -= Math.log(byOrder[n]);
                }
            }
        }
        for (int n = 0; n < maxOrder; n++) {
            sums[n] /= to - from - 1;
        }
        return sums;
    }

    // ---- the chain of orders for one position ----

    /**
     * ids[n][i]: the entry of the n-gram at seq[start + i, start + i + n) in order n, -1 when it
     * never occurred in training (ids[0] is all zeros: the empty context).
     */
    private int[][] ids(int[] seq, int start, int end) {
        int len = end - start;
        int[][] ids = new int[maxOrder + 1][];
        ids[0] = new int[len + 1];
        for (int n = 1; n <= maxOrder; n++) {
            int[] below = ids[n - 1];
            int[] here = new int[Math.max(0, len - n + 1)];
            for (int i = 0; i < here.length; i++) {
                here[i] = below[i] < 0 ? -1 : levels[n].find(below[i], seq[start + i + n - 1]);
            }
            ids[n] = here;
        }
        return ids;
    }

    /**
     * For the character at offset t of the ids' window, with context back to offset {@code first}
     * (which may be negative: the window then starts after the context's start): the probability
     * under every model order, into out[n-1].
     */
    private void probabilities(int[][] ids, int first, int t, double[] out) {
        double lower = 1.0 / vocabSize; // the lower-order chain, continuation counts
        int usable = Math.min(maxOrder, t - Math.max(first, 0) + 1);
        for (int n = 1; n <= usable; n++) {
            int at = t - n + 1;
            Level ctxLevel = levels[n - 1];
            int ctx = ids[n - 1][at];
            if (ctx < 0 || ctxLevel.rawTotal[ctx] == 0) {
                out[n - 1] = lower; // an unseen context backs off entirely
                continue;
            }
            int gram = ids[n][at];
            Level level = levels[n];
            int types = ctxLevel.types[ctx];
            double d = rawDiscount[n];
            int raw = gram < 0 ? 0 : level.raw[gram];
            out[n - 1] = (Math.max(raw - d, 0) + d * types * lower) / ctxLevel.rawTotal[ctx];
            if (n < maxOrder) {
                double dc = contDiscount[n];
                int cont = gram < 0 ? 0 : level.cont[gram];
                lower = (Math.max(cont - dc, 0) + dc * types * lower) / ctxLevel.contTotal[ctx];
            }
        }
        for (int n = usable + 1; n <= maxOrder; n++) {
            out[n - 1] = out[usable - 1];
        }
    }

    // ---- fitting ----

    /**
     * One pass per order over the text: ids[p] holds the entry of the n-gram at p, and becomes that
     * of the (n+1)-gram at p (its first n characters' entry and its last character).
     */
    private void build(int[] text, int from, int to) {
        int len = to - from;
        levels[0] = new Level(1);
        levels[0].add(0, 0);
        int[] ids = new int[len];
        for (int n = 1; n <= maxOrder; n++) {
            Level below = levels[n - 1];
            Level level = new Level((int) Math.min(len, Math.min(1 << 20, Math.pow(vocabSize, n))));
            if (n > 1) {
                below.cont[ids[0]]++; // the text's start: one distinct left neighbour of the first (n-1)-gram
            }
            for (int p = 0; p + n <= len; p++) {
                int parent = ids[p];
                int e = level.find(parent, text[from + p + n - 1]);
                if (e < 0) {
                    e = level.add(parent, text[from + p + n - 1]);
                    below.types[parent]++;
                    if (n > 1) {
                        below.cont[ids[p + 1]]++; // the (n-1)-gram at p+1 has a new left neighbour
                    }
                }
                level.raw[e]++;
                below.rawTotal[parent]++;
                ids[p] = e;
            }
            level.trim();
            levels[n] = level;
        }
        // sums of the followers' continuation counts, once every order's are known
        for (int n = 1; n < maxOrder; n++) {
            Level level = levels[n];
            Level below = levels[n - 1];
            for (int e = 0; e < level.size; e++) {
                below.contTotal[level.parent(e)] += level.cont[e];
            }
        }
        for (int n = 1; n <= maxOrder; n++) {
            rawDiscount[n] = discount(levels[n].raw, levels[n].size);
            contDiscount[n] = n < maxOrder ? discount(levels[n].cont, levels[n].size) : Double.NaN;
        }
    }

    /** Ney's estimate n1 / (n1 + 2 n2); 0.5 when no n-gram occurs once (a tiny or very regular text). */
    private static double discount(int[] counts, int size) {
        long n1 = 0;
        long n2 = 0;
        for (int i = 0; i < size; i++) {
            if (counts[i] == 1) {
                n1++;
            } else if (counts[i] == 2) {
                n2++;
            }
        }
        return n1 == 0 ? 0.5 : (double) n1 / (n1 + 2 * n2);
    }

    private void requireOrder(int order) {
        if (order < 1 || order > maxOrder) {
            throw new BadInputException("order " + order + " was not fitted (orders 1 to " + maxOrder + ")");
        }
    }

    private static void requireInVocabulary(int[] text, int from, int to, int vocabSize) {
        for (int i = from; i < to; i++) {
            if (text[i] < 0 || text[i] >= vocabSize) {
                throw new BadInputException("character index " + text[i] + " lies outside the vocabulary of " + vocabSize);
            }
        }
    }

    /** The n-grams of one length, keyed by (entry of the first n-1 characters, last character), with their counts. */
    private static final class Level {
        int size;
        /** (entry of the first n-1 characters) << 32 | last character. */
        long[] key;
        int[] raw;
        int[] cont;
        /** As a context: the sums of its followers' raw and continuation counts, and their number. */
        int[] rawTotal;
        int[] contTotal;
        int[] types;
        private int[] slots;
        private int mask;

        Level(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected)) << 1;
            slots = new int[cap];
            mask = cap - 1;
            int dense = Math.max(4, expected);
            key = new long[dense];
            raw = new int[dense];
            cont = new int[dense];
            rawTotal = new int[dense];
            contTotal = new int[dense];
            types = new int[dense];
        }

        /** The entry of (parent, symbol), or -1. */
        int find(int parentEntry, int sym) {
            long k = key(parentEntry, sym);
            for (int i = slot(k); ; i = (i + 1) & mask) {
                int s = slots[i];
                if (s == 0) {
                    return -1;
                }
                if (key[s - 1] == k) {
                    return s - 1;
                }
            }
        }

        /** Adds (parent, symbol), which is not present yet; returns its entry. */
        int add(int parentEntry, int sym) {
            if (size == key.length) {
                resize(key.length + (key.length >> 1) + 1);
            }
            key[size] = key(parentEntry, sym);
            size++;
            if (2L * size > slots.length) {
                slots = new int[slots.length * 2];
                mask = slots.length - 1;
                for (int e = 0; e < size; e++) {
                    insert(e);
                }
            } else {
                insert(size - 1);
            }
            return size - 1;
        }

        /** Drops the spare capacity of the entry arrays once the order is complete. */
        void trim() {
            resize(size);
        }

        private void resize(int cap) {
            key = Arrays.copyOf(key, cap);
            raw = Arrays.copyOf(raw, cap);
            cont = Arrays.copyOf(cont, cap);
            rawTotal = Arrays.copyOf(rawTotal, cap);
            contTotal = Arrays.copyOf(contTotal, cap);
            types = Arrays.copyOf(types, cap);
        }

        private void insert(int e) {
            int i = slot(key[e]);
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = e + 1;
        }

        /** The entry of the first n-1 characters. */
        int parent(int e) {
            return (int) (key[e] >>> 32);
        }

        private static long key(int parentEntry, int sym) {
            return (long) parentEntry << 32 | (sym & 0xFFFFFFFFL);
        }

        private int slot(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 32;
            return (int) h & mask;
        }
    }
}
