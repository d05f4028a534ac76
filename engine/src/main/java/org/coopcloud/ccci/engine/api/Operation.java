package org.coopcloud.ccci.engine.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation a tier class performs before its checks (deploy the base version, take a backup,
 * restore it, ...). It runs once, on the tier class's instance, after the run's
 * {@link BeforeTierCallback}s; when it throws, every check of the class fails with its error.
 * Parameters are resolved as for {@link Check} methods.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Operation {
}
