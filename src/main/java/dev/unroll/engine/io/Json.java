package dev.unroll.engine.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JacksonJrExtension;
import com.fasterxml.jackson.jr.ob.api.ExtensionContext;
import com.fasterxml.jackson.jr.ob.api.ReaderWriterProvider;
import com.fasterxml.jackson.jr.ob.api.ValueWriter;
import com.fasterxml.jackson.jr.ob.impl.JSONWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;

/**
 * The checkpoint's JSON, through Jackson jr: writes and reads objects, arrays, strings, numbers,
 * booleans and null. Parsed objects are {@code Map<String, Object>} in the file's key order, arrays
 * {@code List<Object>}, integers that fit {@code Long} as {@code Long}, other numbers {@code Double}.
 * Doubles are written with {@link Double#toString} (which parses back to the same bits); NaN and
 * infinities, which JSON lacks, are written as null. The layout is two spaces an indent,
 * {@code "key": value}, arrays of numbers on one line and other arrays one element a line; the text is
 * UTF-8, with characters beyond the BMP as themselves and unpaired surrogates escaped (so every Java
 * string comes back as it was). A key written twice is refused on reading, as is text after the value.
 */
final class Json {
    private static final DefaultIndenter NEWLINE = new DefaultIndenter("  ", "\n");
    private static final JSON CODEC = JSON.builder(JsonFactory.builder()
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build())
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .disable(JSON.Feature.USE_DEFERRED_MAPS)
            .prettyPrinter(new Layout())
            .register(new NonFiniteAsNull())
            .build();

    private Json() {
    }

    /** Thrown on malformed input; the message is one line naming the place. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** The value as UTF-8 JSON text ending in a newline. */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CODEC.write(value, out);
        } catch (IOException e) {
            // nothing but the value can fail here, and the callers give maps, lists, strings and numbers
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Parses one JSON value (the whole text). */
    static Object parse(String text) throws SyntaxException {
        if (text.isBlank()) {
            throw new SyntaxException("it is empty");
        }
        try (JsonParser p = CODEC.getStreamingFactory().createParser(text)) {
            try {
                Object value = CODEC.anyFrom(p);
                if (p.nextToken() != null) {
                    throw new SyntaxException("unexpected text after the value" + at(p.currentTokenLocation()));
                }
                return normalized(value);
            } catch (JsonProcessingException e) {
                // a broken limit (nesting, length) has no location of its own: where the parser stopped
                throw new SyntaxException(reason(e.getOriginalMessage()) + at(e.getLocation() != null ? e.getLocation() : p.currentLocation()));
            }
        } catch (IOException e) {
            // a String has no I/O to fail
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first clause of Jackson's message, on one line and without its advice to programmers
     * ("Unexpected end-of-input: expected close marker for Object (start marker at [Source: ...])"
     * gives "unexpected end-of-input").
     */
    private static String reason(String message) {
        String s = message == null ? "not valid JSON" : message.lines().findFirst().orElse("not valid JSON");
        int colon = s.indexOf(": ");
        if (colon > 0) {
            s = s.substring(0, colon);
        }
        s = s.replaceAll(",? from `[^`]*`", "").strip();
        return s.isEmpty() ? "not valid JSON" : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    private static String at(JsonLocation where) {
        if (where == null || where.getLineNr() < 1) {
            return "";
        }
        return " at line " + where.getLineNr() + (where.getColumnNr() > 0 ? ", column " + where.getColumnNr() : "");
    }

    /** Integers as Long (those beyond it as Double), in place. */
    @SuppressWarnings("unchecked")
    private static Object normalized(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof BigInteger b) {
            return b.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                e.setValue(normalized(e.getValue()));
            }
        } else if (v instanceof List<?> l) {
            for (ListIterator<Object> it = ((List<Object>) l).listIterator(); it.hasNext(); ) {
                it.set(normalized(it.next()));
            }
        }
        return v;
    }

    /** NaN and the infinities as null (JSON has no token for them). */
    private static final class NonFiniteAsNull extends JacksonJrExtension {
        private static final ValueWriter DOUBLES = new ValueWriter() {
            @Override
            public void writeValue(JSONWriter context, JsonGenerator g, Object value) throws IOException {
                double d = ((Number) value).doubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeNull();
                }
            }

            @Override
            public Class<?> valueType() {
                return Double.class;
            }
        };

        @Override
        protected void register(ExtensionContext context) {
            context.insertProvider(new ReaderWriterProvider() {
                @Override
                public ValueWriter findValueWriter(JSONWriter writeContext, Class<?> type) {
                    return type == Double.class || type == Float.class ? DOUBLES : null;
                }
            });
        }
    }

    /**
     * The layout: objects one key a line, arrays of numbers on one line ({@code [10, 32, 44]}), other
     * arrays one element a line, empty ones as {@code {}} and {@code []}.
     */
    private static final class Layout extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;
        private transient Object lastArray;
        private transient boolean lastAllNumbers;

        Layout() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
            indentObjectsWith(NEWLINE);
            indentArraysWith(NEWLINE);
        }

        @Override
        public Layout createInstance() {
            return new Layout();
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (!numbers(g)) {
                super.beforeArrayValues(g);
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            if (numbers(g)) {
                g.writeRaw(", ");
            } else {
                super.writeArrayValueSeparator(g);
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            if (numbers(g)) {
                _nesting--;
                g.writeRaw(']');
            } else {
                super.writeEndArray(g, values);
            }
        }

        /** Whether the array being written holds numbers only (Jackson jr hands each list to the generator). */
        private boolean numbers(JsonGenerator g) {
            Object array = g.currentValue();
            if (array != lastArray) {
                lastArray = array;
                lastAllNumbers = array instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(Number.class::isInstance);
            }
            return lastAllNumbers;
        }
    }
}
