package dev.unroll.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.engine.BadInputException;
import org.junit.jupiter.api.Test;

class TypedNumberTest {
    @Test
    void readsWholeNumbersAsPeopleWriteThem() {
        assertEquals(10_000, TypedNumber.wholeInt("iterations", " 10,000 "));
        assertEquals(10_000, TypedNumber.wholeInt("iterations", "10_000"));
        assertEquals(-3, TypedNumber.wholeInt("seed", "-3"));
        assertEquals(5_000_000_000L, TypedNumber.wholeLong("iterations", "5,000,000,000"));
    }

    @Test
    void refusesWithOneSentenceNamingTheFieldAndTheInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> TypedNumber.wholeInt("hidden size", " ten "));
        assertEquals("hidden size must be a whole number (got 'ten')", e.getMessage());
        assertEquals("Hidden size must be a whole number (got 'ten')", Messages.sentence(e.getMessage()));
        assertEquals("iterations must be a whole number (got '1.5')",
                assertThrows(BadInputException.class, () -> TypedNumber.wholeLong("iterations", "1.5")).getMessage());
        assertEquals("seed must be a whole number (got '')",
                assertThrows(BadInputException.class, () -> TypedNumber.wholeLong("seed", null)).getMessage());
    }

    @Test
    void aWholeNumberBeyondTheTypeIsRefusedNotWrapped() {
        assertEquals("hidden size must be a whole number (got '3000000000')",
                assertThrows(BadInputException.class, () -> TypedNumber.wholeInt("hidden size", "3000000000")).getMessage());
    }

    @Test
    void readsDecimalsAndRefusesWhatIsNotAFiniteNumber() {
        assertEquals(0.002, TypedNumber.number("learning rate", " 2e-3 "));
        assertEquals(0.5, TypedNumber.number("temperature", ".5"));
        for (String bad : new String[] {"1,5", "NaN", "Infinity", "1e999", "2d", "", "abc"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> TypedNumber.number("learning rate", bad), bad);
            assertEquals("learning rate must be a number (got '" + bad + "')", e.getMessage());
        }
    }
}
