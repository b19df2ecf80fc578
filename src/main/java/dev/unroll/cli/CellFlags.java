package dev.unroll.cli;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.Cell;
import dev.unroll.engine.TrainingConfig;

/** The command line's cell flags: {@code --cell} and {@code --match-params} ({@code --cells} lists: {@code SweepGrid.parseCells}). */
final class CellFlags {
    private CellFlags() {
    }

    /** The largest hidden size a cell accepts. */
    static int maxHidden(Cell cell) {
        return cell == Cell.VANILLA ? TrainingConfig.MAX_HIDDEN : TrainingConfig.MAX_GATED_HIDDEN;
    }

    /** {@code --cell NAME}; null (not given) is the vanilla cell. */
    static Cell parse(String name) {
        if (name == null) {
            return Cell.VANILLA;
        }
        try {
            return Cell.parse(name);
        } catch (BadInputException e) {
            throw CliExit.badInput("--cell: " + e.getMessage());
        }
    }

    /**
     * {@code --match-params N}: the hidden size whose model of this cell has the parameter count
     * closest to {@code target} (the smaller one on a tie), for a vocabulary of {@code vocab}.
     *
     * @throws CliExit (bad input) when {@code target} lies below the count at hidden size 1 or above the
     *                 count at the cell's largest hidden size
     */
    static int matchHidden(Cell cell, int vocab, long target) {
        int max = maxHidden(cell);
        long low = cell.parameterCount(vocab, 1);
        long high = cell.parameterCount(vocab, max);
        if (target < low || target > high) {
            throw CliExit.badInput("--match-params " + target + " is out of range for the " + cell.cliName() + " cell with "
                    + vocab + " characters: from " + Text.count(low) + " (hidden 1) to " + Text.count(high) + " (hidden " + max + ")");
        }
        int lo = 1;
        int hi = max; // the smallest hidden size whose count reaches the target lies in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cell.parameterCount(vocab, mid) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo > 1 && target - cell.parameterCount(vocab, lo - 1) <= cell.parameterCount(vocab, lo) - target) {
            return lo - 1;
        }
        return lo;
    }

    /** The line that reports a {@code --match-params} choice: the target and the count reached. */
    static String matchLine(Cell cell, int vocab, long target, int hidden) {
        return "--match-params " + Text.count(target) + ": " + cell.cliName() + " with hidden size " + hidden + " has "
                + Text.count(cell.parameterCount(vocab, hidden)) + " parameters (vocabulary " + vocab + ")";
    }
}
