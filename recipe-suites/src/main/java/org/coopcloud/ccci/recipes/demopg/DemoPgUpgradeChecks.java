package org.coopcloud.ccci.recipes.demopg;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.ExecResult;

/**
 * Added to the generic upgrade rung (which already checks the seeded note through the app): the
 * upgrade from 1.1.0 ran the schema migration of 1.2.0, and the database has the new shape.
 */
@Tier(value = Stage.UPGRADE, recipe = "demo-pg")
public class DemoPgUpgradeChecks {
    @Check(order = 1, value = "the app applied schema migration 2 at start")
    void migrated(RecipeApp app) throws InterruptedException {
        assertThat(app.get("/schema").strip()).as("the newest applied migration, from the app").isEqualTo("2");
    }

    @Check(order = 2, value = "the notes table has moved the text from value to body")
    void newShape(RecipeApp app) throws InterruptedException {
        ExecResult columns = app.exec("db", "psql", "--username", "notes", "--dbname", "notes", "-At", "-c",
                "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns"
                        + " WHERE table_name = 'notes'");
        assertThat(columns.succeeded()).as(columns.stderr()).isTrue();
        assertThat(columns.stdout().strip()).as("the columns of notes").isEqualTo("body,key");
    }
}
