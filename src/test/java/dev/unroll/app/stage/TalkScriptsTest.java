package dev.unroll.app.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TalkScriptsTest {

    private static byte[] shipped() throws IOException {
        try (InputStream in = TalkScripts.class.getResourceAsStream(TalkScripts.EXAMPLE_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anUneditedEarlierExampleIsUpdatedAndAnEditedOneStays(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(TalkScripts.EXAMPLE_NAME);
        String earlier = "[unrolled]\nunrolled-probe = \"M\"\n";
        Files.writeString(f, earlier, StandardCharsets.UTF_8);
        Set<String> hashes = Set.of(TalkScripts.sha256(earlier.getBytes(StandardCharsets.UTF_8)));
        assertTrue(TalkScripts.updateExample(f, hashes));
        assertArrayEquals(shipped(), Files.readAllBytes(f));
        assertFalse(Files.exists(dir.resolve(TalkScripts.EXAMPLE_NAME + ".new")));
        // the speaker's own edit is theirs
        String edited = earlier + "notes = mine\n";
        Files.writeString(f, edited, StandardCharsets.UTF_8);
        assertFalse(TalkScripts.updateExample(f, hashes));
        assertEquals(edited, Files.readString(f));
        assertFalse(TalkScripts.updateExample(dir.resolve("none.talk"), hashes));
    }

    @Test
    void theShippedExampleIsNotAmongTheEarlierOnes() throws IOException {
        assertFalse(TalkScripts.EARLIER_EXAMPLES.contains(TalkScripts.sha256(shipped())),
                "an earlier version's hash equals this one's: the list must name only earlier versions");
    }
}
