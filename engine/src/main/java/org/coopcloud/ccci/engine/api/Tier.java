package org.coopcloud.ccci.engine.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.platform.commons.annotation.Testable;

/**
 * Marks a tier class: a class whose {@link Check} methods assert on one rung of a recipe run.
 *
 * <p>A tier class with an empty {@link #recipe()} is generic and applies to every recipe; one that
 * names a recipe applies to that recipe only. {@link Testable} lets IDEs offer "run" on the class;
 * what they send (a class selector) becomes a run of the recipe with only this tier.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Testable
public @interface Tier {
    /** The rung this class belongs to. */
    Stage value();

    /** The recipe this class is for; empty for a generic tier class. */
    String recipe() default "";
}
