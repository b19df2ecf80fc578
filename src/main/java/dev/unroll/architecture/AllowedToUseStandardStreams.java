package dev.unroll.architecture;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * This class writes to System.out or System.err outside the command line (cli), for the reason given; ArchitectureTest's rule lets it.
 * A new use wants a reason as good as the ones already marked.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AllowedToUseStandardStreams {
    /** Why this class may. */
    String value();
}
