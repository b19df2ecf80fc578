/**
 * Marks for the exceptions to the house rules that {@code ArchitectureTest} checks, JabRef's way:
 * a class that may break a rule says so where it stands, with the reason, and the rule skips it.
 * Each annotation's reason is for the reader; the rule reads only that the mark is there.
 */
package dev.unroll.architecture;
