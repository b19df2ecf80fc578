package dev.unroll.architecture;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * This class handles key events itself instead of through the command registry (app.core), for the reason given; ArchitectureTest's rule lets it.
 * A new use wants a reason as good as the ones already marked.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AllowedToHandleKeys {
    /** Why this class may. */
    String value();
}
