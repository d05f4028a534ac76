package org.coopcloud.ccci.harness.profile;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An app the recipe needs (a single sign-on provider, say), declared in {@link Profile#needs()}: a
 * run deploys it first, on its own domain, and the wiring hands its values to the recipe's app
 * before that app's first deploy. docs/writing-a-recipe-suite.md describes it.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Needs {
    /** The dependency's recipe, as the catalogue names it. */
    String recipe();

    /** How its values get into the app (read from the deployed dependency, written into the app's .env). */
    Class<? extends DependencyWiring> wiring();
}
