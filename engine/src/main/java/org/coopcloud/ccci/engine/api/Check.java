package org.coopcloud.ccci.engine.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.platform.commons.annotation.Testable;

/**
 * A check of a tier class: one test in the plan. Parameters are resolved by the run's extensions
 * ({@link CheckParameterResolver}); {@link RunContext} and {@link TierContext} are always
 * available. Checks run in ascending {@link #order()}, then by method name.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Testable
public @interface Check {
    int order() default 0;

    /** A human-readable name; the method name when empty. */
    String value() default "";
}
