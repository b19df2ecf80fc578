package dev.unroll.cli;

import dev.unroll.engine.BadInputException;
import dev.unroll.engine.model.Cell;

/** The command line's cell flags: {@code --cell} and {@code --match-params} ({@code --cells} lists: {@code SweepGrid.parseCells}). */
final class CellFlags {
    private CellFlags() {
    }

    /** The largest hidden size a cell accepts. */
    static int maxHidden(Cell cell) {
        return cell.maxHidden();
    }

    /** {@code --cell NAME}; null (not given) is the vanilla cell. */
    static Cell parse(String name) {
        return name == null ? Cell.VANILLA : FlagChecks.parsed("--cell", name, Cell::parse);
    }

    /**
     * {@code --match-params N}: {@link Cell#hiddenSizeMatching}, the hidden size whose model of this cell has the
     * parameter count closest to {@code target}.
     *
     * @throws CliExit (bad input) when {@code target} is out of the cell's range
     */
    static int matchHidden(Cell cell, int vocab, long target) {
        return matchHidden(cell, vocab, target, 1);
    }

    /** {@link #matchHidden(Cell, int, long)} for a model of {@code layers} stacked layers ({@link Cell#hiddenSizeMatching(int, long, int)}). */
    static int matchHidden(Cell cell, int vocab, long target, int layers) {
        try {
            return cell.hiddenSizeMatching(vocab, target, layers);
        } catch (BadInputException e) {
            throw CliExit.badInput("--match-params: " + e.getMessage());
        }
    }

    /** The line that reports a {@code --match-params} choice: the target and the count reached. */
    static String matchLine(Cell cell, int vocab, long target, int hidden) {
        return "--match-params " + Text.count(target) + ": " + cell.cliName() + " with hidden size " + hidden + " has "
                + Text.count(cell.parameterCount(vocab, hidden)) + " parameters (vocabulary " + vocab + ")";
    }
}
