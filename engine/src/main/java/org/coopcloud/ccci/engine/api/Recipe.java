package org.coopcloud.ccci.engine.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the profile class of one recipe. The engine finds it by classpath scanning, registers the
 * extensions it names with {@link ExtendRun}, and hands it to extensions through
 * {@link RunContext#profileClass()}; what the profile means is the harness's business.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Recipe {
    /** The recipe's name, as in {@code ccci.recipe}. */
    String value();
}
