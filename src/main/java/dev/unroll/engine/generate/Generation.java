package dev.unroll.engine.generate;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Rng;
import dev.unroll.engine.corpus.Vocabulary;
import dev.unroll.engine.model.ModelSnapshot;
import dev.unroll.engine.model.RecurrentModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated text, character by character, from a copy of a model's weights, as char-rnn's
 * {@code primetext} does it: h starts at zero, the forward pass runs over the whole prime, and the
 * first generated character is drawn from the distribution after the prime's last character. Each
 * next character is drawn from softmax(y / temperature) (or argmax, or among the k most likely) and
 * fed back in.
 *
 * <p>Every generated character keeps the logits y it was drawn from, so a view can show its
 * distribution at any temperature afterwards ({@link #top}), and the hidden state is kept every
 * {@value #CHECKPOINT_EVERY} characters, so a what-if ({@link #branch}) recomputes at most that
 * many steps to continue from any position with another character.
 *
 * <p>Threading: one thread writes ({@link #advance}); any thread may read the first {@link #size()}
 * characters and their logits while it does (the count is published after the data, through a
 * volatile). {@link #cancel()} and {@link #stopAt} may be called from any thread.
 */
public final class Generation {
    /** The hidden state is kept every this many generated characters (for what-if continuations). */
    public static final int CHECKPOINT_EVERY = 256;
    private static final int CHUNK = 1024;

    private final ModelSnapshot source;
    private final RecurrentModel.Stepper model;
    private final Vocabulary vocabulary;
    private final GenerationSettings settings;
    private final int vocab;
    private final int[] prime;
    private final double[] primeHidden;
    private final int[] chars;
    private final float[][] logitChunks;
    private final double[][] checkpoints;
    private final BitSet picked = new BitSet();
    /** At each position a what-if chose (before this generation's end), the character the sampler had drawn there. */
    private final Map<Integer, Integer> sampled = new HashMap<>();

    // the writer's state: the hidden state and logits for character number {@code count}
    private final double[] hidden;
    private final double[] logits;
    private final double[] probs;
    private final Rng rng;

    private volatile int count;
    private volatile int limit;
    private volatile boolean cancelled;

    /**
     * Primes a generation: checks the settings against the model's vocabulary (a
     * {@link BadInputException} names what is wrong) and runs the forward pass over the prime.
     * Nothing is generated yet: call {@link #advance} or {@link #runToEnd}.
     */
    public static Generation start(ModelSnapshot model, GenerationSettings settings) {
        if (model == null) {
            throw new BadInputException("there is no model yet: train one or load a checkpoint");
        }
        settings.checkAgainst(model.vocabulary());
        return new Generation(model, settings);
    }

    private Generation(ModelSnapshot source, GenerationSettings settings) {
        this.source = source;
        this.model = stepperFor(source);
        this.vocabulary = source.vocabulary();
        this.settings = settings;
        this.vocab = vocabulary.size();
        int stateSize = source.stateSize();
        this.rng = new Rng(settings.seed());
        if (settings.prime().isEmpty()) {
            int start = settings.startCodePoint() >= 0 ? vocabulary.indexOf(settings.startCodePoint()) : rng.nextInt(vocab);
            this.prime = new int[] {start};
        } else {
            this.prime = vocabulary.encode(settings.prime());
        }
        this.chars = new int[settings.length()];
        this.logitChunks = new float[(settings.length() + CHUNK - 1) / CHUNK][];
        this.checkpoints = new double[(settings.length() + CHECKPOINT_EVERY - 1) / CHECKPOINT_EVERY][];
        this.hidden = new double[stateSize];
        this.logits = new double[vocab];
        this.probs = new double[vocab];
        for (int x : prime) {
            model.step(x, hidden, logits);
        }
        this.primeHidden = hidden.clone();
        this.limit = settings.length();
    }

    /**
     * The sampling step on a private copy of the weights (the stepper keeps scratch buffers, so each
     * writer, and each reader that recomputes, has its own).
     */
    private static RecurrentModel.Stepper stepperFor(ModelSnapshot source) {
        return source.newModel().stepper();
    }

    /** A what-if: same prefix as {@code from} up to {@code position}, character {@code index} there. */
    private Generation(Generation from, int position, int index) {
        this.source = from.source;
        this.model = stepperFor(source);
        this.vocabulary = from.vocabulary;
        this.settings = from.settings;
        this.vocab = from.vocab;
        this.prime = from.prime;
        this.primeHidden = from.primeHidden;
        this.chars = new int[settings.length()];
        this.logitChunks = new float[from.logitChunks.length][];
        this.checkpoints = new double[from.checkpoints.length][];
        this.probs = new double[vocab];
        this.logits = new double[vocab];
        this.rng = new Rng(settings.seed() ^ (0x9E3779B97F4A7C15L * (position + 1L)));
        System.arraycopy(from.chars, 0, chars, 0, position);
        chars[position] = index;
        // chunks before the one holding `position` are never written again: share them; copy that one
        int last = position / CHUNK;
        System.arraycopy(from.logitChunks, 0, logitChunks, 0, last);
        logitChunks[last] = from.logitChunks[last].clone();
        int lastCheckpoint = position / CHECKPOINT_EVERY;
        for (int c = 0; c <= lastCheckpoint; c++) {
            checkpoints[c] = from.checkpoints[c];
        }
        picked.or(from.picked);
        picked.clear(position, Math.max(position, picked.length()));
        picked.set(position);
        from.sampled.forEach((at, c) -> {
            if (at < position) {
                sampled.put(at, c);
            }
        });
        sampled.put(position, from.sampledAt(position));
        // the hidden state before `position`, then feed the chosen character
        this.hidden = checkpoints[lastCheckpoint].clone();
        for (int n = lastCheckpoint * CHECKPOINT_EVERY; n < position; n++) {
            model.step(chars[n], hidden, logits);
        }
        model.step(index, hidden, logits);
        this.limit = settings.length();
        this.count = position + 1;
    }

    /**
     * Generates up to {@code maxSteps} more characters (fewer when the length or {@link #stopAt}
     * limit is reached or the generation was cancelled). Only one thread may call this.
     *
     * @return the number of characters generated so far
     */
    public int advance(int maxSteps) {
        int n = count;
        int end = (int) Math.min((long) n + Math.max(0, maxSteps), limit);
        final int length = chars.length;
        while (n < end && !cancelled) {
            if (n % CHECKPOINT_EVERY == 0) {
                checkpoints[n / CHECKPOINT_EVERY] = hidden.clone();
            }
            float[] chunk = logitChunks[n / CHUNK];
            if (chunk == null) {
                chunk = new float[CHUNK * vocab];
                logitChunks[n / CHUNK] = chunk;
            }
            int off = (n % CHUNK) * vocab;
            for (int k = 0; k < vocab; k++) {
                chunk[off + k] = (float) logits[k];
            }
            int x = Sampler.choose(logits, probs, settings.temperature(), settings.mode(), settings.topK(), rng);
            chars[n] = x;
            n++;
            count = n; // publishes chars[n-1] and its logits to readers
            if (n < length) {
                model.step(x, hidden, logits);
            }
            end = Math.min(end, limit);
        }
        return n;
    }

    /** Generates until the length is reached, {@link #stopAt} or {@link #cancel()}. */
    public int runToEnd() {
        return advance(Integer.MAX_VALUE);
    }

    /** Asks the writer to stop after the current character. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Keeps only the first {@code n} characters: the writer stops there and {@link #size()} never exceeds it. */
    public void stopAt(int n) {
        limit = Math.max(0, Math.min(limit, n));
    }

    /** Whether no more characters will come (the length or limit reached, or cancelled). */
    public boolean isDone() {
        return cancelled || count >= limit;
    }

    /** Characters generated and kept so far. */
    public int size() {
        return Math.min(count, limit);
    }

    /** The target number of characters. */
    public int length() {
        return settings.length();
    }

    public GenerationSettings settings() {
        return settings;
    }

    public ModelSnapshot model() {
        return source;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The characters fed before the first generated one: the prime, or the start character when it was empty. */
    public String primeText() {
        return vocabulary.decode(prime);
    }

    public int[] primeIndices() {
        return prime.clone();
    }

    /**
     * The state after the forward pass over the prime (a copy): {@link RecurrentModel#stateSize()}
     * entries, the hidden state h first (for the LSTM, c after it).
     */
    public double[] hiddenAfterPrime() {
        return primeHidden.clone();
    }

    /** The vocabulary index of generated character {@code i} (below {@link #size()}). */
    public int indexAt(int i) {
        check(i);
        return chars[i];
    }

    /**
     * The vocabulary index the sampler drew at generated character {@code i}: {@link #indexAt} where no
     * what-if chose a character there, else the character drawn before the first what-if at {@code i}
     * (so "instead of" names the sampler's choice, also after a second what-if at the same place).
     */
    public int sampledAt(int i) {
        check(i);
        Integer s = sampled.get(i);
        return s != null ? s : chars[i];
    }

    public String symbolAt(int i) {
        return vocabulary.symbol(indexAt(i));
    }

    /** The generated characters so far (without the prime). */
    public String text() {
        return vocabulary.decode(chars, 0, size());
    }

    /** Generated characters {@code [from, to)}. */
    public String text(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + size());
        }
        return vocabulary.decode(chars, from, to);
    }

    /** Whether the user chose character {@code i} (a what-if) instead of the sampler. */
    public boolean wasPicked(int i) {
        return picked.get(i);
    }

    /** The logits character {@code i} was drawn from (stored as floats). */
    public double[] logitsAt(int i) {
        check(i);
        float[] chunk = logitChunks[i / CHUNK];
        int off = (i % CHUNK) * vocab;
        double[] out = new double[vocab];
        for (int k = 0; k < vocab; k++) {
            out[k] = chunk[off + k];
        }
        return out;
    }

    /** softmax(logits_i / temperature): the distribution character {@code i} came from, seen at another temperature. */
    public double[] distributionAt(int i, double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new BadInputException("temperature must be a positive finite number (got " + temperature + ")");
        }
        double[] p = new double[vocab];
        Sampler.softmax(logitsAt(i), temperature, p);
        return p;
    }

    /** The {@code n} most likely characters at position {@code i} at a temperature, most likely first (ties: lower index). */
    public List<Candidate> top(int i, double temperature, int n) {
        return topOf(distributionAt(i, temperature), vocabulary, n);
    }

    /** The {@code n} largest entries of a distribution, largest first (ties: lower index). */
    public static List<Candidate> topOf(double[] p, Vocabulary vocabulary, int n) {
        Integer[] order = new Integer[p.length];
        for (int k = 0; k < p.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        List<Candidate> out = new ArrayList<>(Math.min(n, p.length));
        for (int r = 0; r < Math.min(n, p.length); r++) {
            out.add(new Candidate(order[r], vocabulary.symbol(order[r]), p[order[r]]));
        }
        return out;
    }

    /**
     * The state just before character {@code position} was drawn (after the prime and the
     * characters before it), recomputed from the nearest kept state; laid out as {@link #hiddenAfterPrime()}.
     */
    public double[] hiddenBefore(int position) {
        if (position < 0 || position > size() || position >= chars.length) {
            throw new IndexOutOfBoundsException("position " + position + " of " + size());
        }
        int c = position / CHECKPOINT_EVERY;
        while (c > 0 && checkpoints[c] == null) {
            c--;
        }
        double[] h = checkpoints[c] != null ? checkpoints[c].clone() : primeHidden.clone();
        RecurrentModel.Stepper m = stepperFor(source);
        double[] y = new double[vocab];
        for (int n = c * CHECKPOINT_EVERY; n < position; n++) {
            m.step(chars[n], h, y);
        }
        return h;
    }

    /**
     * A what-if: a new generation that keeps characters {@code [0, position)}, puts the character with
     * vocabulary index {@code index} at {@code position} and continues from there (with its own
     * random sequence, derived from the seed and the position) up to the same length. This
     * generation must have stopped writing (done or cancelled) and hold more than {@code position}
     * characters.
     */
    public Generation branch(int position, int index) {
        if (position < 0 || position >= size()) {
            throw new BadInputException("no generated character at position " + position + " (there are " + size() + ")");
        }
        if (index < 0 || index >= vocab) {
            throw new BadInputException("no character with index " + index + " in the vocabulary of " + vocab);
        }
        return new Generation(this, position, index);
    }

    /** {@link #branch} with a character: a {@link BadInputException} when the model does not know it. */
    public Generation branch(int position, String character) {
        if (character == null || character.codePointCount(0, character.length()) != 1) {
            throw new BadInputException("type exactly one character");
        }
        int idx = vocabulary.indexOf(character.codePointAt(0));
        if (idx < 0) {
            throw new BadInputException(Vocabulary.describe(character.codePointAt(0)) + " is not in the model's vocabulary");
        }
        return branch(position, idx);
    }

    private void check(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("character " + i + " of " + size());
        }
    }
}
