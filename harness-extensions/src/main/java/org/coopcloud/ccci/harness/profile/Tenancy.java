package org.coopcloud.ccci.harness.profile;

import java.util.Set;
import org.coopcloud.ccci.harness.app.RecipeApp;

/**
 * How a recipe that other recipes need hands each run an isolated tenant of its own (a realm per
 * run in a single sign-on provider, say), declared in {@link Profile#tenancy()} of that recipe.
 * The run that needs it then uses the host's warm canonical app of the recipe instead of deploying
 * one: the run creates its tenant before wiring, and removes it at teardown, and the janitor
 * removes those of dead runs. Tenant names are {@code [a-z0-9-]}, at most 32 characters, and
 * given by the harness. Needs a public no-argument constructor.
 */
public interface Tenancy {
    /** Creates the tenant; one left by an earlier run of the same name is replaced. */
    void create(RecipeApp provider, String tenant) throws Exception;

    /** Removes the tenant and everything of it; a tenant that does not exist is not an error. */
    void remove(RecipeApp provider, String tenant) throws Exception;

    /** Every tenant the app holds now, including half-made or half-removed ones (the residual check). */
    Set<String> tenants(RecipeApp provider) throws Exception;
}
