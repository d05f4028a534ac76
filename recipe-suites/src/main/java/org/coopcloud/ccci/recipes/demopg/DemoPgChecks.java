package org.coopcloud.ccci.recipes.demopg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.ExecResult;
import org.coopcloud.ccci.harness.ingress.IngressResponse;

/** demo-pg's own checks, all through the ingress by the app's domain, as its users reach it. */
@Tier(value = Stage.CUSTOM, recipe = "demo-pg")
public class DemoPgChecks {
    @Check(order = 1, value = "a note written through the app comes back, and PostgreSQL holds it")
    void roundTrip(RecipeApp app) throws InterruptedException {
        String value = "v" + System.nanoTime();
        app.get("/api/put?key=custom-check&value=" + value);
        assertThat(app.get("/api/get?key=custom-check").strip()).isEqualTo(value);
        // The database itself has the row: the app did not just keep it in memory.
        ExecResult row = app.exec("db", "psql", "--username", "notes", "--dbname", "notes", "-At", "-c",
                "SELECT body FROM notes WHERE key = 'custom-check'");
        assertThat(row.stdout().strip()).as("the row in PostgreSQL (%s)", row.stderr().strip()).isEqualTo(value);
    }

    @Check(order = 2, value = "a note that is not there answers 404, not an error")
    void missingNote(RecipeApp app) throws InterruptedException {
        IngressResponse response = app.ingress().get(app.domain(), "/api/get?key=never-written-" + System.nanoTime(),
                java.time.Duration.ofSeconds(30));
        assertThat(response.status()).as(response.bodyText()).hasValue(404);
    }

    @Check(order = 3, value = "the app says the version its compose file declares")
    void versionMatchesTheLabel(RecipeApp app) throws InterruptedException {
        String label = app.versionLabel().orElseThrow(() -> new AssertionError("the app service has no version label"));
        assertThat(app.get("/version").strip()).as("/version against the label %s", label)
                .isEqualTo(label.substring(0, label.indexOf('+') < 0 ? label.length() : label.indexOf('+')));
    }

    @Check(order = 4, value = "the operator's admin token reached the app (compared by fingerprint)")
    void adminToken(RecipeApp app) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(AdminToken.VALUE.getBytes(StandardCharsets.UTF_8));
        assertThat(app.get("/admin/token").strip()).isEqualTo(HexFormat.of().formatHex(digest).substring(0, 12));
    }
}
