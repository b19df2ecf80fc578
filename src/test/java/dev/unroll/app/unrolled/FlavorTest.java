package dev.unroll.app.unrolled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unroll.app.events.ShowFlavor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 13: the talk's four flavors of recurrent networks, drawn on the same unrolled cell. */
class FlavorTest {
    private static String pattern(Flavor f, int steps) {
        StringBuilder sb = new StringBuilder();
        IntStream.range(0, steps).forEach(i -> sb.append(f.hasInput(i, steps) ? 'x' : '.').append(f.hasOutput(i, steps) ? 'y' : '.').append(' '));
        return sb.toString().strip();
    }

    @Test
    void eachFlavorHasItsInputsAndOutputsWhereTheTalkDrawsThem() {
        assertEquals("xy xy xy xy", pattern(Flavor.MANY_TO_MANY, 4));
        assertEquals("xy .y .y .y", pattern(Flavor.ONE_TO_MANY, 4));
        assertEquals("x. x. x. xy", pattern(Flavor.MANY_TO_ONE, 4));
        assertEquals("x. x. .y .y", pattern(Flavor.SEQUENCE_TO_SEQUENCE, 4));
        assertEquals("x. x. x. .y .y", pattern(Flavor.SEQUENCE_TO_SEQUENCE, 5));
    }

    @Test
    void aTalkScriptNamesEveryFlavorAndOnlyThose() {
        assertEquals(Flavor.values().length, ShowFlavor.NAMES.size());
        for (int i = 0; i < Flavor.values().length; i++) {
            assertEquals(Flavor.values()[i], Flavor.parse(ShowFlavor.NAMES.get(i)));
        }
        assertEquals(Flavor.ONE_TO_MANY, Flavor.parse(new ShowFlavor("One-to-Many").name()));
        assertNull(Flavor.parse("two to three"));
    }
}
