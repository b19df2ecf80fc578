package dev.unroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tests' save-and-restore of system properties puts back a value that was set, and clears one that was not. */
class SavedPropertiesTest {
    private static final String SET = "unroll.test.saved.set";
    private static final String UNSET = "unroll.test.saved.unset";
    private static final String LATER = "unroll.test.saved.later";

    @AfterEach
    void clear() {
        System.clearProperty(SET);
        System.clearProperty(UNSET);
        System.clearProperty(LATER);
    }

    @Test
    void restoresOldValuesAndClearsThoseThatHadNone() {
        System.setProperty(SET, "before");
        System.clearProperty(UNSET);
        System.clearProperty(LATER);
        SavedProperties saved = SavedProperties.of(SET, UNSET).set(SET, "during").set(LATER, "during");
        System.setProperty(UNSET, "set by the code under test");
        assertEquals("during", System.getProperty(SET));
        assertEquals("during", System.getProperty(LATER));
        // a second set keeps the value from before the first
        saved.set(LATER, "again");
        saved.restore();
        assertEquals("before", System.getProperty(SET));
        assertNull(System.getProperty(UNSET), "unset before: cleared");
        assertNull(System.getProperty(LATER), "remembered by set: cleared");
    }
}
