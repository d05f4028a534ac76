package org.coopcloud.ccci.recipes.demoweb;

import static org.assertj.core.api.Assertions.assertThat;

import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.deploy.HealthCheckResult;
import org.coopcloud.ccci.harness.docker.ExecResult;

/** demo-web's own functional checks: a round trip through both services, and the store's token rule. */
@Tier(value = Stage.CUSTOM, recipe = "demo-web")
public class DemoWebChecks {
    private static final int PORT = 8080;

    @Check(order = 1, value = "a value written through the app comes back from the store")
    void roundTrip(RecipeApp app) throws InterruptedException {
        String value = "v" + System.nanoTime();
        app.get("app", PORT, "/cgi-bin/app/put?key=custom-check&value=" + value);
        assertThat(app.get("app", PORT, "/cgi-bin/app/get?key=custom-check").strip()).isEqualTo(value);
        // And the store itself holds it: the app did not just cache it.
        ExecResult stored = app.exec("store", "cat", "/data/kv/custom-check");
        assertThat(stored.stdout().strip()).as("the store's file for the key").isEqualTo(value);
    }

    @Check(order = 2, value = "the version endpoint answers 200 from inside the app's task")
    void versionAnswers(RecipeApp app) throws InterruptedException {
        HealthCheckResult version = app.http("app", PORT, "/cgi-bin/app/version");
        assertThat(version.healthy()).as(version.detail()).isTrue();
    }

    @Check(order = 3, value = "the store refuses a request without the secret token")
    void storeNeedsTheToken(RecipeApp app) throws InterruptedException {
        ExecResult anonymous = app.exec("app", "sh", "-c",
                "timeout 10 wget -q -O- http://store:8080/cgi-bin/kv/get?key=custom-check");
        assertThat(anonymous.succeeded()).as("an anonymous GET to the store must fail").isFalse();
    }
}
