package dev.unroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports, not fully qualified names: a type is written by its simple name in code, and its package
 * once, in an import. A qualified name stays only where the simple name would be ambiguous: two
 * types of one name used in one file (java.awt.Color beside JavaFX's Color), a name the file
 * declares, imports from elsewhere or finds in its own package, or one of java.lang's. Comments and
 * strings are not code and are not read.
 */
class ImportsTest {
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:dev\\.unroll|javafx|java|javax|org|com|picocli|io|jdk)(?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z][A-Za-z0-9_]*)\\b");
    private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern HEADER = Pattern.compile("^(?:package|import) [^\\n]*\\n", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
    private static final Pattern TYPE_PARAMETER = Pattern.compile("<\\s*([A-Z]\\w*)\\s*(?:extends|,|>)");

    @Test
    void typesAreImportedNotWrittenOut() throws IOException {
        List<String> found = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> found.addAll(writtenOut(p)));
            }
        }
        assertTrue(found.isEmpty(), found.size() + " types written out in full where an import would do:\n  "
                + String.join("\n  ", found.subList(0, Math.min(found.size(), 40))));
    }

    @Test
    void findsAWrittenOutNameInCodeButNotInCommentsOrStrings() throws IOException {
        Path dir = Files.createTempDirectory("imports");
        Path file = dir.resolve("Sample.java");
        Files.writeString(file, String.join("\n",
                "package dev.unroll.sample;",
                "import java.util.List;",
                "/** See {@link java.util.Map}. */",
                "class Sample {",
                "    String text = \"java.util.Set is fine in a string\";",
                "    java.util.Map<String, List<String>> map; // java.util.Deque in a comment",
                "    java.awt.Color awt; javafx.scene.paint.Color fx;",
                "}"));
        List<String> found = writtenOut(file);
        assertEquals(List.of(file + ":6 java.util.Map"), found, "only the code's qualified Map is reported, not the two Colors");
    }

    /**
     * No two packages import each other, directly or round a loop, counting every import line (ArchUnit's
     * no-cycle rule reads the bytecode, where an import kept only for a javadoc link does not show).
     */
    @Test
    void packagesImportNoCycleInTheSource() throws IOException {
        Map<String, Set<String>> imports = new HashMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String s = Files.readString(p, StandardCharsets.UTF_8);
                Matcher pm = PACKAGE.matcher(s);
                if (!pm.find()) {
                    continue;
                }
                Set<String> to = imports.computeIfAbsent(pm.group(1), k -> new HashSet<>());
                Matcher im = IMPORT.matcher(s);
                while (im.find()) {
                    String owner = im.group(1).substring(0, im.group(1).lastIndexOf('.'));
                    if (owner.startsWith("dev.unroll.") && !owner.equals(pm.group(1))) {
                        to.add(owner);
                    }
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String from : imports.keySet()) {
            for (String to : imports.get(from)) {
                if (from.compareTo(to) < 0 && reaches(imports, to, from)) {
                    cycles.add(from + " <-> " + to);
                }
            }
        }
        assertTrue(cycles.isEmpty(), "packages that import each other (round a loop): " + cycles);
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String target) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (p.equals(target)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(imports.getOrDefault(p, Set.of()));
            }
        }
        return false;
    }

    /** The qualified names in a file's code that an import would make simple, as "file:line name". */
    static List<String> writtenOut(Path file) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean[] code = codeMask(s);
        Matcher pm = PACKAGE.matcher(s);
        String pkg = pm.find() ? pm.group(1) : "";
        Set<String> samePackage = new HashSet<>();
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> samePackage.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> imports = new HashMap<>();
        Matcher im = IMPORT.matcher(s);
        while (im.find()) {
            String fq = im.group(1);
            imports.put(fq.substring(fq.lastIndexOf('.') + 1), fq);
        }
        Set<String> declared = new HashSet<>();
        for (Pattern p : List.of(DECLARED, TYPE_PARAMETER)) {
            Matcher m = p.matcher(s);
            while (m.find()) {
                declared.add(m.group(1));
            }
        }
        int headerEnd = 0;
        Matcher hm = HEADER.matcher(s);
        while (hm.find()) {
            headerEnd = hm.end();
        }
        Map<String, Set<String>> byName = new HashMap<>();
        List<Matcher> hits = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(s);
        while (m.find()) {
            if (m.start() >= headerEnd && code[m.start()]) {
                byName.computeIfAbsent(m.group(2), k -> new HashSet<>()).add(m.group(1));
                hits.add(QUALIFIED.matcher(s).region(m.start(), s.length()));
            }
        }
        List<String> found = new ArrayList<>();
        for (Matcher hit : hits) {
            hit.lookingAt();
            String name = hit.group(2);
            String owner = hit.group(1);
            boolean ambiguous = byName.get(name).size() > 1 || declared.contains(name)
                    || (imports.containsKey(name) && !imports.get(name).equals(owner + "." + name))
                    || (samePackage.contains(name) && !owner.equals(pkg))
                    || (!owner.equals("java.lang") && javaLang(name));
            if (!ambiguous) {
                found.add(file + ":" + lineOf(s, hit.start()) + " " + owner + "." + name);
            }
        }
        return found;
    }

    private static boolean javaLang(String name) {
        try {
            Class.forName("java.lang." + name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** True where the text is code: not a comment, a string, a text block or a character literal. */
    static boolean[] codeMask(String s) {
        int n = s.length();
        boolean[] code = new boolean[n];
        int i = 0;
        while (i < n) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < n && s.charAt(end) != quote) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, n);
            } else {
                code[i] = true;
                i++;
                continue;
            }
            i = end;
        }
        return code;
    }
}
