package org.coopcloud.ccci.harness.tiers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coopcloud.ccci.engine.api.CheckFactory;
import org.coopcloud.ccci.engine.api.DynamicCheck;
import org.coopcloud.ccci.engine.api.DynamicChecks;
import org.coopcloud.ccci.engine.api.InfrastructureException;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.ingress.IngressResponse;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile;
import org.coopcloud.ccci.harness.profile.RecipeLocalFile.HttpCheck;
import org.coopcloud.ccci.harness.profile.RecipeProfile;
import org.coopcloud.ccci.harness.recipe.RecipeCheckout;

/**
 * The custom rung from the recipe's own {@value RecipeLocalFile#NAME}: each of its {@code checks} a
 * test of its own, named as the maintainer named it, a GET through the ingress as a user makes it. A
 * recipe's Java custom tier classes run beside it. With neither, the rung ran no check and is
 * unverified with the way to add some.
 */
@Tier(Stage.CUSTOM)
public class RecipeFileChecks {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @CheckFactory(value = "checks of the recipe's " + RecipeLocalFile.NAME)
    DynamicChecks fromTheRecipeFile(RecipeProfile profile, RecipeApp app, RecipeCheckout checkout) {
        if (profile.checks().isEmpty()) {
            return DynamicChecks.none("no functional checks: the recipe declares none (a `checks:` list in its "
                    + RecipeLocalFile.NAME + ", or a custom tier class in recipe-suites)");
        }
        List<DynamicCheck> checks = new ArrayList<>();
        for (HttpCheck check : profile.checks()) {
            checks.add(DynamicCheck.of(check.name(), () -> run(check, app))
                    .at(checkout.directory().resolve(RecipeLocalFile.NAME), check.line()));
        }
        return DynamicChecks.of(checks);
    }

    static void run(HttpCheck check, RecipeApp app) throws InterruptedException {
        IngressResponse response = app.ingress().get(app.domain(), check.path(), TIMEOUT);
        String what = "GET " + check.path() + " at " + app.ingress().describe(app.domain()) + " through the ingress";
        String where = " (" + RecipeLocalFile.NAME + " line " + check.line() + ")";
        if (response.status().isEmpty()) {
            // The ingress itself did not answer: the platform's gap, not the recipe's.
            throw new InfrastructureException(what + ": " + response.failure().orElse("no answer") + where);
        }
        int status = response.status().getAsInt();
        if (response.routingError().isPresent()) {
            throw new AssertionError(what + ": the routing to the app failed (" + status + "): "
                    + response.routingError().get() + where);
        }
        String body = response.bodyText();
        if (status != check.status()) {
            throw new AssertionError(what + " answered " + status + ", expected " + check.status() + where + ": "
                    + abbreviate(body.strip()));
        }
        if (check.contains().isPresent() && !body.contains(check.contains().get())) {
            throw new AssertionError(what + " answered " + status + " but its body does not contain \""
                    + check.contains().get() + "\"" + where + ": " + abbreviate(body.strip()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
