package org.coopcloud.ccci.recipes.demopg;

import org.coopcloud.ccci.engine.api.Recipe;
import org.coopcloud.ccci.harness.profile.Profile;

/**
 * demo-pg: a notes app on PostgreSQL, reached through the ingress (traefik labels, port 8000). Its
 * health is {@code /health}, 200 only when the database answers a query. The upgrade starts from
 * 1.1.0, the last release before the schema change of 1.2.0, so that every PR head is upgraded
 * ACROSS the migration with seeded data in the old column. The backup rung proves the dump holds the
 * seeded note ({@link DumpHoldsTheSeed}); the operator's admin token comes from {@link AdminToken}.
 */
@Recipe("demo-pg")
@Profile(healthPath = "/health", acceptedStatus = 200, deployTimeoutSeconds = 180, healthTimeoutSeconds = 60,
        upgradeBase = "1.1.0+1.1", dataSeed = NoteSeed.class, secretValues = AdminToken.class,
        backupProbes = DumpHoldsTheSeed.class)
public final class DemoPgProfile {
    private DemoPgProfile() {
    }
}
