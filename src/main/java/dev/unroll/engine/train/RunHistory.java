package dev.unroll.engine.train;

import dev.unroll.engine.generate.Sample;
import dev.unroll.engine.model.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's history: copies of the weights at iterations spaced so that early learning is dense and
 * the memory stays bounded. The trainer keeps an entry after iteration n when n is {@linkplain #isScheduled
 * scheduled}: 100, 200, 500, 1,000, 2,000, 5,000, 10,000, ... (1, 2 and 5 times a power of ten, from 100).
 * When the entries hold more than the budget of bytes ({@link HistoryEntry#bytes()}), the history is
 * thinned: the entry between two others whose neighbours are closest on a logarithmic scale of
 * iterations (the ratio (next + 1) / (previous + 1) is smallest; the oldest of equals) is dropped, again
 * until the budget holds. So the first entry and the newest stay while two entries fit. The budget is a hard
 * bound: when the first and the newest alone exceed it (a model of more than half the budget), the newest goes
 * (the history keeps the first alone), and an entry larger than the whole budget is not kept at all. A budget
 * of 0 turns the history off.
 *
 * <p>Not thread-safe: the trainer owns it (under its lock) and hands out {@link #entries()} copies.
 * {@link #isDue} allocates nothing, so the training loop may ask it every iteration.
 */
public final class RunHistory {
    /** The budget a trainer starts with: 64 MB. */
    public static final long DEFAULT_BUDGET_BYTES = 64L << 20;
    /** The first scheduled iteration. */
    public static final long FIRST = 100;

    private final List<HistoryEntry> entries = new ArrayList<>();
    private long budgetBytes;
    private long bytes;

    /** An empty history with {@code budgetBytes} (0: off). */
    public RunHistory(long budgetBytes) {
        setBudget(budgetBytes);
    }

    /**
     * Whether iteration n is on the schedule: n = d 10^k with d in {1, 2, 5} and n at least {@value #FIRST}.
     */
    public static boolean isScheduled(long n) {
        if (n < FIRST) {
            return false;
        }
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1 || n == 2 || n == 5;
    }

    /** How many iterations from 1 to n are {@linkplain #isScheduled scheduled}: 3 per power of ten from 100 (1,000: 4). */
    public static int scheduledUpTo(long n) {
        int count = 0;
        for (long p = FIRST; p <= n; p *= 10) {
            count += 1 + (2 * p <= n ? 1 : 0) + (5 * p <= n ? 1 : 0);
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        return count;
    }

    /**
     * The most bytes the weights of a run's history can take: every scheduled entry up to {@code iterations} of
     * {@code parameterCount} numbers, but never more than the budget (the samples' few bytes left out).
     */
    public static long mostBytes(long parameterCount, long iterations, long budgetBytes) {
        long entry = 8 * parameterCount;
        long all = scheduledUpTo(iterations) * entry;
        return Math.min(budgetBytes, all);
    }

    /** Whether an entry is due after iteration n: the history is on, n is scheduled and not kept yet. */
    public boolean isDue(long n) {
        return budgetBytes > 0 && isScheduled(n) && (entries.isEmpty() || entries.get(entries.size() - 1).iteration() < n);
    }

    /**
     * Keeps copies of the weights after iteration n (at the end, after the newest), then thins to the
     * budget. Does nothing when the history is off.
     *
     * @throws IllegalArgumentException when n is not after the newest entry's iteration
     */
    public void keep(long n, List<Tensor> parameters, double smoothLoss, double valLoss) {
        if (budgetBytes <= 0) {
            return;
        }
        if (!entries.isEmpty() && entries.get(entries.size() - 1).iteration() >= n) {
            throw new IllegalArgumentException("iteration " + n + " is not after the newest entry's " + newest().iteration());
        }
        long size = 0;
        for (Tensor t : parameters) {
            size += 8L * t.data.length;
        }
        if (size + (entries.isEmpty() ? 0 : entries.get(0).bytes()) > budgetBytes) {
            return; // thinning would drop it again: not even copied (a model of more than half the budget)
        }
        List<Tensor> copies = new ArrayList<>(parameters.size());
        for (Tensor t : parameters) {
            copies.add(t.copy());
        }
        add(new HistoryEntry(n, copies, smoothLoss, valLoss, null));
    }

    /**
     * Gives the newest entry the sample written from its weights, when the sample's iteration is that
     * entry's and it has none yet; otherwise nothing changes.
     */
    public void attachSample(Sample s) {
        if (entries.isEmpty()) {
            return;
        }
        int last = entries.size() - 1;
        HistoryEntry e = entries.get(last);
        if (e.iteration() == s.iteration() && e.sample() == null) {
            HistoryEntry with = e.withSample(s);
            entries.set(last, with);
            bytes += with.bytes() - e.bytes();
            thin();
        }
    }

    /**
     * Replaces the entries with {@code earlier}'s (a resumed run's), as they are: the next {@link #keep} or
     * {@link #setBudget} thins them to the budget (so a budget set after resuming decides what stays).
     * With the history off, nothing is taken.
     *
     * @throws IllegalArgumentException when the entries' iterations do not increase
     */
    public void restore(List<HistoryEntry> earlier) {
        entries.clear();
        bytes = 0;
        long last = -1;
        for (HistoryEntry e : earlier) {
            if (e.iteration() <= last) {
                throw new IllegalArgumentException("history entries out of order: " + e.iteration() + " after " + last);
            }
            last = e.iteration();
            entries.add(e);
            bytes += e.bytes();
        }
        if (budgetBytes <= 0) {
            entries.clear();
            bytes = 0;
        }
    }

    /** Sets the budget in bytes (0: off, and the entries are dropped) and thins to it. */
    public void setBudget(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the history's budget must be 0 or more bytes (got " + budgetBytes + ")");
        }
        this.budgetBytes = budgetBytes;
        if (budgetBytes == 0) {
            entries.clear();
            bytes = 0;
        }
        thin();
    }

    /**
     * What the history holds against its budget, read at once.
     *
     * @param entries how many entries are kept
     * @param first   the oldest entry's iteration (0 with none)
     * @param last    the newest entry's iteration (0 with none)
     * @param bytes   the bytes the entries hold ({@link HistoryEntry#bytes()} summed)
     * @param budget  the budget in bytes (0: the history is off)
     */
    public record Usage(int entries, long first, long last, long bytes, long budget) {
    }

    /** The entries' count, span and bytes, and the budget. */
    public Usage usage() {
        return entries.isEmpty() ? new Usage(0, 0, 0, bytes, budgetBytes)
                : new Usage(entries.size(), entries.get(0).iteration(), newest().iteration(), bytes, budgetBytes);
    }

    /** A copy of the entries, oldest first. */
    public List<HistoryEntry> entries() {
        return List.copyOf(entries);
    }

    private HistoryEntry newest() {
        return entries.get(entries.size() - 1);
    }

    private void add(HistoryEntry e) {
        entries.add(e);
        bytes += e.bytes();
        thin();
    }

    /** Drops the densest inner entries (see the class comment), then the newest, until the budget holds. */
    private void thin() {
        while (bytes > budgetBytes && !entries.isEmpty()) {
            int drop = entries.size() - 1; // with two entries or fewer: the newest
            double least = Double.POSITIVE_INFINITY;
            for (int i = 1; i < entries.size() - 1; i++) {
                double ratio = (entries.get(i + 1).iteration() + 1.0) / (entries.get(i - 1).iteration() + 1.0);
                if (ratio < least) {
                    least = ratio;
                    drop = i;
                }
            }
            bytes -= entries.remove(drop).bytes();
        }
    }
}
