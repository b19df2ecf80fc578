package dev.unroll.architecture;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * This class starts threads, executors or AnimationTimers outside app.fx, app.training and the engine's pools, for the reason given; ArchitectureTest's rule lets it.
 * A new use wants a reason as good as the ones already marked.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AllowedToStartThreads {
    /** Why this class may. */
    String value();
}
