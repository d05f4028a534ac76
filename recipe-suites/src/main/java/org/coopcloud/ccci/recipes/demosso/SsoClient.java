package org.coopcloud.ccci.recipes.demosso;

import java.util.Optional;
import org.coopcloud.ccci.harness.app.Dependencies;
import org.coopcloud.ccci.harness.app.RecipeApp;
import org.coopcloud.ccci.harness.docker.ExecResult;

/**
 * The client a demo-sso hands a run: the app's own client when the run deployed the SSO for
 * itself, or its realm's client when the run has a realm (tenant) in a warm demo-sso. Read from
 * inside the SSO's task: the id over HTTP, the secret by exec (never over HTTP, never logged).
 */
public record SsoClient(String url, String clientId, String secret) {

    public static SsoClient of(Dependencies.Dependency sso) throws Exception {
        RecipeApp app = sso.app();
        Optional<String> realm = sso.tenant();
        String base = realm.map(r -> "/realms/" + r).orElse("");
        String clientId = app.get("app", 8080, base + "/client-id.txt").strip();
        String secretFile = realm.map(r -> "/var/lib/realms/private/" + r + "/client_secret")
                .orElse("/run/secrets/client_secret");
        ExecResult secret = app.exec("app", "cat", secretFile);
        if (!secret.succeeded() || secret.stdout().isBlank()) {
            throw new IllegalStateException(app.domain() + " has no readable client secret"
                    + realm.map(r -> " for realm " + r).orElse("") + " (exit " + secret.exitCode() + ")");
        }
        return new SsoClient("https://" + app.domain() + base, clientId, secret.stdout().strip());
    }

    /** Never the secret itself. */
    @Override
    public String toString() {
        return "SsoClient[url=" + url + ", clientId=" + clientId + "]";
    }
}
