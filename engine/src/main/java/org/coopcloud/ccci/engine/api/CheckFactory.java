package org.coopcloud.ccci.engine.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A method of a tier class that makes checks while the run executes, from what only the run knows
 * (the checks a recipe lists in a file of its own repository, read at the PR head): it returns
 * {@link DynamicChecks}, and each of them becomes a test of its own in the plan, with its display
 * name, in every report. Parameters are resolved as a {@link Check}'s are. It runs in the same
 * {@link #order()} as the class's checks.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CheckFactory {
    int order() default 0;

    /** A human-readable name of the group; the method name when empty. */
    String value() default "";
}
