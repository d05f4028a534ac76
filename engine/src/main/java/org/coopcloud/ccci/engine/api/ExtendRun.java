package org.coopcloud.ccci.engine.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers extensions for the runs of one recipe. Put it on the recipe's {@link Recipe} profile
 * class or on one of its recipe-specific {@link Tier} classes. Built-in extensions come from
 * {@link java.util.ServiceLoader} instead and apply to every run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ExtendRun {
    Class<? extends Extension>[] value();
}
