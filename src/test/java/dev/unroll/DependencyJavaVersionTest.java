package dev.unroll;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every jar the app runs with is readable by the project's Java (17, class version 61): its classes outside
 * {@code META-INF/versions} and its module descriptor, which is what the javafx-maven-plugin reads to build
 * {@code mvn javafx:run}'s path. AtlantaFX 2.1.0's classes and descriptor are built for Java 21 (version 65):
 * the plugin then left its jar off the run's path and the README's first command failed on a missing sheet.
 */
class DependencyJavaVersionTest {

    private static final int JAVA_17 = 61;

    @Test
    void everyRuntimeJarIsBuiltForJava17OrOlder() throws IOException {
        List<String> refused = new ArrayList<>();
        int jars = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !runtimeDependency(entry)) {
                continue;
            }
            jars++;
            try (JarFile jar = new JarFile(entry)) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/versions/")) {
                        continue;
                    }
                    int major = majorVersion(jar, e);
                    if (major > JAVA_17) {
                        refused.add(new File(entry).getName() + ": " + e.getName() + " has class version " + major);
                        break;
                    }
                    if (e.getName().equals("module-info.class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            ModuleDescriptor.read(in);
                        } catch (RuntimeException | IOException ex) {
                            refused.add(new File(entry).getName() + ": module descriptor unreadable: " + ex.getMessage());
                        }
                    }
                }
            }
        }
        assertTrue(jars >= 5, "found only " + jars + " of the app's jars on the class path");
        assertTrue(refused.isEmpty(), String.join("\n", refused));
    }

    /** The app's own dependencies (JavaFX, AtlantaFX, Ikonli, ...), not the test tools beside them. */
    private static boolean runtimeDependency(String jar) {
        String p = jar.replace('\\', '/');
        return p.contains("/org/openjfx/") || p.contains("/io/github/mkpaz/") || p.contains("/org/kordamp/")
                || p.contains("/org/ejml/") || p.contains("/org/jfree/") || p.contains("/info/picocli/")
                || p.contains("/com/fasterxml/jackson/");
    }

    private static int majorVersion(JarFile jar, JarEntry e) throws IOException {
        try (DataInputStream in = new DataInputStream(jar.getInputStream(e))) {
            in.readInt();
            in.readUnsignedShort();
            return in.readUnsignedShort();
        }
    }
}
