package org.coopcloud.ccci.recipes.demologin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.Dependencies;
import org.coopcloud.ccci.harness.app.RecipeApp;

/** demo-login's own checks. The first needs its dependency: unverified when the wiring failed. */
@Tier(value = Stage.CUSTOM, recipe = "demo-login")
public class DemoLoginChecks {
    @Check(order = 1, value = "the app uses the SSO's client (needs demo-sso)")
    void usesTheSsoClient(RecipeApp app, Dependencies dependencies) throws Exception {
        RecipeApp sso = dependencies.require("demo-sso");
        String secret = sso.exec("app", "cat", "/run/secrets/client_secret").stdout().strip();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(app.get("app", 8080, "/sso.txt"))
                .contains("url=https://" + sso.domain())
                .contains("client_id=" + sso.get("app", 8080, "/client-id.txt").strip())
                .contains("secret_sha256=" + digest);
    }

    @Check(order = 2, value = "the app reports its version")
    void reportsItsVersion(RecipeApp app) throws Exception {
        assertThat(app.get("app", 8080, "/version.txt").strip()).matches("\\d+\\.\\d+\\.\\d+\\+.*");
    }
}
