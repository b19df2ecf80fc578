package dev.unroll.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint's JSON: what it writes, what it reads back, and how it refuses damaged text. */
class JsonTest {

    private static String text(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }

    private static String error(String json) {
        return assertThrows(Json.SyntaxException.class, () -> Json.parse(json)).getMessage();
    }

    @Test
    void theLayoutIsTwoSpacesAKeyALineAndNumbersOnOneLine() {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("iteration", 15L);
        sample.put("text", "ab");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "unroll-checkpoint");
        m.put("format_version", 2);
        m.put("val_loss", null);
        m.put("ok", true);
        m.put("empty", new LinkedHashMap<>());
        m.put("vocabulary", List.of(10, 32, 128512L));
        m.put("none", List.of());
        m.put("samples", List.of(sample));
        assertEquals("{\n"
                + "  \"format\": \"unroll-checkpoint\",\n"
                + "  \"format_version\": 2,\n"
                + "  \"val_loss\": null,\n"
                + "  \"ok\": true,\n"
                + "  \"empty\": {},\n"
                + "  \"vocabulary\": [10, 32, 128512],\n"
                + "  \"none\": [],\n"
                + "  \"samples\": [\n"
                + "    {\n"
                + "      \"iteration\": 15,\n"
                + "      \"text\": \"ab\"\n"
                + "    }\n"
                + "  ]\n"
                + "}\n", text(m));
    }

    @Test
    void numbersComeBackAsLongAndDoubleWithTheSameBits() throws Json.SyntaxException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("small", 3);
        m.put("seed", -9_000_000_000L);
        m.put("sum", 0.1 + 0.2);
        m.put("tiny", 4.9e-324);
        m.put("whole", 1.0);
        m.put("negativeZero", -0.0);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text(m));
        assertEquals(List.of("small", "seed", "sum", "tiny", "whole", "negativeZero"), List.copyOf(back.keySet()));
        assertEquals(3L, back.get("small"));
        assertEquals(-9_000_000_000L, back.get("seed"));
        for (String key : List.of("sum", "tiny", "whole", "negativeZero")) {
            assertEquals(Double.doubleToRawLongBits((Double) m.get(key)), Double.doubleToRawLongBits((Double) back.get(key)), key);
        }
        // beyond a long: a double, as before
        assertEquals(1e20, ((Map<?, ?>) Json.parse("{\"big\": 100000000000000000000}")).get("big"));
        assertEquals(List.of(1L, List.of(2L, 3L)), Json.parse("[1, [2, 3]]"));
    }

    @Test
    void nanAndTheInfinitiesAreWrittenAsNull() throws Json.SyntaxException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last_loss", Double.NaN);
        m.put("up", Double.POSITIVE_INFINITY);
        m.put("f", Float.NEGATIVE_INFINITY);
        m.put("list", new ArrayList<>(Arrays.asList(1.5, Double.NaN)));
        assertEquals("{\n  \"last_loss\": null,\n  \"up\": null,\n  \"f\": null,\n  \"list\": [1.5, null]\n}\n", text(m));
        Map<?, ?> back = (Map<?, ?>) Json.parse(text(m));
        assertTrue(back.containsKey("last_loss"));
        assertEquals(null, back.get("last_loss"));
    }

    @Test
    void everyStringComesBackAsItWas() throws Json.SyntaxException {
        // quotes, backslashes, controls, an emoji (as UTF-8, four bytes) and an unpaired surrogate (escaped)
        String s = "say \"hi\"\\ C:\\x\ttab\nline\r\u0001\u007f\u2028 \u00e2\u0103 \uD83D\uDE00 lone \uD800.";
        Map<String, Object> m = Map.of("text", s);
        byte[] bytes = Json.write(m);
        String written = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(written.contains("\\\"hi\\\"\\\\ C:\\\\x\\ttab\\nline\\r\\u0001"), written);
        assertTrue(written.contains("\uD83D\uDE00"), "an emoji is written as itself: " + written);
        assertTrue(written.contains("lone \\uD800."), "an unpaired surrogate is escaped: " + written);
        assertFalse(written.contains("?"), written);
        assertEquals(s, ((Map<?, ?>) Json.parse(written)).get("text"));
        // what older files hold: lower-case escapes, \/ and escaped controls
        assertEquals("a/b\u007f\u2028\uD800", ((Map<?, ?>) Json.parse("{\"t\": \"a\\/b\\u007f\\u2028\\ud800\"}")).get("t"));
        assertArrayEquals(Json.write(m), bytes, "the same value gives the same bytes");
    }

    @Test
    void damagedTextIsRefusedInOneLineNamingThePlace() {
        assertEquals("unexpected end-of-input at line 3, column 1", error("{\n  \"a\": [1, 2\n"));
        assertEquals("unexpected end-of-input at line 1, column 8", error("{\"a\": 1"));
        assertEquals("unexpected text after the value at line 1, column 10", error("{\"a\": 1} {}"));
        assertEquals("duplicate key (key 'a') at line 1, column 15", error("{\"a\": 1, \"a\": 2}"));
        assertEquals("unrecognized token 'tru' at line 1, column 7", error("{\"a\": tru}"));
        assertEquals("non-standard token 'NaN' at line 1, column 10", error("{\"a\": NaN}"));
        assertEquals("it is empty", error(" \n"));
        for (String bad : List.of("{\"a\": \"x\ny\"}", "{\"a\": 01}", "{\"a\": 1,}", "{'a': 1}", "[" .repeat(5000), "{\"a\": \"\\q\"}")) {
            String message = error(bad);
            assertFalse(message.contains("\n") || message.contains("Source") || message.contains("`"), message);
            assertTrue(message.matches(".+ at line \\d+, column \\d+"), message);
        }
    }
}
