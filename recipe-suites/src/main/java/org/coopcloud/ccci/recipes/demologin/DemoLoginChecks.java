package org.coopcloud.ccci.recipes.demologin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.coopcloud.ccci.engine.api.Check;
import org.coopcloud.ccci.engine.api.RungUnverified;
import org.coopcloud.ccci.engine.api.Stage;
import org.coopcloud.ccci.engine.api.Tier;
import org.coopcloud.ccci.harness.app.Dependencies;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.recipes.demosso.SsoClient;

/** demo-login's own checks. The first needs its dependency: unverified when the wiring failed. */
@Tier(value = Stage.CUSTOM, recipe = "demo-login")
public class DemoLoginChecks {
    @Check(order = 1, value = "the app uses the SSO's client (needs demo-sso)")
    void usesTheSsoClient(RecipeApp app, Dependencies dependencies) throws Exception {
        SsoClient client;
        try {
            client = SsoClient.of(dependencies.require("demo-sso"));
        } catch (RungUnverified e) {
            throw e;
        } catch (Exception e) {
            // The SSO is the platform's part, not demo-login's: not being able to read it proves nothing.
            throw new RungUnverified("cannot read the client demo-sso handed out: " + e.getMessage(), e);
        }
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(client.secret().getBytes(StandardCharsets.UTF_8)));
        assertThat(app.get("app", 8080, "/sso.txt"))
                .contains("url=" + client.url() + "\n")
                .contains("client_id=" + client.clientId() + "\n")
                .contains("secret_sha256=" + digest);
    }

    @Check(order = 2, value = "the app reports its version")
    void reportsItsVersion(RecipeApp app) throws Exception {
        assertThat(app.get("app", 8080, "/version.txt").strip()).matches("\\d+\\.\\d+\\.\\d+\\+.*");
    }
}
