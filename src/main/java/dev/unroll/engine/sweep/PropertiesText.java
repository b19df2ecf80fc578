package dev.unroll.engine.sweep;

import dev.unroll.engine.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** The sweep's small text records ({@code key=value} lines, java.util.Properties escaping), keys sorted. */
final class PropertiesText {
    private PropertiesText() {
    }

    static String write(String comment, Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>(values);
        @SuppressWarnings("serial")
        Properties p = new Properties() {
            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                Map<Object, Object> m = new LinkedHashMap<>(sorted);
                return Collections.unmodifiableSet(m.entrySet());
            }
        };
        p.putAll(sorted);
        StringWriter w = new StringWriter();
        try {
            p.store(w, comment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // drop the date line Properties adds, so rewriting unchanged values gives the same file
        StringBuilder out = new StringBuilder();
        for (String line : w.toString().split("\\R")) {
            if (line.startsWith("#") && !line.startsWith("# ") && !line.startsWith("#" + comment)) {
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    static Map<String, String> read(String what, String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(what + " is not readable: " + e.getMessage());
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    static String require(Map<String, String> m, String what, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new BadInputException(what + " lacks '" + key + "'");
        }
        return v.strip();
    }

    static long requireLong(Map<String, String> m, String what, String key) {
        String v = require(m, what, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + key + "' is not a whole number: " + v);
        }
    }

    static double requireDouble(Map<String, String> m, String what, String key) {
        String v = require(m, what, key);
        if (v.isEmpty() || v.equals("NaN")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + key + "' is not a number: " + v);
        }
    }
}
